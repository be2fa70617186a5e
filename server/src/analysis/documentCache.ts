// Per-document memo for file-level validation. The incremental parse cache
// hands back the same Document objects for documents whose text did not
// change, so after an edit in a 1,200-document file only the edited document
// is validated again; the others' findings are reused, moved by as many lines
// as their document moved (documents/keptPerDocument.ts).
import type { Finding } from '../findings';
import type { ParsedYaml } from '../documents/parse';
import { keptPerDocument, rangeMoved } from '../documents/keptPerDocument';

/** `validate` applied one document at a time, memoised per document and `arg` (e.g. the Kubernetes version). */
export function perDocument(validate: (file: string, parsed: ParsedYaml, arg: string) => Finding[]): (file: string, parsed: ParsedYaml, arg: string) => Finding[] {
  const owner = {};
  const move = (findings: Finding[], lines: number): Finding[] => findings.map((f) => ({ ...f, range: rangeMoved(f.range, lines) }));
  return (file, parsed, arg) => {
    const out: Finding[] = [];
    const key = `${file}\0${arg}`;
    for (const doc of parsed.documents) out.push(...keptPerDocument(owner, parsed, doc, key, () => validate(file, { ...parsed, documents: [doc] }, arg), move));
    return out;
  };
}
