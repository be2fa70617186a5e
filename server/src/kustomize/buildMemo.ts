// A kustomization included through `resources:` (typically the base shared by
// every overlay) is built once and reused while nothing it read has changed:
// the language server renders every environment after each edit, and each
// used to rebuild the base from scratch.
//
// A build depends on the files it read, on the build metadata options and on
// its origin path (both write into resources), and on the cycle stack only in
// that entering a directory already on it is an error. So an entry records
// every FileReader call of the build with its answer, and is used only when
// the current reader answers the same, none of the directories it entered is
// on the current stack, and options and origin path are those of its key.
// What the build added to the state (files read, warnings) is replayed.
// Failed builds are not kept: they are rebuilt, and throw again.
//
// Each use gets a copy of the stored resources, except one: the last render
// of a refresh (RenderOptions.lastUse: the language server's last environment
// after an edit) TAKES the stored resources of an entry built during that
// refresh, as nobody else will use them before the next edit: one copy of the
// base saved per edit of it. The entry keeps its calls, so the next use sees
// whether it is still valid, and then builds again (its result is stored, not
// taken, so an edit elsewhere copies from it as before): a taken list is
// never handed out a second time, whatever its new owner did to it.
import type { KustomizeError } from './errors';
import type { FileReader } from './fs';
import type { BuildState } from './buildFiles';
import type { Resource } from './resource';
import type { PatchMatch } from './model';
import { copyResources } from './resourceCopy';
import type { TransformerConfig } from './transformerConfig';
import type { VarDef } from './vars';
import { INITIAL_SCHEMA_STATE, schemaStateKey, type SchemaState } from './openapi/schemaState';

/** What including a kustomization adds to its includer: resources, field-spec tables and vars (both immutable). */
export interface Built {
  list: Resource[];
  config: TransformerConfig;
  vars: readonly VarDef[];
}

type Op = 'readFile' | 'readBytes' | 'isDirectory' | 'realpath' | 'version';
type Answer = string | boolean | Uint8Array | undefined;

interface Call {
  op: Op;
  path: string;
  answer: Answer;
}

interface Entry {
  calls: Call[];
  files: string[];
  warnings: KustomizeError[];
  patchMatches: PatchMatch[];
  /** Pristine: the caller's transformers change what they get, so each use gets a copy; undefined once taken. */
  resources: Resource[] | undefined;
  /** Built since the last render that could take (so likely to be built again on the next edit): may be taken. */
  fresh: boolean;
  config: TransformerConfig;
  vars: readonly VarDef[];
  /** The OpenAPI schema state the build left (its `openapi:` fields, the documents it parsed). */
  openapi: SchemaState | undefined;
}

/** Entries kept at most (directories × options × origin paths seen); the oldest goes first. */
const MAX_ENTRIES = 64;

export class BuildMemo {
  private entries = new Map<string, Entry>();
  /** Builds answered from the memo / built and kept (for tests and benchmarks). */
  hits = 0;
  stored = 0;
  /** Hits that took the stored resources rather than a copy. */
  taken = 0;

  /**
   * `keep: false` (a cache serving one render, RenderCache `once`): nothing
   * is stored, every inclusion is built (as kustomize builds it), and no build
   * is copied for a use that will not come.
   */
  constructor(private readonly keep = true) {}

  /**
   * The resources of the kustomization in `dir` built in state `st`: from the
   * memo when still valid, else from `build()` (run with `st` recording).
   */
  resources(dir: string, st: BuildState, build: () => Built): Built {
    if (!this.keep) return build();
    const key = keyOf(dir, st);
    const e = this.entries.get(key);
    const stillValid = e !== undefined && valid(e, st);
    if (stillValid && e.resources) {
      this.hits++;
      for (const f of e.files) st.files.add(f);
      st.warnings.push(...e.warnings);
      st.patchMatches.push(...e.patchMatches);
      st.openapi = e.openapi;
      let list: Resource[];
      if (st.lastUse && e.fresh) {
        list = e.resources;
        e.resources = undefined;
        e.fresh = false;
        this.taken++;
      } else list = copyResources(e.resources);
      return { list, config: e.config, vars: e.vars };
    }
    const calls = new Map<string, Call>();
    const { reader, files, warnings, patchMatches } = st;
    st.reader = recording(reader, calls);
    st.files = new Set();
    st.warnings = [];
    st.patchMatches = [];
    const inner = { files: st.files, warnings: st.warnings, patchMatches: st.patchMatches };
    const outerVolatile = st.volatile;
    st.volatile = false;
    let built: Built;
    let volatile = false;
    try {
      built = build();
    } finally {
      volatile = (st.volatile as boolean | undefined) === true;
      st.volatile = outerVolatile || volatile;
      // What the build added joins the outer state in the same order as without the memo, failed or not.
      st.reader = reader;
      st.files = files;
      st.warnings = warnings;
      st.patchMatches = patchMatches;
      for (const f of inner.files) files.add(f);
      warnings.push(...inner.warnings);
      patchMatches.push(...inner.patchMatches);
    }
    // A build that ran helm read files the reader did not see: rebuilt every time (helm's own outputs are cached).
    if (volatile) return built;
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    // Rebuilt only because its resources were taken (nothing it read changed): not fresh, so the renders
    // of an edit elsewhere copy from it rather than each last one taking it and the next edit rebuilding it.
    const fresh = !stillValid;
    this.entries.set(key, { calls: [...calls.values()], files: [...inner.files], warnings: inner.warnings, patchMatches: inner.patchMatches, resources: copyResources(built.list), fresh, config: built.config, vars: built.vars, openapi: st.openapi });
    this.stored++;
    return built;
  }

  /** A render that could take is over: what was built until now is no longer fresh (may no longer be taken). */
  settle(): void {
    for (const e of this.entries.values()) e.fresh = false;
  }

  clear(): void {
    this.entries.clear();
  }
}

function keyOf(dir: string, st: BuildState): string {
  const m = st.meta;
  const meta = m ? `${+m.originAnnotations}${+m.transformerAnnotations}${+m.managedByLabel}` : '-';
  // Whether helm, remote bases and files outside a root are allowed changes what a build gives (a result or a refusal).
  const ext = `${st.helm ? (st.helm.cachedOnly ? 'c' : 'h') : '-'}${st.remote ? (st.remote.fetch ? 'f' : 'c') : '-'}${st.loadRestrictor === 'LoadRestrictionsNone' ? `n${st.loadRoot ?? ''}` : '-'}`;
  // The OpenAPI schema state on entry decides which definitions its merges see.
  const schema = schemaStateKey(st.openapi ?? INITIAL_SCHEMA_STATE);
  return `${dir}\0${meta}\0${st.originPath}\0${ext}\0${schema}`;
}

/**
 * Replays the recorded calls against the current reader (so an outer build
 * being recorded records them too). The directories the build entered are
 * among the real paths it asked for: none may be on the stack now.
 */
function valid(e: Entry, st: BuildState): boolean {
  for (const c of e.calls) {
    if (!same(ask(st.reader, c.op, c.path), c.answer)) return false;
    if (c.op === 'realpath' && st.stack.includes(c.answer as string)) return false;
  }
  return true;
}

function same(a: Answer, b: Answer): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function ask(r: FileReader, op: Op, path: string): Answer {
  switch (op) {
    case 'readFile':
      return r.readFile(path);
    case 'readBytes':
      return r.readBytes?.(path);
    case 'isDirectory':
      return r.isDirectory(path);
    case 'realpath':
      return r.realpath(path);
    case 'version':
      return r.version?.(path);
  }
}

/** `r`, with each distinct call and its first answer noted in `calls`. */
function recording(r: FileReader, calls: Map<string, Call>): FileReader {
  const note = <T extends Answer>(op: Op, path: string, answer: T): T => {
    const k = `${op}\0${path}`;
    if (!calls.has(k)) calls.set(k, { op, path, answer });
    return answer;
  };
  const out: FileReader = {
    readFile: (p) => note('readFile', p, r.readFile(p)),
    isDirectory: (p) => note('isDirectory', p, r.isDirectory(p)),
    realpath: (p) => note('realpath', p, r.realpath(p)),
  };
  // Optional methods stay absent when the reader has none (callers test for them).
  if (r.readBytes) out.readBytes = (p) => note('readBytes', p, r.readBytes!(p));
  if (r.version) out.version = (p) => note('version', p, r.version!(p));
  return out;
}
