// Where a cluster rejection belongs in the sources: the rendered object it
// names, then the line that set the field its message (or its causes) points
// at, through the render's origins — the same mapping `thebot dry-run` prints
// (client/src/cluster/objects.ts). Protocol-agnostic: resources in, origins out.
import { originForMessage } from '../../../client/src/cluster/objects';
import type { RenderedResource } from '../kustomize/model';
import type { ClusterRejection, LocateRejectionsResult, OriginInfo } from '../protocol';

function find(resources: RenderedResource[], defaultNamespace: string, r: ClusterRejection): RenderedResource | undefined {
  const meta = (o: RenderedResource) => (o.object.metadata ?? {}) as { name?: string; namespace?: string };
  const same = (o: RenderedResource) => o.object.kind === r.kind && meta(o).name === r.name;
  // The cluster reports the namespace the object was sent to (defaulted to the environment's).
  return (
    resources.find((o) => same(o) && (meta(o).namespace || defaultNamespace) === (r.namespace ?? defaultNamespace)) ??
    resources.find((o) => same(o) && (!r.apiVersion || o.object.apiVersion === r.apiVersion))
  );
}

export function locateRejections(resources: RenderedResource[], defaultNamespace: string, rejections: ClusterRejection[]): LocateRejectionsResult {
  return rejections.map((r): OriginInfo | null => {
    const resource = find(resources, defaultNamespace, r);
    if (!resource) return null;
    const o = originForMessage(resource, r.message, r.fields ?? []) ?? resource.origin;
    return { file: o.file, range: o.range, by: o.by };
  });
}
