// Every kustomization of a project's tree and the entries it names, whether or
// not an environment includes it: a file is a patch when any kustomization
// uses it as one (a repository whose components are built by other
// repositories still has patch files, and they are not full objects). Also
// the files a kustomization names only in a comment: kubebuilder's scaffold
// ships its optional patches (`#- path: patches/cainjection_in_x.yaml`) that
// way, and they are patches nobody applies, not objects.
import { dirname, resolve, sep } from 'node:path';
import { isKustomizationFile, kustomizationEntries, isPatchEntry, type KustomizationEntry } from '../services/kustomization';
import type { ParsedYaml } from '../documents/parse';
import { realpathOf, within } from '../kustomize/fs';

/** A kustomization's comment that names a file (0-based line). */
export interface CommentMention {
  kustomization: string;
  line: number;
}

interface KustomizationFacts {
  entries: KustomizationEntry[];
  mentions: { path: string; line: number }[];
}

export class KustomizationIndex {
  /** Kustomization file → its entries; undefined = to be read again. */
  private files: Map<string, KustomizationFacts | undefined> | undefined;
  /** File → the first kustomization comment that names it. */
  private mentions: Map<string, CommentMention> | undefined;
  /** Patch file → the entry that names it (first kustomization in path order). */
  private patches: Map<string, KustomizationEntry> | undefined;
  /** Files some kustomization lists under `resources`. */
  private resources: Set<string> | undefined;
  /** Files some kustomization's configMapGenerator or secretGenerator reads (`files`, `envs`, `env`). */
  private sources: Set<string> | undefined;

  constructor(
    private readonly list: () => string[],
    private readonly parse: (file: string) => ParsedYaml | undefined,
    private readonly realpath: (path: string) => string = realpathOf,
    /** Under LoadRestrictionsNone, the project's root: the engine reads a patch outside its kustomization's directory but in here, so it is checked as one. */
    private readonly noneRoot?: string,
  ) {}

  /** Counts the changes below: what is derived from the index (unused.ts's memo) holds while it stays the same. */
  generation = 0;

  /** A file changed (edited, created, deleted): kustomization files are read again when next asked. */
  invalidate(file: string): void {
    if (!this.files || !isKustomizationFile(file)) return;
    this.generation++;
    this.files.set(file, undefined);
    this.patches = undefined;
    this.resources = undefined;
    this.sources = undefined;
    this.mentions = undefined;
  }

  /** Every kustomization file was added or removed (a watched-file event): walk the tree again when next asked. */
  reset(): void {
    this.generation++;
    this.files = undefined;
    this.patches = undefined;
    this.resources = undefined;
    this.sources = undefined;
    this.mentions = undefined;
  }

  /** The entry that uses `file` as a patch, if any kustomization of the tree does. */
  patchEntry(file: string): KustomizationEntry | undefined {
    return this.patchMap().get(file);
  }

  /** Every file some kustomization of the tree uses as a patch. */
  patchFiles(): string[] {
    return [...this.patchMap().keys()];
  }

  /**
   * Whether some kustomization of the tree lists `file` under `resources`:
   * then it is a resource even when no environment's render got to it (a
   * render that failed earlier), never a standalone object.
   */
  isResource(file: string): boolean {
    this.patchMap();
    return this.resources!.has(file);
  }

  /**
   * Whether some kustomization of the tree reads `file` into a ConfigMap or
   * Secret (a generator's `files`, `envs` or `env`): its text is data, never
   * an object (cluster-api's kube-state-metrics config, a `kind:` without
   * `apiVersion`, got "missing required field" errors as a standalone manifest).
   */
  isGeneratorSource(file: string): boolean {
    this.patchMap();
    return this.sources!.has(file);
  }

  /**
   * Every file the kustomization in `dir` names, directly or through the
   * kustomization directories it includes, as written (before any render:
   * helm charts, remote bases and files only a render resolves are not in it),
   * the kustomization files included.
   */
  reachableFrom(dir: string): Set<string> {
    this.patchMap();
    const byDir = new Map<string, string>();
    for (const file of this.files!.keys()) byDir.set(dirname(file), file);
    const out = new Set<string>();
    const seen = new Set<string>();
    const queue = [dir];
    while (queue.length) {
      const d = queue.pop()!;
      if (seen.has(d)) continue;
      seen.add(d);
      const k = byDir.get(d);
      if (!k) continue;
      out.add(k);
      for (const e of this.files!.get(k)?.entries ?? []) {
        if (byDir.has(e.path)) queue.push(e.path);
        else out.add(e.path);
      }
    }
    return out;
  }

  /**
   * The first kustomization comment that names `file` (a reference commented
   * out), when no kustomization field does.
   */
  commentedOut(file: string): CommentMention | undefined {
    this.patchMap();
    return this.mentions!.get(file);
  }

  /** Whether a kustomization of the tree sits in the file's directory or one above it. */
  governs(file: string): boolean {
    if (!this.files) this.patchMap();
    const dirs = new Set([...this.files!.keys()].map((k) => dirname(k)));
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      if (dirs.has(dir)) return true;
      if (dirname(dir) === dir) return false;
    }
  }

  private patchMap(): Map<string, KustomizationEntry> {
    if (this.patches && this.resources && this.sources && this.mentions) return this.patches;
    if (!this.files) this.files = new Map(this.list().map((f) => [f, undefined]));
    const patches = new Map<string, KustomizationEntry>();
    const resources = new Set<string>();
    const sources = new Set<string>();
    const mentions = new Map<string, CommentMention>();
    for (const [file, known] of this.files) {
      let facts = known;
      if (!facts) {
        const parsed = this.parse(file);
        facts = parsed ? { entries: kustomizationEntries(file, parsed), mentions: commentedPaths(file, parsed.text) } : { entries: [], mentions: [] };
        this.files.set(file, facts);
      }
      const root = this.realpath(dirname(file));
      for (const e of facts.entries) {
        // Only a patch kustomize would read (its load restrictor: in or below the
        // kustomization's directory, symlinks resolved) is checked: `path: /etc/passwd` is never opened.
        // Under LoadRestrictionsNone, one in the project's root.
        if (isPatchEntry(e) && !patches.has(e.path) && within(this.noneRoot === undefined ? root : this.realpath(this.noneRoot), this.realpath(e.path))) patches.set(e.path, e);
        if (e.field === 'resources') resources.add(e.path);
        else if (e.field === 'configMapGenerator' || e.field === 'secretGenerator') sources.add(e.path);
      }
      for (const m of facts.mentions) if (!mentions.has(m.path)) mentions.set(m.path, { kustomization: file, line: m.line });
    }
    this.resources = resources;
    this.sources = sources;
    this.mentions = mentions;
    return (this.patches = patches);
  }
}

// A path-like word ending in a manifest extension, inside a comment.
const PATH_IN_COMMENT = /[\w.@/-]+\.(?:ya?ml|json)(?![\w.])/g;

/** Paths named in the comments of a kustomization's text (`#- manager_webhook_patch.yaml`, `#ENABLE_X - path: p.yaml`), resolved from its directory. */
export function commentedPaths(file: string, text: string): { path: string; line: number }[] {
  const dir = dirname(file);
  const out: { path: string; line: number }[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const hash = lines[i].search(/(?:^|[ \t])#/);
    if (hash < 0) continue;
    for (const m of lines[i].slice(hash).matchAll(PATH_IN_COMMENT)) {
      // Not URLs nor absolute paths: only what kustomize would resolve inside the tree.
      if (m[0].startsWith('/') || m[0].includes('//')) continue;
      out.push({ path: resolve(dir, m[0].split('/').join(sep)), line: i });
    }
  }
  return out;
}
