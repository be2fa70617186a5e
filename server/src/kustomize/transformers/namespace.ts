// NamespaceTransformer (kustomize's api/filters/namespace): metadata.namespace
// of every namespaced object, RoleBinding subjects by mode (named "default",
// every ServiceAccount, none), and every location of the `namespace` field
// specs (the name of a v1 Namespace, APIService and CRD webhook services, and
// what `configurations`/plugin configs add). `unsetOnly` fills empty fields only.
import { walkFieldSpec, type FieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import { KustomizeError } from '../errors';
import { idEquals, isClusterScoped, type Resource } from '../resource';
import { isObj, setField, type Obj, type Value } from '../values';
import { resourceString } from '../goResource';

export type SubjectMode = 'defaultOnly' | 'allServiceAccounts' | 'none';

export interface NamespaceOptions {
  fieldSpecs: readonly FieldSpec[];
  unsetOnly?: boolean;
  setRoleBindingSubjects?: SubjectMode;
}

const isRoleBinding = (kind: string | undefined): boolean => kind === 'RoleBinding' || kind === 'ClusterRoleBinding';

/** filtersutil.hasExistingValue: a non-empty scalar is kept by `unsetOnly`. */
const hasValue = (v: Value | undefined): boolean =>
  v !== undefined && v !== null && !(typeof v === 'string' && v === '') && !(Array.isArray(v) && v.length === 0) && !(isObj(v) && Object.keys(v).length === 0);

export function applyNamespace(resources: Resource[], ns: string, origin: Origin, opts: NamespaceOptions): void {
  const set = (c: Obj, k: string): void => {
    if (opts.unsetOnly && hasValue(c[k])) return;
    setField(c, k, ns, origin);
  };
  for (const r of resources) {
    // kustomize's NamespaceTransformer records every resource's id, changed or not.
    r.storePreviousId();
    const before = r.curId();
    const kind = r.kind;
    const apiVersion = r.obj.apiVersion;
    let specs = opts.fieldSpecs.filter((fs) => fs.path !== 'metadata/namespace' && !(apiVersion !== 'v1' && fs.path === 'metadata/name'));
    if (!isClusterScoped(before)) set(r.meta, 'namespace');
    if (isRoleBinding(kind)) {
      specs = specs.filter((fs) => !(isRoleBinding(fs.kind) && fs.path === 'subjects/namespace'));
      const mode = opts.setRoleBindingSubjects ?? 'defaultOnly';
      const subjects = r.obj.subjects;
      if (mode !== 'none' && Array.isArray(subjects)) {
        for (const s of subjects) {
          if (!isObj(s)) continue;
          if (mode === 'defaultOnly' ? s.name === 'default' : s.kind === 'ServiceAccount') set(s, 'namespace');
        }
      }
    }
    for (const fs of specs) walkFieldSpec(r.obj, fs, 'scalar', set, r.origin.file);
    // kustomize checks after each resource that its new id is still unique
    // (an unchanged id cannot have become a duplicate by this resource).
    const id = r.curId();
    // Name and kind, part of the id, compared first: no id built for most resources.
    const same = idEquals(before, id) ? [r] : resources.filter((x) => x.name === id.name && x.kind === id.kind && idEquals(x.curId(), id));
    if (same.length !== 1) {
      // Go's %+v of the matching resources: each one's String(), build annotations included.
      throw new KustomizeError(`namespace transformation produces ID conflict: [${same.map(resourceString).join(' ')}]`, origin.file, origin.range);
    }
  }
}
