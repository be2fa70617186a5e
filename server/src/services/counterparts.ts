// From a place in a source file to the rendered objects it contributes to, in
// each environment: a resource document maps to the objects it defined, a
// patch document to the objects it patched. Hover, definition and reference
// lookups all go through here.
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { PathSegment, RenderedResource, RenderResult } from '../kustomize/model';
import type { ParsedYaml } from '../documents/parse';
import { documentIndexAt } from '../documents/locate';

export interface RenderedEnvironment {
  name: string;
  render: RenderResult;
}

export interface DocumentIdentity {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export function identityOf(document: Document.Parsed | undefined): DocumentIdentity {
  const root = document?.contents;
  if (!isMap(root)) return {};
  const str = (v: unknown): string | undefined => (isScalar(v) && typeof v.value === 'string' ? v.value : undefined);
  const metadata = root.get('metadata', true);
  return {
    apiVersion: str(root.get('apiVersion', true)),
    kind: str(root.get('kind', true)),
    name: isMap(metadata) ? str(metadata.get('name', true)) : undefined,
    namespace: isMap(metadata) ? str(metadata.get('namespace', true)) : undefined,
  };
}

export interface Counterpart {
  env: string;
  resource: RenderedResource;
}

/**
 * Rendered objects that document `docIndex` of `file` defined (its origin is
 * that document) or, failing that, patched (same kind, and the name the
 * defining document gave it equals the patch's name).
 */
export function counterparts(
  file: string,
  parsed: ParsedYaml,
  docIndex: number,
  envs: RenderedEnvironment[],
  parseFile: (file: string) => ParsedYaml | undefined,
): Counterpart[] {
  const defined: Counterpart[] = [];
  for (const env of envs) {
    for (const resource of env.render.resources) {
      const o = resource.origin;
      if (o.file !== file || o.by !== 'resource') continue;
      if (documentIndexAt(parsed, offsetOfLine(parsed, o.range.start.line, o.range.start.character)) === docIndex) {
        defined.push({ env: env.name, resource });
      }
    }
  }
  if (defined.length) return defined;
  const id = identityOf(parsed.documents[docIndex]);
  if (!id.kind || !id.name) return [];
  const patched: Counterpart[] = [];
  for (const env of envs) {
    for (const resource of env.render.resources) {
      if (resource.object.kind !== id.kind) continue;
      if (sourceName(resource, parseFile) === id.name) patched.push({ env: env.name, resource });
    }
  }
  return patched;
}

/** The name the object had in the document that defined it (before prefixes, suffixes and hashes). */
export function sourceName(resource: RenderedResource, parseFile: (file: string) => ParsedYaml | undefined): string | undefined {
  const o = resource.origin;
  if (o.by === 'resource') {
    const parsed = parseFile(o.file);
    if (parsed) {
      const i = documentIndexAt(parsed, offsetOfLine(parsed, o.range.start.line, o.range.start.character));
      const name = identityOf(parsed.documents[i]).name;
      if (name) return name;
    }
  }
  const meta = resource.object.metadata as { name?: unknown } | undefined;
  return typeof meta?.name === 'string' ? meta.name : undefined;
}

function offsetOfLine(parsed: ParsedYaml, line: number, character: number): number {
  const starts = parsed.lineCounter.lineStarts;
  return (starts[Math.min(line, starts.length - 1)] ?? 0) + character;
}

/** Keys that identify an item of a merged list (strategic-merge keys the platform uses). */
const MERGE_KEYS = ['name', 'mountPath', 'containerPort', 'port', 'devicePath', 'ip', 'topologyKey'];

/**
 * The path in the rendered object that corresponds to `path` in the source
 * document: list items are matched by their merge key (name, port …) rather
 * than their position, since patches and base may order them differently.
 */
export function renderedPath(source: Document.Parsed, path: PathSegment[], rendered: unknown): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let src: unknown = source.contents;
  let dst: unknown = rendered;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!isSeq(src) || !Array.isArray(dst)) return undefined;
      const item = src.items[seg];
      let index = seg;
      if (isMap(item)) {
        const key = MERGE_KEYS.find((k) => item.has(k));
        if (key) {
          const want = item.get(key);
          index = dst.findIndex((d) => d && typeof d === 'object' && (d as Record<string, unknown>)[key] === want);
        }
      }
      if (index < 0 || index >= dst.length) return undefined;
      out.push(index);
      src = item;
      dst = dst[index];
    } else {
      if (!isMap(src) || !dst || typeof dst !== 'object' || Array.isArray(dst)) return undefined;
      out.push(seg);
      src = src.get(seg, true);
      dst = (dst as Record<string, unknown>)[seg];
    }
  }
  return out;
}

export function valueAt(obj: unknown, path: PathSegment[]): unknown {
  let cur = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}
