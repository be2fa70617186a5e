// V8's code cache for our bundles, shared by the two launchers: bin/thebot.js
// (the CLI's command bundles, dist/cli-*.js) and dist/server.js (the language
// server's bundle, dist/server-main.js). Built on its own as dist/code-cache.js
// for bin/thebot.js, which is plain JavaScript; bundled into the server's
// launcher.
//
// A bundle's compiled bytecode is saved after it has run (so the cache holds
// every function that run compiled, not only the top level: Node's own
// module.enableCompileCache, Node 22+, saves only the top level) under
// `dir`, keyed by the bundle's path, size and time and the Node version.
// V8 itself rejects a cache that does not fit the source or the flags; it is
// then written again, replacing the caches of earlier builds of that bundle.
// A cache that cannot be read or written is skipped silently: it only ever
// costs or saves time. Figures: bin/thebot.js (CLI), launch/server.ts (server).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Module from 'node:module';

export interface CodeCacheOptions {
  /** Whether `filename` is one of the bundles to cache. */
  match: (filename: string) => boolean;
  /** The cache directory. */
  dir: string;
  /**
   * Also save this long after the bundle started running (a language
   * server runs for hours; its exit may never come, or come after V8 has
   * flushed the bytecode of functions that ran only at start). Always saved at
   * exit, once.
   */
  saveAfterMs?: number;
  /**
   * Whether to save at exit, given the exit code (default: always). A cache
   * holds the functions the run that wrote it compiled, and is used as long as
   * V8 accepts it: one written by a run that stopped early (a wrong path, a
   * `render --help`) held a fraction of the bundle, and every later run
   * compiled the rest lazily (+12-14% instructions for a platform render)
   * until the bundle changed.
   */
  saveAtExit?: (code: number) => boolean;
}

/** `$THEBOT_CACHE/code-cache` (default ~/.cache/thebot), or undefined when THEBOT_CODE_CACHE=0 turns it off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.THEBOT_CODE_CACHE === '0') return undefined;
  return path.join(env.THEBOT_CACHE || path.join(os.homedir(), '.cache', 'thebot'), 'code-cache');
}

/** Bundle name and an FNV-1a hash of its path: checkouts sharing the cache directory keep their own. */
function prefixOf(filename: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < filename.length; i++) h = Math.imul(h ^ filename.charCodeAt(i), 0x01000193) >>> 0;
  return `${path.basename(filename, '.js')}-${h.toString(16).padStart(8, '0')}-`;
}

interface ModuleInternals {
  _compile(this: NodeJS.Module, content: string, filename: string, ...rest: unknown[]): unknown;
}
interface ModuleStatics {
  wrap(content: string): string;
  _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: unknown): string;
  _cache: NodeJS.Dict<NodeJS.Module>;
}

/** Compiles the matching bundles through vm.Script with their cache from now on. */
export function installCodeCache(options: CodeCacheOptions): void {
  const proto = Module.prototype as unknown as ModuleInternals;
  const statics = Module as unknown as ModuleStatics;
  const compile = proto._compile;
  proto._compile = function (this: NodeJS.Module, content: string, filename: string, ...rest: unknown[]) {
    if (!options.match(filename)) return compile.call(this, content, filename, ...rest);
    let file: string | undefined;
    let cachedData: Buffer | undefined;
    try {
      const st = fs.statSync(filename);
      file = path.join(options.dir, `${prefixOf(filename)}${process.version}-${process.arch}-${st.size}-${Math.floor(st.mtimeMs)}.bin`);
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(statics.wrap(content), { filename, cachedData });
    if (file && (!cachedData || script.cachedDataRejected)) scheduleSave(script, file, filename, options);
    else if (file) touch(file);
    const req = ((id: string) => this.require(id)) as NodeJS.Require;
    req.resolve = ((request: string, opts?: unknown) => statics._resolveFilename(request, this, false, opts)) as NodeJS.RequireResolve;
    req.main = require.main;
    req.cache = statics._cache;
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, req, this, filename, path.dirname(filename));
  };
}

function scheduleSave(script: vm.Script, file: string, filename: string, options: CodeCacheOptions): void {
  let saved = false;
  const save = (): void => {
    if (saved) return;
    saved = true;
    try {
      fs.mkdirSync(options.dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, file);
      prune(options.dir, prefixOf(filename), path.basename(file));
    } catch {
      // no cache this time
    }
  };
  process.once('exit', (code) => {
    if (options.saveAtExit?.(code) ?? true) save();
  });
  if (options.saveAfterMs !== undefined) setTimeout(save, options.saveAfterMs).unref();
}

/** Marks a cache as in use (prune keeps what was used within STALE_MS). */
function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // read-only cache: it is still used
  }
}

/** Caches unused for this long belong to checkouts or versions of the extension that are gone. */
const STALE_MS = 30 * 24 * 3600 * 1000;

/**
 * Removes the caches of earlier builds of this bundle (dead weight), and any
 * cache not used for STALE_MS: every checkout, and every version of the
 * extension (a new directory per update), writes its own, about 1-3 MB each.
 */
function prune(dir: string, prefix: string, keep: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    if (name === keep) continue;
    const p = path.join(dir, name);
    try {
      if (name.startsWith(prefix) || now - fs.statSync(p).mtimeMs > STALE_MS) fs.rmSync(p, { force: true });
    } catch {
      // gone meanwhile
    }
  }
}
