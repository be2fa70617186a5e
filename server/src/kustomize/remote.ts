// Remote bases (git URLs in `resources`/`components`): never fetched
// implicitly. Only with RemoteOptions (the CLI's --fetch-remote, the editor's
// command) is a repository cloned with the machine's `git`, as kustomize does,
// into a cache keyed by URL and ref; without `fetch`, only clones already in
// the cache are used.
import { sha256Hex } from './digest';
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, isAbsolute, sep } from 'node:path';
import { KustomizeError } from './errors';
import type { Origin } from './model';
import { cloneSpec, parseRepoSpec, type RepoSpec } from './repoSpec';

// Loaded when git runs: a render that never starts it does not load child_process.
const childProcess = (): typeof import('node:child_process') => require('node:child_process') as typeof import('node:child_process');

export interface RemoteOptions {
  /** Where clones are kept: <cacheDir>/<key>/ (key: repository, ref, submodules). */
  cacheDir: string;
  /** Clone what is missing (false: use the cache only, refuse the rest). */
  fetch: boolean;
  /** Always fetch again, even when a clone is cached (the CLI's --fetch-remote). */
  refresh?: boolean;
}

/** Clones fetched by this process (a CLI run fetches each repository once, however often it is named). */
const fetchedNow = new Set<string>();

/** The cache directory of a repository at a ref (what kustomize clones for one URL). */
export function cloneKey(spec: RepoSpec): string {
  return sha256Hex(`${cloneSpec(spec)}\0${spec.ref}\0${spec.submodules}`).slice(0, 24);
}

/** The repository a `resources`/`components` entry names, or undefined for a local path. */
export function remoteSpec(entry: string): RepoSpec | undefined {
  const s = parseRepoSpec(entry);
  return typeof s === 'string' ? undefined : s;
}

export const isHttpUrl = (entry: string): boolean => /^https?:\/\//i.test(entry);

function refusal(field: string, entry: string, why: string, origin: Origin): KustomizeError {
  return new KustomizeError(`remote ${field === 'components' ? 'component' : 'resource'} '${entry}' in '${field}' ${why}`, origin.file, origin.range);
}

/** kustomize's ClonerUsingGitExec: init, remote add, fetch --depth=1 <repo> <ref|HEAD>, checkout FETCH_HEAD, submodules. */
function gitClone(spec: RepoSpec, dir: string, origin: Origin): void {
  const git = (args: string[]): void => {
    const r = childProcess().spawnSync('git', args, { cwd: dir, encoding: 'utf8', timeout: spec.timeoutMs, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    const cmd = `git ${args.join(' ')}`;
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
      throw new KustomizeError(`hit ${spec.timeoutMs / 1000}s timeout running '${cmd}'`, origin.file, origin.range);
    }
    if (r.error) throw new KustomizeError(`no 'git' program on path: ${r.error.message}`, origin.file, origin.range);
    if (r.status !== 0) throw new KustomizeError(`failed to run '${cmd}': ${(r.stdout ?? '') + (r.stderr ?? '')}: exit status ${r.status}`, origin.file, origin.range);
  };
  git(['init', '--quiet']);
  git(['remote', 'add', 'origin', cloneSpec(spec)]);
  git(['fetch', '--depth=1', cloneSpec(spec), spec.ref || 'HEAD']);
  git(['checkout', '--quiet', 'FETCH_HEAD']);
  if (spec.submodules) git(['submodule', 'update', '--init', '--recursive']);
}

/**
 * The local directory of a remote base: its clone from the cache (fetched
 * first when the options allow), then the kustomization directory inside it.
 * Refuses, naming the field, when remote bases are not enabled.
 */
export function remoteBaseDir(entry: string, spec: RepoSpec, field: string, origin: Origin, opts: RemoteOptions | undefined): { dir: string; cloneRoot: string } {
  if (!opts) {
    throw refusal(field, entry, "is never fetched implicitly: run with --fetch-remote (CLI) or the 'THE_BOT: Fetch Remote Bases' command (editor)", origin);
  }
  const key = cloneKey(spec);
  const cloneRoot = join(opts.cacheDir, key);
  const cached = existsSync(join(cloneRoot, '.git'));
  if (!cached || (opts.fetch && opts.refresh && !fetchedNow.has(key))) {
    if (!opts.fetch) {
      throw refusal(field, entry, "has not been fetched yet: run the 'THE_BOT: Fetch Remote Bases' command (or thebot … --fetch-remote)", origin);
    }
    mkdirSync(opts.cacheDir, { recursive: true });
    const tmp = `${cloneRoot}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    try {
      gitClone(spec, tmp, origin);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    // Replaced whole, so a concurrent render never sees half a clone.
    rmSync(cloneRoot, { recursive: true, force: true });
    renameSync(tmp, cloneRoot);
    fetchedNow.add(key);
  }
  const dir = join(cloneRoot, spec.kustRootPath);
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new KustomizeError(`accumulating resources from '${entry}': '${dir}' must be a directory with a kustomization`, origin.file, origin.range);
  }
  if (!st.isDirectory()) throw new KustomizeError(`'${dir}' refers to file '${dir.split(sep).pop()}'; expecting directory`, origin.file, origin.range);
  // A path in the repository may be a symlink that leaves it.
  const real = realpathSync(dir);
  const rootReal = realpathSync(cloneRoot);
  const rel = relative(rootReal, real);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new KustomizeError(`"${dir}" refers to directory outside of repo "${cloneRoot}"`, origin.file, origin.range);
  return { dir, cloneRoot: rootReal };
}
