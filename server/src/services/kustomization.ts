// What a kustomization file points at: resources, components, patches and
// generator inputs, each with the source range of its entry and the absolute
// path it names. Used for navigation (entry → file), for knowing which files
// are patches (validated in patch mode), and for path completion.
import { basename, dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Range } from '../findings';
import type { ParsedYaml } from '../documents/parse';
import { nodeRange } from '../documents/locate';
import type { Selector } from '../kustomize/selector';
import { memoOn, setMemoOn } from '../documents/memoOn';

export const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_NAMES.has(basename(file));
}

export type EntryField =
  | 'resources'
  | 'bases'
  | 'components'
  | 'crds'
  | 'patches'
  | 'patchesStrategicMerge'
  | 'patchesJson6902'
  | 'configMapGenerator'
  | 'secretGenerator';

/** A patch's `target:` as written: the engine's own selector type. */
export type PatchTarget = Selector;

export interface KustomizationEntry {
  field: EntryField;
  /** The path as written. */
  value: string;
  /** Absolute path it names (a file or a kustomization directory). */
  path: string;
  range: Range;
  /** For `patches`/`patchesJson6902`: the explicit target selector. */
  target?: PatchTarget;
}

const PATH_LISTS: EntryField[] = ['resources', 'bases', 'components', 'crds', 'patchesStrategicMerge'];

// Kept with the parse (the parse cache hands back the same one while the text is unchanged):
// every render of an environment asks again for the entries of each of its kustomizations.
const ENTRIES = {};

export function kustomizationEntries(file: string, parsed: ParsedYaml): KustomizationEntry[] {
  const known = memoOn<{ file: string; entries: KustomizationEntry[] }>(parsed, ENTRIES);
  if (known?.file === file) return [...known.entries];
  const entries = entriesOf(file, parsed);
  setMemoOn(parsed, ENTRIES, { file, entries });
  return [...entries];
}

function entriesOf(file: string, parsed: ParsedYaml): KustomizationEntry[] {
  const dir = dirname(file);
  const out: KustomizationEntry[] = [];
  const root = parsed.documents[0]?.contents;
  if (!isMap(root)) return out;
  const push = (field: EntryField, node: unknown, target?: PatchTarget): void => {
    if (!isScalar(node) || typeof node.value !== 'string') return;
    const value = node.value;
    // Inline patches and remote resources are not paths.
    if (value.includes('\n') || /^[a-z]+:\/\//i.test(value) || value.startsWith('github.com/')) return;
    out.push({ field, value, path: resolve(dir, value), range: nodeRange(parsed, node as Node), target });
  };
  for (const field of PATH_LISTS) {
    const list = root.get(field, true);
    if (isSeq(list)) for (const item of list.items) push(field, item);
  }
  for (const field of ['patches', 'patchesJson6902'] as const) {
    const list = root.get(field, true);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (!isMap(item)) continue;
      push(field, item.get('path', true), patchTarget(item.get('target')));
    }
  }
  for (const field of ['configMapGenerator', 'secretGenerator'] as const) {
    const list = root.get(field, true);
    if (!isSeq(list)) continue;
    for (const gen of list.items) {
      if (!isMap(gen)) continue;
      for (const key of ['files', 'envs']) {
        const files = gen.get(key, true);
        if (!isSeq(files)) continue;
        for (const f of files.items) {
          if (!isScalar(f) || typeof f.value !== 'string') continue;
          // `files` entries may be `key=path`.
          const eq = f.value.indexOf('=');
          const value = eq >= 0 ? f.value.slice(eq + 1) : f.value;
          out.push({ field, value, path: resolve(dir, value), range: nodeRange(parsed, f) });
        }
      }
      push(field, gen.get('env', true));
    }
  }
  return out;
}

function patchTarget(raw: unknown): PatchTarget | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  let t: Record<string, unknown>;
  try {
    t = (raw as { toJSON?: () => unknown }).toJSON ? ((raw as { toJSON: () => unknown }).toJSON() as Record<string, unknown>) : (raw as Record<string, unknown>);
  } catch {
    return undefined; // aliases beyond the yaml library's limit
  }
  if (!t || typeof t !== 'object') return undefined;
  const out: PatchTarget = {};
  for (const k of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    if (typeof t[k] === 'string') out[k] = t[k] as string;
  }
  return out;
}

/** Whether the entry names a patch file. */
export function isPatchEntry(e: KustomizationEntry): boolean {
  return e.field === 'patches' || e.field === 'patchesStrategicMerge' || e.field === 'patchesJson6902';
}
