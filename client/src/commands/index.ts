// The command table: every command id maps to a handler factory taking the
// extension context (rust-analyzer's createCommands pattern). package.json
// contributes the same ids; test/client checks that both lists agree.
import type { Ctx } from '../context';
import type { Environment } from '../project';
import type { TreeModel } from '../treeTargets';
import { DiffDocuments, diffEnvironment, dryRunEnvironment } from './cluster';
import { deployEnvironment } from './deploy';
import { refresh, selectEnvironment, selectKubeContext } from './environment';
import { openRendered, openSource, renderEnvironment } from './render';
import { watchRolloutsCommand } from './rollout';
import { openRuleDocumentation } from './rules';
import { fetchRemoteBases, inflateHelmCharts } from './external';
import { diffRevisionWithLive, rollbackToRevision, type RevisionEvents } from './revisions';
import { deployThisObject, describeObject, restartWorkload, scaleWorkload, showDrift, showEvents, showLogs, undeployEnvironmentCommand } from './operate';

export type Handler = (...args: never[]) => unknown;

/** `tree`: the Environments tree's model, where the commands of its rows look their row up (treeTargets.ts). */
export function createCommands(ctx: Ctx, diffs: DiffDocuments, revisions: RevisionEvents, tree: TreeModel<Environment>): Record<string, Handler> {
  return {
    'thebot.renderEnvironment': renderEnvironment(ctx),
    'thebot.diffEnvironment': diffEnvironment(ctx, diffs),
    'thebot.dryRunEnvironment': dryRunEnvironment(ctx),
    'thebot.deployEnvironment': deployEnvironment(ctx, diffs, revisions),
    'thebot.rollbackToRevision': rollbackToRevision(ctx, diffs, revisions, tree),
    'thebot.diffRevisionWithLive': diffRevisionWithLive(ctx, diffs, tree),
    'thebot.watchRollouts': watchRolloutsCommand(ctx),
    'thebot.showDrift': showDrift(ctx, diffs, tree),
    'thebot.deployObject': deployThisObject(ctx, diffs, tree),
    'thebot.showEvents': showEvents(ctx, diffs, tree),
    'thebot.showLogs': showLogs(ctx, diffs, tree),
    'thebot.describeObject': describeObject(ctx, diffs, tree),
    'thebot.restartWorkload': restartWorkload(ctx, diffs, tree),
    'thebot.scaleWorkload': scaleWorkload(ctx, diffs, tree),
    'thebot.undeployEnvironment': undeployEnvironmentCommand(ctx, diffs, revisions),
    'thebot.selectKubeContext': selectKubeContext(ctx),
    'thebot.openRuleDocumentation': openRuleDocumentation(ctx),
    'thebot.selectEnvironment': selectEnvironment(ctx),
    'thebot.inflateHelmCharts': inflateHelmCharts(ctx),
    'thebot.fetchRemoteBases': fetchRemoteBases(ctx),
    'thebot.refresh': refresh(ctx),
    'thebot.openSource': openSource(ctx, tree),
    'thebot.openRendered': openRendered(ctx, tree),
  };
}
