// Entry point of the embedded Kustomize engine: renderKustomization(dir) builds
// a kustomization exactly as `kustomize build` (v5.5) would, and keeps the
// origin of every value. Synchronous and cache-friendly: the language server
// passes a reader over unsaved buffers and one RenderCache for all renders.
import { resolve } from 'node:path';
import { buildDir, type BuildState } from './build';
import { outsideFiles } from './buildFiles';
import { RenderCache } from './cache';
import { KustomizeError } from './errors';
import { nodeFileReader, type FileReader } from './fs';
import { findKustomizationFile, loadKustomization, originOf } from './loader';
import type { PathSegment, RenderError, RenderResult, RenderedResource } from './model';
import type { Resource } from './resource';
import { hashOf } from './transformers/hash';
import { fixNameReferences } from './transformers/nameReference';
import { legacySort, DEFAULT_ORDER_FIRST, DEFAULT_ORDER_LAST } from './transformers/sort';
import { applyBuildMetadata } from './buildMetadata';
import { firstComplexKey } from './yaml/complexKey';
import { goKeyTypeV3 } from './yaml/decode';
import { resolveVars } from './vars';
import { asKustomizeHoldsIt } from './goResource';
import { goResourceMeta } from './goResourceMeta';
import { isObj, noteOrigin, originsAt, type Obj, type Value } from './values';
import { renderedObject, resourcesYaml } from './renderedResult';
import { MAX_NESTING, nestingMessage } from '../yaml/nesting';
import type { HelmOptions } from './helm';
import type { RemoteOptions } from './remote';
import type { LoadRestrictor } from './fs';

export type { FileReader } from './fs';
export type { HelmOptions } from './helm';
export type { RemoteOptions } from './remote';
export { LOAD_RESTRICTORS, type LoadRestrictor } from './fs';
export { RenderCache } from './cache';
export { nodeFileReader } from './fs';

export interface RenderOptions {
  reader?: FileReader;
  cache?: RenderCache;
  /** Inflate helmCharts with this helm (kustomize's --enable-helm); absent: refused as kustomize does. */
  helm?: HelmOptions;
  /** Resolve remote bases (git URLs); absent: refused, never fetched. */
  remote?: RemoteOptions;
  /** kustomize's --load-restrictor: LoadRestrictionsNone lets a kustomization read files outside its directory (Flux builds so); default LoadRestrictionsRootOnly. */
  loadRestrictor?: LoadRestrictor;
  /**
   * Under LoadRestrictionsNone, the directory no file outside of is read all
   * the same (the project's root: a thebot.yaml asking for None opens its own
   * tree, not the disk); absent, none, as kustomize's flag.
   */
  loadRoot?: string;
  /**
   * No render with this cache will use what this render's kustomizations built
   * until their inputs change again (the language server's last environment
   * after an edit): the build memo hands it what it stored, not a copy (buildMemo.ts).
   */
  lastUse?: boolean;
}

const defaultCache = new RenderCache();


function rendered(r: Resource): RenderedResource {
  return renderedObject(r.obj, r.origin);
}

/**
 * kustomize drops an empty metadata.annotations (`{}`, or written with no value)
 * when it rewrites its build annotations (Resource.RemoveBuildAnnotations).
 */
function finish(r: Resource): void {
  const md = r.obj.metadata;
  if (!isObj(md)) return;
  const ann = md.annotations;
  if (ann === null || (isObj(ann) && Object.keys(ann).length === 0)) delete md.annotations;
  else if (isObj(ann)) {
    // It re-sets them as map[string]string: a scalar a transformer wrote (a
    // replacement's number, a created empty node) is printed as its text.
    for (const [key, v] of Object.entries(ann)) {
      if (v === null) ann[key] = '';
      else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') ann[key] = String(v);
      annotationKeyCheck(r, ann, key);
    }
  }
}

/**
 * kyaml's SetAnnotations writes each key back as an untagged plain scalar, so
 * go-yaml reads a key like "1", "true", "null" or "2024-01-01" as no string
 * when kustomize writes the resource out, and fails as it does for such a key
 * in a resource (yaml/decode.ts nonStringKeyMessage); an empty key makes
 * RemoveBuildAnnotations panic. Quoting the key in the source does not help:
 * the quotes are not written back.
 */
function annotationKeyCheck(r: Resource, ann: Obj, key: string): void {
  const at = originsAt(ann, key)?.[0] ?? r.origin;
  const what = `annotation key ${JSON.stringify(key)} of ${r.kind || 'object'} ${r.name}`;
  if (key === '') throw new KustomizeError(`${what}: kustomize writes the annotations back and panics: wrong node kind: expected ScalarNode but got MappingNode`, at.file, at.range);
  const type = goKeyTypeV3(key);
  if (type) throw new KustomizeError(`${what} is no string once kustomize writes the annotations back unquoted (go-yaml reads it as ${type}): kustomize fails with json: unsupported type: map[interface {}]interface {}`, at.file, at.range);
}

function toRenderError(e: unknown, fallbackFile: string): RenderError {
  if (e instanceof KustomizeError) return { message: e.message, file: e.file, range: e.range };
  return { message: e instanceof Error ? e.message : String(e), file: fallbackFile };
}

/**
 * `reader`, its realpath answers kept for one render: a kustomization's
 * directory is resolved for every file it loads (argo-cd's HA install: 313
 * calls, 2,466 readlink system calls), and the answer cannot change meanwhile
 * more than a file read in the same render could.
 */
function realpathsKept(reader: FileReader): FileReader {
  const real = new Map<string, string>();
  const out = Object.create(reader) as FileReader;
  out.realpath = (path: string): string => {
    let r = real.get(path);
    if (r === undefined) real.set(path, (r = reader.realpath(path)));
    return r;
  };
  return out;
}

export function renderKustomization(dir: string, options: RenderOptions = {}): RenderResult & { warnings: RenderError[] } {
  const root = resolve(dir);
  const reader = realpathsKept(options.reader ?? nodeFileReader);
  const cache = options.cache ?? defaultCache;
  const st: BuildState = { reader, cache, files: new Set(), stack: [], warnings: [], patchMatches: [], originPath: '', helm: options.helm, remote: options.remote, loadRestrictor: options.loadRestrictor, loadRoot: options.loadRoot, lastUse: options.lastUse, top: root, topReader: reader };
  let resources: Resource[] = [];
  const errors: RenderError[] = [];
  try {
    // buildMetadata of the top kustomization applies to every kustomization it includes.
    const top = loadKustomization(root, reader, cache, outsideFiles(st));
    const bm = Array.isArray(top.data.buildMetadata) ? top.data.buildMetadata.map(String) : [];
    // kustomize ignores options it does not know.
    if (bm.length) {
      st.meta = { originAnnotations: bm.includes('originAnnotations'), transformerAnnotations: bm.includes('transformerAnnotations'), managedByLabel: bm.includes('managedByLabel') };
    }
    const acc = buildDir(root, st);
    resources = acc.res.list;
    // Hash suffixes, then name references, once at the top (kustomize's makeCustomizedResMap).
    for (const r of resources) {
      if (!r.needsHash) continue;
      r.storePreviousId();
      r.meta.name = `${r.name}-${hashOf(r.obj)}`;
      noteOrigin(r.meta, 'name', { ...r.origin, by: 'hash' });
    }
    fixNameReferences(resources, acc.config.nameReference);
    // With the references fixed, $(VAR)s are replaced (kustomize's ResolveVars).
    const unused = resolveVars(resources, acc.vars, acc.config.varReference);
    if (unused.length) st.warnings.push(new KustomizeError(`well-defined vars that were never replaced: ${unused.join(',')}`, findKustomizationFile(root, reader, outsideFiles(st))));
    // kustomize's IgnoreLocal, last of the build: every resource's metadata is
    // validated first (a JSON patch may have removed a kind or a name since it
    // was read), then a resource annotated config.kubernetes.io/local-config
    // (any value but "false") only feeds the build (a replacement source, a
    // name reference) and is not output.
    for (const r of resources) {
      const problem = metadataProblem(r);
      if (problem) throw new KustomizeError(problem, r.origin.file, r.origin.range);
    }
    resources = resources.filter((r) => !isLocalConfig(r));
    const k = loadKustomization(root, reader, cache, outsideFiles(st));
    const so = k.data.sortOptions;
    if (isObj(so)) {
      if (so.order === 'fifo' && so.legacySortOptions !== undefined && so.legacySortOptions !== null) {
        const o = originOf(so, 'legacySortOptions', 'sortOptions', k.file);
        // The origin of a block map is its first entry: report the key's own line.
        const lines = (reader.readFile(k.file) ?? '').split('\n');
        let line = o.range.start.line;
        while (line > 0 && !/\blegacySortOptions\s*:/.test(lines[line] ?? '')) line--;
        const range = { start: { line, character: 0 }, end: { line, character: (lines[line] ?? '').length } };
        throw new KustomizeError(`the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'`, o.file, range);
      }
      if (so.order === 'legacy') {
        const lo = isObj(so.legacySortOptions) ? so.legacySortOptions : {};
        const first = Array.isArray(lo.orderFirst) ? lo.orderFirst.map(String) : DEFAULT_ORDER_FIRST;
        const last = Array.isArray(lo.orderLast) ? lo.orderLast.map(String) : DEFAULT_ORDER_LAST;
        resources = legacySort(resources, first, last);
      } else if (so.order !== 'fifo') {
        const o = originOf(so, 'order', 'sortOptions', k.file);
        throw new KustomizeError(`the field 'sortOptions.order' must be one of [fifo, legacy]`, o.file, o.range);
      }
    } else resources = legacySort(resources);
    // kustomize's output (resWrangler.AsYaml), resource by resource: a collection
    // used as a mapping key, read and carried through the build, fails only here.
    for (const r of resources) {
      const ck = r.holdsComplexKey ? firstComplexKey(r.obj) : undefined;
      if (ck) throw new KustomizeError(ck.message, ck.file, ck.range);
    }
    if (st.meta) applyBuildMetadata(resources, st.meta);
    resources.forEach(finish);
    for (const r of resources) {
      const deep = pathPastLimit(r.obj);
      if (deep) {
        const o = rendered(r).originOf(deep) ?? r.origin;
        throw new KustomizeError(`${r.obj.kind ?? 'object'} ${r.name}: ${nestingMessage()} (at ${deep.slice(0, 3).join('.')}…)`, o.file, o.range);
      }
    }
  } catch (e) {
    // A stack overflow past the nesting checks: our words, never a stack trace.
    if (e instanceof RangeError) e = new KustomizeError(`yaml: ${nestingMessage()}`, root);
    let file = root;
    try {
      file = findKustomizationFile(root, reader, outsideFiles(st));
    } catch {
      /* no kustomization file: report on the directory */
    }
    errors.push(toRenderError(e, file));
    resources = [];
  } finally {
    // Built during this refresh: taken by its last render, or kept (copied from) until the next build.
    if (options.lastUse) cache.builds.settle();
  }
  const out = resources.map(rendered);
  return {
    root,
    resources: out,
    files: [...st.files],
    errors,
    warnings: st.warnings.map((w) => toRenderError(w, root)),
    patchMatches: st.patchMatches,
    toYaml: () => resourcesYaml(out),
  };
}

/**
 * A path to a value nested deeper than the limit, found without recursion.
 * Transformers can build deeper objects than any input (a replacement's
 * `create` along a 5,000-segment path); the emitter and validators recurse.
 */
function pathPastLimit(obj: Obj): PathSegment[] | undefined {
  // Depths only (this runs on every object of every render); the path is found again when needed.
  if (!deeperThan(obj, MAX_NESTING)) return undefined;
  const paths: [Value, PathSegment[]][] = [[obj, []]];
  while (paths.length) {
    const [v, path] = paths.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_NESTING) return path;
    if (Array.isArray(v)) v.forEach((x, i) => paths.push([x, [...path, i]]));
    else for (const k of Object.keys(v)) paths.push([v[k]!, [...path, k]]);
  }
  return undefined;
}

/**
 * Whether a container lies `budget` levels below `v`. Recursion at most
 * MAX_NESTING (500) frames deep, far inside Node's stack; about twice as fast
 * as an explicit stack of values and depths on the objects every render checks.
 */
function deeperThan(v: Value, budget: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (budget === 0) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (deeperThan(x, budget - 1)) return true;
  } else for (const k in v) if (deeperThan(v[k]!, budget - 1)) return true; // for-in: no key array per object
  return false;
}

/**
 * kyaml's GetValidatedMetadata, which kustomize's IgnoreLocal (DropLocalNodes)
 * asks of every resource at the end of a build: a kind, and a name unless the
 * kind ends in `List`, each read as GetMeta reads it (a scalar's text). A
 * JSON patch (or a replacement) can take them away after the resource was read
 * (build.ts refuses them at reading); kustomize then names the object as it
 * holds it, with its build annotations (`previousNames: cm` after the name's
 * removal).
 */
function metadataProblem(r: Resource): string | undefined {
  if (isEmpty(r.obj)) return undefined; // kyaml's IsNilOrEmpty: skipped
  const md = isObj(r.obj.metadata) ? r.obj.metadata : {};
  const text = (v: Value | undefined): string => (v === undefined || v === null || typeof v === 'object' ? '' : String(v));
  const kind = text(r.obj.kind);
  if (kind === '') return `missing kind in object ${goResourceMeta(asKustomizeHoldsIt(r))}`;
  if (!kind.endsWith('List') && text(md.name) === '') return `missing metadata.name in object ${goResourceMeta(asKustomizeHoldsIt(r))}`;
  return undefined;
}

function isEmpty(o: Obj): boolean {
  for (const _ in o) return false;
  return true;
}

const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';

function isLocalConfig(r: Resource): boolean {
  const a = r.meta.annotations;
  if (!isObj(a) || !Object.prototype.hasOwnProperty.call(a, LOCAL_CONFIG_ANNOTATION)) return false;
  return String(a[LOCAL_CONFIG_ANNOTATION]) !== 'false';
}
