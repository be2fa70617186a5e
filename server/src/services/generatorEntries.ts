// configMapGenerator / secretGenerator entries as places in kustomization
// files: the entry that created a generated object and every overlay entry
// that merged into or replaced it (`behavior: merge|replace`). Definition and
// references of a generated ConfigMap/Secret go through all of them.
import { isMap, isSeq } from 'yaml';
import type { Position, Range } from '../findings';
import type { RenderedResource } from '../kustomize/model';
import type { ParsedYaml } from '../documents/parse';
import { offsetAt, rangeOfPath } from '../documents/locate';

const FIELDS = ['configMapGenerator', 'secretGenerator'] as const;

export interface GeneratorEntry {
  file: string;
  field: (typeof FIELDS)[number];
  index: number;
  /** The entry's `name` value (the whole entry when it has none). */
  nameRange: Range;
}

/** The generator entry of a kustomization file whose item holds `position`. */
export function generatorEntryAt(file: string, parsed: ParsedYaml, position: Position): GeneratorEntry | undefined {
  const contents = parsed.documents[0]?.contents;
  if (!isMap(contents)) return undefined;
  const offset = offsetAt(parsed, position);
  for (const field of FIELDS) {
    const seq = contents.get(field, true);
    if (!isSeq(seq)) continue;
    const index = seq.items.findIndex((item) => isMap(item) && item.range && item.range[0] <= offset && offset <= item.range[2]);
    if (index >= 0) return { file, field, index, nameRange: rangeOfPath(parsed, 0, [field, index, 'name'])! };
  }
  return undefined;
}

/**
 * The generator entries that made a rendered object, oldest first: where it
 * was generated, then each entry that merged into or replaced its data (found
 * through the origins of its data, which point at literals, files or entries).
 */
export function generatorEntriesOf(resource: RenderedResource, parseFile: (file: string) => ParsedYaml | undefined): GeneratorEntry[] {
  const by = resource.origin.by;
  if (by !== 'configMapGenerator' && by !== 'secretGenerator') return [];
  const origins = [resource.origin];
  for (const field of ['data', 'binaryData']) {
    const data = resource.object[field];
    origins.push(...resource.historyOf([field]));
    if (data && typeof data === 'object') for (const k of Object.keys(data)) origins.push(...resource.historyOf([field, k]));
  }
  const out: GeneratorEntry[] = [];
  for (const o of origins) {
    if (o.by !== by) continue;
    const parsed = parseFile(o.file);
    const entry = parsed && generatorEntryAt(o.file, parsed, o.range.start);
    if (entry && !out.some((e) => e.file === entry.file && e.field === entry.field && e.index === entry.index)) out.push(entry);
  }
  return out;
}
