// Exact copies of built resources (the build memo hands each render its own):
// the data with every mark the engine keeps on it (values.ts cloneExact,
// aliases.ts sharing) and every bookkeeping field of Resource.
import { copySharing, hasSharing } from './aliases';
import { Resource, type ResId } from './resource';
import { cloneExact } from './values';

/** Copies of `list`; nothing in them is shared with the originals but immutable values (origins, strings). */
export function copyResources(list: readonly Resource[]): Resource[] {
  const pairs = new Map<object, object>();
  const out = list.map((r) => copyResource(r, pairs));
  // Label sharing spans containers of one resource: remapped once over all of them.
  copySharing(pairs);
  return out;
}

const noSharing = (): boolean => false;

function copyResource(r: Resource, pairs: Map<object, object>): Resource {
  // Without shared nodes (Resource.sharing) no container of the copy needs its sharing carried over.
  const out = new Resource(cloneExact(r.obj, pairs, r.sharing ? hasSharing : noSharing), r.origin);
  // Every own field, so one added to Resource later is carried too: arrays
  // (prefixes, transformations …) are copied as transformers append to them;
  // ids are copied, other values (origins, strings, flags) are never mutated.
  const src = r as unknown as Record<string, unknown>;
  const dst = out as unknown as Record<string, unknown>;
  for (const key of Object.keys(src)) {
    if (key === 'obj' || key === 'origin') continue;
    const v = src[key];
    if (key === 'prevIds') dst[key] = (v as ResId[]).map((id) => ({ ...id }));
    else dst[key] = Array.isArray(v) ? [...(v as unknown[])] : v;
  }
  return out;
}
