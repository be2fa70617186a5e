// `replicas` (kustomize ReplicaCountTransformer): spec.replicas of the
// Deployments/ReplicationControllers/ReplicaSets/StatefulSets with that name.
import { KustomizeError } from '../errors';
import { specMatches, walkFieldSpec, type FieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import { gvkString, type Resource } from '../resource';
import { setField } from '../values';

export function applyReplicas(resources: Resource[], name: string, count: number, specs: readonly FieldSpec[], origin: Origin, entry: Origin = origin): void {
  let found = false;
  for (const fs of specs) {
    // The spec's kind first (most resources fail it), then the current and previous names.
    const matched = resources.filter((r) => specMatches(fs, r.obj) && (r.name === name || r.prevIds.some((id) => id.name === name)));
    if (matched.length) found = true;
    for (const r of matched) walkFieldSpec(r.obj, fs, 'scalar', (c, k) => setField(c, k, count, origin));
  }
  if (!found) {
    // In the order of the field specs (a kustomization's are sorted by Gvk.IsLessThan, see transformerConfig.ts).
    const gvks = specs.map((s) => gvkString({ group: s.group ?? '', version: s.version ?? '', kind: s.kind ?? '' }));
    throw new KustomizeError(
      `resource with name ${name} does not match a config with the following GVK [${gvks.join(' ')}]`,
      entry.file,
      entry.range,
    );
  }
}
