// Name references (kustomize NameReferenceTransformer): when a ConfigMap,
// Secret, Service, ServiceAccount, PVC, … was renamed (prefix, suffix, hash),
// every field that refers to it by name (volumes, envFrom, valueFrom,
// projected sources, Ingress backends, RBAC subjects/roleRef, HPA targets, …;
// the table is kustomize's own) is rewritten to the new name.
import { builtinSpecs, specMatches, walkFieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import { effectiveNs, isClusterScoped, type Resource } from '../resource';
import { isObj, noteOrigin, type Obj } from '../values';

function candidatesFor(targets: Resource[], oldName: string, referrer: Resource): Resource[] {
  const named = targets.filter((t) => t.prevIds.some((id) => id.name === oldName) || t.name === oldName);
  if (named.length <= 1) return named;
  const refNs = effectiveNs(referrer.curId());
  const sameNs = named.filter((t) => isClusterScoped(t.kind) || effectiveNs(t.curId()) === refNs);
  return sameNs.length ? sameNs : named;
}

export function fixNameReferences(resources: Resource[]): void {
  for (const ref of builtinSpecs().nameReference) {
    const targets = resources.filter((r) => specMatches(ref, r.obj) && r.prevIds.length > 0);
    if (!targets.length) continue;
    for (const referrer of resources) {
      for (const fs of ref.fieldSpecs) {
        walkFieldSpec(referrer.obj, fs, undefined, (container, key) => {
          const v = container[key];
          const rewrite = (old: string): { name: string; origin: Origin } | undefined => {
            const c = candidatesFor(targets, old, referrer);
            if (c.length === 0) return undefined;
            const names = new Set(c.map((t) => t.name));
            if (names.size !== 1) return undefined;
            const t = c[0]!;
            const origin = t.origin;
            return { name: t.name, origin: { ...origin, by: 'nameReference' } };
          };
          if (typeof v === 'string') {
            const r = rewrite(v);
            if (r && r.name !== v) {
              container[key] = r.name;
              noteOrigin(container, key, r.origin);
            }
          } else if (Array.isArray(v)) {
            v.forEach((x, i) => {
              if (typeof x !== 'string') return;
              const r = rewrite(x);
              if (r && r.name !== x) {
                v[i] = r.name;
                noteOrigin(v, i, r.origin);
              }
            });
          } else if (isObj(v) && typeof v.name === 'string') {
            const r = rewrite(v.name);
            if (r && r.name !== v.name) {
              (v as Obj).name = r.name;
              noteOrigin(v, 'name', r.origin);
            }
          }
        });
      }
    }
  }
}
