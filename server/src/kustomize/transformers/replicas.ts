// `replicas` (kustomize ReplicaCountTransformer): spec.replicas of the
// Deployments/ReplicationControllers/ReplicaSets/StatefulSets with that name.
import { KustomizeError } from '../errors';
import { builtinSpecs, specMatches, walkFieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import { gvkString, type Resource } from '../resource';
import { setField } from '../values';

export function applyReplicas(resources: Resource[], name: string, count: number, origin: Origin): void {
  let found = false;
  const specs = builtinSpecs().replicas;
  for (const fs of specs) {
    const matched = resources.filter(
      (r) => r.allIds().some((id) => id.name === name) && specMatches(fs, r.obj),
    );
    if (matched.length) found = true;
    for (const r of matched) walkFieldSpec(r.obj, fs, 'scalar', (c, k) => setField(c, k, count, origin));
  }
  if (!found) {
    const gvks = specs.map((s) => gvkString({ group: s.group ?? '', version: s.version ?? '', kind: s.kind ?? '' }));
    throw new KustomizeError(
      `resource with name ${name} does not match a config with the following GVK [${gvks.join(' ')}]`,
      origin.file,
      origin.range,
    );
  }
}
