// Effective security settings of a container: the container's securityContext
// overrides the pod's for the fields both define.
import type { PathSegment } from '../../kustomize/model';
import { get, type ContainerRef, type PodTemplate } from './index-resources';

/** Value and path of a securityContext field, container first, then pod. */
export function effective(t: PodTemplate, c: ContainerRef, field: string): { value: unknown; path?: PathSegment[] } {
  const own = get(c.container, ['securityContext', field]);
  if (own !== undefined) return { value: own, path: [...c.path, 'securityContext', field] };
  const pod = get(t.spec, ['securityContext', field]);
  if (pod !== undefined) return { value: pod, path: [...t.specPath, 'securityContext', field] };
  return { value: undefined };
}
