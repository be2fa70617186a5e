// `namespace` (kustomize NamespaceTransformer): metadata.namespace of every
// namespaced object, the name of a v1 Namespace, the namespace of
// (Cluster)RoleBinding subjects named "default", and the extra field specs.
import { builtinSpecs, walkFieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import { KustomizeError } from '../errors';
import { idEquals, isClusterScoped, type Resource } from '../resource';
import { isObj, setField } from '../values';

export function applyNamespace(resources: Resource[], ns: string, origin: Origin): void {
  for (const r of resources) {
    // kustomize's NamespaceTransformer records every resource's id, changed or not.
    r.storePreviousId();
    const before = r.curId();
    const kind = r.kind;
    if (!isClusterScoped(before)) setField(r.meta, 'namespace', ns, origin);
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      const subjects = r.obj.subjects;
      if (Array.isArray(subjects)) {
        for (const s of subjects) if (isObj(s) && s.name === 'default') setField(s, 'namespace', ns, origin);
      }
    }
    for (const fs of builtinSpecs().namespace) {
      if (fs.path === 'metadata/name' && r.obj.apiVersion !== 'v1') continue;
      walkFieldSpec(r.obj, fs, 'scalar', (c, k) => setField(c, k, ns, origin));
    }
    // kustomize checks after each resource that its new id is still unique
    // (an unchanged id cannot have become a duplicate by this resource).
    const id = r.curId();
    // Name and kind, part of the id, compared first: no id built for most resources.
    const same = idEquals(before, id) ? [r] : resources.filter((x) => x.name === id.name && x.kind === id.kind && idEquals(x.curId(), id));
    if (same.length !== 1) {
      throw new KustomizeError(`namespace transformation produces ID conflict: [${same.map((x) => JSON.stringify(x.obj)).join(' ')}]`, origin.file, origin.range);
    }
  }
}
