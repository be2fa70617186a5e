// Strategic-merge patches with kustomize's (kyaml merge2) semantics:
// maps merge, `null` deletes, lists of the built-in Kubernetes types merge by
// their patch merge key (containers by name, ports by containerPort, …) with
// the patch's elements first, other lists are replaced; `$patch: delete |
// replace`, `$setElementOrder/<list>`, `$retainKeys` are honoured. Merge keys
// follow the OpenAPI data kyaml embeds (Kubernetes 1.21): kinds outside it
// (CRDs, autoscaling/v2) get no list merging, as in kustomize.
import type { Origin } from '../model';
import { isObj, noteOrigin, originsAt, stampTree, type Obj, type Value } from '../values';

const BUILTIN_API_VERSIONS = new Set([
  'v1', 'apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'batch/v1', 'batch/v1beta1', 'autoscaling/v1',
  'autoscaling/v2beta1', 'autoscaling/v2beta2', 'policy/v1', 'policy/v1beta1', 'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1', 'extensions/v1beta1', 'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1', 'storage.k8s.io/v1', 'storage.k8s.io/v1beta1', 'scheduling.k8s.io/v1',
  'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1', 'apiextensions.k8s.io/v1',
  'apiextensions.k8s.io/v1beta1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1beta1', 'discovery.k8s.io/v1',
  'certificates.k8s.io/v1', 'node.k8s.io/v1', 'events.k8s.io/v1', 'apiregistration.k8s.io/v1',
]);

const NAME_KEYED = new Set(['containers', 'initContainers', 'ephemeralContainers', 'imagePullSecrets', 'env', 'volumes', 'webhooks']);

type ListKind = { key: string } | 'primitive' | undefined;

/** The merge key of the list at `path` (field names only) in an object of `kind`. */
export function listMergeKind(apiVersion: string, kind: string, path: string[]): ListKind {
  if (!BUILTIN_API_VERSIONS.has(apiVersion)) return undefined;
  const f = path[path.length - 1]!;
  const parent = path[path.length - 2];
  if (NAME_KEYED.has(f)) return { key: 'name' };
  if (f === 'secrets' && kind === 'ServiceAccount' && path.length === 1) return { key: 'name' };
  switch (f) {
    case 'volumeMounts':
      return { key: 'mountPath' };
    case 'volumeDevices':
      return { key: 'devicePath' };
    case 'hostAliases':
      return { key: 'ip' };
    case 'topologySpreadConstraints':
      return { key: 'topologyKey' };
    case 'conditions':
      return { key: 'type' };
    case 'ownerReferences':
      return { key: 'uid' };
    case 'finalizers':
      return parent === 'metadata' ? 'primitive' : undefined;
    case 'ports':
      if (parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers') {
        return { key: 'containerPort' };
      }
      if (kind === 'Service' && path.length === 2 && parent === 'spec') return { key: 'port' };
      return undefined;
  }
  return undefined;
}

const DELETE = Symbol('delete');
type Result = Value | typeof DELETE;

interface Ctx {
  apiVersion: string;
  kind: string;
  origin: Origin;
  /** Containers copied from the patch (everything below them was set by the patch). */
  fresh: Set<Value>;
}

function directive(v: Value): string | undefined {
  return isObj(v) && typeof v.$patch === 'string' ? v.$patch : undefined;
}

/** Remove `$…` directives from patch content that is copied in whole. */
function cleanIn(ctx: Ctx, v: Value): Value {
  const c = clean(v);
  if (isObj(c) || Array.isArray(c)) ctx.fresh.add(c);
  return c;
}

function clean(v: Value): Value {
  if (Array.isArray(v)) return v.filter((x) => directive(x) !== 'delete').map(clean);
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = clean(x);
    return out;
  }
  return v;
}

function merge(dest: Value | undefined, patch: Value, path: string[], ctx: Ctx): Result {
  if (patch === null) return DELETE;
  if (isObj(patch)) {
    const d = directive(patch);
    if (d === 'delete') return DELETE;
    if (d === 'replace' || !isObj(dest)) return cleanIn(ctx, patch);
    const order: Record<string, Value[]> = {};
    for (const [k, pv] of Object.entries(patch)) {
      if (k.startsWith('$setElementOrder/') && Array.isArray(pv)) {
        order[k.slice('$setElementOrder/'.length)] = pv;
        continue;
      }
      if (k.startsWith('$')) continue;
      const r = merge(dest[k], pv, [...path, k], ctx);
      // The patch's own line for this field when known, else the patch document.
      const po = originsAt(patch, k)?.[0];
      const o = po ? { ...po, by: ctx.origin.by } : ctx.origin;
      if (r === DELETE) delete dest[k];
      else {
        const before = dest[k];
        dest[k] = r;
        if (isObj(r) || Array.isArray(r)) {
          if (ctx.fresh.has(r)) stampTree(dest, k, o);
          else if (before !== r) noteOrigin(dest, k, o);
        } else noteOrigin(dest, k, o);
      }
    }
    for (const [field, ord] of Object.entries(order)) applyOrder(dest, field, ord, path, ctx);
    if (Array.isArray(patch.$retainKeys)) {
      const keep = new Set(patch.$retainKeys.map(String));
      for (const k of Object.keys(dest)) if (!keep.has(k)) delete dest[k];
    }
    return dest;
  }
  if (Array.isArray(patch)) {
    if (!Array.isArray(dest)) return cleanIn(ctx, patch);
    const lk = listMergeKind(ctx.apiVersion, ctx.kind, path);
    if (lk === undefined) return cleanIn(ctx, patch);
    if (patch.some((x) => directive(x) === 'replace')) {
      return cleanIn(ctx, patch.filter((x) => directive(x) !== 'replace'));
    }
    if (lk === 'primitive') {
      const out: Value[] = [];
      const seen = new Set<string>();
      for (const x of [...patch, ...dest]) {
        const s = JSON.stringify(x);
        if (!seen.has(s)) {
          seen.add(s);
          out.push(x);
        }
      }
      return out;
    }
    const key = lk.key;
    const keyOf = (x: Value): string | undefined => (isObj(x) && x[key] !== undefined && x[key] !== null ? String(x[key]) : undefined);
    const out: Value[] = [];
    const fresh: number[] = [];
    const used = new Set<Value>();
    for (const p of patch) {
      const pk = keyOf(p);
      const existing = pk === undefined ? undefined : dest.find((x) => keyOf(x) === pk);
      if (directive(p) === 'delete') {
        if (existing !== undefined) used.add(existing);
        continue;
      }
      if (existing !== undefined) {
        used.add(existing);
        const r = merge(existing, p, path, ctx);
        if (r !== DELETE) out.push(r);
      } else {
        fresh.push(out.length);
        out.push(clean(p));
      }
    }
    for (const x of dest) if (!used.has(x)) out.push(x);
    for (const i of fresh) stampTree(out, i, ctx.origin);
    return out;
  }
  return patch;
}

function applyOrder(dest: Obj, field: string, ord: Value[], path: string[], ctx: Ctx): void {
  const list = dest[field];
  if (!Array.isArray(list)) return;
  const lk = listMergeKind(ctx.apiVersion, ctx.kind, [...path, field]);
  const keyOf = (x: Value): string =>
    lk && lk !== 'primitive' && isObj(x) ? String(x[lk.key]) : JSON.stringify(x);
  const rank = new Map(ord.map((o, i) => [keyOf(o), i]));
  const indexed = list.map((x, i) => ({ x, i, r: rank.get(keyOf(x)) ?? Infinity }));
  indexed.sort((a, b) => a.r - b.r || a.i - b.i);
  dest[field] = indexed.map((e) => e.x);
}

/**
 * Apply a strategic-merge patch to `target` in place. Returns false when the
 * patch deletes the whole object (`$patch: delete` at the top).
 */
export function applyStrategicMerge(target: Obj, patch: Obj, origin: Origin): boolean {
  const ctx: Ctx = {
    apiVersion: typeof target.apiVersion === 'string' ? target.apiVersion : '',
    kind: typeof target.kind === 'string' ? target.kind : '',
    origin,
    fresh: new Set(),
  };
  const r = merge(target, patch, [], ctx);
  return r !== DELETE;
}
