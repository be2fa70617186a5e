// Rolling an environment back to a recorded revision (revisions.ts): the
// revision's objects are dry-run first (every one; one rejection and nothing
// is applied), shown as a diff against live, applied with server-side apply,
// then what the revision did not have is pruned (applyset.ts: only our own
// objects), and the result is recorded as a new revision.
//
// Secrets: a revision holds only a digest of their values. A Secret that is
// live keeps its current values (it is not re-applied); one that is gone is
// re-created from the current render when that has it; otherwise the
// rollback is refused before anything is sent.
import { groupKind, membershipOf, prune, readRecord, writeRecord, type PruneOutcome } from './applyset';
import { objectDiff, type ObjectDiff } from './diff';
import { objectPath } from './discovery';
import { describe, refOf, type ClusterObject, type ObjectRef } from './objects';
import { run, type ObjectOutcome } from './operations';
import { isSecret, recordRevision, secretDigest, type Revision, type RevisionInfo, type StoredObject } from './revisions';
import type { ClusterSession } from './session';

export class RollbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RollbackError';
  }
}

export interface SecretPlan {
  ref: ObjectRef;
  /** kept: live, left as it is; from-render: re-created from the current render. */
  action: 'kept' | 'from-render';
  /** Whether the values are the revision's (digests match). */
  sameValues: boolean;
}

export interface RollbackPlan {
  target: Revision;
  /** What is applied: every object of the revision but the Secrets that are kept. */
  apply: ClusterObject[];
  /** Everything the environment has after the rollback (prune keeps these). */
  keep: ClusterObject[];
  secrets: SecretPlan[];
  /** The objects of the new revision. */
  stored: StoredObject[];
}

type Obj = Record<string, any>;

function sameRef(a: ObjectRef, b: ObjectRef, defaultNamespace: string): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace || defaultNamespace) === (b.namespace || defaultNamespace);
}

/** Decides what to apply for each object of `target`; `rendered` is the current render (for Secrets that are gone). */
export async function planRollback(session: ClusterSession, target: Revision, rendered: ClusterObject[]): Promise<RollbackPlan> {
  const plan: RollbackPlan = { target, apply: [], keep: [], secrets: [], stored: [] };
  const missing: string[] = [];
  for (const s of target.objects) {
    if (!isSecret(s.object)) {
      plan.apply.push({ object: s.object });
      plan.keep.push({ object: s.object });
      plan.stored.push(s);
      continue;
    }
    const ref = refOf(s.object);
    const mapping = session.discovery.map('v1', 'Secret');
    const live = await session.transport.send<Obj>('GET', objectPath(mapping, ref.namespace || session.namespace, ref.name));
    if (live.status < 400) {
      const digest = secretDigest(live.body);
      plan.secrets.push({ ref, action: 'kept', sameValues: digest === s.valuesDigest });
      plan.keep.push({ object: s.object });
      plan.stored.push({ object: s.object, valuesDigest: digest });
      continue;
    }
    const fromRender = rendered.find((r) => isSecret(r.object) && sameRef(refOf(r.object), ref, session.namespace));
    if (!fromRender) {
      missing.push(describe(ref));
      continue;
    }
    const digest = secretDigest(fromRender.object);
    plan.secrets.push({ ref, action: 'from-render', sameValues: digest === s.valuesDigest });
    plan.apply.push(fromRender);
    plan.keep.push(fromRender);
    const { data: _d, stringData: _s, ...meta } = fromRender.object;
    plan.stored.push({ object: meta, valuesDigest: digest });
  }
  if (missing.length) {
    throw new RollbackError(
      `cannot roll back to revision ${target.number}: ${missing.join(', ')} no longer exist${missing.length === 1 ? 's' : ''} and the current render does not have ${missing.length === 1 ? 'it' : 'them'} (revisions keep only a digest of Secret values)`,
    );
  }
  return plan;
}

export interface RollbackOptions {
  user: string;
  commit?: string;
  dirty?: boolean;
  keep?: number;
  force?: boolean;
  /** Why (recorded on the new revision), e.g. the atomic deploy's failure. */
  reason?: string;
  /** Called with the diff (live → revision) and the prune preview before anything is applied; false cancels. */
  confirm?: (diffs: ObjectDiff[], toPrune: PruneOutcome[]) => boolean | Promise<boolean>;
  onOutcome?: (o: ObjectOutcome) => void;
  onPrune?: (p: PruneOutcome) => void;
  onNote?: (message: string) => void;
}

export interface RollbackResult {
  plan: RollbackPlan;
  diffs: ObjectDiff[];
  /** Objects the dry-run rejected: nothing was applied. */
  rejected: ObjectOutcome[];
  outcomes: ObjectOutcome[];
  pruned: PruneOutcome[];
  /** The revision recorded for the rollback (absent when nothing was applied). */
  revision?: RevisionInfo;
  cancelled?: boolean;
}

export async function rollback(session: ClusterSession, target: Revision, rendered: ClusterObject[], o: RollbackOptions): Promise<RollbackResult> {
  const plan = await planRollback(session, target, rendered);
  const set = session.applySet;
  // The dry-run of every object is the diff: one rejection and nothing is applied.
  const checked = await run(session, plan.apply, { dryRun: true, force: o.force === true });
  const diffs = checked.map(objectDiff);
  // A dry-run cut short (the cluster stopped answering: 'skipped') is as good as a rejection.
  const result: RollbackResult = { plan, diffs, rejected: checked.filter((c) => c.action === 'failed' || c.action === 'skipped'), outcomes: [], pruned: [] };
  if (result.rejected.length) return result;
  const recorded = await readRecord(session.transport, set);
  const toPrune = recorded
    ? await prune(session.transport, session.discovery, set, plan.keep, recorded, { dryRun: true, defaultNamespace: session.namespace })
    : [];
  if (o.confirm && !(await o.confirm(diffs, toPrune))) return { ...result, cancelled: true };
  result.outcomes = await run(session, plan.apply, {
    dryRun: false,
    force: o.force === true,
    ...(o.onOutcome ? { onOutcome: o.onOutcome } : {}),
    ...(o.onNote ? { onNote: o.onNote } : {}),
  });
  const failed = result.outcomes.filter((x) => x.action === 'failed' || x.action === 'skipped').length;
  if (!failed) {
    const now = await readRecord(session.transport, set);
    if (now) {
      result.pruned = await prune(session.transport, session.discovery, set, plan.keep, now, {
        defaultNamespace: session.namespace,
        ...(o.onPrune ? { onOutcome: o.onPrune } : {}),
      });
      // As deploy --prune: narrow the record to what is deployed now once nothing else is left.
      if (!result.pruned.some((p) => p.action === 'failed')) {
        const current = membershipOf(plan.keep, set, session.namespace, session.discovery);
        const keptKinds = result.pruned.filter((p) => p.action === 'kept').map((p) => groupKind(p.ref.apiVersion, p.ref.kind));
        await writeRecord(session.transport, set, { ...current, groupKinds: [...new Set([...current.groupKinds, ...keptKinds])].sort() });
      }
    }
  }
  const pruneFailed = result.pruned.filter((p) => p.action === 'failed').length;
  const rev = await recordRevision(session.transport, {
    environment: session.environment.name,
    namespace: session.namespace,
    objects: plan.stored,
    user: o.user,
    ...(o.commit !== undefined ? { commit: o.commit } : {}),
    ...(o.dirty !== undefined ? { dirty: o.dirty } : {}),
    rollbackOf: target.number,
    state: failed || pruneFailed ? 'failed' : 'deployed',
    ...(failed || pruneFailed
      ? { reason: `${failed} objects failed to apply, ${pruneFailed} failed to prune` }
      : o.reason
        ? { reason: o.reason }
        : {}),
    ...(o.keep !== undefined ? { keep: o.keep } : {}),
  });
  const { objects: _objects, environment: _env, ...info } = rev;
  result.revision = info;
  return result;
}
