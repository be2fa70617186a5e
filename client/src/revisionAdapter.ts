// Revisions for the VS Code layer, over client/src/cluster (revisions.ts,
// rollback.ts): list, record a deploy, roll back (or only preview the diff
// with live), mark a failed revision. Each call opens a checked session, as
// clusterAdapter.ts does, so nothing here can act on the wrong cluster.
import { stringify } from 'yaml';
import { describe, fromPlain, type ObjectOutcome } from './cluster';
import { sourceState, whoAmI } from './cluster/identity';
import { maskSecrets, stripNoise } from './cluster/normalize';
import { listRevisions, loadRevision, recordRevision, setRevisionState, type RevisionInfo } from './cluster/revisions';
import { rollback } from './cluster/rollback';
import type { ClusterTarget, ObjectDiff, ObjectResult } from './clusterPort';
import type { ObjectDiff as ClusterObjectDiff } from './cluster/diff';
import { openSession } from './openSession';

export type { RevisionInfo };


const toYaml = (o: Record<string, unknown>): string => stringify(o, { lineWidth: 0 });

function diffOf(d: ClusterObjectDiff): ObjectDiff {
  const o = d.outcome;
  if (o.action === 'failed' || !o.result) return { ...o.ref, desired: `# dry-run failed: ${o.message ?? ''}\n` };
  const [live, desired] = maskSecrets(o.live ? stripNoise(o.live) : undefined, stripNoise(o.result));
  return { ...o.ref, ...(live ? { live: toYaml(live) } : {}), desired: toYaml(desired!) };
}

export async function revisions(t: ClusterTarget): Promise<RevisionInfo[]> {
  const s = await openSession(t);
  return listRevisions(s.transport, t.environment, t.namespace);
}

/** Records a deploy of `objects` (as rendered; Secret values become digests); the revision number. */
export async function recordDeploy(t: ClusterTarget, objects: Record<string, unknown>[], sourceDir: string | undefined, failed: number, keep: number): Promise<number> {
  const s = await openSession(t);
  const [user, source] = await Promise.all([whoAmI(s.transport), sourceDir ? sourceState(sourceDir) : Promise.resolve({})]);
  const rev = await recordRevision(s.transport, {
    environment: t.environment,
    namespace: t.namespace,
    objects: fromPlain(objects),
    user,
    ...source,
    state: failed ? 'failed' : 'deployed',
    ...(failed ? { reason: `${failed} objects failed to apply` } : {}),
    keep,
  });
  return rev.number;
}

export async function markFailed(t: ClusterTarget, n: number, reason: string): Promise<void> {
  const s = await openSession(t);
  await setRevisionState(s.transport, t.environment, t.namespace, n, 'failed', reason);
}

export interface RollbackSummary {
  cancelled: boolean;
  /** Rejected by the dry-run: nothing applied. */
  rejected: ObjectResult[];
  results: ObjectResult[];
  pruned: string[];
  /** Secret notes ("Secret thebot/db: kept with its current values"). */
  secrets: string[];
  revision?: number;
}

/**
 * Rolls back to revision `n`; `confirm` sees the diff (live → revision) and
 * what would be pruned before anything is applied, and may cancel (Diff with
 * Live is a rollback whose confirmation always says no).
 */
export async function rollbackTo(
  t: ClusterTarget,
  n: number,
  rendered: Record<string, unknown>[],
  sourceDir: string | undefined,
  confirm: (diffs: ObjectDiff[], toPrune: string[]) => Promise<boolean>,
  o: { reason?: string; keep?: number } = {},
): Promise<RollbackSummary> {
  const s = await openSession(t);
  const target = await loadRevision(s.transport, t.environment, t.namespace, n);
  if (!target) throw new Error(`revision ${n} of ${t.environment} is no longer recorded`);
  const [user, source] = await Promise.all([whoAmI(s.transport), sourceDir ? sourceState(sourceDir) : Promise.resolve({})]);
  const r = await rollback(s, target, fromPlain(rendered), {
    user,
    ...source,
    ...(o.reason ? { reason: o.reason } : {}),
    ...(o.keep !== undefined ? { keep: o.keep } : {}),
    confirm: (diffs, toPrune) => confirm(diffs.map(diffOf), toPrune.filter((p) => p.action === 'pruned').map((p) => describe(p.ref))),
  });
  const res = (o: ObjectOutcome): ObjectResult => ({ ...o.ref, action: o.action, ...(o.message ? { message: o.message } : {}) });
  return {
    cancelled: r.cancelled === true,
    rejected: r.rejected.map(res),
    results: r.outcomes.map(res),
    pruned: r.pruned.filter((p) => p.action === 'pruned').map((p) => describe(p.ref)),
    secrets: r.plan.secrets.map((x) => `${describe(x.ref)}: ${x.action === 'kept' ? 'kept with its current values' : 're-created from the current render'}${x.sameValues ? '' : ' (values differ from the revision; revisions keep only a digest)'}`),
    ...(r.revision ? { revision: r.revision.number } : {}),
  };
}
