// Dry-run and deploy of an environment's rendered objects through server-side
// apply, in dependency order, one outcome per object. A failure of one object
// never stops the others; each failure carries the server's message and the
// source location its field path points at. Every object is labelled as a
// member of the environment's applyset, and a real apply records the set's
// kinds and namespaces in its parent first (applyset.ts), so a later prune
// can find what was removed from the manifests.
//
// Two things stop a run early or hold an object back: a live object that is a
// member of another environment's applyset is not applied unless the run
// names that owner (ownership.ts), and once the cluster stops answering the
// remaining objects are not attempted (`skipped`), so a dead server does not
// cost one timeout per object and the report says exactly what was sent.
import type { Origin } from '../../../server/src/kustomize/model';
import { apply, prepare, readLive, type ApplyResponse } from './apply';
import { isFieldManagerConflict } from './conflicts';
import { membershipOf, readRecord, union, withMembership, writeRecord } from './applyset';
import { UnknownKindError } from './discovery';
import { stripNoise } from './normalize';
import { dependencyOrder, originForMessage, refOf, type ClusterObject, type ObjectRef } from './objects';
import { allowedToTakeOver, foreignSetOf, OwnerNames, takeOverRefusal, type ForeignOwner } from './ownership';
import { crdKinds, errorMessage, type ClusterSession } from './session';
import { UnreachableError, type ApiStatus } from './transport';

/** skipped: not attempted, because the cluster had stopped answering before its turn. */
export type Action = 'created' | 'configured' | 'unchanged' | 'failed' | 'skipped';

export interface ObjectOutcome {
  ref: ObjectRef;
  action: Action;
  /** The server's message (failures), or a note. */
  message?: string;
  /** The HTTP status of a rejection. */
  status?: number;
  /** A field-manager conflict (apply again with force to take the fields over). */
  conflict?: boolean;
  /** The fields the server's Status names as causes (`details.causes[].field`). */
  fields?: string[];
  /** Source location of the rejected field (or of the object). */
  origin?: Origin;
  /** The server's result (dry-run: what the object would become); undefined on failure. */
  result?: Record<string, unknown>;
  /** The live object before, when it existed. */
  live?: Record<string, unknown>;
  /** Dry-run only: the namespace the object was validated in, when its own does not exist yet. */
  validatedIn?: string;
  /** Failed because the cluster gave no answer (not a rejection): the run stopped here. */
  noAnswer?: boolean;
  /** Held back: the live object belongs to another environment's applyset. */
  ownedBy?: ForeignOwner;
}

export interface RunOptions {
  dryRun: boolean;
  force?: boolean;
  signal?: AbortSignal;
  /** Called as each object is done (progress output). */
  onOutcome?: (o: ObjectOutcome) => void;
  /** Things worth saying that concern no single object (the applyset record could not be written). */
  onNote?: (message: string) => void;
  /** Owners (environment names or applyset ids) whose objects this run may take over (`--take-over-from`). */
  takeOverFrom?: readonly string[];
  /** Extra annotations of the applyset parent (a deploy made despite error findings records why). */
  recordAnnotations?: Record<string, string>;
}

function failure(o: ClusterObject, ref: ObjectRef, status: number | undefined, s: ApiStatus | string): ObjectOutcome {
  const message = typeof s === 'string' ? s : s.message || `HTTP ${status}`;
  const fields = typeof s === 'string' ? [] : (s.details?.causes ?? []).map((c) => c.field ?? '').filter(Boolean);
  const origin = originForMessage(o, message, fields);
  return {
    ref,
    action: 'failed',
    message,
    ...(status !== undefined ? { status } : {}),
    ...(fields.length ? { fields } : {}),
    ...(typeof s !== 'string' && status !== undefined && isFieldManagerConflict(status, s) ? { conflict: true } : {}),
    ...(origin ? { origin } : {}),
  };
}

function same(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(stripNoise(a)) === JSON.stringify(stripNoise(b));
}

/** Applies (or dry-runs) every object; outcomes in apply order. */
export async function run(session: ClusterSession, objects: ClusterObject[], o: RunOptions): Promise<ObjectOutcome[]> {
  const outcomes: ObjectOutcome[] = [];
  const definedHere = crdKinds(objects);
  // A dry-run creates nothing: namespaces of this set that do not exist yet
  // cannot hold the dry-run of their objects. Those are validated in
  // `default` instead (schema, admission, quantities), and say so.
  const absentNamespaces = o.dryRun ? await missingNamespaces(session, objects) : new Set<string>();
  // Recorded before the members are applied (a crash half-way leaves them
  // findable), but after the Namespaces, one of which may hold the parent.
  let recorded = o.dryRun;
  const record = async () => {
    recorded = true;
    const set = session.applySet;
    try {
      const before = await readRecord(session.transport, set);
      await writeRecord(session.transport, set, union(before, membershipOf(objects, set, session.namespace, session.discovery)), o.recordAnnotations);
    } catch (e) {
      o.onNote?.(`the applyset record ConfigMap ${set.namespace}/${set.name} was not written (prune will not see this deploy): ${errorMessage(e)}`);
    }
  };
  const owners = new OwnerNames(session.transport);
  let unreachable: string | undefined;
  for (const item of dependencyOrder(objects)) {
    if (o.signal?.aborted) break;
    if (unreachable !== undefined) {
      const skipped: ObjectOutcome = { ref: refOf(item.object), action: 'skipped', message: `not attempted: the cluster stopped answering (${unreachable})` };
      outcomes.push(skipped);
      o.onOutcome?.(skipped);
      continue;
    }
    if (!recorded && item.object.kind !== 'Namespace' && item.object.kind !== 'CustomResourceDefinition') await record();
    let ref = refOf(item.object);
    let outcome: ObjectOutcome;
    try {
      const mapping = await session.mapping(ref.apiVersion, ref.kind).catch((e: unknown) => {
        if (e instanceof UnknownKindError && o.dryRun && definedHere.has(`${ref.apiVersion} ${ref.kind}`)) return undefined;
        throw e;
      });
      if (!mapping) {
        outcome = { ref, action: 'created', message: 'not validated: its CustomResourceDefinition is part of this set and not installed yet' };
      } else {
        const body = withMembership(prepare(item.object, mapping, session.namespace), session.applySet);
        ref = refOf(body);
        let target = body;
        let note: string | undefined;
        if (ref.namespace && absentNamespaces.has(ref.namespace)) {
          note = 'default';
          target = { ...body, metadata: { ...(body.metadata as object), namespace: note } };
        }
        const live = note ? undefined : await readLive(session.transport, mapping, target, o.signal);
        const foreign = foreignSetOf(live, session.applySet);
        const owner = foreign === undefined ? undefined : await owners.resolve(foreign);
        if (owner && !allowedToTakeOver(owner, o.takeOverFrom)) {
          outcome = { ref, action: 'failed', message: takeOverRefusal(owner), ownedBy: owner, ...(item.origin ? { origin: item.origin } : {}) };
          outcomes.push(outcome);
          o.onOutcome?.(outcome);
          continue;
        }
        const r: ApplyResponse = await apply(session.transport, mapping, target, { dryRun: o.dryRun, force: o.force, signal: o.signal });
        if (!r.ok) {
          outcome = failure(item, ref, r.status, r.error);
        } else {
          const action: Action = r.created || !live ? 'created' : same(live, r.object) ? 'unchanged' : 'configured';
          // Report the result under the object's real namespace.
          const result = note ? { ...r.object, metadata: { ...(r.object.metadata as object), namespace: ref.namespace } } : r.object;
          outcome = { ref, action, result, ...(live ? { live } : {}), ...(note ? { validatedIn: note } : {}) };
        }
      }
    } catch (e) {
      outcome = failure(item, ref, undefined, errorMessage(e));
      if (e instanceof UnreachableError) {
        unreachable = e.message;
        outcome = { ...outcome, noAnswer: true };
      }
    }
    outcomes.push(outcome);
    o.onOutcome?.(outcome);
  }
  if (!recorded && !o.signal?.aborted && unreachable === undefined) await record();
  return outcomes;
}

async function missingNamespaces(session: ClusterSession, objects: ClusterObject[]): Promise<Set<string>> {
  const wanted = new Set<string>();
  for (const { object } of objects) {
    const ref = refOf(object);
    const m = session.discovery.find(ref.apiVersion, ref.kind);
    if (m?.namespaced) wanted.add(ref.namespace || session.namespace);
  }
  const missing = new Set<string>();
  for (const ns of wanted) {
    const r = await session.transport.send('GET', `/api/v1/namespaces/${encodeURIComponent(ns)}`, { timeoutMs: 10_000 });
    if (r.status === 404) missing.add(ns);
  }
  return missing;
}

/** Counts per action, for summaries: "3 created, 1 configured, 40 unchanged, 0 failed". */
export function summarize(outcomes: ObjectOutcome[]): Record<Action, number> {
  const counts: Record<Action, number> = { created: 0, configured: 0, unchanged: 0, failed: 0, skipped: 0 };
  for (const o of outcomes) counts[o.action]++;
  return counts;
}
