// Kustomization files that took part in a render, parsed with positions, for
// rules about the kustomization itself (deprecated fields, commonLabels, patches).
import { deepNestingAt } from '../../yaml/nesting';
import { nodeFileReader } from '../../kustomize/fs';
import { basename } from 'node:path';
import { LineCounter, type Document } from 'yaml';
import { parseDocumentGo } from '../../yaml/goyamlParse';
import { documentStarts } from '../../yaml/documentStarts';
import { fastParseGuarded } from '../../yaml/fastParse';
import { lineCounterOf } from '../../kustomize/yaml/chunks';
import type { Range } from '../../findings';
import { rangeOfPath } from '../../config/positions';
import { KUSTOMIZATION_FILE_NAMES } from '../../config/discover';

export interface KustomizationFile {
  file: string;
  data: Record<string, unknown>;
  /** Source range of the value (or, with key=true, the key) at a path. */
  rangeOf(path: (string | number)[], key?: boolean): Range;
}

export function isKustomizationPath(file: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(basename(file));
}

/**
 * The document and its lines as parseDocumentGo gives them: by the fast parser
 * when the text is one document of the subset it reads (a cold `thebot check`
 * spent a few percent of its time in the library's parser for these few files),
 * else by the library.
 */
function parseWhole(text: string): { doc: Document.Parsed; lc: LineCounter } | undefined {
  if (documentStarts(text)?.length === 1) {
    const doc = fastParseGuarded(text, 0, text.length, { prettyErrors: false });
    if (doc) return { doc, lc: lineCounterOf(text) };
  }
  // Too deep for the parser: the render reports it.
  if (deepNestingAt(text) >= 0) return undefined;
  const lc = new LineCounter();
  return { doc: parseDocumentGo(text, { lineCounter: lc, prettyErrors: false }) as Document.Parsed, lc };
}

export function parseKustomization(file: string, text: string): KustomizationFile | undefined {
  const whole = parseWhole(text);
  if (!whole) return undefined;
  const { doc, lc } = whole;
  if (doc.errors.length) return undefined;
  let data: unknown;
  try {
    data = doc.toJS();
  } catch {
    // An alias to an unknown anchor, or too many aliases: the file's own syntax check reports it.
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return { file, data: data as Record<string, unknown>, rangeOf: (path, key) => rangeOfPath(doc, lc, path, key) };
}

// The language server analyses every environment after each edit, and each
// environment reads the same few kustomization files: keep the last parse of
// each file and reuse it while its text is unchanged (rules only read it).
const parsed = new Map<string, { text: string; k: KustomizationFile | undefined }>();

function parseCached(file: string, text: string): KustomizationFile | undefined {
  const hit = parsed.get(file);
  if (hit && hit.text === text) return hit.k;
  const k = parseKustomization(file, text);
  parsed.set(file, { text, k });
  return k;
}

export function loadKustomizations(files: string[], read: (file: string) => string | undefined = (f) => nodeFileReader.readFile(f)): KustomizationFile[] {
  const out: KustomizationFile[] = [];
  for (const f of files) {
    if (!isKustomizationPath(f)) continue;
    let text: string | undefined;
    try {
      text = read(f);
    } catch {
      text = undefined;
    }
    const k = text === undefined ? undefined : parseCached(f, text);
    if (k) out.push(k);
  }
  return out;
}
