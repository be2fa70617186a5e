// Every kustomization of a project's tree and the entries it names, whether or
// not an environment includes it: a file is a patch when any kustomization
// uses it as one (a repository whose components are built by other
// repositories still has patch files, and they are not full objects).
import { dirname } from 'node:path';
import { isKustomizationFile, kustomizationEntries, isPatchEntry, type KustomizationEntry } from '../services/kustomization';
import type { ParsedYaml } from '../documents/parse';

export class KustomizationIndex {
  /** Kustomization file → its entries; undefined = to be read again. */
  private files: Map<string, KustomizationEntry[] | undefined> | undefined;
  /** Patch file → the entry that names it (first kustomization in path order). */
  private patches: Map<string, KustomizationEntry> | undefined;
  /** Files some kustomization lists under `resources`. */
  private resources: Set<string> | undefined;

  constructor(
    private readonly list: () => string[],
    private readonly parse: (file: string) => ParsedYaml | undefined,
  ) {}

  /** A file changed (edited, created, deleted): kustomization files are read again when next asked. */
  invalidate(file: string): void {
    if (!this.files || !isKustomizationFile(file)) return;
    this.files.set(file, undefined);
    this.patches = undefined;
    this.resources = undefined;
  }

  /** Every kustomization file was added or removed (a watched-file event): walk the tree again when next asked. */
  reset(): void {
    this.files = undefined;
    this.patches = undefined;
    this.resources = undefined;
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
      for (const e of this.files!.get(k) ?? []) {
        if (byDir.has(e.path)) queue.push(e.path);
        else out.add(e.path);
      }
    }
    return out;
  }

  private patchMap(): Map<string, KustomizationEntry> {
    if (this.patches && this.resources) return this.patches;
    if (!this.files) this.files = new Map(this.list().map((f) => [f, undefined]));
    const patches = new Map<string, KustomizationEntry>();
    const resources = new Set<string>();
    for (const [file, known] of this.files) {
      let entries = known;
      if (!entries) {
        const parsed = this.parse(file);
        entries = parsed ? kustomizationEntries(file, parsed) : [];
        this.files.set(file, entries);
      }
      for (const e of entries) {
        if (isPatchEntry(e) && !patches.has(e.path)) patches.set(e.path, e);
        if (e.field === 'resources') resources.add(e.path);
      }
    }
    this.resources = resources;
    return (this.patches = patches);
  }
}
