// The ordered list of resources of a build, with kustomize's id rules.
import { KustomizeError } from './errors';
import { idEquals, idString, type ResId, type Resource } from './resource';

export class ResMap {
  list: Resource[] = [];

  append(r: Resource, file = ''): void {
    const id = r.curId();
    if (this.list.some((x) => hasCurrentId(x, id))) {
      throw new KustomizeError(`may not add resource with an already registered id: ${idString(id)}`, file || r.origin.file, file ? undefined : r.origin.range);
    }
    this.list.push(r);
  }

  appendAll(other: Resource[], file = ''): void {
    // The ids of the list cannot change while appending: compute them once
    // (append() alone recomputes every id for every resource added).
    const ids = this.list.map((x) => x.curId());
    for (const r of other) {
      const id = r.curId();
      if (ids.some((x) => idEquals(x, id))) {
        throw new KustomizeError(`may not add resource with an already registered id: ${idString(id)}`, file || r.origin.file, file ? undefined : r.origin.range);
      }
      this.list.push(r);
      ids.push(id);
    }
  }

  /** Resources any of whose ids (current or previous) equal `id`. */
  byAnyId(id: ResId): Resource[] {
    return this.list.filter((r) => r.prevIds.some((x) => idEquals(x, id)) || hasCurrentId(r, id));
  }

  byCurrentId(id: ResId): Resource[] {
    return this.list.filter((r) => hasCurrentId(r, id));
  }

  remove(r: Resource): void {
    const i = this.list.indexOf(r);
    if (i >= 0) this.list.splice(i, 1);
  }

  replace(old: Resource, r: Resource): void {
    const i = this.list.indexOf(old);
    if (i >= 0) this.list[i] = r;
  }
}

/**
 * idEquals(r.curId(), id), without building the id of every resource a
 * lookup passes over (patches and appends scan the whole list): name and
 * kind, part of the id, are compared first.
 */
function hasCurrentId(r: Resource, id: ResId): boolean {
  return r.name === id.name && r.kind === id.kind && idEquals(r.curId(), id);
}
