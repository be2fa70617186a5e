// Per-document memo for file-level validation. The incremental parse cache
// hands back the same Document objects for documents whose text did not
// change, so after an edit in a 1,200-document file only the edited document
// is validated again; the others' findings are reused, moved by as many lines
// as their document moved.
import type { Document } from 'yaml';
import type { Finding } from '../findings';
import type { ParsedYaml } from '../documents/parse';
import { memoOn, setMemoOn } from '../documents/memoOn';

/** `validate` applied one document at a time, memoised per document and `arg` (e.g. the Kubernetes version). */
export function perDocument(validate: (file: string, parsed: ParsedYaml, arg: string) => Finding[]): (file: string, parsed: ParsedYaml, arg: string) => Finding[] {
  // On each Document, not in a WeakMap (documents/memoOn.ts: the edited document's old findings outlived it).
  const owner = {};
  type Entry = { key: string; line: number; findings: Finding[] };
  const memo = { get: (doc: Document.Parsed) => memoOn<Entry>(doc, owner), set: (doc: Document.Parsed, e: Entry) => setMemoOn(doc, owner, e) };
  return (file, parsed, arg) => {
    const out: Finding[] = [];
    const fullKey = `${file}\0${arg}`;
    for (const doc of parsed.documents) {
      const line = parsed.lineCounter.linePos(doc.range[0]).line;
      const hit = memo.get(doc);
      if (hit && hit.key === fullKey) {
        const delta = line - hit.line;
        if (delta !== 0) {
          hit.findings = hit.findings.map((f) => shiftLines(f, delta));
          hit.line = line;
        }
        out.push(...hit.findings);
        continue;
      }
      const findings = validate(file, { ...parsed, documents: [doc] }, arg);
      memo.set(doc, { key: fullKey, line, findings });
      out.push(...findings);
    }
    return out;
  };
}

function shiftLines(f: Finding, delta: number): Finding {
  const r = f.range;
  return {
    ...f,
    range: { start: { line: r.start.line + delta, character: r.start.character }, end: { line: r.end.line + delta, character: r.end.character } },
  };
}
