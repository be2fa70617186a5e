// Shared by the build of one kustomization (build.ts) and its generator and
// transformer runs (runGenerators.ts, runTransformers.ts): the build state,
// reading and parsing the files a kustomization refers to, and small readers
// of kustomization fields.

import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { resolveIn } from './pathMemo';
import type { RenderCache } from './cache';
import { ComplexKeyError, KustomizeError, MalformedYamlError, ReaderError } from './errors';
import { goyamlSyntaxError } from '../yaml/goyamlErrors';
import { beyondProjectRoot, within, type FileReader, type LoadRestrictor } from './fs';
import { originOf, type Kustomization, type OutsideFiles } from './loader';
import type { Origin, PatchMatch } from './model';
import { originJoin, type BuildMetadata } from './buildMetadata';
import { isObj, put, type Value } from './values';
import type { HelmOptions } from './helm';
import { isHttpUrl, type RemoteOptions } from './remote';
import { UnmarshalError, type DecodedDoc } from './yaml/decode';
import type { SchemaState } from './openapi/schemaState';

export interface BuildState {
  reader: FileReader;
  cache: RenderCache;
  files: Set<string>;
  /** Real paths of the kustomization directories being built (cycle detection). */
  stack: string[];
  warnings: KustomizeError[];
  /** What each targeted `patches` entry selected when it was applied. */
  patchMatches: PatchMatch[];
  /** buildMetadata of the top kustomization (inherited by every kustomization it includes). */
  meta?: BuildMetadata;
  /** Directory of the kustomization being built, relative to the top one (kustomize's origin path). */
  originPath: string;
  /** helmCharts are inflated only when set (the caller asked for helm). */
  helm?: HelmOptions;
  /** Remote bases are cloned or read from their cache only when set. */
  remote?: RemoteOptions;
  /** LoadRestrictionsNone: files outside a kustomization's directory are read (RenderOptions.loadRestrictor), in loadRoot when set. */
  loadRestrictor?: LoadRestrictor;
  loadRoot?: string;
  /**
   * While a built-in plugin configured under generators/transformers/validators
   * runs: the origin its generated resources get (buildMetadata), and the
   * kustomization-field steps it is made of record no transformation of their own.
   */
  plugin?: { origin: string };
  /** kyaml's OpenAPI schema state (kustomizations' `openapi:` fields, loadOpenApi.ts); initial when unset. */
  openapi?: SchemaState;
  /** Set by a build step whose inputs the FileReader does not see (helm): its result is not memoized. */
  volatile?: boolean;
  /** The last render of a refresh (RenderOptions.lastUse): it may take the build memo's stored resources (buildMemo.ts). */
  lastUse?: boolean;
  /** The top kustomization's directory as the caller named it (rootName). */
  top?: string;
  /**
   * The caller's reader, for the top's ancestors (rootName): asked through
   * `reader` while the build memo records a build, their real paths would
   * become that build's inputs, and the top's own one, being on the stack at
   * every later render, would invalidate it each time.
   */
  topReader?: FileReader;
  /** Each directory from `top` up to the file system's root with its real path (rootName; computed once). */
  topAncestors?: [string, string][];
}

/**
 * The directory a kustomization is built in. kustomize builds every root at
 * its real path (ConfirmDir resolves symbolic links), so the `../` entries of
 * a base reached through a link resolve where the link points, not beside the
 * link (a base at `app/base -> ../shared/base` listing `../other` reads
 * `shared/other`; anthos-config-management-samples links a directory so). The
 * name stays the one under the top kustomization's own path when the real
 * path is below it or below one of its ancestors' real paths: a workspace
 * opened through a link keeps the names the editor uses. A top directory that
 * is itself a link (`render current` where `current -> overlays/prod`) is
 * built, and named, at its real path: its `../` is beside the target, which no
 * name under the link can say. (A top below a linked directory that climbs
 * above that directory with `../` is still resolved beside the link.)
 */
export function rootName(st: BuildState, dir: string, real = st.reader.realpath(dir)): string {
  if (real === dir) return dir;
  if (st.top === undefined) return real;
  if (!st.topAncestors) {
    const reader = st.topReader ?? st.reader;
    st.topAncestors = [];
    for (let d = st.top; ; d = dirname(d)) {
      st.topAncestors.push([d, reader.realpath(d)]);
      if (dirname(d) === d) break;
    }
    // The top is a link when its real parent is not its parent's real path: no names kept.
    const [top, parent] = st.topAncestors;
    if (top && parent && dirname(top[1]) !== parent[1]) st.topAncestors = [];
  }
  for (const [name, at] of st.topAncestors) {
    if (within(at, real)) return join(name, relative(at, real));
  }
  return real;
}

/**
 * kustomize's loader.New refuses an absolute path as a kustomization root
 * before it looks at it (`resources`, `components`, plugin directories): such
 * an entry is never built, so nothing outside the tree is read through it.
 */
export function absoluteRootRefusal(entry: string): string | undefined {
  return isAbsolute(entry) ? `new root '${entry}' cannot be absolute` : undefined;
}

/**
 * kustomize's words for a path that does not exist (its loader resolves every
 * path with Go's filepath.EvalSymlinks first): the lstat names the first
 * component of the path that is missing, not the whole path.
 */
export function evalSymlinkFailure(reader: FileReader, abs: string): string {
  let missing = abs;
  for (let p = dirname(abs); p !== dirname(p) && reader.isDirectory(p) === undefined; p = dirname(p)) missing = p;
  const why = reader.isDirectory(dirname(missing)) === false ? 'not a directory' : 'no such file or directory';
  return `evalsymlink failure on '${abs}' : lstat ${missing}: ${why}`;
}

/**
 * Read a file a kustomization refers to, under kustomize's default load
 * restrictions: the real path (symlinks resolved) is checked against the
 * kustomization's root BEFORE the file is opened, so nothing outside the root
 * is ever read (unless the caller asked for LoadRestrictionsNone, as
 * kustomize's flag does); the reader then opens regular files only,
 * size-checked.
 */
export function loadFile(st: BuildState, k: Kustomization, path: string, origin: Origin, what: (msg: string) => string): string {
  // kustomize's FileLoader.Load GETs an http(s) path (its message is then the GET's
  // network failure, `Get "<url>": …`); this engine never fetches one.
  if (isHttpUrl(path)) throw new KustomizeError(what(`'${path}' is a file over HTTP: never fetched by this engine`), origin.file, origin.range);
  const abs = resolveIn(k.dir, path);
  const root = st.reader.realpath(k.dir);
  if (st.reader.isDirectory(abs) === undefined) throw new KustomizeError(what(evalSymlinkFailure(st.reader, abs)), origin.file, origin.range);
  const real = st.reader.realpath(abs);
  if (st.loadRestrictor !== 'LoadRestrictionsNone' && !within(root, real)) {
    // kustomize names the path as written (a symlink's own path), not its target.
    throw new KustomizeError(what(`security; file '${abs}' is not in or below '${k.dir}'`), origin.file, origin.range);
  }
  if (st.loadRestrictor === 'LoadRestrictionsNone' && st.loadRoot !== undefined && !within(st.reader.realpath(st.loadRoot), real)) {
    throw new KustomizeError(what(beyondProjectRoot(abs, st.loadRoot)), origin.file, origin.range);
  }
  let text: string | undefined;
  try {
    text = st.reader.readFile(abs);
  } catch (e) {
    // A refusal is about the file: report it where the kustomization names it.
    if (e instanceof KustomizeError) throw new KustomizeError(what(e.message), origin.file, origin.range);
    throw e;
  }
  if (text === undefined) throw new KustomizeError(what(`open ${abs}: no such file or directory`), origin.file, origin.range);
  st.files.add(abs);
  return text;
}

/** `complexKeys`: keep a collection used as a mapping key (a resource file, complexKey.ts); elsewhere it is refused. */
export function parseFile(st: BuildState, file: string, text: string, context: string, display = file, yaml11 = false, complexKeys = false): DecodedDoc[] {
  // kustomize splits a file into documents at `---` before decoding each, so a
  // `%YAML`/`%TAG` directive ends up in a document of its own, which is refused
  // (the yaml library reads it as the YAML spec says); an unknown one too.
  const directive = /^%\S*/m.exec(text);
  const words = directive && goyamlSyntaxError(text, yaml11);
  if (directive && words) {
    const line = text.slice(0, directive.index).split('\n').length - 1;
    const range = { start: { line, character: 0 }, end: { line, character: directive[0].length } };
    throw new MalformedYamlError(`${context}MalformedYAMLError: ${words} in File: ${display}`, file, range);
  }
  try {
    return st.cache.parse(file, text, yaml11, () => st.reader.readBytes?.(file), complexKeys).docs;
  } catch (e) {
    // A collection key is worded by each caller, as kustomize's reader of that file words it.
    if (e instanceof KustomizeError && !(e instanceof UnmarshalError) && !(e instanceof ComplexKeyError)) {
      const line = e.range && !(e instanceof ReaderError) ? `line ${e.range.start.line + 1}: ` : '';
      throw new MalformedYamlError(`${context}MalformedYAMLError: yaml: ${line}${e.message.replace(/^yaml: /, '')} in File: ${display}`, e.file, e.range);
    }
    throw e;
  }
}


export function strings(k: Kustomization, field: string): [string, Origin][] {
  const v = k.data[field];
  if (!Array.isArray(v)) return [];
  // Go reads a null list entry as the empty string (kustomize then says what it says about '').
  return v.map((s, i) => [s === null ? '' : (s as string), originOf(v, i, field, k.file)]);
}

export function stringMap(v: Value | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) put(out, k, x === null ? '' : String(x));
  return out;
}

/** The kustomization file relative to the top one (buildMetadata's `configuredIn`). */
export function configuredIn(st: BuildState, k: Kustomization): string {
  return originJoin(st.originPath, basename(k.file));
}

/** What loadKustomization may follow outside a kustomization's directory: nothing unless LoadRestrictionsNone. */
export function outsideFiles(st: Pick<BuildState, 'loadRestrictor' | 'loadRoot'>): OutsideFiles | undefined {
  return st.loadRestrictor === 'LoadRestrictionsNone' ? { root: st.loadRoot } : undefined;
}
