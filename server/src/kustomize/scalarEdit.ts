// An edit that changes one scalar value of a resource file, carried into a
// render without rendering again. Typing in a value (a port, a limit, a
// timeout) is most of what a user does in a base manifest, and each keystroke
// re-rendered every environment that reads the file: the render was about
// 60% of a fresh language server's first edits (THEBOT_TRACE), run in code
// not yet optimised. When no transformer reads the value, kustomize's output
// differs from the previous one only there: the rendered nodes that were
// read from that scalar, and the origins that end where it ended.
//
// What reads a value is known for kustomize's built-in transformers (their
// field specs, the strategic-merge keys, the kinds whose content is hashed or
// read as a schema); anything a kustomization may add (replacements, vars,
// custom configurations, CRDs, plugins, helm charts, a labels entry's own
// fields, JSON patch `test`/`copy`/`move`) is refused for the whole
// environment (editableIn). Every refusal means a full render, never a guess:
// test/analysis/scalarEdit.test.ts makes each edit both ways and compares the
// bytes, every origin and every finding.
import type { PathSegment, RenderedResource, RenderResult } from './model';
import { resolvePlainV3, type DecodedDoc, type DecodedFile } from './yaml/decode';
import { writtenPlainV3 } from './yaml/emit';
import type { Range } from '../findings';
import { copyContainer, isEmptyNull, isObj, isStyled, isUntagged, originsAt, replaceOrigins, rewriteScalar, type Obj, type Value } from './values';
import { defaultConfig, FS_FIELDS } from './transformerConfig';
import { PATCH_META } from './openapi/patchMeta';
import { renderedObject, withResources } from './renderedResult';

type Scalar = string | number | boolean | bigint;

export interface ScalarEdit {
  file: string;
  oldValue: Scalar;
  newValue: Scalar;
  /** Whether the new scalar is quoted or a block scalar (values.ts markStyled). */
  newStyled: boolean;
  oldStyled: boolean;
  /** The scalar's range before and after (one line; the same start). */
  oldRange: Range;
  newRange: Range;
  /** Its document's range before and after. */
  oldDoc: Range;
  newDoc: Range;
}

const isScalar = (v: Value | undefined): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint';
const samePos = (a: { line: number; character: number }, b: { line: number; character: number }): boolean => a.line === b.line && a.character === b.character;
const sameRange = (a: Range, b: Range): boolean => samePos(a.start, b.start) && samePos(a.end, b.end);

/**
 * The one scalar `newText` changes in `file` (decoded before as `old`, now as
 * `now`), when that is all the edit does: the same documents, keys, list
 * lengths and marks, one scalar value on one line, nothing after it on that
 * line but a comment. Undefined for anything else, and for a scalar some
 * built-in transformer reads (readByTransformers).
 */
export function findScalarEdit(file: string, oldText: string, old: DecodedFile, newText: string, now: DecodedFile): ScalarEdit | undefined {
  if (oldText === newText || old.docs.length !== now.docs.length) return undefined;
  // The changed span: the common prefix and suffix stripped.
  const min = Math.min(oldText.length, newText.length);
  let p = 0;
  while (p < min && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  let s = 0;
  while (s < min - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
  const oldSpan = oldText.slice(p, oldText.length - s);
  const newSpan = newText.slice(p, newText.length - s);
  if (/[\r\n]/.test(oldSpan) || /[\r\n]/.test(newSpan)) return undefined;
  let found: { doc: number; diff: Diff } | undefined;
  for (let i = 0; i < now.docs.length; i++) {
    const a = old.docs[i]!;
    const b = now.docs[i]!;
    if (a === b) continue;
    const diffs: Diff[] = [];
    if (!sameShape(a.value, b.value, [], diffs) || diffs.length > 1) return undefined;
    if (diffs.length === 0) continue;
    if (found || hasDocMarks(a) || hasDocMarks(b)) return undefined;
    found = { doc: i, diff: diffs[0]! };
  }
  if (!found) return undefined;
  const { diff } = found;
  const oldDoc = old.docs[found.doc]!;
  const newDoc = now.docs[found.doc]!;
  const oldOrigins = originsAt(diff.oldContainer, diff.key);
  const newOrigins = originsAt(diff.newContainer, diff.key);
  if (oldOrigins?.length !== 1 || newOrigins?.length !== 1) return undefined;
  const oldRange = oldOrigins[0]!.range;
  const newRange = newOrigins[0]!.range;
  const line = oldRange.start.line;
  if (!samePos(oldRange.start, newRange.start) || oldRange.end.line !== line || newRange.end.line !== line) return undefined;
  // The changed span starts in the scalar, which ends its line before and after (but for a comment): no other node moves.
  const lineStart = newText.lastIndexOf('\n', p - 1) + 1;
  let atLine = 0;
  for (let i = newText.indexOf('\n'); i >= 0 && i < lineStart; i = newText.indexOf('\n', i + 1)) atLine++;
  if (atLine !== line || p < lineStart + newRange.start.character || !endsLine(newText, lineStart, newRange.end.character) || !endsLine(oldText, lineStart, oldRange.end.character)) return undefined;
  const kind = isObj(newDoc.value) ? newDoc.value.kind : undefined;
  if (typeof kind !== 'string' || readByTransformers(kind, diff.path)) return undefined;
  return {
    file,
    oldValue: diff.oldValue,
    newValue: diff.newValue,
    oldStyled: isStyled(diff.oldContainer, diff.key),
    newStyled: isStyled(diff.newContainer, diff.key),
    oldRange,
    newRange,
    oldDoc: oldDoc.range,
    newDoc: newDoc.range,
  };
}

/** Whether nothing but blanks and a comment follows `character` on the line starting at `lineStart`. */
function endsLine(text: string, lineStart: number, character: number): boolean {
  const lineEnd = text.indexOf('\n', lineStart);
  return /^[ \t]*(#.*)?\r?$/.test(text.slice(lineStart + character, lineEnd < 0 ? text.length : lineEnd));
}

interface Diff {
  path: PathSegment[];
  oldContainer: Obj | Value[];
  newContainer: Obj | Value[];
  key: PathSegment;
  oldValue: Scalar;
  newValue: Scalar;
}

/** What the decoder marks on a document as a whole (a refusal waiting for a resource). */
const hasDocMarks = (d: DecodedDoc): boolean => d.control !== undefined || d.complexKey !== undefined || d.nonStringKey !== undefined;

/** The same keys in the same order, list lengths, marks and values but for scalars differing (collected in `diffs`, stopping past one). */
function sameShape(a: Value, b: Value, path: PathSegment[], diffs: Diff[]): boolean {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameEntry(a, b, i, path, diffs)) return false;
    return true;
  }
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i] || !sameEntry(a, b, ka[i]!, path, diffs)) return false;
    }
    return true;
  }
  return false;
}

function sameEntry(a: Obj | Value[], b: Obj | Value[], key: PathSegment, path: PathSegment[], diffs: Diff[]): boolean {
  const va = (a as Record<PathSegment, Value>)[key]!;
  const vb = (b as Record<PathSegment, Value>)[key]!;
  if (isEmptyNull(a, key) !== isEmptyNull(b, key) || isUntagged(a, key) || isUntagged(b, key)) return false;
  if (va !== null && typeof va === 'object') return isStyled(a, key) === isStyled(b, key) && sameShape(va, vb, [...path, key], diffs);
  if (Object.is(va, vb)) return isStyled(a, key) === isStyled(b, key);
  if (!isScalar(va) || !isScalar(vb)) return false;
  diffs.push({ path: [...path, key], oldContainer: a, newContainer: b, key, oldValue: va, newValue: vb });
  return diffs.length <= 1;
}

// ---- What kustomize's built-in transformers read.

/** Kinds whose content something reads: hashed into a name (ConfigMap, Secret), a schema (a CRD's scope, names, versions). */
const READ_KINDS = new Set(['ConfigMap', 'Secret', 'CustomResourceDefinition']);
/** Keys read wherever they are: ids, names and namespaces (name references, selectors), images (the images transformer's legacy walk of any containers list). */
const READ_KEYS = new Set(['name', 'namespace', 'image', 'kind', 'apiVersion', 'apiGroup', 'generateName']);

let fieldSpecPaths: string[][] | undefined;
let mergeKeys: Set<string> | undefined;

/** Every built-in field spec's path (varReference aside: vars are refused with the kustomization that declares them), list marks dropped. */
function builtinPaths(): string[][] {
  if (fieldSpecPaths) return fieldSpecPaths;
  const c = defaultConfig();
  const paths = new Set<string>();
  for (const f of FS_FIELDS) if (f !== 'varReference') for (const fs of c[f]) paths.add(fs.path);
  for (const n of c.nameReference) for (const fs of n.fieldSpecs) paths.add(fs.path);
  return (fieldSpecPaths = [...paths].map((p) => p.split('/').map((seg) => seg.replace(/\[\]$/, ''))));
}

/** Every strategic-merge key of the built-in schema (list items are matched by them). */
function builtinMergeKeys(): Set<string> {
  if (mergeKeys) return mergeKeys;
  mergeKeys = new Set();
  for (const def of Object.values(PATCH_META.defs)) {
    for (const field of Object.values(def)) if (field[0] === '[]') for (const k of field.slice(2)) mergeKeys.add(k);
  }
  return mergeKeys;
}

/** Whether a built-in transformer or a strategic merge may read the scalar at `path` of an object of `kind`. */
export function readByTransformers(kind: string, path: PathSegment[]): boolean {
  if (READ_KINDS.has(kind)) return true;
  const last = path[path.length - 1];
  // An item of a list of scalars: merged by value (patchStrategy merge, $deleteFromPrimitiveList).
  if (typeof last !== 'string') return true;
  if (path[0] === 'metadata' || READ_KEYS.has(last) || builtinMergeKeys().has(last)) return true;
  const keys = path.filter((seg): seg is string => typeof seg === 'string');
  if (keys.some((k) => k.startsWith('$'))) return true;
  return builtinPaths().some((fs) => fs.length <= keys.length && fs.every((seg, i) => seg === keys[i]));
}

/**
 * Whether an environment built from these kustomizations and patch files
 * (their texts) may take a scalar edit: none declares what reads values
 * beyond the built-in transformers. Words are matched anywhere in the text
 * (a comment too): a false match costs a render, never a wrong one.
 */
export function editableIn(kustomizations: readonly string[], patches: readonly string[]): boolean {
  // `fields`: a labels entry's own field specs.
  const reads = /\b(replacements|vars|configurations|crds|openapi|transformers|generators|validators|helmCharts|helmChartInflationGenerator|fields)\b\s*["']?\s*:/;
  const readingOps = /\bop\b["']?\s*:\s*["']?(copy|move|test)\b/;
  return !kustomizations.some((t) => reads.test(t) || readingOps.test(t)) && !patches.some((t) => readingOps.test(t));
}

// ---- The edit carried into a render.

/**
 * `result` (a successful render that read the file as it was) with the edit
 * carried in: the objects holding a node read from the scalar copied along
 * the path to it (everything else shared, never changed), the value and its
 * style replaced, every origin of the file's scalar or ending where it ended
 * moved to its new end. Undefined when a node read from the scalar no longer
 * holds the value read (something changed it without saying so): a full render.
 */
export function applyScalarEdit<R extends RenderResult>(result: R, edit: ScalarEdit): R | undefined {
  let changed = false;
  const resources: RenderedResource[] = [];
  for (const r of result.resources) {
    if (r.origin.file !== edit.file) {
      resources.push(r);
      continue;
    }
    const hits: Hit[] = [];
    if (!collect(r.object as Obj, edit, hits)) return undefined;
    // Read from the scalar and written over since: a strategic merge writing a number over a
    // string reads the string's style (nodeStyle.ts), which must come out the same.
    if (hits.some((h) => h.overwritten) && !sameStyleReading(edit)) return undefined;
    const docMoved = sameRange(r.origin.range, edit.oldDoc) && !sameRange(edit.oldDoc, edit.newDoc);
    if (!hits.length && !docMoved) {
      resources.push(r);
      continue;
    }
    changed = true;
    const root = hits.length ? rewrite(r.object as Obj, hits, edit) : (r.object as Obj);
    resources.push(renderedObject(root, docMoved ? { ...r.origin, range: edit.newDoc } : r.origin));
  }
  return changed ? withResources(result, resources) : result;
}

interface Hit {
  /** Containers from the object's root down to the one holding the key. */
  path: (Obj | Value[])[];
  keys: PathSegment[];
  /** Whether the value itself was read from the scalar (its last origin), not only an origin to move. */
  value: boolean;
  /** Read from the scalar, then written over. */
  overwritten: boolean;
}

/** Whether a value written over the scalar takes the same style from the new one as from the old (strategicMerge.ts, nodeStyle.ts). */
function sameStyleReading(edit: ScalarEdit): boolean {
  const { oldValue: a, newValue: b } = edit;
  if (typeof a !== typeof b || edit.oldStyled !== edit.newStyled) return false;
  return typeof a !== 'string' || writtenPlainV3(a, resolvePlainV3) === writtenPlainV3(b as string, resolvePlainV3);
}

/**
 * Where the object holds an origin of the edited file that is the scalar's or
 * ends where it ended; false when such a value was changed since. `containers`
 * and `trail` are the walk's stacks (the containers down to `container`, the
 * keys to it), copied only for a hit: the walk crosses every node of the
 * edited file's objects at each keystroke.
 */
function collect(container: Obj | Value[], edit: ScalarEdit, hits: Hit[], containers: (Obj | Value[])[] = [], trail: PathSegment[] = []): boolean {
  containers.push(container);
  let ok = true;
  if (Array.isArray(container)) {
    for (let i = 0; ok && i < container.length; i++) ok = visit(container, i, container[i]!, edit, hits, containers, trail);
  } else {
    for (const k in container) if (!(ok = visit(container, k, container[k]!, edit, hits, containers, trail))) break;
  }
  containers.pop();
  return ok;
}

function visit(container: Obj | Value[], key: PathSegment, v: Value, edit: ScalarEdit, hits: Hit[], containers: (Obj | Value[])[], trail: PathSegment[]): boolean {
  const os = originsAt(container, key);
  if (os?.some((o) => o.file === edit.file && (samePos(o.range.end, edit.oldRange.end) || sameRange(o.range, edit.oldRange)))) {
    const last = os[os.length - 1]!;
    const value = last.file === edit.file && sameRange(last.range, edit.oldRange);
    if (value && (!Object.is(v, edit.oldValue) || isStyled(container, key) !== edit.oldStyled || isUntagged(container, key))) return false;
    hits.push({ path: containers.slice(), keys: [...trail, key], value, overwritten: !value && os.some((o) => o.file === edit.file && sameRange(o.range, edit.oldRange)) });
  }
  if (v === null || typeof v !== 'object') return true;
  trail.push(key);
  const ok = collect(v, edit, hits, containers, trail);
  trail.pop();
  return ok;
}

/** A copy of `root` along each hit's path, with the hits rewritten. */
function rewrite(root: Obj, hits: Hit[], edit: ScalarEdit): Obj {
  const copies = new Map<object, Obj | Value[]>();
  const copyOf = (c: Obj | Value[]): Obj | Value[] => {
    let k = copies.get(c);
    if (!k) copies.set(c, (k = copyContainer(c)));
    return k;
  };
  for (const hit of hits) {
    // Copy the path top-down, linking each copy into its parent's copy.
    let parent = copyOf(hit.path[0]!);
    for (let i = 1; i < hit.path.length; i++) {
      const child = copyOf(hit.path[i]!);
      (parent as Record<PathSegment, Value>)[hit.keys[i - 1]!] = child;
      parent = child;
    }
    const key = hit.keys[hit.keys.length - 1]!;
    const original = hit.path[hit.path.length - 1]!;
    const moved = (originsAt(original, key) ?? []).map((o) => (o.file !== edit.file ? o : sameRange(o.range, edit.oldRange) ? { ...o, range: edit.newRange } : samePos(o.range.end, edit.oldRange.end) ? { ...o, range: { start: o.range.start, end: edit.newRange.end } } : o));
    if (hit.value) rewriteScalar(parent, key, edit.newValue, moved, edit.newStyled);
    else replaceOrigins(parent, key, moved);
  }
  return copies.get(root) as Obj;
}
