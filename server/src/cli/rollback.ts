// `thebot rollback <env> [--to REV]`: the diff from live to a recorded
// revision (default: the one before the live one), then, with deploy's
// safety (context binding, --confirm for protected environments, a
// server-side dry-run of every object first), its objects applied and what it
// did not have pruned. The rollback is recorded as a new revision.
import { errorMessage, checkConfirmation, type ClusterSession } from '../../../client/src/cluster';
import { listRevisions, liveRevision, loadRevision, type RevisionInfo } from '../../../client/src/cluster/revisions';
import { rollback, RollbackError, type RollbackResult } from '../../../client/src/cluster/rollback';
import type { RenderedResource } from '../kustomize/model';
import { CliError, EXIT, formatOutcome, guard, parse, stdio, type Out } from './cluster-common';
import { connect, formatPruneOutcome, formatSecretPlan, historyMax, provenance } from './revision-common';

export const ROLLBACK_USAGE = `usage: thebot rollback <env> [--to REVISION] [--confirm <env>] [--force-conflicts] [--history-max N]
                       [--kubeconfig FILE] [--context NAME] [--project DIR]
Shows the diff from what is live to a recorded revision of <env> (thebot history <env>), then
applies that revision (server-side dry-run of every object first: one rejection and nothing is
applied) and deletes what it did not have (only objects of <env> applied by thebot). The rollback
is recorded as a new revision. Secrets: revisions keep only a digest of their values; a live
Secret keeps its current values, a deleted one is re-created from the current render.
  --to REVISION       the revision to return to (default: the one before the live one)
  --confirm <env>     required for protected environments: the environment's name again
  --force-conflicts   take over fields another field manager owns
  --history-max N     revisions to keep (default 10)
exit: 0 rolled back, 1 rejected or failed, 2 usage (unknown revision), 3 refused
`;

/**
 * The revision `rollback` returns to without --to: the newest deployed one
 * before the live one; after an undeploy (nothing live), the one undeployed.
 */
export function previousRevision(revisions: RevisionInfo[]): RevisionInfo | undefined {
  const live = liveRevision(revisions);
  return revisions.filter((r) => r !== live).find((r) => r.state === 'deployed' || r.state === 'undeployed');
}

export interface PerformOptions {
  root: string;
  keep: number;
  force: boolean;
  reason?: string;
}

/** Rolls back to revision `n`, printing the diff, each object and the summary; returns the exit code. */
export async function performRollback(session: ClusterSession, n: number, rendered: RenderedResource[] | undefined, io: Out, o: PerformOptions): Promise<{ code: number; result?: RollbackResult }> {
  const env = session.environment.name;
  const target = await loadRevision(session.transport, env, session.namespace, n);
  if (!target) throw new CliError(`revision ${n} of ${env} is not recorded`, EXIT.usage);
  let result: RollbackResult;
  try {
    result = await rollback(session, target, rendered ?? [], {
      ...(await provenance(session, o.root)),
      keep: o.keep,
      force: o.force,
      ...(o.reason ? { reason: o.reason } : {}),
      confirm: (diffs, toPrune) => {
        for (const d of diffs) if (d.patch) io.out(d.patch);
        for (const p of toPrune) io.out(formatPruneOutcome(p, true) + '\n');
        return true;
      },
      onOutcome: (x) => io.out(formatOutcome(x, false) + '\n'),
      onPrune: (p) => io.out(formatPruneOutcome(p, false) + '\n'),
      onNote: (m) => io.err(`note: ${m}\n`),
    });
  } catch (e) {
    if (e instanceof RollbackError) throw new CliError(e.message, EXIT.failed);
    throw e;
  }
  for (const s of result.plan.secrets) io.out(formatSecretPlan(s) + '\n');
  if (result.rejected.length) {
    for (const x of result.rejected) io.out(formatOutcome(x, false) + '\n');
    io.out(`rollback ${env} to revision ${n}: ${result.rejected.length} of ${result.diffs.length} objects rejected by the server-side dry-run; nothing applied\n`);
    return { code: EXIT.failed, result };
  }
  const count = (a: string) => result.outcomes.filter((x) => x.action === a).length;
  const pruned = result.pruned.filter((p) => p.action === 'pruned').length;
  const failed = count('failed') + count('skipped') + result.pruned.filter((p) => p.action === 'failed').length;
  io.out(
    `rollback ${env} to revision ${n}: ${count('created')} created, ${count('configured')} configured, ${count('unchanged')} unchanged, ${pruned} pruned, ${failed} failed; ` +
      `recorded as revision ${result.revision!.number}\n`,
  );
  return { code: failed ? EXIT.failed : EXIT.ok, result };
}

export function rollbackCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { env, values } = parse(
      argv,
      { to: { type: 'string' }, confirm: { type: 'string' }, 'force-conflicts': { type: 'boolean' }, 'history-max': { type: 'string' } },
      ROLLBACK_USAGE,
    );
    const keep = historyMax(values, ROLLBACK_USAGE);
    let to: number | undefined;
    if (values.to !== undefined) {
      to = Number(values.to);
      if (!Number.isInteger(to) || to < 1) throw new CliError(`--to must be a revision number\n${ROLLBACK_USAGE}`, EXIT.usage);
    }
    const { session, root, resources } = await connect(env, values, io, (environment) => checkConfirmation(environment, values.confirm));
    const revisions = await listRevisions(session.transport, env, session.namespace);
    if (revisions.length === 0) throw new CliError(`${env} has no recorded revision to roll back to`, EXIT.failed);
    const target = to !== undefined ? revisions.find((r) => r.number === to) : previousRevision(revisions);
    if (!target) {
      const known = revisions.map((r) => r.number).join(', ');
      throw new CliError(
        to !== undefined ? `revision ${to} of ${env} is not recorded (revisions: ${known})` : `${env} has no deployed revision before the live one (revisions: ${known})`,
        EXIT.usage,
      );
    }
    const live = liveRevision(revisions);
    const from = live ? `revision ${live.number} (live)` : `nothing live (revision ${revisions[0]!.number} undeployed)`;
    io.err(`rollback ${env}: ${from} → revision ${target.number} (${target.time}, ${target.user})\n`);
    try {
      return (await performRollback(session, target.number, resources, io, { root, keep, force: values['force-conflicts'] === true })).code;
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`rollback ${env}: ${errorMessage(e)}`, EXIT.failed);
    }
  });
}
