// `replicas` (kustomize ReplicaCountTransformer): spec.replicas of the
// Deployments/ReplicationControllers/ReplicaSets/StatefulSets with that name.
import { KustomizeError } from '../errors';
import { specMatches, walkFieldSpec, type FieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import { gvkString, type Resource } from '../resource';
import { setField } from '../values';
import { styledNow } from '../nodeStyle';

export function applyReplicas(resources: Resource[], name: string, count: number, specs: readonly FieldSpec[], origin: Origin, entry: Origin = origin): void {
  let found = false;
  for (const fs of specs) {
    // kustomize's matcher: some id of the resource (current or previous) has the name and a
    // kind the spec selects; the spec is then applied only if the object's current kind is one
    // it selects (walkFieldSpec), so a resource a patch turned into another kind counts as
    // found but is left as it is.
    const matched = resources.filter(
      (r) => (r.name === name && specMatches(fs, r.obj)) || r.prevIds.some((id) => id.name === name && specMatches(fs, { kind: id.kind, apiVersion: id.group ? `${id.group}/${id.version}` : id.version })),
    );
    if (matched.length) found = true;
    // FieldSetter gives the count the style of the node it replaces: over a quoted or block
    // string (nodeStyle.ts) it is printed quoted, strconv.FormatInt's text.
    for (const r of matched) walkFieldSpec(r.obj, fs, 'scalar', (c, k) => setField(c, k, styledNow(c, k, r.jsonStyled) ? String(count) : count, origin));
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
