// The plugin configurations a kustomization lists under `generators`,
// `transformers` or `validators` (kustomize's configureExternalGenerators /
// configureExternalTransformers): each entry is either inline YAML or a path,
// a file of configs or a kustomization directory whose OUTPUT is the list of
// configs (it is built like any base, transformers included). Only kustomize's
// built-in plugins (`apiVersion: builtin`) can run here, as with kubectl's
// defaults; anything else (exec plugins, container or exec KRM functions, Go
// plugins) is refused with kustomize's message.
import { basename, relative, resolve } from 'node:path';
import { originJoin } from './buildMetadata';
import { KustomizeError, MalformedYamlError } from './errors';
import { goyamlSyntaxError } from '../yaml/goyamlErrors';
import { absoluteRootRefusal, evalSymlinkFailure, loadFile, parseFile, rootName, strings, type BuildState } from './buildFiles';
import { rangeAt, type Kustomization } from './loader';
import { PLUGIN_TYPES, checkGoTypes, coerceScalarsToStrings } from './kustomizationTypes';
import type { Origin } from './model';
import { Resource } from './resource';
import { ResMap } from './resmap';
import { idString } from './resource';
import { decodeInline } from './runTransformers';
import { isObj, type Obj } from './values';
import type { DecodedDoc } from './yaml/decode';
import { goResourceMeta } from './goResourceMeta';
import { firstComplexKey } from './yaml/complexKey';

export type PluginField = 'generators' | 'transformers' | 'validators';

export const BUILTIN_GENERATORS = new Set(['ConfigMapGenerator', 'SecretGenerator', 'IAMPolicyGenerator', 'HelmChartInflationGenerator']);
export const BUILTIN_TRANSFORMERS = new Set([
  'AnnotationsTransformer', 'HashTransformer', 'ImageTagTransformer', 'LabelTransformer', 'NamespaceTransformer',
  'PatchJson6902Transformer', 'PatchStrategicMergeTransformer', 'PatchTransformer', 'PrefixSuffixTransformer',
  'PrefixTransformer', 'SuffixTransformer', 'ReplacementTransformer', 'ReplicaCountTransformer', 'ValueAddTransformer',
]);

export interface PluginConfig {
  kind: string;
  /** The configuration object (its values carry their origins). */
  config: Obj;
  /** The file its text is in (the kustomization itself for an inline entry). */
  file: string;
  /** The entry of the field that brought it in. */
  entry: Origin;
  /** Where the configuration object itself is. */
  at: Origin;
  /** buildMetadata's `configuredIn`: the configuration's file relative to the top kustomization. */
  configuredIn: string;
}

/** A `generators:` entry "is inline" when kustomize can read resources from its text. */
function inlineDocs(st: BuildState, k: Kustomization, text: string, at: Origin): DecodedDoc[] | undefined {
  if (!text.includes('\n') && !/^\s*[{[]/.test(text)) return undefined;
  let docs: DecodedDoc[];
  try {
    const virt = `${k.file}#inline@${at.range.start.line}:${at.range.start.character}`;
    docs = parseFile(st, virt, text, '', virt, false, true);
  } catch {
    return undefined;
  }
  const values = docs.filter((d) => d.value !== null);
  return values.length && values.every((d) => isObj(d.value)) ? docs : undefined;
}

/** The configurations listed in `field`, in order, each checked to be a built-in plugin of the right sort. */
export function loadPluginConfigs(k: Kustomization, st: BuildState, field: PluginField, buildDir: (dir: string, at: Origin) => Resource[]): PluginConfig[] {
  const res = new ResMap();
  const from: Map<Resource, { file: string; entry: Origin; configuredIn: string }> = new Map();
  // kustomize's origin of the configuration resource: the kustomization for an
  // inline entry, else the path the entry names (and below a directory, its file).
  const add = (rs: Resource[], file: string, entry: Origin, configuredIn: (r: Resource) => string): void => {
    for (const r of rs) {
      res.append(r, entry.file);
      from.set(r, { file, entry, configuredIn: configuredIn(r) });
    }
  };
  // Inline entries first, then the paths (kustomize accumulates the paths after every inline entry).
  const paths: [string, Origin][] = [];
  for (const [text, origin] of strings(k, field)) {
    const docs = inlineDocs(st, k, text, origin);
    // Parsed again with origins in the kustomization file (where the text is).
    if (docs) add(resourcesOf(decodeInline(st, k, text, origin, true), k.file, origin), k.file, origin, () => originJoin(st.originPath, basename(k.file)));
    else paths.push([text, origin]);
  }
  for (const [entry, origin] of paths) {
    const p = resolve(k.dir, entry);
    const isDir = st.reader.isDirectory(p);
    // kustomize accumulates the paths as it does `resources`: a file, else a kustomization root (loader.New).
    const absolute = absoluteRootRefusal(entry);
    if (isDir === undefined) {
      const missing = evalSymlinkFailure(st.reader, p);
      throw new KustomizeError(`accumulation err='accumulating resources from '${entry}': ${missing}': ${absolute ?? `must build at directory: not a valid directory: ${missing}`}`, origin.file, origin.range);
    }
    if (isDir) {
      if (absolute) throw new KustomizeError(`accumulation err='accumulating resources from '${entry}': '${entry}' must resolve to a file': ${absolute}`, origin.file, origin.range);
      let built: Resource[];
      try {
        built = buildDir(p, origin);
      } catch (e) {
        // kustomize's wording around an error inside the directory, as for a `resources` entry; its position stays the inner one.
        if (!(e instanceof KustomizeError)) throw e;
        throw new KustomizeError(`accumulation err='accumulating resources from '${entry}': '${p}' must resolve to a file': recursed accumulation of path '${rootName(st, p)}': ${e.message}`, e.file, e.range);
      }
      add(built, p, origin, (r) => originJoin(originJoin(st.originPath, entry), relative(rootName(st, p), r.origin.file)));
      continue;
    }
    const text = loadFile(st, k, entry, origin, (m) =>
      m.startsWith('security; ')
        ? `accumulation err='accumulating resources from '${entry}': ${m}': ${absolute ?? `must build at directory: '${p}': file is not directory`}`
        : `accumulating resources from '${entry}': ${m}`,
    );
    const docs = parseConfigFile(st, p, text, entry);
    // kustomize's words, as for a `resources` file: reading it failed, and the entry is not a directory either.
    const context = { before: `accumulation err='accumulating resources from '${entry}': `, after: `': must build at directory: '${p}': file is not directory` };
    add(resourcesOf(docs, p, origin, context), p, origin, () => originJoin(st.originPath, entry));
  }
  return res.list.map((r) => check(r, field, from.get(r)!));
}

/**
 * A plugin configuration file, read as kustomize reads it: with kyaml
 * (go-yaml v3, so `n` or `yes` is a string) into resources, whose YAML (kyaml
 * quotes such strings) the plugin then unmarshals with sigs.k8s.io/yaml; a
 * syntax error is worded by v3's rule (the line of the context mark, e.g.
 * where an unclosed quote opened), not v2's.
 */
function parseConfigFile(st: BuildState, p: string, text: string, entry: string): DecodedDoc[] {
  const context = `accumulating resources from '${entry}': `;
  try {
    // A collection as a mapping key is kept: kustomize fails on it when it configures the plugin (check).
    return parseFile(st, p, text, context, entry, false, true);
  } catch (e) {
    const words = e instanceof MalformedYamlError ? goyamlSyntaxError(text, false) : undefined;
    if (words) throw new MalformedYamlError(`${context}MalformedYAMLError: ${words} in File: ${entry}`, (e as MalformedYamlError).file, (e as MalformedYamlError).range);
    throw e;
  }
}

/** The configuration objects of `docs`; `context` wraps the message of an object that is none (a file entry's, in kustomize's words). */
function resourcesOf(docs: DecodedDoc[], file: string, entry: Origin, context = { before: '', after: '' }): Resource[] {
  const out: Resource[] = [];
  const refuse = (message: string, at: string, range: Origin['range']): KustomizeError => new KustomizeError(`${context.before}${message}${context.after}`, at, range);
  for (const d of docs) {
    if (d.value === null) continue;
    const v = d.value;
    if (!isObj(v)) throw refuse(`expected a YAML object, got ${JSON.stringify(v)}`, entry.file, entry.range);
    if (typeof v.kind !== 'string' || v.kind === '') throw refuse(`missing kind in object ${goResourceMeta(v)}`, file, d.range);
    if (!isObj(v.metadata) || typeof v.metadata.name !== 'string' || v.metadata.name === '') {
      throw refuse(`missing metadata.name in object ${goResourceMeta(v)}`, file, d.range);
    }
    out.push(new Resource(v, { file, range: d.range, by: 'plugin' }));
  }
  return out;
}

/** What a plugin's Config puts before its unmarshaling error. */
const UNMARSHAL_PREFIX: Readonly<Record<string, string>> = { NamespaceTransformer: 'unmarshalling NamespaceTransformer config: ' };

/**
 * The configuration checked to be a built-in plugin of the field's sort.
 * kustomize's LoadGenerators wraps what it says of a generator in 'failed to
 * load generator: ' (runGenerators then adds 'loading generator plugins: ' to
 * any error loading them: see loadGeneratorConfigs); LoadTransformers, for
 * transformers and validators, adds nothing.
 */
function check(r: Resource, field: PluginField, at: { file: string; entry: Origin; configuredIn: string }): PluginConfig {
  const id = r.curId();
  const loading = field === 'generators' ? 'failed to load generator: ' : '';
  const place = (msg: string): KustomizeError => new KustomizeError(loading + msg, r.origin.file, r.origin.range);
  if (id.group !== '' || id.version !== 'builtin') {
    // kubectl kustomize runs built-in plugins only (no --enable-alpha-plugins / --enable-exec),
    // exec and container KRM functions included: its words, nothing added.
    throw place(`external plugins disabled; unable to load external plugin '${id.kind}'`);
  }
  const isGen = BUILTIN_GENERATORS.has(id.kind);
  const isTrans = BUILTIN_TRANSFORMERS.has(id.kind);
  if (!isGen && !isTrans) throw place(`unable to load builtin ${id.kind || '[noKind]'}.builtin.[noGrp]`);
  if (field === 'generators' && !isGen) throw place(`plugin ${idString(id)} not a generator`);
  if (field !== 'generators' && !isTrans) throw place(`plugin ${idString(id)} not a transformer`);
  // kustomize hands the plugin its configuration as YAML (res.AsYAML, through
  // a Go map): a collection as a mapping key fails there, in go-yaml v3's words.
  const complex = firstComplexKey(r.obj);
  if (complex) {
    const words = complex.message.replace(/^map\[string\]interface \{\}\(nil\): /, '');
    // An inline configuration was decoded as a text of its own: its place is the entry's.
    const where = complex.file.includes('#inline@') ? r.origin : complex;
    throw new KustomizeError(`${loading}marshalling yaml from res ${idString(r.orgId())}: ${words}`, where.file, where.range);
  }
  // The plugin's Config then unmarshals that YAML into its struct (loader.go
  // wraps what fails in 'plugin <id> fails configuration: ').
  const t = PLUGIN_TYPES[id.kind];
  const problem = t && checkGoTypes(r.obj, t, true);
  if (problem) {
    const msg = `plugin ${idString(id)} fails configuration: ${UNMARSHAL_PREFIX[id.kind] ?? ''}error unmarshaling JSON: while decoding JSON: ${problem.message}`;
    throw new KustomizeError(loading + msg, r.origin.file, problem.path.length ? rangeAt(r.obj, problem.path, r.origin.file) : r.origin.range);
  }
  const config = t ? (coerceScalarsToStrings(r.obj, t) as Obj) : r.obj;
  return { kind: id.kind, config, file: at.file, entry: at.entry, at: r.origin, configuredIn: at.configuredIn };
}

/**
 * The `generators` configurations, loaded as kustomize's runGenerators loads
 * them: every error of reading the entries or loading the plugins (a missing
 * or malformed file, a kind that is no built-in generator) after 'loading
 * generator plugins: ', at the place of the inner error.
 */
export function loadGeneratorConfigs(k: Kustomization, st: BuildState, buildDir: (dir: string, at: Origin) => Resource[]): PluginConfig[] {
  try {
    return loadPluginConfigs(k, st, 'generators', buildDir);
  } catch (e) {
    if (!(e instanceof KustomizeError)) throw e;
    throw prefixed(e, 'loading generator plugins: ');
  }
}

/** The same error (its class: a ReaderError names no line), its message after `prefix`. */
function prefixed(e: KustomizeError, prefix: string): KustomizeError {
  const Same = e.constructor as new (message: string, file: string, range?: KustomizeError['range']) => KustomizeError;
  return new Same(prefix + e.message, e.file, e.range);
}
