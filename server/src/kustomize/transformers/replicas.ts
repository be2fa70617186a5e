// `replicas` (kustomize ReplicaCountTransformer): spec.replicas of the
// Deployments/ReplicationControllers/ReplicaSets/StatefulSets with that name.
import { KustomizeError } from '../errors';
import { builtinSpecs, specMatches, walkFieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import { gvkString, type Resource } from '../resource';
import { setField } from '../values';
import { DEFAULT_ORDER_FIRST } from './sort';

export function applyReplicas(resources: Resource[], name: string, count: number, origin: Origin, entry: Origin = origin): void {
  let found = false;
  const specs = builtinSpecs().replicas;
  for (const fs of specs) {
    // The spec's kind first (most resources fail it), then the current and previous names.
    const matched = resources.filter((r) => specMatches(fs, r.obj) && (r.name === name || r.prevIds.some((id) => id.name === name)));
    if (matched.length) found = true;
    for (const r of matched) walkFieldSpec(r.obj, fs, 'scalar', (c, k) => setField(c, k, count, origin));
  }
  if (!found) {
    // kustomize sorts its field specs by Gvk.IsLessThan (legacy kind order, then the GVK string).
    const rank = (k: string) => (DEFAULT_ORDER_FIRST.includes(k) ? DEFAULT_ORDER_FIRST.indexOf(k) - DEFAULT_ORDER_FIRST.length : 0);
    const gvks = specs
      .map((s) => ({ kind: s.kind ?? '', str: gvkString({ group: s.group ?? '', version: s.version ?? '', kind: s.kind ?? '' }) }))
      .sort((a, b) => rank(a.kind) - rank(b.kind) || (a.str < b.str ? -1 : a.str > b.str ? 1 : 0))
      .map((g) => g.str);
    throw new KustomizeError(
      `resource with name ${name} does not match a config with the following GVK [${gvks.join(' ')}]`,
      entry.file,
      entry.range,
    );
  }
}
