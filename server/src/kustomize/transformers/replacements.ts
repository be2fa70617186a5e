// `replacements` (kustomize ReplacementTransformer, api/filters/replacement):
// copy one field of a source object into fields of target objects.
// Sources are looked up like kyaml's PathGetter (fields, indexes, `[k=v]`
// exact matches); targets like kyaml's PathMatcher (`*` wildcards, `[k=v]`
// where v is an unanchored regular expression, `[=v]` on primitive lists,
// indexes, and creation of missing parts with `options.create`).
// A scalar target keeps its type (kustomize copies only the text), so an int
// written into a string field stays a string and vice versa.
import { propagate } from '../aliases';
import { compileGo } from '../goRegexp';
import { KustomizeError } from '../errors';
import type { Origin } from '../model';
import { idString, type ResId, type Resource } from '../resource';
import { selectorMatches, parseSelector, type Selector } from '../selector';
import { MAX_NESTING, nestingMessage } from '../../yaml/nesting';
import { cloneValue, isEmptyNull, isObj, isUntagged, markUntagged, noteOrigin, stampTree, type Obj, type Value } from '../values';
import { resolvePlainV3 } from '../yaml/decode';
import { emitYamlV2 } from '../yaml/emit';

export interface FieldOptions {
  delimiter?: string;
  index?: number;
  create?: boolean;
}

export interface Replacement {
  source: Selector & { fieldPath?: string; options?: FieldOptions };
  targets: {
    select?: Selector;
    reject?: Selector[];
    fieldPaths?: string[];
    /** Where each field path is written (errors about a target field point there). */
    fieldPathOrigins?: Origin[];
    options?: FieldOptions;
  }[];
  origin: Origin;
}

/** kyaml's SmarterPathSplitter: split at `.`, `\.` escapes a dot, `[a.b=c.d]` stays whole. */
export function splitFieldPath(path: string): string[] {
  const ps = path.split('.');
  if (ps.length > 1 && ps[0] === '') ps.shift();
  const split: string[] = [ps[0]!];
  for (let i = 1; i < ps.length; i++) {
    const last = split.length - 1;
    if (split[last]!.endsWith('\\')) split[last] = split[last]!.slice(0, -1) + '.' + ps[i]!;
    else split.push(ps[i]!);
  }
  const out: string[] = [];
  for (let i = 0; i < split.length; i++) {
    const elem = split[i]!;
    if (elem.startsWith('[') && !elem.endsWith(']')) {
      const parts = [elem];
      while (i < split.length - 1) {
        i++;
        parts.push(split[i]!);
        if (split[i]!.endsWith(']')) break;
      }
      const joined = parts.join('.');
      out.push(joined.includes('=') ? joined : joined.replace(/^\[+|\]+$/g, ''));
    } else out.push(elem);
  }
  return out;
}

const isListIndex = (p: string) => p.startsWith('[') && p.endsWith(']');
const isIdx = (p: string) => /^\d+$/.test(p);

function splitIndexNameValue(p: string, fp: string): [string, string] {
  const inner = p.replace(/\]$/, '').replace(/^\[/, '');
  const eq = inner.indexOf('=');
  if (eq < 0) throw new Error(`list path element must contain fieldName=fieldValue for element to match (in ${fp})`);
  return [inner.slice(0, eq), inner.slice(eq + 1)];
}

/** The text of a scalar as kyaml holds it (yaml node Value). */
function scalarText(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  return String(v);
}

const isScalar = (v: Value | undefined): boolean => v !== undefined && (v === null || typeof v !== 'object');

/** kyaml PathGetter over the source object. */
function lookup(obj: Value, segs: string[], fp: string): Value | undefined {
  let cur: Value | undefined = obj;
  for (const seg of segs) {
    if (cur === undefined || cur === null) return undefined;
    if (isListIndex(seg)) {
      if (!Array.isArray(cur)) return undefined;
      const [k, v] = splitIndexNameValue(seg, fp);
      cur = k === '' ? cur.find((x) => isScalar(x) && scalarText(x) === v) : cur.find((x) => isObj(x) && x[k] !== undefined && isScalar(x[k]) && scalarText(x[k]!) === v);
    } else if (Array.isArray(cur)) {
      if (!isIdx(seg)) return undefined;
      cur = cur[Number(seg)];
    } else if (isObj(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

type Slot = { container: Obj | Value[]; key: string | number };
type Create = 'scalar' | 'map' | 'seq' | undefined;

const kindOf = (next: string | undefined, create: Create): 'scalar' | 'map' | 'seq' =>
  next === undefined ? create! : isListIndex(next) || isIdx(next) ? 'seq' : 'map';
const empty = (k: 'scalar' | 'map' | 'seq'): Value => (k === 'map' ? {} : k === 'seq' ? [] : null);

/** kyaml PathMatcher: every slot the path matches below `container[key]`. */
function match(container: Obj | Value[], key: string | number, segs: string[], create: Create, fp: string, out: Slot[]): void {
  const node = (container as Record<string | number, Value>)[key as never] as Value;
  if (segs.length === 0) {
    out.push({ container, key });
    return;
  }
  const [seg, ...rest] = segs as [string, ...string[]];
  if (isIdx(seg)) {
    if (!Array.isArray(node)) throw new Error(`wrong node kind: expected SequenceNode at ${seg} in ${fp}`);
    const idx = Number(seg);
    if (node.length === idx && create) {
      node.push(empty(kindOf(rest[0], create)));
      noteCreated(node, idx);
    }
    if (node.length < idx + 1) throw new Error(`index ${idx} specified but only ${node.length} elements found`);
    match(node, idx, rest, create, fp, out);
    return;
  }
  if (isListIndex(seg)) {
    if (!Array.isArray(node)) return;
    const [field, pattern] = splitIndexNameValue(seg, fp);
    // kyaml compiles the value as an unanchored Go regular expression.
    const re = compileGo(pattern);
    const before = out.length;
    let matched = false;
    node.forEach((el, i) => {
      if (field === '') {
        if (isScalar(el) && re.test(scalarText(el))) {
          matched = true;
          match(node, i, rest, create, fp, out);
        }
      } else if (isObj(el) && el[field] !== undefined && el[field] !== null && re.test(scalarText(el[field]!))) {
        matched = true;
        match(node, i, rest, create, fp, out);
      }
    });
    if (matched || !create || out.length > before) return;
    node.push(field === '' ? pattern : { [field]: pattern });
    match(container, key, segs, create, fp, out);
    return;
  }
  if (seg === '*') {
    // kyaml's doMatchEvery visits the elements of a sequence only.
    if (Array.isArray(node)) node.forEach((_, i) => match(node, i, rest, create, fp, out));
    else if (isObj(node)) {
      const contents = Object.keys(node).length ? emitYamlV2(node) : '{}\n';
      throw new Error(`wrong node kind: expected SequenceNode but got MappingNode: node contents:\n${contents}`);
    }
    return;
  }
  if (node === null || node === undefined) return;
  if (!isObj(node)) throw new Error(`wrong node kind: expected MappingNode at ${seg} in ${fp}`);
  if (node[seg] === undefined) {
    if (!create) return;
    node[seg] = empty(kindOf(rest[0], create));
    noteCreated(node, seg);
  }
  match(node, seg, rest, create, fp, out);
}

/** A selector given as kustomize's ResId (group/version/kind/name/namespace, exact). */
function idSelected(id: ResId, s: Selector): boolean {
  return (
    (!s.name || s.name === id.name) &&
    (!s.namespace || effNs(s.namespace) === effNs(id.namespace)) &&
    (!s.group || s.group === id.group) &&
    (!s.version || s.version === id.version) &&
    (!s.kind || s.kind === id.kind)
  );
}
const effNs = (ns: string) => (ns === '' ? 'default' : ns);
const hasId = (s: Selector) => !!(s.group || s.version || s.kind || s.name || s.namespace);

function labelsMatch(r: Resource, s: Selector): boolean {
  if (s.labelSelector && !selectorMatches(parseSelector(s.labelSelector), r.meta.labels)) return false;
  if (s.annotationSelector && !selectorMatches(parseSelector(s.annotationSelector), r.meta.annotations)) return false;
  return true;
}

/** types.SourceSelector.String: the id, then the field path and options when set, joined by ':'. */
function describeSource(s: Replacement['source']): string {
  const parts = [describe(s)];
  if (s.fieldPath) parts.push(s.fieldPath);
  const o = s.options;
  if (o && (o.delimiter || o.create)) parts.push(`${o.delimiter ?? ''}(${o.index ?? 0}), create=${o.create === true}`);
  return parts.join(':');
}

function describe(s: Selector): string {
  return idString({ group: s.group ?? '', version: s.version ?? '', kind: s.kind ?? '', name: s.name ?? '', namespace: s.namespace ?? '' });
}

/** Scalar `text` written into an existing scalar of the type of `target` (kyaml keeps the node's tag). */
function typedLike(target: Value, text: string): Value {
  if (typeof target === 'string') return text;
  if (typeof target === 'number' || typeof target === 'bigint' || typeof target === 'boolean') {
    const v = resolvePlainV3(text);
    if (typeof v === typeof target || (typeof v === 'bigint' && typeof target === 'number') || (typeof v === 'number' && typeof target === 'bigint')) return v;
    // The node keeps its !!int/!!float/!!bool tag with text that is not one: kustomize
    // fails when it decodes the object again.
    const tag = typeof target === 'boolean' ? '!!bool' : typeof target === 'number' && !Number.isInteger(target) ? '!!float' : '!!int';
    throw new TypeError(`yaml: cannot decode !!str \`${text}\` as a ${tag}`);
  }
  return resolvePlainV3(text);
}

function fail(rep: Replacement, msg: string, at: Origin = rep.origin): never {
  throw new KustomizeError(msg, at.file, at.range);
}

function sourceValue(resources: Resource[], rep: Replacement): Value {
  const sel = rep.source;
  const matches = resources.filter((r) => r.allIds().some((id) => idSelected(id, sel)));
  if (matches.length > 1) fail(rep, `multiple matches for selector ${describeSource(sel)}`);
  if (matches.length === 0) fail(rep, `nothing selected by ${describeSource(sel)}`);
  const fp = sel.fieldPath || 'metadata.name';
  let v: Value | undefined;
  try {
    v = lookup(matches[0]!.obj, splitFieldPath(fp), fp);
  } catch (e) {
    fail(rep, `error looking up replacement source: ${(e as Error).message}`);
  }
  // kyaml's IsNilOrEmpty: missing, null, `{}` or `[]`; an empty string is a value.
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0)) {
    fail(rep, `fieldPath \`${fp}\` is missing for replacement source ${describe(sel)}`);
  }
  const o = sel.options;
  if (!o?.delimiter) return v;
  if (!isScalar(v)) fail(rep, 'delimiter option can only be used with scalar nodes');
  const parts = scalarText(v).split(o.delimiter);
  const idx = o.index ?? 0;
  if (idx >= parts.length || idx < 0) fail(rep, `options.index ${idx} is out of bounds for value ${scalarText(v)}`);
  return typeof v === 'string' ? parts[idx]! : resolvePlainV3(parts[idx]!);
}

// The scalar nodes this run created (`create: true`): kyaml makes them empty, so their text is ""
// where a written null's is "null" (a `key:` written with no value: "" too, values.ts isEmptyNull).
let created = new WeakMap<object, Set<string | number>>();

function noteCreated(container: object, key: string | number): void {
  let keys = created.get(container);
  if (!keys) created.set(container, (keys = new Set()));
  keys.add(key);
}

function setSlot(slot: Slot, value: Value, options: FieldOptions | undefined, rep: Replacement): void {
  const c = slot.container as Record<string | number, Value>;
  const cur = c[slot.key as never] as Value;
  let v = value;
  if (options?.delimiter) {
    if (!isScalar(cur)) fail(rep, 'delimiter option can only be used with scalar nodes');
    const empty = cur === null && (created.get(slot.container)?.has(slot.key) === true || isEmptyNull(slot.container, slot.key));
    const tv = (empty ? '' : scalarText(cur)).split(options.delimiter);
    const s = isScalar(v) ? scalarText(v) : '';
    const idx = options.index ?? 0;
    if (idx < 0) tv.unshift(s);
    else if (idx >= tv.length) tv.push(s);
    else tv[idx] = s;
    v = tv.join(options.delimiter);
  }
  if (isScalar(cur) && isScalar(v)) {
    let nv: Value;
    const untagged = cur === null || isUntagged(slot.container, slot.key);
    // A created node, or a transformer-written name/image, has no tag: the text is read as plain YAML.
    if (untagged) markUntagged(slot.container, slot.key);
    try {
      nv = untagged ? resolvePlainV3(scalarText(v)) : typedLike(cur, scalarText(v));
    } catch (e) {
      // kustomize only fails when it decodes the object again, after the replacements.
      if (e instanceof TypeError) {
        pending ??= new KustomizeError(`map[string]interface {}(nil): ${e.message}`, rep.origin.file, rep.origin.range);
        return;
      }
      throw e;
    }
    c[slot.key as never] = nv as never;
    noteOrigin(slot.container, slot.key, rep.origin);
    // kustomize writes the scalar's value in place: places sharing the node follow.
    if (isObj(slot.container) && typeof slot.key === 'string') propagate(slot.container, slot.key, nv, rep.origin);
  } else {
    c[slot.key as never] = cloneValue(v) as never;
    stampTree(slot.container, slot.key, rep.origin);
  }
}

/** A typed node given text of another type: reported once the replacements are done. */
let pending: KustomizeError | undefined;

export function applyReplacements(resources: Resource[], reps: Replacement[]): void {
  pending = undefined;
  created = new WeakMap();
  try {
    applyAll(resources, reps);
  } catch (e) {
    pending = undefined;
    throw e;
  }
  const p = pending;
  pending = undefined;
  if (p) throw p;
}

function applyAll(resources: Resource[], reps: Replacement[]): void {
  for (const rep of reps) {
    if (rep.targets.length === 0) fail(rep, 'replacements must specify a source and at least one target');
    const value = sourceValue(resources, rep);
    for (const t of rep.targets) {
      const sel = t.select;
      if (!sel) fail(rep, 'target must specify resources to select');
      const rejects = t.reject ?? [];
      for (const r of resources) {
        if (!labelsMatch(r, sel)) continue;
        if (rejects.some((rj) => (rj.labelSelector || rj.annotationSelector) && labelsMatch(r, rj))) continue;
        const ids = r.allIds();
        if (!ids.some((id) => idSelected(id, sel))) continue;
        if (rejects.some((rj) => hasId(rj) && ids.some((id) => idSelected(id, rj)))) continue;
        (t.fieldPaths?.length ? t.fieldPaths : ['metadata.name']).forEach((fp, j) => {
          const at = t.fieldPathOrigins?.[j] ?? rep.origin;
          const create: Create = t.options?.create ? (isScalar(value) ? 'scalar' : Array.isArray(value) ? 'seq' : 'map') : undefined;
          const slots: Slot[] = [];
          const holder = { root: r.obj as Value };
          const what = create ? `unable to find or create field "${fp}" in replacement target` : `unable to find field "${fp}" in replacement target`;
          const segs = splitFieldPath(fp);
          // Deeper than any object may nest (yaml/nesting.ts); match() recurses per segment.
          if (segs.length >= MAX_NESTING) fail(rep, `fieldPath has ${segs.length} segments: ${nestingMessage()}`, at);
          try {
            match(holder, 'root', segs, create, fp, slots);
          } catch (e) {
            fail(rep, `${what}: ${(e as Error).message}`, at);
          }
          if (slots.length === 0) fail(rep, what, at);
          for (const s of slots) setSlot(s, value, t.options, rep);
        });
      }
    }
  }
}

