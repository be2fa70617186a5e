// One kustomization → its resources (kustomize's KustTarget.accumulateTarget):
// resources (files, nested kustomizations) → generators (runGenerators.ts) →
// components → transformers in kustomize's order (runTransformers.ts). This
// file holds the accumulation; the shared build state and file helpers are in
// buildFiles.ts. Hash suffixes, name references and the output order are
// applied once, at the top (see index.ts).

import { isAbsolute, join, relative, sep } from 'node:path';
import { resolveIn } from './pathMemo';
import { isHttpUrl, remoteBaseDir, remoteSpec } from './remote';
import { KustomizeError } from './errors';
import { loadKustomization, originOf, type Kustomization } from './loader';
import type { Origin } from './model';
import { Resource } from './resource';
import { ResMap } from './resmap';
import { originJoin, pathOrigin } from './buildMetadata';
import { cloneValue, isObj, originsAt, type Obj, type Value } from './values';
import { nonStringKeyMessage, type DecodedDoc } from './yaml/decode';
import { goQuote } from './goQuote';
import { absoluteRootRefusal, evalSymlinkFailure, loadFile, outsideFiles, parseFile, rootName, strings, type BuildState } from './buildFiles';
import { runGenerators } from './runGenerators';
import { runTransformers } from './runTransformers';
import { loadConfigurations } from './loadConfigurations';
import { loadCrds } from './loadCrds';
import { applyOpenApiField, observeResources } from './loadOpenApi';
import { loadGeneratorConfigs, loadPluginConfigs, type PluginField } from './pluginConfigs';
import { runPluginGenerators, runPluginTransformers } from './runPlugins';
import { EMPTY_CONFIG, mergeConfig, type TransformerConfig } from './transformerConfig';
import type { Built } from './buildMemo';
import { mergeVars, varsOf, type VarDef } from './vars';
import { goResourceMeta } from './goResourceMeta';

export type { BuildState } from './buildFiles';


/** Documents of a resource file → resources (`kind: List` items expanded, empty documents skipped). */
export function resourcesFromDocs(docs: DecodedDoc[], file: string, by = 'resource', context = '', tail = '', owned = false): Resource[] {
  const out: Resource[] = [];
  // kustomize's inlineAnyEmbeddedLists: a `…List` with `items` is replaced by its
  // items, which join the END of the queue (nested lists included).
  const queue: { v: Value; range: DecodedDoc['range']; complexKey: boolean }[] = [];
  for (const d of docs) {
    if (d.value === null) continue;
    if (d.control) throw new KustomizeError('yaml: control characters are not allowed', file, d.control);
    if (d.nonStringKey) throw new KustomizeError(nonStringKeyMessage(d.nonStringKey), file, d.nonStringKey.range);
    // The cache's documents are copied: other renders read them too (RenderCache.handOver: unless `owned`).
    const v = owned ? d.value : cloneValue(d.value, by === 'resource' ? undefined : by);
    if (!isObj(v)) throw new KustomizeError(`${context}expected a YAML object, got ${JSON.stringify(v)}`, file, d.range);
    queue.push({ v, range: d.range, complexKey: d.complexKey !== undefined });
  }
  while (queue.length) {
    const { v: item, range, complexKey } = queue.shift()!;
    // kyaml skips an empty mapping (a document or a List item) and a null item; anything else
    // without apiVersion, kind or metadata (a List item that is a scalar too)
    // fails its GetMeta.
    if (item === null || (isObj(item) && Object.keys(item).length === 0)) continue;
    if (!isObj(item) || missingMetadata(item)) throw new KustomizeError(`${context}missing Resource metadata${tail}`, file, range);
    if (typeof item.kind === 'string' && item.kind.endsWith('List') && 'items' in item) {
      const items = item.items;
      if (items === null) continue;
      if (!Array.isArray(items)) throw new KustomizeError(`${context}expected array in ${item.kind}/items, but found ${typeof items === 'number' ? 'float64' : typeof items}`, file, range);
      items.forEach((x, i) => queue.push({ v: x, range: originsAt(items, i)?.[0]?.range ?? range, complexKey }));
      continue;
    }
    const scalarKind = notStringScalar(item, 'kind', 'kind', file, range);
    if (scalarKind) throw scalarKind;
    if (typeof item.kind !== 'string' || item.kind === '') {
      throw new KustomizeError(`${context}missing kind in object ${goResourceMeta(item)}${tail}`, file, range);
    }
    const scalarName = isObj(item.metadata) ? notStringScalar(item.metadata, 'name', 'metadata.name', file, range) : undefined;
    if (scalarName) throw scalarName;
    if (!isObj(item.metadata) || typeof item.metadata.name !== 'string' || item.metadata.name === '') {
      throw new KustomizeError(`${context}missing metadata.name in object ${goResourceMeta(item)}${tail}`, file, range);
    }
    const r = new Resource(item, { file, range, by });
    r.holdsComplexKey = complexKey;
    out.push(r);
  }
  return out;
}

/**
 * A kind or name written as a number or a boolean (`kind: 5`, `name: 0x10`):
 * kustomize takes the scalar's YAML text as the id ("0x10", used by patches'
 * targets, name prefixes and references) and prints the value its JSON round
 * trip gives (`16`). The engine reads resolved values, not their text, so it
 * could match or prefix another id than kustomize's: refused, naming the field,
 * at the value, rather than rendered differently. (Collections and null are
 * kustomize's "missing kind" / "missing metadata.name": not handled here.)
 */
function notStringScalar(container: Obj, key: string, field: string, file: string, range: DecodedDoc['range']): KustomizeError | undefined {
  const v = container[key];
  const what = typeof v === 'number' || typeof v === 'bigint' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : undefined;
  if (!what) return undefined;
  const at = originsAt(container, key)?.[0];
  return new KustomizeError(
    `${field} is ${what}, not a string: kustomize takes its YAML text as the ${key} and prints the ${typeof v === 'boolean' ? 'boolean' : 'number'}; THE_BOT renders only a string ${field}: quote it if its text is meant`,
    at?.file ?? file,
    at?.range ?? range,
  );
}

/** kyaml's IsNilOrEmpty for a field's value: absent, null, `{}` or `[]`. */
const nilOrEmpty = (v: Value | undefined): boolean => v === undefined || v === null || (isObj(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);

/**
 * kyaml's GetMeta refusal (ErrMissingMetadata): apiVersion and kind nil or
 * empty, and metadata either nil or empty or without a non-empty name,
 * namespace, labels or annotations (`kind: ""` counts as set: an empty string
 * is not an empty node).
 */
function missingMetadata(o: Obj): boolean {
  if (!nilOrEmpty(o.apiVersion) || !nilOrEmpty(o.kind)) return false;
  const md = o.metadata;
  if (nilOrEmpty(md)) return true;
  if (!isObj(md)) return true;
  return ['name', 'namespace', 'labels', 'annotations'].every((k) => nilOrEmpty(md[k]));
}

/**
 * kustomize's ResAccumulator: the resources of a kustomization being built,
 * the field-spec tables its transformers use (its own `configurations` merged
 * with everything it includes) and the vars it and its bases declare.
 */
export interface Accumulator {
  res: ResMap;
  config: TransformerConfig;
  vars: readonly VarDef[];
}

/**
 * kustomize's errIfArgEqualOrHigher: a root may not be, or contain, a root being
 * built (walked from the innermost); the message names the first one it contains.
 */
function cycleError(st: BuildState, real: string): string | undefined {
  for (let i = st.stack.length - 1; i >= 0; i--) {
    const visited = st.stack[i]!;
    if (visited === real || real === sep || visited.startsWith(real + sep)) return `cycle detected: candidate root '${real}' contains visited root '${visited}'`;
  }
  return undefined;
}

export function buildDir(dir: string, st: BuildState, entryOrigin?: Origin): Accumulator {
  const real = st.reader.realpath(dir);
  const cycle = cycleError(st, real);
  if (cycle) throw new KustomizeError(cycle, entryOrigin?.file ?? dir, entryOrigin?.range);
  const k = loadKustomization(rootName(st, dir, real), st.reader, st.cache, outsideFiles(st));
  st.files.add(k.file);
  warnDeprecated(k, st);
  applyOpenApiField(k, st, st.stack.length === 0);
  st.stack.push(real);
  try {
    const acc: Accumulator = { res: new ResMap(), config: EMPTY_CONFIG, vars: [] };
    accumulate(k, acc, st);
    return acc;
  } finally {
    st.stack.pop();
  }
}

// kustomize's CheckDeprecatedFields: printed on stderr each time a kustomization is loaded.
const DEPRECATED: [string, string, string][] = [
  ['bases', 'resources', ''],
  ['commonLabels', 'labels', ''],
  ['imageTags', 'images', ''],
  ['patchesJson6902', 'patches', ''],
  ['patchesStrategicMerge', 'patches', ''],
  ['vars', 'replacements', '[EXPERIMENTAL] '],
];

function warnDeprecated(k: Kustomization, st: BuildState): void {
  for (const [field, instead, exp] of DEPRECATED) {
    // Go's nil check: a field written as `null` counts as absent.
    if (k.data[field] === undefined || k.data[field] === null) continue;
    const o = originOf(k.data, field, field, k.file);
    st.warnings.push(
      new KustomizeError(
        `'${field}' is deprecated. Please use '${instead}' instead. ${exp}Run 'kustomize edit fix' to update your Kustomization automatically.`,
        o.file,
        o.range,
      ),
    );
  }
}

/** ra.MergeConfig: kustomize's message when two tables disagree on a field's `create`. */
function mergeInto(acc: Accumulator, config: TransformerConfig, context: (m: string) => string, at: Origin): void {
  try {
    acc.config = mergeConfig(acc.config, config);
  } catch (e) {
    if (e instanceof KustomizeError) throw e;
    throw new KustomizeError(context((e as Error).message), at.file, at.range);
  }
}

function accumulate(k: Kustomization, acc: Accumulator, st: BuildState): void {
  const res = acc.res;
  // resources (and the deprecated `bases`)
  for (const field of ['resources', 'bases']) {
    for (const [entry, origin] of strings(k, field)) {
      // kustomize: a local file first, then a git repository, then a local directory.
      const local = resolveIn(k.dir, entry);
      // kustomize's frame around a remote entry: what reading it as a file said (a GET for
      // a URL: never made here; else the local path it does not find), then the clone.
      const remoteFrame = (m: string) =>
        `accumulating resources: accumulation err='accumulating resources from '${entry}': ${isHttpUrl(entry) ? 'not read over HTTP by this engine' : evalSymlinkFailure(st.reader, local)}': ${m}`;
      const httpFile = () => new KustomizeError(remoteFrame(`remote resource '${entry}' in '${field}' is a file over HTTP: never fetched by this engine`), origin.file, origin.range);
      if (isHttpUrl(entry) && !remoteSpec(entry)) throw httpFile();
      const spec = entry !== '' && st.reader.isDirectory(local) !== false ? remoteSpec(entry) : undefined;
      let p = local;
      if (spec) {
        if (isHttpUrl(entry) && /\.(ya?ml|json)$/i.test(spec.kustRootPath || spec.repoPath)) throw httpFile();
        try {
          p = remoteBaseDir(entry, spec, field, origin, st.remote).dir;
        } catch (e) {
          if (!(e instanceof KustomizeError)) throw e;
          throw new KustomizeError(remoteFrame(e.message), e.file, e.range);
        }
      } else checkInsideClone(st, k, entry, local, origin);
      if (entry === '') {
        throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '': '${k.dir}' must resolve to a file': new root cannot be empty`, origin.file, origin.range);
      }
      const isDir = st.reader.isDirectory(p);
      // Not a local file: kustomize's loader.New refuses an absolute root before looking at it.
      const absolute = spec ? undefined : absoluteRootRefusal(entry);
      if (isDir === undefined) {
        // kustomize tries the entry as a file, then as a directory: both fail to resolve it.
        const missing = evalSymlinkFailure(st.reader, p);
        throw new KustomizeError(
          `accumulating resources: accumulation err='accumulating resources from '${entry}': ${missing}': ${absolute ?? `must build at directory: not a valid directory: ${missing}`}`,
          origin.file,
          origin.range,
        );
      }
      if (isDir) {
        // kustomize's words for a directory entry: it is not a file, so it must be a kustomization root.
        const asDir = `accumulating resources: accumulation err='accumulating resources from '${entry}': '${absolute ? entry : p}' must resolve to a file': `;
        if (absolute) throw new KustomizeError(asDir + absolute, origin.file, origin.range);
        let subKind: string;
        try {
          subKind = loadKustomizationKind(p, st);
        } catch (e) {
          if (!(e instanceof KustomizeError)) throw e;
          const at = e.range ? e : origin;
          throw new KustomizeError(`${asDir}couldn't make target for path '${p}': ${e.message}`, at.file, at.range);
        }
        // Checked before the memo below: a base built before (elsewhere) may still be an ancestor here.
        const cycle = cycleError(st, st.reader.realpath(p));
        if (cycle) throw new KustomizeError(`${asDir}${cycle}`, origin.file, origin.range);
        if (subKind === 'Component') {
          throw new KustomizeError(`${asDir}expected kind != 'Component' for path '${p}'`, origin.file, origin.range);
        }
        const outer = st.originPath;
        st.originPath = originJoin(outer, entry);
        let sub: Built;
        try {
          // Built once for every overlay sharing it, while nothing it read changes (buildMemo.ts).
          sub = st.cache.builds.resources(p, st, () => {
            const a = buildDir(p, st, origin);
            return { list: a.res.list, config: a.config, vars: a.vars };
          });
        } catch (e) {
          // kustomize's wording around an error inside the base; its position stays the inner one.
          if (!(e instanceof KustomizeError)) throw e;
          throw new KustomizeError(
            `accumulating resources: accumulation err='accumulating resources from '${entry}': '${p}' must resolve to a file': recursed accumulation of path '${rootName(st, p)}': ${e.message}`,
            e.file,
            e.range,
          );
        } finally {
          st.originPath = outer;
        }
        const merging = (m: string) =>
          `accumulating resources: accumulation err='accumulating resources from '${entry}': '${p}' must resolve to a file': recursed merging from path '${p}': ${m}`;
        try {
          res.appendAll(sub.list);
        } catch (e) {
          if (!(e instanceof KustomizeError)) throw e;
          // kustomize's wording, on the `resources` entry that brought the duplicate in.
          throw new KustomizeError(
            `accumulating resources: accumulation err='accumulating resources from '${entry}': '${p}' must resolve to a file': recursed merging from path '${p}': ${e.message}`,
            origin.file,
            origin.range,
          );
        }
        mergeInto(acc, sub.config, merging, origin);
        mergeVarSets(acc, sub.vars, merging, origin);
      } else {
        // kustomize then tries the entry as a directory (loader.New), and a file is not one.
        const text = loadFile(st, k, entry, origin, (m) =>
          `accumulating resources: accumulation err='accumulating resources from '${entry}': ${m}'` +
          (m.startsWith('security; ') ? `: ${absolute ?? `must build at directory: '${p}': file is not directory`}` : ''));
        const docs = parseFile(st, p, text, `accumulating resources: accumulating resources from '${entry}': `, entry, false, true);
        // kustomize's words: reading the file failed, and the entry is not a directory either.
        const notDir = `': must build at directory: '${p}': file is not directory`;
        const owned = st.cache.handOver(p);
        for (const r of resourcesFromDocs(docs, p, 'resource', `accumulating resources: accumulation err='accumulating resources from '${entry}': `, notDir, owned)) {
          if (st.meta) r.buildOrigin = pathOrigin(originJoin(st.originPath, entry));
          try {
            res.append(r);
          } catch (e) {
            // kustomize's words: merging the file failed, and the entry is not a directory either.
            if (!(e instanceof KustomizeError)) throw e;
            throw new KustomizeError(
              `accumulating resources: accumulation err='merging resources from '${entry}': ${e.message}': must build at directory: '${p}': file is not directory`,
              e.file,
              e.range,
            );
          }
          observeResources(st, [r]);
        }
      }
    }
  }
  mergeInto(acc, loadConfigurations(k, st), (m) => `merging config: ${m}`, originOf(k.data, 'configurations', 'configurations', k.file));
  mergeInto(acc, loadCrds(k, st), (m) => `merging CRDs: ${m}`, originOf(k.data, 'crds', 'crds', k.file));
  const plugins = (field: PluginField) => loadPluginConfigs(k, st, field, (dir, at) => buildDir(dir, st, at).res.list);
  // kustomize loads every generator plugin before any generator runs: a plugin that fails to load is reported first.
  const generators = loadGeneratorConfigs(k, st, (dir, at) => buildDir(dir, st, at).res.list);
  runGenerators(k, res, st);
  runPluginGenerators(k, res, st, generators);
  observeResources(st, res.list);
  for (const [entry, origin] of strings(k, 'components')) {
    const spec = remoteSpec(entry);
    let p = resolveIn(k.dir, entry);
    if (spec) {
      try {
        p = remoteBaseDir(entry, spec, 'components', origin, st.remote).dir;
      } catch (e) {
        // kustomize's loader.New, in its words, around the clone's failure.
        if (!(e instanceof KustomizeError)) throw e;
        throw new KustomizeError(`accumulating components: loader.New ${goQuote(e.message)}`, e.file, e.range);
      }
    }
    // kustomize's loader.New: an absolute root is refused first, before anything there is looked at.
    const absolute = spec ? undefined : absoluteRootRefusal(entry);
    if (absolute) throw new KustomizeError(`accumulating components: loader.New ${goQuote(absolute)}`, origin.file, origin.range);
    if (!spec) checkInsideClone(st, k, entry, p, origin);
    const isDir = st.reader.isDirectory(p);
    if (isDir !== true) {
      // kustomize's loader.New, in its words.
      // (lstat names the first missing part of the path, as for resources.)
      const why = isDir === false ? `'${p}': file is not directory` : `not a valid directory: ${evalSymlinkFailure(st.reader, p)}`;
      throw new KustomizeError(`accumulating components: loader.New "must build at directory: ${why}"`, origin.file, origin.range);
    }
    // kustomize's accumulateDirectory: its error quoted (Go's %q) after 'accumulating components: accumulateDirectory: '.
    const inComponent = (m: string) => `accumulating components: accumulateDirectory: ${goQuote(m)}`;
    let ck: Kustomization;
    try {
      ck = loadKustomization(rootName(st, p), st.reader, st.cache, outsideFiles(st));
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      const at = e.range ? e : origin;
      throw new KustomizeError(inComponent(`couldn't make target for path '${p}': ${e.message}`), at.file, at.range);
    }
    if (ck.kind !== 'Component') {
      throw new KustomizeError(inComponent(`expected kind 'Component' for path '${p}' but got 'Kustomization'`), origin.file, origin.range);
    }
    st.files.add(ck.file);
    warnDeprecated(ck, st);
    applyOpenApiField(ck, st);
    const real = st.reader.realpath(p);
    const cycle = cycleError(st, real);
    if (cycle) throw new KustomizeError(`accumulating components: loader.New ${goQuote(cycle)}`, origin.file, origin.range);
    st.stack.push(real);
    const outer = st.originPath;
    st.originPath = originJoin(outer, entry);
    try {
      accumulate(ck, acc, st);
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      // A resource the component adds twice is reported on the `components` entry; anything else where it is.
      const at = e.message.startsWith('may not add resource') || e.message.startsWith('accumulating resources: accumulation err=\'merging resources') ? origin : e;
      throw new KustomizeError(inComponent(`recursed accumulation of path '${rootName(st, p)}': ${e.message}`), at.file, at.range);
    } finally {
      st.stack.pop();
      st.originPath = outer;
    }
  }
  runTransformers(k, res, st, acc.config);
  runPluginTransformers(k, res, st, acc.config, plugins('transformers'));
  runPluginTransformers(k, res, st, acc.config, plugins('validators'), true);
  acc.vars = mergeVars(res.list, acc.vars, varsOf(k));
}

/** VarSet.MergeSet: a var name declared twice is an error. */
function mergeVarSets(acc: Accumulator, incoming: readonly VarDef[], context: (m: string) => string, at: Origin): void {
  if (!incoming.length) return;
  const names = new Set(acc.vars.map((v) => v.name));
  for (const v of incoming) {
    if (names.has(v.name)) throw new KustomizeError(context(`var '${v.name}' already encountered`), at.file, at.range);
    names.add(v.name);
  }
  acc.vars = [...acc.vars, ...incoming];
}

/** kustomize's errIfGitContainmentViolation: a kustomization inside a clone only reaches into that clone. */
function checkInsideClone(st: BuildState, k: Kustomization, entry: string, p: string, origin: Origin): void {
  if (!st.remote) return;
  const cacheDir = st.reader.realpath(st.remote.cacheDir);
  const from = relative(cacheDir, st.reader.realpath(k.dir));
  if (from.startsWith('..') || isAbsolute(from) || from === '') return;
  const cloneRoot = join(cacheDir, from.split(sep)[0]!);
  const to = relative(cloneRoot, st.reader.realpath(p));
  if (to.startsWith('..') || isAbsolute(to)) {
    throw new KustomizeError(`security; bases in kustomizations found in cloned git repos must be within the repo, but base '${entry}' is outside '${cloneRoot}'`, origin.file, origin.range);
  }
}

function loadKustomizationKind(dir: string, st: BuildState): string {
  const k = loadKustomization(dir, st.reader, st.cache, outsideFiles(st));
  return k.kind;
}
