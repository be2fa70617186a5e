// `commonAnnotations` (kustomize AnnotationsTransformer): metadata and pod templates.
import { builtinSpecs, walkFieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import type { Resource } from '../resource';
import { isObj, setField, type Obj } from '../values';

export function applyAnnotations(
  resources: Resource[],
  pairs: Record<string, string>,
  origins: Record<string, Origin>,
  file: string,
): void {
  for (const r of resources) {
    for (const fs of builtinSpecs().commonAnnotations) {
      walkFieldSpec(
        r.obj,
        fs,
        'map',
        (container, key) => {
          if (!isObj(container[key])) container[key] = {};
          const m = container[key] as Obj;
          for (const [k, v] of Object.entries(pairs)) setField(m, k, v, origins[k]);
        },
        file,
      );
    }
  }
}
