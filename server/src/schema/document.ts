// Validates every document of a parsed YAML file and places each problem on
// its exact source range: unknown fields and missing required fields on the
// key, wrong types and values on the value.
import type { Document, Node, Pair } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from '../yaml/nodeTypes';
import type { Finding, Range } from '../findings';
import type { ParsedYaml } from '../documents/parse';
import { documentValue } from '../documents/jsValue';
import { validateJsonPatch, validateTargetedPatch, type PatchTarget } from './jsonpatch';
import { schemaValidator, type SchemaValidator } from './validator';
import { CODES, type SchemaProblem } from './walk';
import { memoOn, setMemoOn } from '../documents/memoOn';

export type FileMode = 'full' | 'patch' | 'kustomization';

export interface FileValidateOptions {
  kubernetesVersion?: string;
  validator?: SchemaValidator;
  /** For a JSON 6902 patch file: the `target:`s of the kustomization entries that use it. */
  patchTargets?: PatchTarget[];
}

export interface LocatedProblem extends SchemaProblem {
  range: Range;
}

export function validateFileDocuments(file: string, parsed: ParsedYaml, mode: FileMode, options: FileValidateOptions = {}): Finding[] {
  return locateProblems(parsed, mode, options).map((p) => ({ file, range: p.range, severity: p.severity, code: p.code, source: 'thebot', message: p.message }));
}

/**
 * validator.validateObject(value, full mode) of `value`, documentValue(doc),
 * kept on the Document per validator and Kubernetes version (the parse cache
 * hands back the same Document while its text is unchanged): the file's own
 * checks and the overridden-invalid-value rule both validate the edited
 * document after a keystroke.
 */
export function fullDocumentProblems(doc: Document.Parsed, value: unknown, kubernetesVersion: string | undefined, validator: SchemaValidator = schemaValidator()): readonly SchemaProblem[] {
  const known = memoOn<{ kubernetesVersion: string | undefined; problems: readonly SchemaProblem[] }>(doc, validator);
  if (known && known.kubernetesVersion === kubernetesVersion) return known.problems;
  return setMemoOn(doc, validator, { kubernetesVersion, problems: validator.validateObject(value, { mode: 'full', kubernetesVersion }) }).problems;
}

/** Schema problems of every document of a file, each with its source range, in source order. */
export function locateProblems(parsed: ParsedYaml, mode: FileMode, options: FileValidateOptions = {}): LocatedProblem[] {
  const validator = options.validator ?? schemaValidator();
  const located: LocatedProblem[] = [];
  for (const doc of parsed.documents) {
    // Syntax errors are reported by the parser; validating a half-parsed document only adds noise.
    if (doc.errors.length > 0 || doc.contents === null) continue;
    const value = documentValue(doc);
    if (value === null || value === undefined) continue;
    // A JSON 6902 patch file is a list of operations; its paths and values need the target kinds.
    const jsonPatch = mode === 'patch' && Array.isArray(value);
    if (jsonPatch && !options.patchTargets) continue;
    const untypedPatch = mode === 'patch' && !jsonPatch && options.patchTargets && !(value as { kind?: unknown }).kind;
    const problems = jsonPatch
      ? validateJsonPatch(validator, value, options.patchTargets!)
      : untypedPatch
        ? validateTargetedPatch(validator, value as Record<string, unknown>, options.patchTargets!)
        : mode === 'kustomization'
        ? validator.validateKustomization(value)
        : mode === 'full'
          ? fullDocumentProblems(doc, value, options.kubernetesVersion, validator)
          : validator.validateObject(value, { mode, kubernetesVersion: options.kubernetesVersion });
    // The walker reports a missing field after the object's children; readers expect source order.
    const kept = mode === 'patch' && !jsonPatch ? problems.filter((p) => !stringifiedAnnotation(p, value)) : problems;
    const inDoc = kept.map((p) => ({ ...p, range: problemRange(parsed, doc, p) }));
    inDoc.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    located.push(...inDoc);
  }
  return located;
}

/**
 * A scalar of a patch's own `metadata.annotations` that is no string: kustomize
 * holds an object's annotations as strings, so `inject: true` renders as
 * `"true"` (a pod template's annotations and every label keep their type, and
 * the render's validation reports them).
 */
function stringifiedAnnotation(p: SchemaProblem, value: unknown): boolean {
  if (p.code !== CODES.type || p.path.length !== 3 || p.path[0] !== 'metadata' || p.path[1] !== 'annotations') return false;
  const annotations = (value as { metadata?: { annotations?: Record<string, unknown> } }).metadata?.annotations;
  const v = annotations?.[String(p.path[2])];
  return v === null || typeof v !== 'object';
}

/** The source range for a problem: the key or the value at its path (the nearest existing ancestor otherwise). */
export function problemRange(parsed: ParsedYaml, doc: Document.Parsed, p: SchemaProblem): Range {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  for (const seg of p.path) {
    if (isMap(node)) {
      const next = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
      if (!next) break;
      pair = next;
      node = next.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      pair = undefined;
      node = node.items[seg];
    } else {
      break;
    }
  }
  const keyNode = pair && isScalar(pair.key) ? pair.key : undefined;
  if (p.target === 'key' && keyNode) return range(parsed, keyNode);
  if (isMap(node) || isSeq(node)) {
    // A whole block is too wide to underline: use its key, else its first entry.
    if (keyNode) return range(parsed, keyNode);
    const first = node.items[0];
    if (isPair(first) && isScalar(first.key)) return range(parsed, first.key);
    if (first && (first as Node).range) return range(parsed, first as Node);
  }
  if (node && (node as Node).range) return range(parsed, node as Node);
  return range(parsed, doc.contents as Node);
}

function range(parsed: ParsedYaml, node: Node): Range {
  const [start, end] = node.range ?? [0, 0];
  const s = parsed.lineCounter.linePos(start);
  const e = parsed.lineCounter.linePos(Math.max(start, end));
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}
