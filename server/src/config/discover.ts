// Finding the project: thebot.yaml upward from a start directory (or just
// below it), else environments discovered from `overlays/*`.
import { deepNestingAt } from '../yaml/nesting';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { nodeFileReader } from '../kustomize/fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { parseYaml, type ParsedYaml } from '../documents/parse';
import { CONFIG_FILE_NAMES } from './types';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function kustomizationFile(dir: string): string | undefined {
  for (const n of KUSTOMIZATION_FILE_NAMES) {
    const p = join(dir, n);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function isKustomizationDir(dir: string): boolean {
  return kustomizationFile(dir) !== undefined;
}

/** Data of the kustomization files discovery last read (file -> text and data): an environment's namespace is read from it. */
let lastRead = new Map<string, { text: string; data: unknown }>();

/**
 * A kustomization's data as yaml's parse() returns it (throws when parse()
 * throws). Discovery reads every kustomization of a tree (kubeflow's: 233), so
 * from the fast parser's documents when the file is plain (3-4x faster when
 * the yaml library is still cold), else the library's parse().
 */
function kustomizationData(file: string, text: string, parsed: () => ParsedYaml): unknown {
  const known = lastRead.get(file);
  if (known?.text === text) return known.data;
  if (deepNestingAt(text) >= 0) throw new Error('too deep');
  const { documents, errors } = parsed();
  const fast = documents.length === 1 && errors.length === 0 && documents[0].errors.length === 0;
  const data: unknown = fast ? documents[0].toJS() : parse(text);
  // Kept for the next load of the same config (every `thebot check` of a benchmark or a test reads each overlay's namespace again).
  lastRead.set(file, { text, data });
  return data;
}

/** The overlay's own `namespace:` field, used as the environment's default namespace. */
export function readOverlayNamespace(overlay: string): string | undefined {
  const file = kustomizationFile(overlay);
  if (!file) return undefined;
  try {
    // Regular files only, size-capped: a named pipe would block forever (the render reports it).
    const text = nodeFileReader.readFile(file) ?? '';
    const k = kustomizationData(file, text, () => parseYaml(text)) as { namespace?: unknown } | null;
    return typeof k?.namespace === 'string' ? k.namespace : undefined;
  } catch {
    return undefined;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function configIn(dir: string): string | undefined {
  for (const n of CONFIG_FILE_NAMES) {
    const p = join(dir, n);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function childDirs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => n !== 'node_modules' && !n.startsWith('.'))
      .sort()
      .map((n) => join(dir, n))
      .filter(isDir);
  } catch {
    return [];
  }
}

/** The nearest thebot.yaml (or thebot.yml) in `startDir` or a directory above it. */
export function findConfigFileAbove(startDir: string): string | undefined {
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    const hit = configIn(dir);
    if (hit) return hit;
    if (dirname(dir) === dir) return undefined;
  }
}

/** thebot.yaml in startDir or an ancestor; else in a direct child directory (a repo whose config sits in manifests/). */
export function findConfigFile(startDir: string): string | undefined {
  const above = findConfigFileAbove(startDir);
  if (above) return above;
  for (const child of childDirs(resolve(startDir))) {
    const hit = configIn(child);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Without a config: the directory holding `overlays/<env>/kustomization.yaml`,
 * looked for at startDir, one level below it, then upward (startDir inside an overlay).
 */
export function discoverOverlays(startDir: string): { root: string; overlays: { name: string; dir: string }[] } | undefined {
  const start = resolve(startDir);
  const at = (root: string) => {
    const overlays = childDirs(join(root, 'overlays'))
      .filter(isKustomizationDir)
      .map((dir) => ({ name: dir.slice(join(root, 'overlays').length + 1), dir }));
    return overlays.length ? { root, overlays } : undefined;
  };
  const here = at(start);
  if (here) return here;
  for (const child of childDirs(start)) {
    const hit = at(child);
    if (hit) return hit;
  }
  let dir = dirname(start);
  for (;;) {
    const hit = at(dir);
    if (hit) return hit;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** How many directories a walk for kustomizations visits at most (a workspace that is a home directory stays cheap). */
export const MAX_WALKED_DIRS = 20000;

/**
 * Every kustomization file under `root` (sorted), skipping node_modules and
 * dot directories; symbolic links are not followed, so nothing outside the
 * root is read.
 */
export function findKustomizationFiles(root: string): string[] {
  const out: string[] = [];
  const queue = [resolve(root)];
  let visited = 0;
  while (queue.length && visited < MAX_WALKED_DIRS) {
    const dir = queue.shift()!;
    visited++;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // The name kustomize would pick when several are present.
    const name = KUSTOMIZATION_FILE_NAMES.find((n) => entries.some((e) => e.isFile() && e.name === n));
    if (name) out.push(join(dir, name));
    for (const e of entries) if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) queue.push(join(dir, e.name));
  }
  return out.sort();
}

/**
 * Without a config: every kustomization under `root` that no other
 * kustomization of the tree includes (through `resources`, `bases` or
 * `components`) is an environment, as Argo CD or Flux would point at it;
 * Components (`kind: Component`) only make sense inside another build and
 * never are. Named by their directory's base name when that is unique, else
 * by their path relative to the root.
 *
 * `parseFile` reads and parses a kustomization (undefined or a throw when it
 * cannot be read; default: from the disk, parsed unless it is the text read
 * last time). The language server passes its own, whose parses the
 * project's analysis then reuses (each kustomization's patches, the open
 * file's role) instead of reading and parsing the whole tree a second time
 * before a monorepo file's first diagnostics.
 */
export function discoverEnvironments(root: string, parseFile?: (file: string) => ParsedYaml | undefined): { name: string; dir: string }[] {
  return discover(root, parseFile).environments;
}

/** discoverEnvironments, and the kustomization files it walked. */
export function discover(root: string, parseFile?: (file: string) => ParsedYaml | undefined): { environments: { name: string; dir: string }[]; files: string[] } {
  const base = resolve(root);
  const candidates: string[] = [];
  const included = new Set<string>();
  const read = new Map<string, { text: string; data: unknown }>();
  const files = findKustomizationFiles(base);
  for (const file of files) {
    const dir = dirname(file);
    let k: unknown;
    try {
      if (parseFile) {
        const parsed = parseFile(file);
        if (parsed) {
          k = kustomizationData(file, parsed.text, () => parsed);
          read.set(file, { text: parsed.text, data: k });
        }
      } else {
        // Regular files only, size-capped (the render reports what is refused).
        const text = nodeFileReader.readFile(file) ?? '';
        k = kustomizationData(file, text, () => parseYaml(text));
        read.set(file, { text, data: k });
      }
    } catch {
      k = undefined; // a kustomization that does not parse is still built (and its error reported) on its own
    }
    const data = typeof k === 'object' && k !== null && !Array.isArray(k) ? (k as Record<string, unknown>) : {};
    if (data.kind !== 'Component') candidates.push(dir);
    for (const field of ['resources', 'bases', 'components']) {
      const list = data[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry !== 'string' || /^[a-z]+:\/\//i.test(entry) || entry.startsWith('github.com/')) continue;
        included.add(resolve(dir, entry));
      }
    }
  }
  lastRead = read;
  const envs = candidates.filter((dir) => !included.has(dir));
  const baseName = (dir: string): string => (dir === base ? basename(base) : basename(dir));
  const counts = new Map<string, number>();
  for (const dir of envs) counts.set(baseName(dir), (counts.get(baseName(dir)) ?? 0) + 1);
  return { environments: envs.map((dir) => ({ name: counts.get(baseName(dir)) === 1 ? baseName(dir) : relative(base, dir) || basename(base), dir })), files };
}
