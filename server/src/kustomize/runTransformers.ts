// A kustomization's transformers (patches, namespace, prefix/suffix, labels,
// annotations, replicas, images, replacements) run in kustomize's order over
// the accumulated resources, after its components (called from build.ts).

import { resolve } from 'node:path';
import { resolveIn } from './pathMemo';
import { ComplexKeyError, KustomizeError, MalformedYamlError } from './errors';
import { goQuote } from './goQuote';
import { goYaml } from './goYaml';
import { checkEntry, originOf, zeroRange, type Kustomization } from './loader';
import type { Origin } from './model';
import { idString, type Resource } from './resource';
import { ResMap } from './resmap';
import { selectorRegexError, selects, type Selector } from './selector';
import { applyAnnotations } from './transformers/annotations';
import { applyImages, type ImageRule } from './transformers/images';
import { applyJson6902, type JsonOp } from './transformers/json6902';
import { applyLabels, labelSetFor } from './transformers/labels';
import { applyNamespace } from './transformers/namespace';
import { applyAffix } from './transformers/prefixSuffix';
import { applyReplacements, type Replacement } from './transformers/replacements';
import { applyReplicas } from './transformers/replicas';
import { applyStrategicMerge } from './transformers/strategicMerge';
import { mergeSchemas } from './loadOpenApi';
import { unshareAll } from './aliases';
import { buildAnnotations, hasBuildAnnotations, takeBuildAnnotations } from './goResource';
import { recordTransformer } from './buildMetadata';
import { cloneValue, isObj, nullFlowEmpties, originsAt, setOrigins, type Obj, type Value } from './values';
import { nullAnnotationKeys, type DecodedDoc } from './yaml/decode';
import { configuredIn, evalSymlinkFailure, loadFile, parseFile, strings, stringMap, type BuildState } from './buildFiles';
import type { TransformerConfig } from './transformerConfig';
import { goyamlSyntaxError } from '../yaml/goyamlErrors';

/** buildMetadata: one transformer instance of kustomization `k` ran over the resources. */
function ran(st: BuildState, k: Kustomization, res: ResMap, kind: string): void {
  if (st.meta && !st.plugin) recordTransformer(res.list, configuredIn(st, k), kind);
}

/** A parsed document used as a patch: a copy whose `annotations: {k: null}` deletes again. */
function asPatch(v: Value, by?: string): Value {
  const out = cloneValue(v, by);
  // kyaml merges the patch's nodes: `{k: }` is a null there, which deletes k.
  nullFlowEmpties(out);
  if (isObj(v) && isObj(v.metadata) && isObj(v.metadata.annotations) && isObj(out) && isObj(out.metadata) && isObj(out.metadata.annotations)) {
    for (const key of nullAnnotationKeys(v.metadata.annotations) ?? []) out.metadata.annotations[key] = null;
  }
  return out;
}

// Patch documents are only read by their users (a strategic merge works on a
// copy per target, a JSON 6902 operation copies its value): the copies made
// from a parse are kept with it and reused by every render until it changes.
const patchCopies = new WeakMap<DecodedDoc[], Map<string, DecodedDoc[]>>();

function patchCopiesOf(parsed: DecodedDoc[], key: string, make: () => DecodedDoc[]): DecodedDoc[] {
  let m = patchCopies.get(parsed);
  if (!m) patchCopies.set(parsed, (m = new Map()));
  let out = m.get(key);
  if (!out) m.set(key, (out = make()));
  return out;
}

/** Inline patch text → documents whose origins point into the kustomization file. */
/**
 * A JSON 6902 patch written in YAML is converted by kustomize with YAMLToJSON
 * (YAML 1.1: `yes` is true): parse such a list of operations that way.
 */
function patchText(st: BuildState, file: string, text: string): DecodedDoc[] {
  // A block list of operations is read the YAML 1.1 way directly (one parse per edit).
  const first = /^(?!\s*(#|$)).*$/m.exec(text)?.[0] ?? '';
  if (/^-(\s|$)/.test(first) && !text.startsWith('[')) return parseFile(st, file, text, '', file, true);
  const docs = parseFile(st, file, text, '');
  if (Array.isArray(docs[0]?.value) && !text.startsWith('[')) return parseFile(st, file, text, '', file, true);
  return docs;
}

/** `asResources`: read the text as kustomize reads resources (inline plugin configurations), not as a patch. */
export function decodeInline(st: BuildState, k: Kustomization, text: string, at: Origin, asResources = false): DecodedDoc[] {
  const virt = `${k.file}#inline@${at.range.start.line}:${at.range.start.character}`;
  // asResources: a plugin configuration, whose collection keys fail later (pluginConfigs.ts, check).
  const docs = asResources ? parseFile(st, virt, text, '', virt, false, true) : patchText(st, virt, text);
  const lines = (st.reader.readFile(k.file) ?? '').split('\n');
  const head = lines[at.range.start.line] ?? '';
  const isBlock = /^[|>]/.test(head.slice(at.range.start.character));
  const firstLine = isBlock ? at.range.start.line + 1 : at.range.start.line;
  const indent = isBlock ? (/^\s*/.exec(lines[firstLine] ?? '')?.[0].length ?? 0) : at.range.start.character;
  // A position is moved by the block's first line and indentation, and kept inside the file's
  // text: the end of a value that ends the patch text (after its last line break) would fall
  // past the file's last line when the patch ends the file.
  const at2 = (line: number, character: number): { line: number; character: number } => {
    const l = Math.min(line + firstLine, Math.max(0, lines.length - 1));
    return { line: l, character: Math.min(character + indent, (lines[l] ?? '').length) };
  };
  const shift = (o: Origin): Origin => ({
    file: k.file,
    by: 'patch',
    range: { start: at2(o.range.start.line, o.range.start.character), end: at2(o.range.end.line, o.range.end.character) },
  });
  return patchCopiesOf(docs, `inline ${k.file} ${firstLine} ${indent}${asResources ? ' resources' : ''}`, () =>
    docs.map((d) => ({ value: remapOrigins(asPatch(d.value), shift), range: shift({ file: '', by: '', range: d.range }).range })),
  );
}

function remapOrigins<T extends Value>(v: T, f: (o: Origin) => Origin): T {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      setOrigins(v, i, originsAt(v, i)?.map(f));
      remapOrigins(x, f);
    });
  } else if (isObj(v)) {
    for (const key of Object.keys(v)) {
      setOrigins(v, key, originsAt(v, key)?.map(f));
      remapOrigins(v[key]!, f);
    }
  }
  return v;
}

/** A patch target's fields are regular expressions: refuse one Go cannot compile, at its line. */
function checkSelectorRegexes(target: Value | undefined, file: string): void {
  if (!isObj(target)) return;
  for (const key of ['group', 'version', 'kind', 'name', 'namespace'] as const) {
    const v = target[key];
    if (typeof v !== 'string' || v === '') continue;
    const err = selectorRegexError(v);
    if (err) {
      const o = originOf(target, key, 'patch', file);
      throw new KustomizeError(err, o.file, o.range);
    }
  }
}

function selectorOf(v: Value | undefined): Selector | undefined {
  if (!isObj(v)) return undefined;
  const s: Selector = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    if (typeof v[key] === 'string') s[key] = v[key] as string;
  }
  return s;
}

function idOfPatch(p: Obj): string {
  const md = isObj(p.metadata) ? p.metadata : {};
  const av = typeof p.apiVersion === 'string' ? p.apiVersion : '';
  const i = av.lastIndexOf('/');
  const group = i < 0 ? '' : av.slice(0, i);
  const version = i < 0 ? av : av.slice(i + 1);
  const kind = typeof p.kind === 'string' ? p.kind : '';
  return `${kind || '[noKind]'}.${version || '[noVer]'}.${group || '[noGrp]'}/${md.name || '[noName]'}.${md.namespace || '[noNs]'}`;
}

/**
 * kustomize's resWrangler.ApplySmPatch: the copy of a `target:` patch applied to
 * each selected resource is stamped with that resource's apiVersion (and the
 * patch's own kind, restored afterwards unless allowKindChange), so the patch
 * document's apiVersion never reaches the resource.
 */
function stampGvk(p: Obj, t: Resource): string {
  const id = t.curId();
  const av = id.group ? `${id.group}/${id.version}` : id.version;
  // A resource without apiVersion gets an empty untagged scalar, printed `null`
  // (set after the merge: a null in a patch would delete).
  if (av) p.apiVersion = av;
  else delete p.apiVersion;
  p.kind = typeof p.kind === 'string' ? p.kind : '';
  return av;
}

function applySmp(st: BuildState, res: ResMap, targets: Resource[], patch: Obj, origin: Origin, opts: { allowNameChange?: boolean; allowKindChange?: boolean }, stamp = false): void {
  for (const t of targets) {
    const name = t.name;
    const ns = t.meta.namespace;
    const kind = t.obj.kind;
    if (opts.allowNameChange || opts.allowKindChange) t.storePreviousId();
    const p = cloneValue(patch, 'patch') as Obj;
    const av = stamp ? stampGvk(p, t) : undefined;
    const kept = applyStrategicMerge(t.obj, p, { ...origin, by: 'patch' }, mergeSchemas(st), t.jsonStyled);
    if (!kept) {
      res.remove(t);
      continue;
    }
    if (av === '') t.obj.apiVersion = null;
    if (!opts.allowKindChange) t.obj.kind = kind!;
    if (!opts.allowNameChange) t.meta.name = name;
    if (ns === undefined) delete t.meta.namespace;
    else t.meta.namespace = ns;
  }
}

function smpWithoutTarget(st: BuildState, res: ResMap, patch: Obj, origin: Origin, opts: { allowNameChange?: boolean; allowKindChange?: boolean }, legacy = false): void {
  const md = isObj(patch.metadata) ? patch.metadata : {};
  const av = typeof patch.apiVersion === 'string' ? patch.apiVersion : '';
  const i = av.lastIndexOf('/');
  const id = {
    group: i < 0 ? '' : av.slice(0, i),
    version: i < 0 ? av : av.slice(i + 1),
    kind: typeof patch.kind === 'string' ? patch.kind : '',
    name: typeof md.name === 'string' ? md.name : '',
    namespace: typeof md.namespace === 'string' ? md.namespace : '',
  };
  const matches = res.byAnyId(id);
  if (matches.length !== 1) {
    const pid = idOfPatch(patch);
    const why = matches.length ? `multiple matches for Id ${pid}` : `no matches for Id ${pid}`;
    // patchesStrategicMerge (PatchStrategicMergeTransformer) reports GetById's error as is.
    throw new KustomizeError(
      `${legacy ? '' : `no resource matches strategic merge patch "${pid}": `}${why}; failed to find unique target for patch ${pid}`,
      origin.file,
      origin.range,
    );
  }
  applySmp(st, res, matches, patch, origin, opts);
}

function jsonOpsOf(docs: DecodedDoc[], origin: Origin): JsonOp[] | undefined {
  const ops = docs[0]?.value;
  if (!Array.isArray(ops)) return undefined;
  return ops.map((op, i) => ({
    op: isObj(op) ? op : {},
    origin: { ...(originsAt(ops, i)?.[0] ?? origin), by: 'patch' },
  }));
}

/** The text of a YAML node kyaml decoded from JSON (yaml.Node.Value): a mapping's or a sequence's is empty. */
function nodeText(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return '';
  return String(v);
}

/**
 * The annotations kustomize leaves after a JSON 6902 patch
 * (PatchTransformer.transformJson6902): `res.GetAnnotations()` then
 * `res.SetAnnotations()`, i.e. kyaml's getMapFromMeta, which reads the node
 * under metadata.annotations as consecutive key/value nodes and takes each
 * node's text. So values become strings (a null "null", a mapping or list
 * ""), a list's items are read as key, value, key, value …, and anything else
 * reads as no annotation: undefined, the field cleared (SetAnnotations of an
 * empty map). An odd number of items makes kyaml index past the end, and
 * kustomize panics: refused here. `ann` itself is returned when it is a
 * mapping (its values set to their text in place, their origins kept).
 * An empty key leaves an empty map (see below).
 */
function annotationsAfterJsonPatch(ann: Value, t: Resource, at: Origin | undefined, legacy: boolean): Obj | undefined {
  // SetAnnotations sets the keys in sorted order, and kyaml refuses an empty field name: with an
  // empty key (sorted first) it stops at once, leaving an empty map. PatchTransformer ignores
  // that error; PatchJson6902Transformer returns it.
  const emptyKey = (): Obj => {
    if (legacy) throw new KustomizeError('wrong node kind: expected ScalarNode but got MappingNode: node contents:\n{}', at?.file ?? t.origin.file, at?.range ?? t.origin.range);
    return {};
  };
  if (isObj(ann)) {
    if (Object.hasOwn(ann, '')) return emptyKey();
    for (const [key, v] of Object.entries(ann)) if (typeof v !== 'string') ann[key] = nodeText(v);
    return ann;
  }
  if (!Array.isArray(ann) || ann.length === 0) return undefined;
  if (ann.length % 2 === 1) {
    const n = ann.length;
    throw new KustomizeError(
      `metadata.annotations of ${idString(t.curId())} is a list of ${n} items after this JSON patch: kustomize reads its items as key/value pairs and panics on an odd count (runtime error: index out of range [${n}] with length ${n})`,
      at?.file ?? t.origin.file,
      at?.range ?? t.origin.range,
    );
  }
  const out: Obj = {};
  for (let i = 0; i < ann.length; i += 2) out[nodeText(ann[i]!)] = nodeText(ann[i + 1]!);
  return Object.hasOwn(out, '') ? emptyKey() : out;
}

/**
 * Runs a field-spec transformer (labels, annotations, replicas, images) as
 * kustomize would over objects carrying build annotations. kustomize keeps
 * them (previous names, name prefixes, a generated object's behavior …) in
 * metadata.annotations while it builds; this engine keeps them beside the
 * object (goResource.ts). So a field spec that does not create
 * (`create: false`, e.g. a `labels` entry's `fields` at metadata/annotations)
 * finds the map there in kustomize and writes into it, and what it wrote stays
 * after the build annotations are removed. The map is made for the run and
 * dropped again if it stays empty, as RemoveBuildAnnotations drops it.
 */
function withBuildAnnotationsMap(list: Resource[], run: () => void): void {
  const made: Obj[] = [];
  for (const r of list) {
    const md = r.obj.metadata;
    if (isObj(md) && md.annotations === undefined && hasBuildAnnotations(r)) {
      md.annotations = {};
      made.push(md);
    }
  }
  try {
    run();
  } finally {
    for (const md of made) if (isObj(md.annotations) && Object.keys(md.annotations).length === 0) delete md.annotations;
  }
}

/**
 * Runs replacements over the objects as kustomize holds them: their build
 * annotations in metadata.annotations, where a source path (the whole map,
 * a previous name) finds them and a target path creates beside them. Taken
 * out again afterwards; what a replacement copied elsewhere stays, as in
 * kustomize's output.
 */
function withBuildAnnotationsHeld(list: Resource[], run: () => void): void {
  const held: { md: Obj; made: boolean; keys: Record<string, string> }[] = [];
  for (const r of list) {
    const md = r.obj.metadata;
    if (!isObj(md) || !hasBuildAnnotations(r)) continue;
    const made = md.annotations === undefined;
    if (made) md.annotations = {};
    if (!isObj(md.annotations)) continue;
    const keys = buildAnnotations(r);
    for (const [k, v] of Object.entries(keys)) if (!Object.hasOwn(md.annotations, k)) md.annotations[k] = v;
    held.push({ md, made, keys });
  }
  try {
    run();
  } finally {
    for (const { md, made, keys } of held) {
      const ann = md.annotations;
      if (!isObj(ann)) continue;
      for (const [k, v] of Object.entries(keys)) if (ann[k] === v) delete ann[k];
      if (made && Object.keys(ann).length === 0) delete md.annotations;
    }
  }
}

/** Whether an operation's path or from is the whole document or under /metadata. */
function opsSeeMetadata(ops: JsonOp[]): boolean {
  return ops.some(({ op }) => [op.path, op.from].some((p) => typeof p === 'string' && (p === '' || p === '/' || p === '/metadata' || p.startsWith('/metadata/'))));
}

function applyJson(targets: Resource[], ops: JsonOp[], legacy = false): void {
  for (const t of targets) {
    // `patches` (PatchTransformer) stores each target's id first, so its build annotations
    // make metadata.annotations exist and an `add` below it works on an object that has none;
    // `patchesJson6902` (PatchJson6902Transformer) does not: there the map exists only if
    // the object carries build annotations already (a rename, a generator).
    if (!legacy) t.storePreviousId();
    const md = t.meta;
    const madeAnnotations = md.annotations === undefined && (!legacy || hasBuildAnnotations(t));
    if (madeAnnotations) md.annotations = {};
    // The patch runs over the object as kustomize holds it: with its build annotations, which
    // it may test, copy, replace or remove (takeBuildAnnotations below); only an operation on
    // the whole document or under /metadata can see them.
    const held = opsSeeMetadata(ops) ? buildAnnotations(t) : undefined;
    if (held && isObj(md.annotations)) for (const [k, v] of Object.entries(held)) if (!Object.hasOwn(md.annotations, k)) md.annotations[k] = v;
    applyJson6902(t.obj, ops);
    // kustomize round-trips the object through JSON here: its strings come back in the styles
    // goyaml.v3's encoder picks (nodeStyle.ts), and no node is shared any more.
    t.jsonStyled = true;
    if (t.sharing) unshareAll(t.obj);
    t.sharing = false;
    // kustomize then re-sets the annotations as kyaml's GetAnnotations reads them (annotationsAfterJsonPatch).
    const after = isObj(t.obj.metadata) ? t.obj.metadata : undefined;
    let ann: Obj | undefined;
    if (after && after.annotations !== undefined) {
      ann = annotationsAfterJsonPatch(after.annotations, t, ops[ops.length - 1]?.origin, legacy);
      if (ann !== undefined && ann !== after.annotations) after.annotations = ann;
    }
    if (held) takeBuildAnnotations(t, held, ann);
    if (after && (ann === undefined || (madeAnnotations && Object.keys(ann).length === 0))) delete after.annotations;
  }
}

/**
 * The configuration kustomize builds for a `patches` entry (kusttarget's
 * PatchTransformer struct: path, patch, target, options), as its messages print
 * it: sigs.k8s.io/yaml's Marshal, empty fields left out.
 */
function patchConfig(e: Obj): string {
  const c: Obj = {};
  if (typeof e.path === 'string' && e.path !== '') c.path = e.path;
  if (typeof e.patch === 'string' && e.patch !== '') c.patch = e.patch;
  if (isObj(e.target)) {
    const t: Obj = {};
    for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'annotationSelector', 'labelSelector']) {
      const v = e.target[key];
      if (typeof v === 'string' && v !== '') t[key] = v;
    }
    c.target = t;
  }
  if (isObj(e.options) && Object.keys(e.options).length) c.options = e.options;
  return goYaml(c);
}

/** An error of PatchTransformer's Config, in kustomize's frame (kubectl prints it without its final line break). */
function configError(e: Obj, message: string, at: Origin): KustomizeError {
  return new KustomizeError(`trouble configuring builtin PatchTransformer with config: \`\n${patchConfig(e)}\`: ${message}`.replace(/\n$/, ''), at.file, at.range);
}

function patchDocs(st: BuildState, k: Kustomization, e: Obj, origin: Origin, field: string, text?: { value: string }): DecodedDoc[] {
  // PatchTransformer's Config: the patch text is trimmed before either is looked at.
  const path = typeof e.path === 'string' ? e.path : '';
  const patch = typeof e.patch === 'string' ? e.patch.trim() : '';
  if (patch === '' && path === '') throw configError(e, `must specify one of patch and path in\n${patchConfig(e)}`, origin);
  if (patch !== '' && path !== '') throw configError(e, `patch and path can't be set at the same time\n${patchConfig(e)}`, origin);
  if (path !== '') {
    const o = originOf(e, 'path', field, k.file);
    const loaded = loadFile(st, k, path, o, (m) => configError(e, `failed to get the patch file from path(${path}): ${m}`, o).message);
    if (text) text.value = loaded;
    const abs = resolveIn(k.dir, path);
    const parsed = readPatch(e, field, loaded, () => patchText(st, abs, loaded));
    return patchCopiesOf(parsed, 'path', () => parsed.map((d) => ({ value: asPatch(d.value, 'patch'), range: d.range })));
  }
  const at = originOf(e, 'patch', field, k.file);
  if (text) text.value = patch;
  return readPatch(e, field, patch, () => decodeInline(st, k, e.patch as string, at), at);
}

/** `[path: "p.yaml"]` / `[patch: "…"]`: how PatchTransformer's messages name a patch. */
const patchSource = (e: Obj): string =>
  typeof e.path === 'string' && e.path !== '' ? `[path: ${goQuote(e.path)}]` : `[patch: ${goQuote(String(e.patch).trim())}]`;

/**
 * A patch whose YAML does not parse, in kustomize's words: PatchTransformer
 * tries the text as a strategic-merge patch (kyaml) and as a JSON patch (JSON
 * text, else YAMLToJSON) and says it is neither; PatchJson6902Transformer
 * converts it with YAMLToJSON and reports go-yaml v2's error in its
 * configuration's frame. Reported at the syntax error, or at the entry's
 * `patch:` for an inline patch (`at`).
 */
function readPatch(e: Obj, field: string, text: string, read: () => DecodedDoc[], at?: Origin): DecodedDoc[] {
  try {
    return read();
  } catch (x) {
    if (x instanceof ComplexKeyError) throw complexKeyInPatch(x, e, field, at);
    if (!(x instanceof MalformedYamlError)) throw x;
    const json = text.trimStart().startsWith('[');
    const v2 = json ? undefined : goyamlSyntaxError(text, true);
    const where: Origin = at ?? { file: x.file, range: x.range ?? zeroRange(), by: 'patch' };
    if (field === 'patchesJson6902') {
      if (v2 === undefined) throw x;
      throw new KustomizeError(`trouble configuring builtin PatchJson6902Transformer with config: \`\n${goYaml(json6902Config(e))}\`: ${v2}`, where.file, where.range);
    }
    if (!json && v2 === undefined) throw x;
    throw configError(e, `unable to parse SM or JSON patch from ${patchSource(e)}`, where);
  }
}

/** PatchJson6902Transformer's frame around what it says of its configuration. */
function json6902Config(e: Obj): Obj {
  const target = isObj(e.target) ? Object.fromEntries(Object.entries(e.target).filter(([, v]) => typeof v === 'string' && v !== '')) : undefined;
  return { ...(typeof e.path === 'string' && e.path !== '' ? { path: e.path } : {}), ...(target ? { target } : {}), ...(typeof e.patch === 'string' && e.patch !== '' ? { jsonOp: e.patch } : {}) };
}

/**
 * A collection as a mapping key in a JSON patch written in YAML (read the
 * YAML 1.1 way, as YAMLToJSON reads it): PatchJson6902Transformer reports
 * go-yaml v2's `invalid map key` in its frame; PatchTransformer, which found
 * no strategic-merge patch in a list either, says it is neither. In a
 * strategic-merge document kustomize fails later, in its merge ('wrong node
 * kind'): our words stand there.
 */
function complexKeyInPatch(x: ComplexKeyError, e: Obj, field: string, at: Origin | undefined): KustomizeError {
  if (!x.yaml11) return x;
  const where: Origin = at ?? { file: x.file, range: x.range ?? zeroRange(), by: 'patch' };
  if (field === 'patchesJson6902') {
    return new KustomizeError(`trouble configuring builtin PatchJson6902Transformer with config: \`\n${goYaml(json6902Config(e))}\`: yaml: ${x.v2}`, where.file, where.range);
  }
  return configError(e, `unable to parse SM or JSON patch from ${patchSource(e)}`, where);
}

/**
 * What PatchTransformer's Config makes of a patch's text (the trimmed inline
 * patch, or the file as read): it reads the text both as
 * strategic-merge documents (kyaml: each document empty, or a mapping, which
 * checkPatchDocs then requires to be a resource; a sequence with items or a
 * scalar fails) and as a JSON patch (JSON when it starts with '[', else
 * YAMLToJSON: null or a list of operation objects), and exactly one of the
 * two must succeed ("illegally qualifies as both", "unable to parse").
 */
function patchKind(text: string, docs: DecodedDoc[]): 'sm' | 'json' | 'both' | 'neither' {
  const values = docs.map((d) => d.value);
  const sm = values.every((v) => v === null || isObj(v) || (Array.isArray(v) && v.length === 0));
  const opsList = (v: Value | undefined): boolean => v === undefined || v === null || (Array.isArray(v) && v.every((x) => x === null || isObj(x)));
  let json: boolean;
  if (text === '') {
    json = false; // "empty json patch operations" (an empty patch file; an inline patch is trimmed and must not be empty)
  } else if (text.startsWith('[')) {
    json = isJsonOpsText(text);
  } else {
    json = opsList(values[0]) && goyamlSyntaxError(text, true) === undefined;
  }
  if (sm && json) return 'both';
  if (!sm && !json) return 'neither';
  return sm ? 'sm' : 'json';
}

/** Go's json.Unmarshal of the text into a jsonpatch.Patch ([]map[string]*json.RawMessage) succeeds. */
function isJsonOpsText(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v.every((x) => x === null || (typeof x === 'object' && !Array.isArray(x)));
  } catch {
    return false;
  }
}

/**
 * A strategic-merge document of a `patches` entry is read as a resource
 * (RNodesFromBytes → GetValidatedMetadata): without a kind, or a name (unless
 * a …List), it is neither a strategic-merge nor a JSON patch for kustomize.
 */
function checkPatchDocs(sm: DecodedDoc[], e: Obj): void {
  for (const doc of sm) {
    const v = doc.value as Obj;
    const kind = typeof v.kind === 'string' ? v.kind : '';
    const md = isObj(v.metadata) ? v.metadata : {};
    if (kind !== '' && (kind.endsWith('List') || (typeof md.name === 'string' && md.name !== ''))) continue;
    throw configError(e, `unable to parse SM or JSON patch from ${patchSource(e)}`, { file: originFile(doc, { file: '', range: doc.range, by: 'patch' }), range: doc.range, by: 'patch' });
  }
}

export function runTransformers(k: Kustomization, res: ResMap, st: BuildState, tc: TransformerConfig): void {
  const d = k.data;
  const f = k.file;
  // patchesStrategicMerge (deprecated)
  const psm = strings(k, 'patchesStrategicMerge');
  // kustomize configures one PatchStrategicMergeTransformer with every entry; its failures say so.
  const psmConfig = (m: string) => `trouble configuring builtin PatchStrategicMergeTransformer with config: \`\n${goYaml({ paths: psm.map(([e]) => e) })}\`: ${m}`;
  for (const [entry, origin] of psm) {
    let docs: DecodedDoc[];
    const abs = resolve(k.dir, entry);
    if (!entry.includes('\n') && st.reader.isDirectory(abs) === false) {
      const text = loadFile(st, k, entry, origin, psmConfig);
      const parsed = parseFile(st, abs, text, psmConfig(''), entry);
      docs = patchCopiesOf(parsed, 'path', () => parsed.map((x) => ({ value: asPatch(x.value, 'patch'), range: x.range })));
    } else if (entry.includes('\n') || entry.includes(': ')) {
      docs = decodeInline(st, k, entry, origin);
    } else {
      const why = st.reader.isDirectory(abs) ? `'${abs}' must resolve to a file` : evalSymlinkFailure(st.reader, abs);
      throw new KustomizeError(psmConfig(why), origin.file, origin.range);
    }
    for (const doc of docs) {
      if (isObj(doc.value)) smpWithoutTarget(st, res, doc.value, { ...origin, range: doc.range, file: docs === undefined ? f : originFile(doc, origin) }, {}, true);
    }
  }
  if (strings(k, 'patchesStrategicMerge').length) ran(st, k, res, 'PatchStrategicMergeTransformer');
  // patches
  if (Array.isArray(d.patches)) {
    d.patches.forEach((raw, i) => {
      const e = checkEntry(k, 'patches', raw, i, { path: 'string', patch: 'string', target: 'map', options: 'map' });
      const origin = originOf(d.patches as Value[], i, 'patch', f);
      const text = { value: '' };
      const docs = patchDocs(st, k, e, origin, 'patches', text);
      const opts = isObj(e.options) ? { allowNameChange: e.options.allowNameChange === true, allowKindChange: e.options.allowKindChange === true } : {};
      const target = selectorOf(e.target);
      checkSelectorRegexes(e.target, f);
      const kind = patchKind(text.value, docs);
      if (kind === 'both') throw configError(e, `illegally qualifies as both an SM and JSON patch: ${patchSource(e)}`, origin);
      if (kind === 'neither') throw configError(e, `unable to parse SM or JSON patch from ${patchSource(e)}`, origin);
      const ops = kind === 'json' ? jsonOpsOf(docs, origin) : undefined;
      const patchOrigin = (doc: DecodedDoc): Origin => ({ file: originFile(doc, origin), range: doc.range, by: 'patch' });
      if (kind === 'json' || !docs.some((x) => isObj(x.value) && Object.keys(x.value).length)) {
        // No strategic-merge document (only empty mappings): kustomize goes the JSON way and
        // decodes the text again for each target (a mapping: not a JSON patch).
        if (!target) throw new KustomizeError(`must specify a target for JSON patch ${patchSource(e)}`, origin.file, origin.range);
        if (!ops) {
          // An empty file decodes as no operation; a mapping does not decode.
          if (text.value !== '' && res.list.some((r) => selects(target, r))) throw new KustomizeError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', origin.file, origin.range);
          st.patchMatches.push({ file: f, index: i, matched: 0 });
          ran(st, k, res, 'PatchTransformer');
          return;
        }
        const targets = res.list.filter((r) => selects(target, r));
        st.patchMatches.push({ file: f, index: i, matched: targets.length });
        applyJson(targets, ops);
        ran(st, k, res, 'PatchTransformer');
        return;
      }
      const sm = docs.filter((x) => isObj(x.value));
      checkPatchDocs(sm, e);
      if (target) {
        if (sm.length > 1) {
          throw new KustomizeError('Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field', origin.file, origin.range);
        }
        const targets = res.list.filter((r) => selects(target, r));
        st.patchMatches.push({ file: f, index: i, matched: targets.length });
        if (sm[0]) {
          applySmp(st, res, targets, sm[0].value as Obj, patchOrigin(sm[0]), opts, true);
          // kustomize's resWrangler.ApplySmPatch appends every resource again after a targeted
          // patch: two that a name or kind change made one id fail there.
          if (opts.allowNameChange || opts.allowKindChange) {
            try {
              new ResMap().appendAll(res.list);
            } catch (err) {
              if (err instanceof KustomizeError) throw new KustomizeError(err.message, origin.file, origin.range);
              throw err;
            }
          }
        }
      } else {
        for (const doc of sm) smpWithoutTarget(st, res, doc.value as Obj, patchOrigin(doc), opts);
      }
      ran(st, k, res, 'PatchTransformer');
    });
  }
  // namespace, prefix, suffix
  if (typeof d.namespace === 'string' && d.namespace) {
    applyNamespace(res.list, d.namespace, originOf(d, 'namespace', 'namespace', f), { fieldSpecs: tc.namespace });
    ran(st, k, res, 'NamespaceTransformer');
  }
  const prefix = typeof d.namePrefix === 'string' ? d.namePrefix : '';
  const suffix = typeof d.nameSuffix === 'string' ? d.nameSuffix : '';
  if (prefix) {
    applyAffix(res.list, { prefix }, tc.namePrefix, originOf(d, 'namePrefix', 'namePrefix', f));
    ran(st, k, res, 'PrefixTransformer');
  }
  if (suffix) {
    applyAffix(res.list, { suffix }, tc.nameSuffix, originOf(d, 'nameSuffix', 'nameSuffix', f));
    ran(st, k, res, 'SuffixTransformer');
  }
  // labels, then commonLabels
  if (Array.isArray(d.labels)) {
    d.labels.forEach((raw, i) => {
      const e = checkEntry(k, 'labels', raw, i, { pairs: 'map', includeSelectors: 'bool', includeTemplates: 'bool', fields: 'list' });
      const pairs = stringMap(e.pairs);
      const origins = Object.fromEntries(Object.keys(pairs).map((key) => [key, originOf(e.pairs as Obj, key, 'labels', f)]));
      const fields = Array.isArray(e.fields) ? (e.fields.filter(isObj) as unknown as { path: string }[]) : [];
      const fieldSpecs = withConfigError(() => labelSetFor(tc, { includeSelectors: e.includeSelectors === true, includeTemplates: e.includeTemplates === true, fields }), originOf(d.labels as Value[], i, 'labels', f));
      withBuildAnnotationsMap(res.list, () => applyLabels(res.list, { pairs, origins, fieldSpecs }, f));
      ran(st, k, res, 'LabelTransformer');
    });
  }
  if (isObj(d.commonLabels) && Object.keys(d.commonLabels).length) {
    const pairs = stringMap(d.commonLabels);
    const origins = Object.fromEntries(Object.keys(pairs).map((key) => [key, originOf(d.commonLabels as Obj, key, 'commonLabels', f)]));
    withBuildAnnotationsMap(res.list, () => applyLabels(res.list, { pairs, origins, fieldSpecs: tc.commonLabels }, f));
  }
  // kustomize always configures a commonLabels LabelTransformer after the `labels` ones, even an empty one.
  if ((Array.isArray(d.labels) && d.labels.length) || (isObj(d.commonLabels) && Object.keys(d.commonLabels).length)) {
    ran(st, k, res, 'LabelTransformer');
  }
  if (isObj(d.commonAnnotations) && Object.keys(d.commonAnnotations).length) {
    const pairs = stringMap(d.commonAnnotations);
    const origins = Object.fromEntries(Object.keys(pairs).map((key) => [key, originOf(d.commonAnnotations as Obj, key, 'commonAnnotations', f)]));
    withBuildAnnotationsMap(res.list, () => applyAnnotations(res.list, pairs, origins, f, tc.commonAnnotations));
    ran(st, k, res, 'AnnotationsTransformer');
  }
  // patchesJson6902 (deprecated)
  if (Array.isArray(d.patchesJson6902)) {
    d.patchesJson6902.forEach((raw, i) => {
      const e = checkEntry(k, 'patchesJson6902', raw, i, { path: 'string', patch: 'string', target: 'map' });
      const origin = originOf(d.patchesJson6902 as Value[], i, 'patch', f);
      const docs = patchDocs(st, k, e, origin, 'patchesJson6902');
      const ops = jsonOpsOf(docs, origin) ?? [];
      const target = selectorOf(e.target) ?? {};
      applyJson(res.list.filter((r) => selects(target, r)), ops, true);
      ran(st, k, res, 'PatchJson6902Transformer');
    });
  }
  // replicas
  if (Array.isArray(d.replicas)) {
    d.replicas.forEach((raw, i) => {
      const e = checkEntry(k, 'replicas', raw, i, { name: 'string', count: 'any' });
      const count = typeof e.count === 'number' ? e.count : Number(e.count ?? 0);
      // The count's line is the origin of the value; errors point at the entry.
      const entry = originOf(d.replicas as Value[], i, 'replicas', f);
      withBuildAnnotationsMap(res.list, () => applyReplicas(res.list, String(e.name ?? ''), count, tc.replicas, { ...originOf(e, 'count', 'replicas', f), by: 'replicas' }, entry));
      ran(st, k, res, 'ReplicaCountTransformer');
    });
  }
  // images
  if (Array.isArray(d.images)) {
    const rules: ImageRule[] = d.images.map((raw, i) => {
      const e = checkEntry(k, 'images', raw, i, { name: 'string', newName: 'string', newTag: 'any', digest: 'string', tagSuffix: 'string' });
      return {
        name: String(e.name ?? ''),
        newName: typeof e.newName === 'string' ? e.newName : undefined,
        newTag: e.newTag === undefined || e.newTag === null ? undefined : String(e.newTag),
        digest: typeof e.digest === 'string' ? e.digest : undefined,
        tagSuffix: typeof e.tagSuffix === 'string' ? e.tagSuffix : undefined,
        origin: originOf(d.images as Value[], i, 'images', f),
        fields: {
          ...(e.newName !== undefined ? { newName: originOf(e, 'newName', 'images', f) } : {}),
          ...(e.newTag !== undefined && e.newTag !== null ? { newTag: originOf(e, 'newTag', 'images', f) } : {}),
          ...(e.digest !== undefined ? { digest: originOf(e, 'digest', 'images', f) } : {}),
          ...(e.tagSuffix !== undefined ? { tagSuffix: originOf(e, 'tagSuffix', 'images', f) } : {}),
        },
      };
    });
    withBuildAnnotationsMap(res.list, () => applyImages(res.list, rules, tc.images));
    for (let i = 0; i < rules.length; i++) ran(st, k, res, 'ImageTagTransformer');
  }
  // replacements
  if (Array.isArray(d.replacements)) {
    const reps: Replacement[] = [];
    d.replacements.forEach((raw, i) => {
      const origin = originOf(d.replacements as Value[], i, 'replacements', f);
      const e = checkEntry(k, 'replacements', raw, i, { source: 'map', targets: 'list', path: 'string' });
      const items: Obj[] = [];
      if (typeof e.path === 'string') {
        // kustomize loads the file while configuring its ReplacementTransformer, whose whole
        // configuration (every entry, inline ones too) its message quotes.
        const frame = (m: string) => `trouble configuring builtin ReplacementTransformer with config: \`\n${goYaml({ Replacements: (d.replacements as Value[]).map(omitEmpty) })}\`: ${m}`;
        const text = loadFile(st, k, e.path, origin, frame);
        // It reads the file with sigs.k8s.io/yaml: YAML 1.1 scalars, the first document only
        // (a second one, after `---`, is never applied).
        let doc: Value;
        try {
          doc = parseFile(st, resolve(k.dir, e.path), text, '', undefined, true)[0]?.value ?? null;
        } catch (x) {
          if (!(x instanceof MalformedYamlError)) throw x;
          throw new KustomizeError(frame(`error converting YAML to JSON: ${x.message.replace(/^MalformedYAMLError: /, '').replace(/ in File: [^]*$/, '')}`), x.file, x.range);
        }
        if (Array.isArray(doc)) items.push(...(doc.filter(isObj) as Obj[]));
        else if (isObj(doc)) items.push(doc);
        else {
          // Go's reflect kind of what sigs.k8s.io/yaml decoded (JSON numbers are float64; nothing is invalid).
          const goKind = typeof doc === 'string' ? 'string' : typeof doc === 'number' ? 'float64' : typeof doc === 'boolean' ? 'bool' : 'invalid';
          throw new KustomizeError(frame(`unsupported replacement type encountered within replacement path: ${goKind}`), origin.file, origin.range);
        }
      } else items.push(e);
      for (const it of items) {
        const src = isObj(it.source) ? it.source : {};
        reps.push({
          source: {
            ...selectorOf(src),
            fieldPath: typeof src.fieldPath === 'string' ? src.fieldPath : undefined,
            options: isObj(src.options) ? (src.options as never) : undefined,
          },
          targets: (Array.isArray(it.targets) ? it.targets.filter(isObj) : []).map((t) => ({
            select: selectorOf(t.select),
            reject: Array.isArray(t.reject) ? t.reject.map((x) => selectorOf(x) ?? {}) : undefined,
            fieldPaths: Array.isArray(t.fieldPaths) ? t.fieldPaths.map(String) : undefined,
            fieldPathOrigins: Array.isArray(t.fieldPaths) ? t.fieldPaths.map((_, j) => originOf(t.fieldPaths as Value[], j, 'replacements', f)) : undefined,
            options: isObj(t.options) ? (t.options as never) : undefined,
          })),
          origin,
        });
      }
    });
    withBuildAnnotationsHeld(res.list, () => applyReplacements(res.list, reps));
    if (d.replacements.length) ran(st, k, res, 'ReplacementTransformer');
  }
}

/** kustomize's LabelTransformer configurator fails on conflicting field specs: at the entry. */
function withConfigError<T>(make: () => T, at: Origin): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof KustomizeError) throw e;
    throw new KustomizeError((e as Error).message, at.file, at.range);
  }
}

function originFile(doc: DecodedDoc, fallback: Origin): string {
  const v = doc.value;
  if (isObj(v)) {
    for (const key of Object.keys(v)) {
      const o = originsAt(v, key)?.[0];
      if (o) return o.file;
    }
  }
  return fallback.file;
}

/**
 * A value as Go's encoding/json writes the struct it was read into when every
 * field is `omitempty` (kustomize's replacement types): zero values ('', 0,
 * false, null) and empty lists and maps are left out, after their own contents.
 */
function omitEmpty(v: Value): Value {
  if (Array.isArray(v)) return v.map(omitEmpty);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const key of Object.keys(v)) {
    const x = omitEmpty(v[key]!);
    const empty = x === '' || x === 0 || x === false || x === null || (Array.isArray(x) && x.length === 0) || (isObj(x) && Object.keys(x).length === 0);
    if (!empty) out[key] = x;
  }
  return out;
}
