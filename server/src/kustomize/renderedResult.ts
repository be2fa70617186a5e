// A render's resources as its consumers read them (model.ts): the object and,
// for any path in it, where the value there was set.
import type { Origin, PathSegment, RenderResult, RenderedResource } from './model';
import { originsAt, type Obj, type Value } from './values';
import { emitYamlV2 } from './yaml/emit';

function originWalk(obj: Obj, path: PathSegment[]): Origin[][] {
  const found: Origin[][] = [];
  let cur: Value = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') break;
    const os = originsAt(cur, seg);
    found.push(os ?? []);
    cur = (Array.isArray(cur) ? cur[seg as number] : (cur as Obj)[seg as string]) as Value;
    if (cur === undefined) break;
  }
  return found;
}

/** A rendered object with its origins as consumers read them (model.ts). */
export function renderedObject(obj: Obj, origin: Origin): RenderedResource {
  return {
    object: obj,
    origin,
    originOf(path) {
      const levels = originWalk(obj, path);
      for (let i = levels.length - 1; i >= 0; i--) {
        const os = levels[i]!;
        if (os.length) return os[os.length - 1];
      }
      return origin;
    },
    historyOf(path) {
      const levels = originWalk(obj, path);
      for (let i = levels.length - 1; i >= 0; i--) if (levels[i]!.length) return [...levels[i]!];
      return [origin];
    },
  };
}

/** The resources as `kustomize build` prints them (RenderResult.toYaml). */
export function resourcesYaml(resources: RenderedResource[]): string {
  return resources.map((r) => emitYamlV2(r.object as Value)).join('---\n');
}

/** `result` with other resources (in kustomize's output order), printed from them. */
export function withResources<R extends RenderResult>(result: R, resources: RenderedResource[]): R {
  return { ...result, resources, toYaml: () => resourcesYaml(resources) };
}
