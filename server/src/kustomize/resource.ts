// A resource being built: its data, where it came from, and the bookkeeping
// kustomize keeps in build annotations (previous ids for name references,
// generator behaviour and the need for a hash suffix).
import type { Origin } from './model';
import { parseGroupVersion } from './fieldspecs';
import { isClusterScoped } from './openapi/clusterScoped';
import { isObj, type Obj } from './values';

export interface ResId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

export { isClusterScoped } from './openapi/clusterScoped';

export function effectiveNs(id: ResId): string {
  if (isClusterScoped(id)) return '_non_namespaceable_';
  return id.namespace === '' || id.namespace === 'default' ? 'default' : id.namespace;
}

export function idEquals(a: ResId, b: ResId): boolean {
  return (
    a.group === b.group &&
    a.version === b.version &&
    a.kind === b.kind &&
    a.name === b.name &&
    effectiveNs(a) === effectiveNs(b)
  );
}

export function gvkString(id: { group: string; version: string; kind: string }): string {
  return `${id.kind || '[noKind]'}.${id.version || '[noVer]'}.${id.group || '[noGrp]'}`;
}

export function idString(id: ResId): string {
  return `${gvkString(id)}/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

export type Behavior = 'create' | 'merge' | 'replace';

export class Resource {
  /** Ids this resource had before renames (kustomize's previousNames/Namespaces/Kinds). */
  prevIds: ResId[] = [];
  /** kustomize's three lists of previous ids no longer have one entry each (see storePreviousId). */
  prevIdsUnequal = false;
  /**
   * A JSON 6902 patch ran over it: kustomize rebuilt the object from a map, so its strings have
   * the styles goyaml.v3's encoder picks, not the source's (nodeStyle.ts).
   */
  jsonStyled = false;
  /** Name prefixes/suffixes applied so far, oldest first (kustomize's build annotations), for name references. */
  prefixes: string[] = [];
  suffixes: string[] = [];
  needsHash = false;
  /** kustomize's generatorBehavior build annotation of a generated resource (GenerationBehavior.String()). */
  generatorBehavior?: 'unspecified' | 'create' | 'merge' | 'replace';
  /** Ids (kustomize's ResId.String()) of the referrers whose name references selected this resource (refBy). */
  refBy: string[] = [];
  /** Read from a document with a collection as a mapping key (yaml/complexKey.ts): its output fails. */
  holdsComplexKey = false;
  /** buildMetadata: serialized origin (file path or generator) and transformations that ran over it. */
  buildOrigin?: string;
  transformations: string[] = [];
  behavior?: Behavior;
  allowNameChange = false;
  allowKindChange = false;
  /** Names of the vars bound to this resource (kustomize's AppendRefVarName). */
  refVarNames: string[] = [];
  /**
   * Some containers of `obj` may share value nodes (aliases.ts: a labels or
   * annotations transformer created a key at several places). False: none
   * does, and copies and JSON patches skip looking for them in every container.
   */
  sharing = false;

  constructor(
    public obj: Obj,
    public origin: Origin,
  ) {}

  get kind(): string {
    return typeof this.obj.kind === 'string' ? this.obj.kind : '';
  }
  get meta(): Obj {
    if (!isObj(this.obj.metadata)) this.obj.metadata = {};
    return this.obj.metadata as Obj;
  }
  get name(): string {
    const md = this.obj.metadata;
    return isObj(md) && typeof md.name === 'string' ? md.name : '';
  }
  get namespace(): string {
    const md = this.obj.metadata;
    return isObj(md) && typeof md.namespace === 'string' ? md.namespace : '';
  }

  curId(): ResId {
    const { group, version } = parseGroupVersion(typeof this.obj.apiVersion === 'string' ? this.obj.apiVersion : '');
    return { group, version, kind: this.kind, name: this.name, namespace: this.namespace };
  }

  /** The id this resource had when it was first read. */
  orgId(): ResId {
    return this.prevIds[0] ?? this.curId();
  }

  /** Remember the current id before a transformer renames the resource. */
  storePreviousId(): void {
    // kustomize stores the effective namespace ('default' for none, a marker for cluster-scoped kinds).
    const id = this.curId();
    const namespace = effectiveNs(id);
    this.prevIds.push({ ...id, namespace });
    // kustomize keeps them as three comma-separated annotations and skips an empty value
    // (appendCsvAnnotation): an empty name or kind, or a comma in one part, leaves the three
    // lists of unequal length, and kustomize panics when it next reads them (PrevIds).
    const parts = (v: string) => (v === '' ? 0 : v.split(',').length);
    const n = parts(id.name);
    if (n !== parts(id.kind) || n !== parts(namespace)) this.prevIdsUnequal = true;
  }

  allIds(): ResId[] {
    return [...this.prevIds, this.curId()];
  }
}
