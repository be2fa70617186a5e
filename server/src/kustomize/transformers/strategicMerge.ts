// Strategic-merge patches exactly as kustomize applies them: kyaml's merge2
// visitor driven by its schema walker (yaml/walk), with the patch's list
// items placed first (MergeOptionsListPrepend). Translated from kyaml v0.18.1:
//  - maps merge field by field; a `null` in the patch deletes the field;
//  - `$patch: delete | replace | merge` on a map or as a list item; other
//    `$…` keys ($setElementOrder/…, $retainKeys) are NOT interpreted by
//    kustomize and are copied like any field;
//  - a list is merged by key only when the OpenAPI schema of the Kubernetes
//    type (openapi/patchMeta.ts, generated from kyaml's embedded v1.21.2
//    document, or a kustomization's `openapi:` document: schemaState.ts)
//    gives it the `merge` patch strategy; keys may be several
//    (`x-kubernetes-list-map-keys`, e.g. containerPort+protocol); lists of
//    unknown kinds (CRDs) and other lists are replaced.
// Origins: every field the patch sets records the patch line; subtrees
// copied from the patch keep the patch file's per-field origins.
import { KustomizeError } from '../errors';
import type { Origin } from '../model';
import { propagate, unshare } from '../aliases';
import { BUILTIN_LOOKUP, strategyAndKeys, type Schema, type SchemaLookup } from '../openapi/schemaLayers';
import { emitYamlV2 } from '../yaml/emit';
import { isEmptyNull, isObj, noteOrigin, originsAt, own, put, type Obj, type Value } from '../values';
import { styledNow } from '../nodeStyle';
import { nodeKindName } from '../nodeKind';

const CLEAR = Symbol('clear');
type Result = Value | undefined | typeof CLEAR;

const missingOrNull = (v: Value | undefined): v is null | undefined => v === undefined || v === null;
const isEmptyMap = (v: Value | undefined) => isObj(v) && Object.keys(v).length === 0;

/** The text kyaml compares for a scalar (yaml node Value). */
function text(v: Value | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return '';
  return String(v);
}


interface Ctx {
  origin: Origin;
  schemas: SchemaLookup;
  /** A JSON 6902 patch ran over the target (Resource.jsonStyled): its strings' styles are goyaml.v3's choices (nodeStyle.ts). */
  jsonStyled: boolean;
}

// Where a walk is, as far as it matters (the fields that only identify the
// target: apiVersion and kind at the top, metadata.name/namespace); items of
// a list are where the list is.
const AT_ROOT = 0;
const AT_METADATA = 1;
const AT_OTHER = 2;
type At = typeof AT_ROOT | typeof AT_METADATA | typeof AT_OTHER;

/** merge2 determineSmpDirective for a map; removes `$patch` from it. */
function mapDirective(patch: Value | undefined): string {
  if (!isObj(patch) || !('$patch' in patch)) return 'merge';
  const v = text(patch.$patch);
  if (v !== 'delete' && v !== 'replace' && v !== 'merge') throw new Error(`unknown patch strategy '${v}'`);
  delete patch.$patch;
  return v;
}

/** merge2 determineSequenceNodePatchStrategy; removes the directive item. */
function seqDirective(patch: Value[]): string {
  const el = patch.find((x) => isObj(x) && '$patch' in x);
  if (!isObj(el) || Object.keys(el).length > 1) return 'merge';
  const v = text(el.$patch);
  if (v !== 'delete' && v !== 'replace' && v !== 'merge') throw new Error(`unknown patch strategy '${v}'`);
  const kept = elementSetter(patch, undefined, ['$patch'], [v]);
  patch.splice(0, patch.length, ...kept);
  return v;
}

/** yaml.FieldMatcher{Name, StringValue} on a list element (an empty value matches any value of a present field). */
function fieldMatches(elem: Value, key: string, value: string): boolean {
  if (key === '') return !isObj(elem) && !Array.isArray(elem) && text(elem) === value;
  return isObj(elem) && key in elem && (value === '' || text(elem[key]) === value);
}

/** yaml.ElementSetter: replace (or remove, without element) the items whose keys match; append if none. */
function elementSetter(list: Value[], element: Value | undefined, keys: string[], values: string[]): Value[] {
  const ks = keys.length ? keys : [''];
  const mappingSetter = ks[0] !== '' && values.length > 0 && values[0] !== '';
  const out: Value[] = [];
  let found = false;
  for (const elem of list) {
    if (missingOrNull(elem) || isEmptyMap(elem)) continue;
    if (!isObj(elem) && mappingSetter) {
      out.push(elem);
      continue;
    }
    let ok = true;
    let matched = false;
    for (let j = 0; j < ks.length; j++) {
      if (j < values.length) matched = fieldMatches(elem, ks[j]!, values[j]!);
      if (!matched) {
        ok = false;
        break;
      }
    }
    if (!ok) {
      if (values.length > 0) out.push(elem);
      continue;
    }
    found = true;
    if (element === undefined) continue;
    out.push(element);
  }
  if (!missingOrNull(element) && !found) out.push(element);
  return out;
}

/** yaml.MatchElementList: first map item whose keys have these values. */
function elementList(list: Value | undefined, keys: string[], values: string[]): Value | undefined {
  if (!Array.isArray(list)) return undefined;
  if (keys.length === 0 || keys[0] === '') {
    const v = values[0] ?? '';
    return list.find((x) => !isObj(x) && !Array.isArray(x) && text(x) === v);
  }
  return list.find((x) => isObj(x) && keys.every((k, i) => k in x && text(x[k]) === values[i]));
}

function walk(dest: Value | undefined, origin: Value | undefined, schema: Schema, at: At, ctx: Ctx): Result {
  let s = schema;
  if (!s) {
    // walk.GetSchema: an embedded object with apiVersion/kind brings its type's schema.
    for (const src of [dest, origin]) {
      if (isObj(src)) {
        s = ctx.schemas.forType(src.apiVersion, src.kind);
        if (s) break;
      }
    }
  }
  const first = [dest, origin].find((x) => !missingOrNull(x));
  if (first === undefined || isObj(first)) {
    if (first !== undefined) checkKinds(dest, origin, 'MappingNode');
    return walkMap(dest, origin, s, at, ctx);
  }
  if (Array.isArray(first)) {
    checkKinds(dest, origin, 'SequenceNode');
    const [strategy] = strategyAndKeys(s);
    if (strategy.split(',').includes('merge')) return walkAssociative(dest, origin, s, at, ctx);
    return origin !== undefined ? origin : dest;
  }
  checkKinds(dest, origin, 'ScalarNode');
  return origin !== undefined ? origin : dest;
}

function checkKinds(dest: Value | undefined, origin: Value | undefined, want: string): void {
  for (const v of [dest, origin]) {
    if (missingOrNull(v)) continue;
    if (nodeKindName(v) !== want) {
      // kyaml's ErrorIfInvalid wording, with the offending node (written block style here).
      throw new Error(`wrong node kind: expected ${want} but got ${nodeKindName(v)}: node contents:\n${emitYamlV2(v)}`);
    }
  }
}

/**
 * The keys of `dm` and of `om` (once each), in sorted order. Built without a
 * Set or spread copies, and not sorted again when already in order (objects
 * written in sorted order are common; sort() copies the array it sorts): this
 * runs on every map a strategic-merge patch walks, at every render.
 */
function sortedKeys(dm: Obj, om: Obj | undefined): string[] {
  const keys = Object.keys(dm);
  if (om && om !== dm) for (const k in om) if (!Object.hasOwn(dm, k)) keys.push(k);
  // Default sort() order is UTF-16 code-unit order, which `<`/`>` on strings also use;
  // the keys are distinct, so any correct sort gives the same order. A short list is
  // sorted in place by insertion (sort() allocates a work array).
  if (keys.length > 24) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    if (keys[j]! <= k) continue;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

function walkMap(dest: Value | undefined, origin: Value | undefined, s: Schema, at: At, ctx: Ctx): Result {
  let d: Value | undefined;
  if (missingOrNull(dest)) {
    let ps = 'merge';
    try {
      ps = mapDirective(origin);
    } catch {
      /* kyaml ignores the error here */
    }
    if (ps === 'delete') return CLEAR;
    // A base `key: null` the patch does not mention stays (kyaml's persistent null).
    if (origin === undefined && dest === null) return null;
    d = origin;
  } else {
    if (origin === null) return CLEAR;
    const ps = mapDirective(origin);
    if (ps === 'delete') return CLEAR;
    d = ps === 'replace' ? origin : dest;
  }
  if (d === undefined || d === null) return d === null ? CLEAR : undefined;
  const dm = d as Obj;
  const om = isObj(origin) ? origin : undefined;
  // Every field of the target is walked (kyaml's merge visits them all), in sorted order.
  for (const key of sortedKeys(dm, om)) {
    const before = own(dm, key);
    const pv = om ? own(om, key) : undefined;
    // kyaml keeps a base null the patch does not mention only when it was written (`~`, `null`);
    // `{key: }` is such an unwritten null to kyaml, "" in the decoded value.
    if ((before === null || before === '') && pv === undefined && isEmptyNull(dm, key)) {
      delete dm[key];
      continue;
    }
    let val = walk(before, pv, ctx.schemas.field(s, key), at === AT_ROOT && key === 'metadata' ? AT_METADATA : AT_OTHER, ctx);
    // merge2's SetStyle: the patch's scalar takes the style of the one it replaces, so a number
    // or bool written over a quoted or block string is printed quoted: a string (values.ts markStyled).
    if (typeof before === 'string' && (typeof val === 'number' || typeof val === 'boolean' || typeof val === 'bigint') && styledNow(dm, key, ctx.jsonStyled)) val = String(val);
    if (val === CLEAR || val === undefined || val === null) {
      // FieldSetter clears nil and null values (a kept base null comes back as null: keep it).
      if (val === null && pv === undefined && before === null) continue;
      delete dm[key];
      unshare(dm, key);
      continue;
    }
    put(dm, key, val);
    // A scalar that existed is overwritten in place (kyaml FieldSetter): shared nodes follow.
    if (before !== undefined && before !== null && typeof before !== 'object' && typeof val !== 'object' && val !== before) {
      const po = om ? originsAt(om, key)?.[0] : undefined;
      propagate(dm, key, val, po ? { ...po, by: ctx.origin.by } : ctx.origin);
    }
    // The patch's own line for a field it set (merged maps keep their children's origins).
    // apiVersion, kind, metadata.name/namespace that only identify the target are not "set" by it.
    const identifies = val === before && (at === AT_ROOT ? key === 'apiVersion' || key === 'kind' : at === AT_METADATA && (key === 'name' || key === 'namespace'));
    if (om && pv !== undefined && dm !== om && !identifies && (typeof val !== 'object' || val !== before)) {
      const po = originsAt(om, key)?.[0];
      noteOrigin(dm, key, po ? { ...po, by: ctx.origin.by } : ctx.origin);
    }
  }
  return dm;
}

function walkAssociative(dest: Value | undefined, origin: Value | undefined, s: Schema, at: At, ctx: Ctx): Result {
  // merge2 VisitList (associative)
  let d: Value | undefined;
  if (missingOrNull(dest)) d = origin;
  else {
    if (origin === null) return CLEAR;
    const ps = Array.isArray(origin) ? seqDirective(origin) : 'merge';
    if (ps === 'delete') return CLEAR;
    d = ps === 'replace' ? origin : dest;
  }
  if (!Array.isArray(d)) return d === undefined ? undefined : CLEAR;
  let destList: Value[] = d;
  const sources: (Value | undefined)[] = [destList, origin];
  let [, keys] = strategyAndKeys(s);
  let valuesList: string[][] = [];
  // elementValues, patch (origin) first
  const seen = new Set<string>();
  for (const src of [origin, destList]) {
    if (!Array.isArray(src)) continue;
    for (const el of src) {
      const vals = keys.map((k) => (isObj(el) && !missingOrNull(el[k]) && !isEmptyMap(el[k]) ? text(el[k]) : ''));
      const sig = JSON.stringify(vals);
      if (vals.length === 0 || seen.has(sig)) continue;
      seen.add(sig);
      valuesList.push(vals);
    }
  }
  if (!(valuesList.length !== 0 || keys.length > 0)) {
    // primitive associative list (e.g. finalizers)
    keys = [''];
    valuesList = [];
    const seenP = new Set<string>();
    for (const src of [origin, destList]) {
      if (!Array.isArray(src)) continue;
      for (const el of src) {
        const t = text(el);
        if (seenP.has(t)) continue;
        seenP.add(t);
        valuesList.push([t]);
      }
    }
  }
  const es = ctx.schemas.elements(s);
  if (keys.length > 1) valuesList = mergeValues(valuesList);
  let items: Value[] = [];
  let validKeys: string[] = keys;
  for (const values of valuesList) {
    if (values.length === 0) continue;
    const [vk, vv] = validateKeys(valuesList, values, keys);
    validKeys = vk;
    // elementValueList validates the keys again against this item alone.
    const [ek, ev] = validateKeys([vv], vv, vk);
    const srcDest = elementList(sources[0], ek, ev);
    const srcOrigin = elementList(sources[1], ek, ev);
    const r = walk(srcDest, srcOrigin, es, at, ctx);
    const val = r === CLEAR ? undefined : r;
    if (missingOrNull(val) || isEmptyMap(val)) {
      destList = elementSetter(destList, undefined, vk, vv);
      sources[0] = destList;
      continue;
    }
    vk.forEach((key, i) => {
      if (isObj(val) && !(key in val) && vv[i] !== '') val[key] = vv[i]!;
    });
    if (srcDest === undefined && srcOrigin !== undefined) {
      // an item only the patch has: its origin is the patch's item
      const i = (origin as Value[]).indexOf(srcOrigin);
      const po = i >= 0 ? originsAt(origin as Value[], i)?.[0] : undefined;
      noteItem(val, po ? { ...po, by: ctx.origin.by } : ctx.origin);
    }
    items = elementSetter(items, val, vk, vv);
  }
  if (valuesList.length > 0) destList = appendListNode(items, destList, validKeys);
  if (destList.length === 0 && missingOrNull(dest) && !Array.isArray(origin)) return undefined;
  return destList;
}

/** Remember which patch item produced a list element (applied when the list is stored). */
const ITEM_ORIGIN = new WeakMap<object, Origin>();
function noteItem(v: Value, o: Origin): void {
  if (v !== null && typeof v === 'object') ITEM_ORIGIN.set(v, o);
}

function validateKeys(valuesList: string[][], values: string[], keys: string[]): [string[], string[]] {
  const valid = new Set<string>();
  for (const vs of valuesList) vs.forEach((v, i) => v !== '' && valid.add(keys[i]!));
  if (valid.size === 0) return [keys, values];
  return [keys.filter((k) => valid.has(k)), values.filter((v, i) => v !== '' || valid.has(keys[i]!))];
}

function mergeValues(valuesList: string[][]): string[][] {
  for (let i = 0; i < valuesList.length; i++) {
    for (let j = 0; j < valuesList.length; j++) {
      const m = matchValues(valuesList[i]!, valuesList[j]!);
      if (m) {
        valuesList[i] = m;
        valuesList[j] = m;
      }
    }
  }
  return valuesList;
}

function matchValues(a: string[], b: string[]): string[] | undefined {
  if (a.length !== b.length) return undefined;
  let common = false;
  const res: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) {
      common = true;
      res.push(a[i]!);
      continue;
    }
    if (a[i] !== '' && b[i] !== '') return undefined;
    res.push(a[i] !== '' ? a[i]! : b[i]!);
  }
  return common ? res : undefined;
}

/** walk.appendListNode(dst = items, src = dest list). */
function appendListNode(dst: Value[], src: Value[], keys: string[]): Value[] {
  let out = dst;
  for (const elem of src) {
    if (keys[0] === '') {
      out = elementSetter(out, elem, [''], [text(elem)]);
      continue;
    }
    const v: string[] = [];
    for (const key of keys) {
      const f = isObj(elem) ? elem[key] : undefined;
      if (f === undefined) {
        out = [...out, elem];
        continue;
      }
      v.push(text(f));
    }
    if (keys.length > 1) out = elementSetter(out, undefined, keys, v);
    out = elementSetter(out, elem, keys, v);
  }
  return out;
}

/** Re-attach the origins of list items a merge added (the merged list is rebuilt, so indexes changed). */
function fixListOrigins(v: Value): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      const o = x !== null && typeof x === 'object' ? ITEM_ORIGIN.get(x) : undefined;
      if (o) noteOrigin(v, i, o);
      fixListOrigins(x);
    });
  } else if (isObj(v)) for (const k of Object.keys(v)) fixListOrigins(v[k]!);
}

/**
 * Apply a strategic-merge patch to `target` in place. Returns false when the
 * patch deletes the whole object (`$patch: delete` at the top).
 */
export function applyStrategicMerge(target: Obj, patch: Obj, origin: Origin, schemas: SchemaLookup = BUILTIN_LOOKUP, jsonStyled = false): boolean {
  const ctx: Ctx = { origin, schemas, jsonStyled };
  let r: Result;
  try {
    // kyaml's Walker.GetSchema: the first of [dest, patch] whose type has a schema.
    const schema = schemas.forType(target.apiVersion, target.kind) ?? schemas.forType(patch.apiVersion, patch.kind);
    r = walk(target, patch, schema, AT_ROOT, ctx);
  } catch (e) {
    if (e instanceof KustomizeError) throw e;
    throw new KustomizeError((e as Error).message, origin.file, origin.range);
  }
  if (r === CLEAR || r === undefined || r === null) return false;
  // A top-level `$patch: replace` yields the patch itself, which kustomize's
  // Resource.ApplyFilter discards (it only notices deletion): the target stays.
  fixListOrigins(target);
  return true;
}
