// How kustomize prints a plugin's configuration in its messages
// (`trouble configuring builtin X with config: ...`): sigs.k8s.io/yaml's Marshal.
import { isObj, type Obj, type Value } from './values';
import { emitYamlV2 } from './yaml/emit';

/** Go's sigs.k8s.io/yaml Marshal: JSON, then YAML with every map's keys sorted. */
export function goYaml(v: Value): string {
  const sorted = (x: Value): Value => {
    if (Array.isArray(x)) return x.map(sorted);
    if (!isObj(x)) return x;
    const out: Obj = {};
    for (const k of Object.keys(x).sort()) out[k] = sorted(x[k]!);
    return out;
  };
  return emitYamlV2(sorted(v));
}
