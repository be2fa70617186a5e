import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'yaml';
import type { PathSegment } from '../kustomize/model';
import { memoOn, setMemoOn } from '../documents/memoOn';
import { CODES, type SchemaProblem } from '../schema';
import { fullDocumentProblems } from '../schema/document';
import { documentValue } from '../documents/jsValue';
import type { Rule } from './types';
import { sourceDocOf, type SourceDoc } from './lib/source';
import { isObj } from './lib/index-resources';
import type { Range } from '../findings';
import type { Node } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from '../yaml/nodeTypes';

/** Schema problems that a later value can replace (a missing field or an unknown kind cannot be "overridden"). */
const OVERRIDABLE = new Set<string>([CODES.type, CODES.value, CODES.unknownField, CODES.duplicate]);

// Per source document (the parse cache hands back the same Document while its text is unchanged),
// kept on the Document (documents/memoOn.ts: a WeakMap's value outlived its edit's Document).
const MEMO = {};
type Entry = { version: string; value: unknown; problems: SchemaProblem[] };
const memo = { get: (doc: Document.Parsed) => memoOn<Entry>(doc, MEMO), set: (doc: Document.Parsed, e: Entry) => setMemoOn(doc, MEMO, e) };

function sourceProblems(src: SourceDoc, version: string): { value: unknown; problems: SchemaProblem[] } {
  const hit = memo.get(src.doc);
  if (hit && hit.version === version) return hit;
  let value: unknown;
  try {
    value = documentValue(src.doc);
  } catch {
    // The library refuses documents with more than 1,000 aliases (a resource-exhaustion
    // guard); the engine resolves those with goyaml's own limit and reports what it refuses,
    // so this source-level check has nothing to add for such a document.
    const entry = { version, value: undefined, problems: [] };
    memo.set(src.doc, entry);
    return entry;
  }
  // The file's own checks validate the same document the same way (fullDocumentProblems keeps it for both).
  const problems = fullDocumentProblems(src.doc, value, version).filter((p) => p.severity === 'error' && OVERRIDABLE.has(p.code));
  const entry = { version, value, problems };
  memo.set(src.doc, entry);
  return entry;
}

/** Value at a path; `missing` when a segment does not exist. */
const MISSING = Symbol('missing');
function valueAt(v: unknown, path: PathSegment[]): unknown {
  let cur = v;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = seg < cur.length ? cur[seg] : MISSING;
    else if (isObj(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) cur = cur[seg as string];
    else return MISSING;
    if (cur === MISSING) return MISSING;
  }
  return cur;
}

/** The key (for key problems and block values) or the value at a path of the source document. */
function sourceRange(src: SourceDoc, path: PathSegment[], target: 'key' | 'value'): Range | undefined {
  let node: unknown = src.doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return undefined;
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      key = undefined;
      node = node.items[seg];
    } else return undefined;
  }
  const at = (target === 'key' || isMap(node) || isSeq(node)) && key ? key : (node as Node | undefined);
  if (!at?.range) return undefined;
  const s = src.parsed.lineCounter.linePos(at.range[0]);
  const e = src.parsed.lineCounter.linePos(at.range[1]);
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}

export const rule: Rule = {
  id: 'overridden-invalid-value',
  title: 'Invalid base value every environment overrides',
  category: 'kustomize',
  severity: 'warning',
  rationale: 'A base value of the wrong type or outside its allowed values (`replicas: "three"`) that an overlay replaces never reaches the cluster, so nothing fails today; the next environment created from the base inherits it and fails.',
  docs: {
    description: 'Validates each resource file as written against the Kubernetes schemas and reports the type, value, unknown-field and duplicate-entry errors that this environment\'s render no longer has because a patch or transformer replaced the value. Findings are labelled with the environments that override the value; an environment that does not override it gets the schema error itself.',
    bad: `# base/web.yaml; every overlay sets replicas
spec:
  replicas: "three"`,
    good: `spec:
  replicas: 3`,
  },
  check(ctx) {
    if (!ctx.parse) return;
    for (const r of ctx.resources) {
      const src = sourceDocOf(ctx, r);
      if (!src) continue;
      const { value, problems } = sourceProblems(src, ctx.config.kubernetesVersion);
      for (const p of problems) {
        const before = valueAt(value, p.path);
        const after = valueAt(r.object, p.path);
        if (before !== MISSING && after !== MISSING && isDeepStrictEqual(before, after)) continue; // still there: a schema error of the render
        const range = sourceRange(src, p.path, p.target);
        if (!range) continue;
        ctx.report({ location: { file: src.file, range }, message: `${p.message}; overridden in this environment, but a new environment built on this file inherits it` });
      }
    }
  },
};
