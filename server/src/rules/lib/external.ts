// References satisfied outside the manifests: objects listed in the project
// facts (`externalObjects`), e.g. a ClusterIssuer installed with cert-manager.
import type { Facts } from '../../config/types';
import type { ResourceIndex } from './index-resources';

export function isExternal(facts: Facts, kind: string, name: string, namespace?: string): boolean {
  return facts.externalObjects.some((o) => o.kind === kind && o.name === name && (!o.namespace || !namespace || o.namespace === namespace));
}

/** Defined in the rendered set or declared external. */
export function exists(index: ResourceIndex, facts: Facts, kind: string, name: string, namespace: string): boolean {
  return index.find(kind, name, namespace) !== undefined || isExternal(facts, kind, name, namespace);
}
