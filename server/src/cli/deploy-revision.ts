// The revision side of `thebot deploy`: every deploy that applied something
// is recorded as a revision; `--atomic` watches the rollout, gives up at the
// first hopeless workload (client/src/cluster/atomic.ts) or at --timeout, and
// rolls back to the newest deployed revision before this one (none when the
// environment had been undeployed before it: nothing was live).
import { errorMessage, watchRollouts, type ClusterSession, type WorkloadRef } from '../../../client/src/cluster';
import { reportFailure } from '../../../client/src/cluster/atomic';
import { atomicTarget, listRevisions, recordRevision, setRevisionState, type RevisionInfo } from '../../../client/src/cluster/revisions';
import { loadProjectConfig } from '../config';
import type { RenderedResource } from '../kustomize/model';
import { EXIT, type Out } from './cluster-common';
import { provenance } from './revision-common';
import { performRollback } from './rollback';
import { connectionLine, formatRollout, formatWorkload } from './status';

export interface RevisionOptions {
  keep: number;
  /** Where the project config is looked up from (its root is the source whose git state is recorded). */
  project: string;
}

/** Records the deploy; a revision that cannot be written is a note (what was applied stays applied). */
export async function recordDeploy(session: ClusterSession, resources: RenderedResource[], io: Out, o: RevisionOptions & { failed: number }): Promise<RevisionInfo | undefined> {
  const root = loadProjectConfig(o.project).root;
  const rev = await recordRevision(session.transport, {
    environment: session.environment.name,
    namespace: session.namespace,
    objects: resources,
    ...(await provenance(session, root)),
    state: o.failed ? 'failed' : 'deployed',
    ...(o.failed ? { reason: `${o.failed} objects failed to apply` } : {}),
    keep: o.keep,
  }).catch((e: unknown) => {
    io.err(`note: the revision of this deploy was not recorded (history and rollback will not see it): ${errorMessage(e)}\n`);
    return undefined;
  });
  if (!rev) return undefined;
  io.err(`recorded revision ${rev.number} of ${session.environment.name} (${rev.digest.slice(0, 19)})\n`);
  return rev;
}

/** Marks `failed` as failed and rolls back to the newest deployed revision before it; always a failure exit. */
export async function rollBackFailedDeploy(
  session: ClusterSession,
  failed: RevisionInfo | undefined,
  resources: RenderedResource[],
  io: Out,
  o: RevisionOptions & { force: boolean; reason: string },
): Promise<number> {
  const env = session.environment.name;
  if (failed) await setRevisionState(session.transport, env, session.namespace, failed.number, 'failed', o.reason);
  const previous = atomicTarget(await listRevisions(session.transport, env, session.namespace), failed?.number);
  if (!previous) {
    io.out(`deploy ${env}: failed: ${o.reason}; no earlier deployed revision to roll back to (nothing was live before it)\n`);
    return EXIT.failed;
  }
  io.out(`deploy ${env}: failed: ${o.reason}; rolling back to revision ${previous.number}\n`);
  const root = loadProjectConfig(o.project).root;
  const { code, result } = await performRollback(session, previous.number, resources, io, {
    root,
    keep: o.keep,
    force: o.force,
    reason: `atomic deploy${failed ? ` of revision ${failed.number}` : ''} failed: ${o.reason}`,
  });
  const rolled = code === EXIT.ok ? `rolled back to revision ${previous.number} (recorded as revision ${result!.revision!.number})` : `the rollback to revision ${previous.number} failed too`;
  io.out(`deploy ${env}: ${rolled}: ${o.reason}\n`);
  return EXIT.failed;
}

/** --atomic: watches the rollout; on failure or timeout, rolls back. */
export async function watchAtomically(
  session: ClusterSession,
  revision: RevisionInfo | undefined,
  resources: RenderedResource[],
  targets: WorkloadRef[],
  io: Out,
  o: RevisionOptions & { force: boolean; timeoutSeconds: number; started: number },
): Promise<number> {
  const report = await watchRollouts(session.transport, session.discovery, targets, {
    timeoutMs: o.timeoutSeconds * 1000,
    untilFailure: true,
    onStatus: (s) => io.out(formatWorkload(s) + '\n'),
    onEvent: (m) => io.err(`  ${m}\n`),
    onConnection: (c) => io.err(connectionLine(c)),
    applySetId: session.applySet.id,
  });
  io.out(formatRollout(session.environment.name, report, Date.now() - o.started));
  if (report.outcome === 'complete') return EXIT.ok;
  const reason = reportFailure(report, o.timeoutSeconds);
  return rollBackFailedDeploy(session, revision, resources, io, { ...o, reason });
}
