// Name references (kustomize's nameReferenceTransformer + filters/nameref):
// when a ConfigMap, Secret, Service, ServiceAccount, PVC, Role … was renamed
// (prefix, suffix, namespace, hash), every field that refers to it by name
// (kustomize's own table: volumes, envFrom, valueFrom, projected sources,
// Ingress backends, RBAC roleRef and subjects, HPA targets, …) is rewritten.
// A reference written as a map with `name` (and maybe `namespace`), such as an
// RBAC subject, also receives the referral's namespace.
// Candidate selection follows nameref.selectReferral step by step.
import { KustomizeError } from '../errors';
import { resourceYaml } from '../goResource';
import { walkFieldSpec, type FieldSpec, type NameRefSpec } from '../fieldspecs';
import { misshapenReferrer } from './nameReferenceShapes';
import { isSelected, type Gvk } from '../transformerConfig';
import type { Origin } from '../model';
import { effectiveNs, isClusterScoped, idString, type ResId, type Resource } from '../resource';
import { isObj, noteOrigin, originsAt, type Obj, type Value } from '../values';

const nsEquals = (a: ResId, b: ResId): boolean => effectiveNs(a) === effectiveNs(b);

/** resmap.SubsetThatCouldBeReferencedByResource (`ids`: every resource's current id). */
function couldBeReferenced(all: Resource[], referrer: Resource, ids: Map<Resource, ResId>): Resource[] {
  const rid = ids.get(referrer)!;
  if (isClusterScoped(rid)) return all;
  const rbNamespaces = new Set<string>();
  if (referrer.kind === 'RoleBinding' && Array.isArray(referrer.obj.subjects)) {
    for (const s of referrer.obj.subjects) {
      if (isObj(s) && s.kind === 'ServiceAccount' && typeof s.namespace === 'string') rbNamespaces.add(s.namespace);
    }
  }
  return all.filter((t) => {
    const id = ids.get(t)!;
    return isClusterScoped(id) || nsEquals(id, rid) || rbNamespaces.has(id.namespace);
  });
}

/** utils.SameEndingSubSlice */
function sameEnding(a: string[], b: string[]): boolean {
  const [shortest, longest] = a.length > b.length ? [b, a] : [a, b];
  const diff = longest.length - shortest.length;
  if (shortest.length === 0) return diff === 0;
  for (let i = shortest.length - 1; i >= 0; i--) if (longest[i + diff] !== shortest[i]) return false;
  return true;
}

function prefixSuffixEquals(r: Resource, o: Resource, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const pe = r.prefixes.length === 0 || o.prefixes.length === 0;
    const se = r.suffixes.length === 0 || o.suffixes.length === 0;
    return (pe || sameEnding(r.prefixes, o.prefixes)) && (se || sameEnding(r.suffixes, o.suffixes));
  }
  return sameEnding(r.prefixes, o.prefixes) && sameEnding(r.suffixes, o.suffixes);
}

interface Ctx {
  referrer: Resource;
  /** Every resource's current id: references are rewritten, ids are not. */
  ids: Map<Resource, ResId>;
  target: Gvk;
  path: string;
  /** The resources the referrer could refer to: computed on first use (candidatesOf), most field specs find nothing to rewrite. */
  candidates: (() => Resource[]) | Resource[];
}

/**
 * ctx.candidates, computed once. Not a getter in the context's object literal:
 * V8 keeps an accessor of an object literal in its hidden class, which lives
 * in the old generation and outlives the render; the young-generation
 * collections then kept the getter's closure, and through it every resource
 * of the render, alive and promoted them (about 300 KiB per environment and
 * edit on the platform, a large part of the scavenge after each edit).
 */
function candidatesOf(ctx: Ctx): Resource[] {
  if (typeof ctx.candidates === 'function') ctx.candidates = ctx.candidates();
  return ctx.candidates;
}

function roleRefGvk(referrer: Resource): Gvk | undefined {
  const rr = referrer.obj.roleRef;
  if (!isObj(rr) || typeof rr.apiGroup !== 'string' || typeof rr.kind !== 'string') return undefined;
  return { group: rr.apiGroup, kind: rr.kind };
}

/** nameref's recordTheReferral: the referral notes its referrer's current id (refBy), whether or not its name changed. */
function recordReferral(ctx: Ctx, referral: Resource): Resource {
  referral.refBy.push(idString(ctx.ids.get(ctx.referrer)!));
  return referral;
}

function selectReferral(ctx: Ctx, oldName: string, candidates: Resource[], identical: (rs: Resource[]) => boolean): Resource | undefined {
  let c = candidates.filter((r) => r.prevIds.some((id) => id.name === oldName));
  c = c.filter((r) => r.prevIds.some((id) => isSelected(id, ctx.target)));
  if (ctx.path.endsWith('roleRef/name')) {
    const g = roleRefGvk(ctx.referrer);
    if (g) c = c.filter((r) => r.prevIds.some((id) => isSelected(id, g)));
  }
  const rid = ctx.ids.get(ctx.referrer)!;
  if (!isClusterScoped(rid)) {
    c = c.filter((r) => isClusterScoped(ctx.ids.get(r)!) || r.kind === 'ServiceAccount' || nsEquals(rid, ctx.ids.get(r)!));
  }
  if (c.length === 1) return recordReferral(ctx, c[0]!);
  c = c.filter((r) => prefixSuffixEquals(r, ctx.referrer, true));
  if (c.length > 1) c = c.filter((r) => prefixSuffixEquals(r, ctx.referrer, false));
  if (c.length === 1) return recordReferral(ctx, c[0]!);
  if (c.length === 0) return undefined;
  if (identical(c)) return recordReferral(ctx, c[0]!);
  // nameref's failureDetails: the referrer and every candidate as kustomize holds them.
  const details = [
    `\n**** Too many possible referral targets to referrer:\n${resourceYaml(ctx.referrer)}\n`,
    ...c.map((r, i) => `--- possible referral ${i}:\n${resourceYaml(r)}\n`),
  ].join('');
  throw new KustomizeError(
    `found multiple possible referrals: ${c.map((r) => idString(r.curId())).join(', ')}\n${details}`,
    ctx.referrer.origin.file,
    ctx.referrer.origin.range,
  );
}

const sameNames = (rs: Resource[]) => rs.every((r) => r.name === rs[0]!.name);
const sameNamesAndNamespaces = (rs: Resource[]) => rs.every((r) => r.name === rs[0]!.name && r.namespace === rs[0]!.namespace);

const originFor = (t: Resource): Origin => ({ ...t.origin, by: 'nameReference' });

function setScalar(ctx: Ctx, container: Obj | Value[], key: string | number): void {
  const v = (container as Record<string | number, Value>)[key as never] as Value;
  if (v === null || typeof v === 'object') return;
  const old = String(v);
  const referral = selectReferral(ctx, old, candidatesOf(ctx), sameNames);
  if (!referral || referral.name === old) return;
  (container as Record<string | number, Value>)[key as never] = referral.name as never;
  noteOrigin(container, key, originFor(referral));
}

/** `place`: the map's own origin (container and key), for a map without `name`. */
function setMapping(ctx: Ctx, node: Obj, place?: { container: Obj | Value[]; key: string | number }): void {
  if (!('name' in node)) {
    const at = (place && originsAt(place.container, place.key)?.at(-1)) ?? ctx.referrer.origin;
    throw new KustomizeError('path config error; no \'name\' field in node', at.file, at.range);
  }
  const nameV = node.name;
  if (nameV === null || typeof nameV === 'object') return;
  let candidates = candidatesOf(ctx);
  if (node.namespace !== undefined && node.namespace !== null) {
    const ns = String(node.namespace);
    const byOrg = candidates.filter((r) => r.orgId().namespace === ns);
    candidates = byOrg.length ? byOrg : candidates.filter((r) => r.namespace === ns);
  }
  const old = String(nameV);
  const referral = selectReferral(ctx, old, candidates, sameNamesAndNamespaces);
  if (!referral) return;
  if (referral.name === old && referral.namespace === '') return;
  node.name = referral.name;
  noteOrigin(node, 'name', originFor(referral));
  if (referral.namespace === '') return;
  node.namespace = referral.namespace;
  noteOrigin(node, 'namespace', originFor(referral));
}

function set(ctx: Ctx, container: Obj, key: string): void {
  const v = container[key];
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    v.forEach((el, i) => {
      if (el === null) return;
      if (isObj(el)) setMapping(ctx, el, { container: v, key: i });
      else if (Array.isArray(el)) throw new KustomizeError(`${JSON.stringify(el)} is expected to be either a string or a map of string`, ctx.referrer.origin.file);
      else setScalar(ctx, v, i);
    });
  } else if (isObj(v)) setMapping(ctx, v, { container, key });
  else setScalar(ctx, container, key);
}

/**
 * kustomize's getNamespacesForRoleBinding, run for every RoleBinding that is a
 * referrer (subjects / roleRef) whether or not anything was renamed: a
 * ServiceAccount subject whose `namespace` is not a string (written with no
 * value) is an error.
 */
function checkRoleBindingSubjects(resources: Resource[], orgIds: Map<Resource, ResId>): void {
  for (const r of resources) {
    const org = orgIds.get(r)!;
    if (r.kind !== 'RoleBinding' || org.kind !== 'RoleBinding' || org.group !== 'rbac.authorization.k8s.io') continue;
    const subjects = r.obj.subjects;
    if (!Array.isArray(subjects)) continue;
    for (const s of subjects) {
      if (!isObj(s) || !('namespace' in s) || s.kind !== 'ServiceAccount' || typeof s.namespace === 'string') continue;
      const at = originsAt(s, 'namespace')?.[0] ?? r.origin;
      throw new KustomizeError(`Invalid Input: namespace is blank for resource ${JSON.stringify(idString(r.curId()))}`, at.file, at.range);
    }
  }
}

/**
 * `walkAll`: every entry walked for every referrer, as kustomize does, instead
 * of only the entries with a renamed target unless a referrer looks misshapen
 * (the same result, more time: test/kustomize-engine/nameReferenceShapes.test.ts
 * compares the two).
 */
export function fixNameReferences(resources: Resource[], nameRefs: readonly NameRefSpec[], walkAll = false): void {
  // kustomize reads every resource's original id first (determineFilters: OrgId, PrevIds).
  const broken = resources.find((r) => r.prevIdsUnequal);
  if (broken) throw new KustomizeError('number of previous names, number of previous namespaces, number of previous kinds not equal', broken.origin.file, broken.origin.range);
  const orgIds = new Map(resources.map((r) => [r, r.orgId()]));
  for (const r of resources) r.refBy = [];
  checkRoleBindingSubjects(resources, orgIds);
  // kustomize walks every entry for every referrer, renamed targets or not, and fails on a shape
  // its walk cannot cross: then every entry is walked here too (nameReferenceShapes.ts).
  const misshapen = walkAll || resources.some((r) => misshapenReferrer(r.obj, orgIds.get(r)!, nameRefs));
  // Only resources that were renamed can be referral targets; without any there is nothing to do.
  if (!misshapen && !resources.some((r) => r.prevIds.length)) return;
  // The fields rewritten here are references, never a resource's own name,
  // namespace or kind: the ids stay what they are now throughout.
  const ids = new Map(resources.map((r) => [r, r.curId()]));
  const subsets = new Map<Resource, Resource[]>();
  const subsetFor = (r: Resource): Resource[] => {
    let c = subsets.get(r);
    if (!c) subsets.set(r, (c = couldBeReferenced(resources, r, ids)));
    return c;
  };
  // Only the nameRef entries with a renamed resource of their target kind can change anything
  // (all of them when a referrer is misshapen: the walk must fail where kustomize's does).
  // Each entry's target and its field specs as walked (no gvk: the referrer was chosen already) made
  // once, not for every referrer.
  const live = (misshapen ? nameRefs : nameRefs.filter((ref) => resources.some((r) => r.prevIds.some((id) => isSelected(id, ref)))))
    .map((ref) => ({ target: { group: ref.group, version: ref.version, kind: ref.kind } as Gvk, specs: ref.fieldSpecs.map((fs) => ({ fs, any: { path: fs.path } as FieldSpec })) }));
  // kustomize runs every filter of one referrer (nameRef entries, then their
  // field specs, in table order) before the next referrer; the referrers come
  // from a Go map, in no fixed order: here, in resource order. The order shows
  // only in an ambiguous reference's message (the refBy each candidate got so far).
  for (const referrer of resources) {
    const orgId = orgIds.get(referrer)!;
    // One context (and visitor) per referrer, pointed at each entry and field spec in turn:
    // nothing keeps it past the walk, and most field specs find nothing.
    let ctx: Ctx | undefined;
    let visit: ((container: Obj, key: string) => void) | undefined;
    for (const { target, specs } of live) {
      for (const { fs, any } of specs) {
        // Referrers are chosen by their ORIGINAL id (kustomize determineFilters).
        if (!isSelected(orgId, fs)) continue;
        if (!ctx) {
          const c: Ctx = {
            referrer,
            ids,
            target,
            path: fs.path,
            candidates: () => subsetFor(referrer),
          };
          ctx = c;
          visit = (container, key) => set(c, container, key);
        }
        ctx.target = target;
        ctx.path = fs.path;
        try {
          walkFieldSpec(referrer.obj, any, undefined, visit!, referrer.origin.file);
        } catch (e) {
          if (!(e instanceof KustomizeError)) throw e;
          // nameref.Filter.run around fieldspec.Filter, in kustomize's words (kubectl prints it without its final line break).
          const message = `updating name reference in '${fs.path}' field of '${idString(referrer.curId())}': ${e.message}`;
          // At the referrer's document when the walk knows no better place.
          throw new KustomizeError(message.replace(/\n$/, ''), e.file, e.range ?? (e.file === referrer.origin.file ? referrer.origin.range : undefined));
        }
      }
    }
  }
}
