// The engine works on plain JSON data (what kustomize prints after its JSON
// round trip) and keeps origins beside it: each container object/array maps
// its keys (or indexes) to the history of origins of the value stored there.
// The map is attached to its container (a private field, below), so origins
// stay with values when transformers move whole subtrees (e.g. strategic-merge
// list reordering). What the direct decoder reads keeps only where each value
// was (NoteLog) until an origin of that container is asked for.
import type { Origin, PathSegment } from './model';

export type Value = null | boolean | number | bigint | string | Value[] | Obj;
export interface Obj {
  [key: string]: Value;
}

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * obj[key] = v for a key read from a document: a key named `__proto__` is
 * stored as a field (kustomize prints it) instead of replacing the object's
 * prototype. Later plain assignments then write that own field.
 */
export function put(obj: Obj, key: string, v: Value): void {
  if (key === '__proto__' && !Object.hasOwn(obj, key)) Object.defineProperty(obj, key, { value: v, writable: true, enumerable: true, configurable: true });
  else obj[key] = v;
}

/** obj[key] when the document has that field: never Object.prototype's `constructor`, `toString`, … */
export const own = (obj: Obj, key: string): Value | undefined => (Object.hasOwn(obj, key) ? obj[key] : undefined);

// The origin map lives in a private field stamped onto its container (a base
// class whose constructor returns the container it is given): invisible to
// Object.keys, spread, JSON, node's deepStrictEqual and the emitter like a
// WeakMap entry, without a WeakMap's insertion and garbage-collection
// (ephemeron) costs, which dominated warm renders (every render clones its
// inputs), and several times cheaper to add than a non-enumerable symbol
// property (Object.defineProperty was the largest cost of a clone).
/** Origin maps shared by a copy and its source are copied before a write (copy-on-write). */
class OriginMap extends Map<PathSegment, Origin[]> {
  shared = false;
  /**
   * The keys of the container whose value was written empty (markEmptyNull).
   * Kept here rather than as a property of the container: an exact copy
   * shares them as it shares the origins, and finding them costs no
   * property lookup of its own on each copied container (such a lookup, by
   * a symbol every object lacks, on objects of every shape, was a tenth of
   * the cost of copying the base for each environment).
   */
  emptyNulls: Set<PathSegment> | undefined = undefined;
  /** The keys of the container whose string value was written quoted or as a block scalar (markStyled). */
  styled: Set<PathSegment> | undefined = undefined;
}

class Stamped {
  constructor(container: object) {
    return container as Stamped;
  }
}

class OriginsField extends Stamped {
  #origins: OriginMap | PendingOrigins;
  private constructor(container: object, m: OriginMap | PendingOrigins) {
    super(container);
    this.#origins = m;
  }

  /** The origins as stored: a map, or the decoder's positions not yet turned into one. */
  static raw(container: object): OriginMap | PendingOrigins | undefined {
    return #origins in container ? (container as OriginsField).#origins : undefined;
  }

  static set(container: object, m: OriginMap | PendingOrigins): void {
    if (#origins in container) (container as OriginsField).#origins = m;
    else new OriginsField(container, m);
  }

  /** set() on a container known to have no origins yet (a copy being made). */
  static setNew(container: object, m: OriginMap | PendingOrigins): void {
    new OriginsField(container, m);
  }
}

/**
 * The lines of a text a decoder read (one document's chunk): enough to turn an
 * offset into the file's line and character when an origin is first asked for.
 */
export interface SourceLines {
  file: string;
  /** Offset of each line's start in the decoded text. */
  lineStarts: readonly number[];
  /** The file's line number of the text's first line. */
  firstLine: number;
}

/**
 * The origins a decoder noted while reading one text, made into Origin objects
 * only when something asks for a container's (values.ts mapOf): a render mostly
 * asks for a few (a finding's line, a field a transformer writes), and the Origin,
 * Range and position objects of every key of a large CRD's schema, each in a Map
 * per container, were 40% of the CPU of rendering kubeflow's kserve (`thebot
 * render`: 1.15-1.36 s with them made as read, 0.74-0.75 s with none made at all)
 * and most of its garbage collection. Per noted key: the key, its value's start and
 * end offsets, and the index of the same container's next note (-1 at the last), so
 * a container keeps two indexes into this log rather than arrays of its own.
 */
export class NoteLog {
  readonly keys: PathSegment[] = [];
  /** start, end, next: three per note. */
  readonly nums: number[] = [];
  constructor(
    readonly lines: SourceLines,
    readonly by: string,
  ) {}

  origin(i: number): Origin {
    const nums = this.nums;
    return { file: this.lines.file, range: { start: linePosition(this.lines, nums[3 * i]!), end: linePosition(this.lines, nums[3 * i + 1]!) }, by: this.by };
  }
}

/** A container's notes in a NoteLog, not made into its OriginMap yet. Shared by copies as a map is (copy-on-write); never changed once shared. */
class PendingOrigins {
  tail: number;
  emptyNulls: Set<PathSegment> | undefined = undefined;
  styled: Set<PathSegment> | undefined = undefined;
  shared = false;
  /** The map made of it, once asked (every container sharing it gets that one map). */
  map: OriginMap | undefined = undefined;
  constructor(
    readonly log: NoteLog,
    readonly head: number,
  ) {
    this.tail = head;
  }
}

/** The index of the line holding offset `off` among the first `end` line starts (a binary search). */
export function lineIndex(starts: readonly number[], off: number, end = starts.length): number {
  let low = 0;
  let high = end;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (off < starts[mid]!) high = mid;
    else low = mid + 1;
  }
  return low - 1;
}

function linePosition(lines: SourceLines, off: number): { line: number; character: number } {
  const k = lineIndex(lines.lineStarts, off);
  return { line: k + lines.firstLine, character: off - lines.lineStarts[k]! };
}

function materialize(p: PendingOrigins): OriginMap {
  const m = new OriginMap();
  const { log } = p;
  for (let i = p.head; i >= 0; i = log.nums[3 * i + 2]!) {
    const key = log.keys[i]!;
    const origin = log.origin(i);
    const prev = m.get(key);
    m.set(key, prev ? [...prev, origin] : [origin]);
  }
  m.emptyNulls = p.emptyNulls;
  m.styled = p.styled;
  m.shared = p.shared;
  return m;
}

/**
 * A decoder's noteOrigin: `container[key]`'s value was read from offsets `start`
 * to `end` of the log's text; its Origin is made when first asked for.
 */
export function noteReadAt(container: object, key: PathSegment, log: NoteLog | undefined, start: number, end: number): void {
  // No log: a decode whose values need no positions (RenderCache's `origins: false`).
  if (log === undefined) return;
  const i = log.keys.length;
  log.keys.push(key);
  log.nums.push(start, end, -1);
  const p = OriginsField.raw(container);
  if (p === undefined) OriginsField.setNew(container, new PendingOrigins(log, i));
  else if (p instanceof PendingOrigins && !p.shared && p.map === undefined && p.log === log) {
    log.nums[3 * p.tail + 2] = i;
    p.tail = i;
  } else noteOrigin(container, key, log.origin(i));
}

function mapOf(container: object): OriginMap | undefined {
  const raw = OriginsField.raw(container);
  if (!(raw instanceof PendingOrigins)) return raw;
  const m = raw.map ?? (raw.map = materialize(raw));
  OriginsField.set(container, m);
  return m;
}

const attach = (container: object, m: OriginMap): void => OriginsField.set(container, m);

/** The origin map of `container`, ready to be written (unshared, created if missing). */
function writable(container: object): OriginMap {
  let m = mapOf(container);
  if (!m) attach(container, (m = new OriginMap()));
  else if (m.shared) attach(container, (m = copyOf(m)));
  return m;
}

/**
 * An unshared copy of `m`. Not `new OriginMap(m)`: a Map subclass's constructor
 * takes V8's generic path and allocates an entry array per key through the
 * iterator; copy-on-write copies run for most containers a transformer writes.
 */
function copyOf(m: OriginMap): OriginMap {
  const n = new OriginMap();
  m.forEach(copyEntry, n);
  n.emptyNulls = m.emptyNulls;
  n.styled = m.styled;
  return n;
}

function copyEntry(this: OriginMap, os: Origin[], key: PathSegment): void {
  this.set(key, os);
}

export function originsAt(container: object, key: PathSegment): Origin[] | undefined {
  return mapOf(container)?.get(key);
}

/** Record that `origin` (re)set the value at container[key]; keeps the older history. */
export function noteOrigin(container: object, key: PathSegment, origin: Origin | undefined, replace = false): void {
  if (!origin) return;
  const m = writable(container);
  const prev = replace ? undefined : m.get(key);
  m.set(key, prev ? [...prev, origin] : [origin]);
}

export function setOrigins(container: object, key: PathSegment, origins: Origin[] | undefined): void {
  if (!origins || origins.length === 0) return;
  writable(container).set(key, origins);
}

/** Set container[key] = value and record who did it. */
export function setField(container: Obj, key: string, value: Value, origin: Origin | undefined): void {
  put(container, key, value);
  noteOrigin(container, key, origin);
}

// `key:` with no value at all is null like `~`, but kyaml drops it when a
// strategic-merge patch walks the map without mentioning it (`~`/`null` stay).
// So does `{key: }`, which goyaml.v3 decodes as "" (the decoder's value).
// Marked with the origins (OriginMap.emptyNulls), shared by copies as they are:
// the decoder marks the containers it makes, nothing marks one afterwards.

export function markEmptyNull(container: object, key: PathSegment): void {
  const m = decoderMarks(container);
  (m.emptyNulls ??= new Set()).add(key);
}

/** Where a decoder marks a key of a container it is making (its origins not made yet, not shared). */
function decoderMarks(container: object): OriginMap | PendingOrigins {
  const raw = OriginsField.raw(container);
  return raw instanceof PendingOrigins && !raw.shared && raw.map === undefined ? raw : writable(container);
}

export function isEmptyNull(container: object, key: PathSegment): boolean {
  return OriginsField.raw(container)?.emptyNulls?.has(key) === true;
}

// kyaml keeps each node's style, and a scalar written over an existing one
// takes its style (merge2's SetStyle, FieldSetter): a number written where a
// quoted or block-scalar string was is printed quoted, and kustomize's output
// has the string (`targetPort: "http"` patched with 8443 renders "8443").
// The decoders mark such strings as they mark empty nulls (shared by copies,
// never changed after the decode); a value written later keeps the mark of the
// key, as kyaml's node keeps the old style.

export function markStyled(container: object, key: PathSegment): void {
  const m = decoderMarks(container);
  (m.styled ??= new Set()).add(key);
}

/** Whether the string at container[key] was read quoted or as a block scalar (markStyled). */
export function isStyled(container: object, key: PathSegment): boolean {
  return OriginsField.raw(container)?.styled?.has(key) === true;
}


/**
 * `copy` is a fresh copy of a decoded document (cloneValue): each value read
 * from an absent flow-mapping value (`{k: }`: goyaml.v3 decodes "", marked
 * as an empty null by the decoder) becomes null again, as the node kyaml's
 * strategic merge reads is (a patch: it deletes k).
 */
export function nullFlowEmpties(copy: Value): void {
  if (Array.isArray(copy)) copy.forEach(nullFlowEmpties);
  else if (isObj(copy)) {
    for (const k of Object.keys(copy)) {
      if (copy[k] === '' && isEmptyNull(copy, k)) copy[k] = null;
      else nullFlowEmpties(copy[k]!);
    }
  }
}

// Scalars a transformer wrote with kyaml's SetScalar (prefix/suffix, images,
// name references) carry no YAML tag, so a replacement writing "80" there
// yields the number 80, where a parsed string would stay "80".
const UNTAGGED = Symbol('untagged');
interface UntaggedHolder {
  [UNTAGGED]?: Set<PathSegment>;
}

export function markUntagged(container: object, key: PathSegment): void {
  const h = container as UntaggedHolder;
  if (!h[UNTAGGED]) Object.defineProperty(container, UNTAGGED, { value: new Set(), writable: true, configurable: true, enumerable: false });
  h[UNTAGGED]!.add(key);
}

export function isUntagged(container: object, key: PathSegment): boolean {
  return (container as UntaggedHolder)[UNTAGGED]?.has(key) === true;
}

/** Deep copy with origins; `by` relabels every origin's kind (e.g. a resource file used as a patch). */
export function cloneValue<T extends Value>(v: T, by?: string): T {
  if (Array.isArray(v)) {
    const out = v.map((x) => cloneValue(x, by)) as Value[];
    copyOrigins(v, out, by);
    return out as T;
  }
  if (isObj(v)) {
    const out: Obj = {};
    // for-in, not Object.keys: no key array per copied object (every render clones its inputs);
    // decoded objects inherit only Object.prototype, which has no enumerable keys, so the keys are the same.
    // put() only for `__proto__`: a store of the copy's own (put's is shared by every writer of every shape).
    for (const k in v) {
      if (k === '__proto__') put(out, k, cloneValue(v[k]!, by));
      else out[k] = cloneValue(v[k]!, by);
    }
    copyOrigins(v, out, by);
    return out as T;
  }
  return v;
}

/** `to` is the fresh copy of `from` (no origins of its own yet). */
function copyOrigins(from: object, to: object, by?: string): void {
  const raw = OriginsField.raw(from);
  if (raw instanceof PendingOrigins && raw.map === undefined && (!by || by === raw.log.by)) {
    // Shared unmade, as a map is shared (every origin of it says the log's `by`).
    raw.shared = true;
    OriginsField.setNew(to, raw);
    return;
  }
  const m = mapOf(from);
  if (!m) return;
  // Relabelled, every origin would equal the one it copies when each says `by` already (a
  // patch document's copies are relabelled when they are made, again for each target): shared
  // as they are then (origins are never changed).
  if (!by || saysBy(m, by)) {
    m.shared = true;
    OriginsField.setNew(to, m);
    return;
  }
  const n = new OriginMap();
  for (const [k, os] of m) n.set(k, os.map((o) => ({ ...o, by })));
  n.emptyNulls = m.emptyNulls;
  n.styled = m.styled;
  OriginsField.setNew(to, n);
}

function saysBy(m: OriginMap, by: string): boolean {
  for (const os of m.values()) for (const o of os) if (o.by !== by) return false;
  return true;
}

/**
 * Deep copy indistinguishable from the original to the engine: origins and
 * empty-null marks (shared copy-on-write, as cloneValue), untagged-scalar
 * marks (copied: transformers add to them). Each source container for which
 * `keep` holds goes into `pairs` with its copy, so the caller can carry over
 * marks kept elsewhere (aliases.ts's shared label nodes).
 */
export function cloneExact<T extends Value>(v: T, pairs: Map<object, object>, keep: (container: object) => boolean): T {
  if (v === null || typeof v !== 'object') return v;
  let out: Value[] | Obj;
  if (Array.isArray(v)) out = v.map((x) => cloneExact(x, pairs, keep));
  else {
    const o: Obj = {};
    // for-in and put() only for `__proto__`: as cloneValue
    for (const k in v) {
      if (k === '__proto__') put(o, k, cloneExact((v as Obj)[k]!, pairs, keep));
      else o[k] = cloneExact((v as Obj)[k]!, pairs, keep);
    }
    out = o;
  }
  copyOrigins(v, out);
  const u = (v as UntaggedHolder)[UNTAGGED];
  if (u) Object.defineProperty(out, UNTAGGED, { value: new Set(u), writable: true, configurable: true, enumerable: false });
  if (keep(v)) pairs.set(v, out);
  return out as T;
}

/** Mark every value below `v` (and v itself at container[key]) as set by `origin`. */
export function stampTree(container: object, key: PathSegment, origin: Origin): void {
  noteOrigin(container, key, origin);
  const v = (container as Record<PathSegment, Value>)[key as never] as Value;
  if (Array.isArray(v)) v.forEach((_, i) => stampTree(v, i, origin));
  else if (isObj(v)) for (const k of Object.keys(v)) stampTree(v, k, origin);
}

export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k]!, b[k]!));
  }
  return false;
}

/** Value at a path of keys, or undefined. */
export function getPath(v: Value | undefined, path: PathSegment[]): Value | undefined {
  let cur: Value | undefined = v;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObj(cur) && typeof seg === 'string') cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/**
 * A shallow copy of a container that the engine cannot tell from the
 * original: the same entries, its origins and marks shared copy-on-write
 * (cloneExact, one level deep). For a copy of one path through a rendered
 * object whose other containers stay shared (scalarEdit.ts).
 */
export function copyContainer<T extends Value[] | Obj>(v: T): T {
  let out: Value[] | Obj;
  if (Array.isArray(v)) out = v.slice();
  else {
    const o: Obj = {};
    for (const k in v) {
      if (k === '__proto__') put(o, k, (v as Obj)[k]!);
      else o[k] = (v as Obj)[k]!;
    }
    out = o;
  }
  copyOrigins(v, out);
  const u = (v as UntaggedHolder)[UNTAGGED];
  if (u) Object.defineProperty(out, UNTAGGED, { value: new Set(u), writable: true, configurable: true, enumerable: false });
  return out as T;
}

/**
 * container[key] = value with `origins` as its history and the quoted/block
 * style mark set or cleared (a copy of the container's marks: they are shared
 * by its copies). For a scalar rewritten in a rendered object (scalarEdit.ts).
 */
export function rewriteScalar(container: Obj | Value[], key: PathSegment, value: Value, origins: Origin[], styled: boolean): void {
  if (Array.isArray(container)) container[key as number] = value;
  else put(container, key as string, value);
  const m = writable(container);
  m.set(key, origins);
  if ((m.styled?.has(key) === true) !== styled) {
    const s = new Set(m.styled);
    if (styled) s.add(key);
    else s.delete(key);
    m.styled = s.size ? s : undefined;
  }
}

/** Replace the history of container[key] (an unshared copy of its origin map). */
export function replaceOrigins(container: object, key: PathSegment, origins: Origin[]): void {
  writable(container).set(key, origins);
}
