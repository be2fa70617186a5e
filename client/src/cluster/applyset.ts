// What an environment owns in the cluster, recorded the way `kubectl apply
// --prune --applyset` does (KEP-3659 ApplySets), so pruning can find objects
// removed from the manifests without listing the whole cluster, and without
// ever touching an object that is not ours:
//  - every object we apply carries the label applyset.kubernetes.io/part-of=<id>;
//  - a parent ConfigMap `thebot-applyset-<env>` in the environment's namespace
//    carries applyset.kubernetes.io/id=<id> and, as annotations, the group-kinds
//    and the other namespaces its members live in (the only places pruning looks).
// The id is the spec's: base64url(sha256("<name>.<namespace>.<Kind>.<group>"))
// wrapped as applyset-…-v1, so kubectl recognises the set too.
import { createHash } from 'node:crypto';
import { FIELD_MANAGER } from './apply';
import { sendRetryingConflicts } from './conflicts';
import { apiVersionOf, groupOf, objectPath, type Discovery, type ResourceMapping } from './discovery';
import { refOf, type ClusterObject, type ObjectRef } from './objects';
import type { EnvironmentBinding } from './safety';
import { ApiError, toStatus, type Transport } from './transport';

export const PART_OF = 'applyset.kubernetes.io/part-of';
export const APPLYSET_ID = 'applyset.kubernetes.io/id';
export const TOOLING = 'applyset.kubernetes.io/tooling';
export const GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds';
export const NAMESPACES = 'applyset.kubernetes.io/additional-namespaces';
const TOOL = 'thebot/v1';

export interface ApplySetParent {
  name: string;
  namespace: string;
  id: string;
}

export function applySetOf(env: EnvironmentBinding): ApplySetParent {
  const name = `thebot-applyset-${env.name}`;
  const hash = createHash('sha256').update([name, env.namespace, 'ConfigMap', ''].join('.')).digest('base64url');
  return { name, namespace: env.namespace, id: `applyset-${hash}-v1` };
}

/** The object with our membership label added (a copy). */
export function withMembership(object: Record<string, unknown>, set: ApplySetParent): Record<string, unknown> {
  const meta = (object.metadata ?? {}) as Record<string, unknown>;
  return { ...object, metadata: { ...meta, labels: { ...((meta.labels ?? {}) as Record<string, string>), [PART_OF]: set.id } } };
}

/** "Deployment.apps", "ConfigMap" (core): the spec's group-kind notation. */
export function groupKind(apiVersion: string, kind: string): string {
  const group = groupOf(apiVersion);
  return group ? `${kind}.${group}` : kind;
}

export interface Membership {
  groupKinds: string[];
  namespaces: string[];
}

/** The group-kinds and namespaces (other than the parent's) of a set of objects. */
export function membershipOf(objects: ClusterObject[], set: ApplySetParent, defaultNamespace: string, discovery: Discovery): Membership {
  const gks = new Set<string>();
  const namespaces = new Set<string>();
  for (const { object } of objects) {
    const ref = refOf(object);
    gks.add(groupKind(ref.apiVersion, ref.kind));
    if (discovery.find(ref.apiVersion, ref.kind)?.namespaced) namespaces.add(ref.namespace || defaultNamespace);
  }
  namespaces.delete(set.namespace);
  return { groupKinds: [...gks].sort(), namespaces: [...namespaces].sort() };
}

const PARENT_PATH = (set: ApplySetParent, name = set.name) => `/api/v1/namespaces/${encodeURIComponent(set.namespace)}/configmaps/${encodeURIComponent(name)}`;

/** What the parent records, or undefined when there is no parent yet. */
export async function readRecord(t: Transport, set: ApplySetParent): Promise<Membership | undefined> {
  const r = await t.send<{ metadata?: { annotations?: Record<string, string>; labels?: Record<string, string> } }>('GET', PARENT_PATH(set));
  if (r.status === 404) return undefined;
  if (r.status >= 400) throw new ApiError(r.status, toStatus(r.status, r.body));
  const a = r.body.metadata?.annotations ?? {};
  if (r.body.metadata?.labels?.[APPLYSET_ID] !== set.id) {
    throw new Error(`ConfigMap ${set.namespace}/${set.name} exists but is not the applyset parent of this environment (label ${APPLYSET_ID} is not ${set.id})`);
  }
  const list = (v: string | undefined) => (v ? v.split(',').filter(Boolean) : []);
  return { groupKinds: list(a[GROUP_KINDS]), namespaces: list(a[NAMESPACES]) };
}

export function union(a: Membership | undefined, b: Membership): Membership {
  return {
    groupKinds: [...new Set([...(a?.groupKinds ?? []), ...b.groupKinds])].sort(),
    namespaces: [...new Set([...(a?.namespaces ?? []), ...b.namespaces])].sort(),
  };
}

/**
 * Writes the parent (server-side apply, our field manager) with exactly this
 * membership, and `extra` annotations (server-side apply drops the ones a
 * later write leaves out).
 */
export async function writeRecord(t: Transport, set: ApplySetParent, m: Membership, extra: Record<string, string> = {}): Promise<void> {
  const r = await sendRetryingConflicts(t, 'PATCH', PARENT_PATH(set), {
    query: { fieldManager: FIELD_MANAGER, force: 'true' },
    contentType: 'application/apply-patch+yaml',
    body: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: set.name,
        namespace: set.namespace,
        labels: { [APPLYSET_ID]: set.id },
        annotations: { ...extra, [TOOLING]: TOOL, [GROUP_KINDS]: m.groupKinds.join(','), [NAMESPACES]: m.namespaces.join(',') },
      },
    },
  });
  if (r.status >= 400) throw new ApiError(r.status, toStatus(r.status, r.body));
}

export interface PruneOutcome {
  ref: ObjectRef;
  /** kept: ours and no longer rendered, but deleting it would take objects that are not ours with it. */
  action: 'pruned' | 'failed' | 'kept';
  message?: string;
}

/** Kinds whose deletion cascades to everything inside or typed by them, ours or not. */
const CASCADING: Record<string, string> = {
  Namespace: 'deleting a Namespace deletes every object in it',
  'CustomResourceDefinition.apiextensions.k8s.io': 'deleting a CustomResourceDefinition deletes every object of its kind',
};

type Live = { apiVersion?: string; kind?: string; metadata: { name: string; namespace?: string; uid: string; labels?: Record<string, string>; managedFields?: { manager?: string; operation?: string }[] } };

/** Ours: labelled as a member of this set and applied by our field manager (a label alone could be copied). */
export function owned(o: Live, set: ApplySetParent): boolean {
  return o.metadata.labels?.[PART_OF] === set.id && (o.metadata.managedFields ?? []).some((f) => f.manager === FIELD_MANAGER && f.operation === 'Apply');
}

/**
 * Deletes the members of the set that are not among `keep`: it looks only at
 * the group-kinds and namespaces the parent recorded (plus those of `keep`),
 * and only at objects `owned` by us. Deletion is conditional on the uid seen,
 * so an object re-created meanwhile is left alone. Namespaces and CRDs are
 * reported, never deleted: their deletion would cascade to objects not ours.
 */
export async function prune(
  t: Transport,
  discovery: Discovery,
  set: ApplySetParent,
  keep: ClusterObject[],
  recorded: Membership,
  o: { dryRun?: boolean; defaultNamespace: string; onOutcome?: (p: PruneOutcome) => void },
): Promise<PruneOutcome[]> {
  const wanted = new Set(
    keep.map(({ object }) => {
      const r = refOf(object);
      const namespaced = discovery.find(r.apiVersion, r.kind)?.namespaced;
      return key(groupKind(r.apiVersion, r.kind), namespaced ? r.namespace || o.defaultNamespace : '', r.name);
    }),
  );
  const namespaces = [set.namespace, ...recorded.namespaces];
  const out: PruneOutcome[] = [];
  for (const gk of recorded.groupKinds) {
    const mapping = findGroupKind(discovery, gk);
    if (!mapping) continue; // its CRD is gone, and with it every object of the kind
    for (const ns of mapping.namespaced ? namespaces : [undefined]) {
      const list = await t.request<{ items: Live[] }>('GET', objectPath(mapping, ns), { query: { labelSelector: `${PART_OF}=${set.id}` } });
      const candidates = list.items.filter((item) => owned(item, set) && !wanted.has(key(gk, ns ?? '', item.metadata.name)));
      for (const item of candidates.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
        const ref: ObjectRef = { apiVersion: apiVersionOf(mapping), kind: mapping.kind, name: item.metadata.name, ...(ns ? { namespace: ns } : {}) };
        if (CASCADING[gk]) {
          const kept: PruneOutcome = { ref, action: 'kept', message: `not pruned: ${CASCADING[gk]}; delete it yourself if that is meant` };
          out.push(kept);
          o.onOutcome?.(kept);
          continue;
        }
        // All options in the body: with a body, the apiserver ignores the query's (dryRun included).
        const r = await t.send('DELETE', objectPath(mapping, ns, item.metadata.name), {
          body: {
            apiVersion: 'v1',
            kind: 'DeleteOptions',
            propagationPolicy: 'Background',
            preconditions: { uid: item.metadata.uid },
            ...(o.dryRun ? { dryRun: ['All'] } : {}),
          },
        });
        const outcome: PruneOutcome =
          r.status < 400 || r.status === 404 ? { ref, action: 'pruned' } : { ref, action: 'failed', message: toStatus(r.status, r.body).message ?? `HTTP ${r.status}` };
        out.push(outcome);
        o.onOutcome?.(outcome);
      }
    }
  }
  return out;
}

function key(gk: string, namespace: string, name: string): string {
  return `${gk}\u0000${namespace}\u0000${name}`;
}

function findGroupKind(discovery: Discovery, gk: string): ResourceMapping | undefined {
  const dot = gk.indexOf('.');
  const kind = dot < 0 ? gk : gk.slice(0, dot);
  const group = dot < 0 ? '' : gk.slice(dot + 1);
  return discovery.byGroupKind(group, kind);
}
