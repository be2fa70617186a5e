// `namePrefix` / `nameSuffix` (kustomize Prefix/SuffixTransformer): metadata.name
// of every object except CRDs, APIServices and Namespaces.
import type { Origin } from '../model';
import type { Resource } from '../resource';
import { markUntagged, setField } from '../values';

export function applyPrefixSuffix(resources: Resource[], prefix: string, suffix: string, origin: Origin): void {
  for (const r of resources) {
    const id = r.orgId();
    if (id.kind === 'CustomResourceDefinition' || id.kind === 'Namespace') continue;
    if (id.kind === 'APIService' && id.group === 'apiregistration.k8s.io') continue;
    if (prefix) r.prefixes.push(prefix);
    if (suffix) r.suffixes.push(suffix);
    r.storePreviousId();
    setField(r.meta, 'name', `${prefix}${r.name}${suffix}`, origin);
    markUntagged(r.meta, 'name');
  }
}
