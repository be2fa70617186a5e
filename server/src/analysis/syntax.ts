// YAML syntax findings for one file: every document of a multi-document file.
// A pathological file (thousands of unclosed brackets) reports its first
// problems and how many more there are, not thousands of diagnostics.
// In a file kustomize reads, the first problem of each piece its reader
// decodes is said in go-yaml's words, as `thebot render` and kustomize say it
// (only on the error path: the port runs when our parser has failed).
import type { Finding } from '../findings';
import type { ParsedYaml } from '../documents/parse';
import { goyamlPieceProblems } from '../yaml/goyamlErrors';
import { nestingMessage } from '../yaml/nesting';
import { mayHaveAliases, unknownAnchorMessage, unknownAnchors } from '../yaml/unknownAnchors';

/** How kustomize reads the file: kyaml (resources, patches) or YAMLToJSON (kustomization files); none for files it never reads. */
export type KustomizeReader = 'kyaml' | 'yaml11';

export const MAX_SYNTAX_FINDINGS = 100;

export function syntaxFindings(file: string, parsed: ParsedYaml, reader?: KustomizeReader): Finding[] {
  const out: Finding[] = [];
  // Text nested past our limit is refused before any parser sees it, in our
  // words (which name both limits): go-yaml's would name only kustomize's.
  const deep = parsed.errors.some((e) => e.message === nestingMessage());
  const words = reader && parsed.errors.length && !deep ? goyamlPieceProblems(parsed.text, reader === 'yaml11', parsed.errors.map((e) => e.range.start.line)) : [];
  // Lines where a piece's first problem was said in go-yaml's words.
  const worded = new Set<number>();
  for (const e of parsed.errors) {
    const line = e.range.start.line;
    const i = words.findIndex((w) => w.firstLine <= line && line <= w.lastLine);
    // One piece's first problem only: go-yaml stops there, our parser's later words stay,
    // but not on the line go-yaml's problem is on: there they say the same problem again
    // (`[vault.${DOMAIN}:8200]`: go-yaml's "did not find expected ',' or ']'" at the brace,
    // then the library's "Missing , between flow sequence items" at the colon).
    if (i < 0 && worded.has(line)) continue;
    if (i >= 0) worded.add(line);
    const message = i >= 0 ? words.splice(i, 1)[0].problem : e.message;
    out.push({ file, range: e.range, severity: 'error', code: 'yaml-syntax', source: 'thebot', message });
  }
  // The parser accepts an alias to an unknown anchor (the library throws when the value is read).
  if (!parsed.errors.length && mayHaveAliases(parsed.text)) {
    for (const doc of parsed.documents) {
      for (const [name, [start, end]] of unknownAnchors(doc)) {
        const s = parsed.lineCounter.linePos(start);
        const e = parsed.lineCounter.linePos(end);
        const range = { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
        out.push({ file, range, severity: 'error', code: 'yaml-syntax', source: 'thebot', message: unknownAnchorMessage(name) });
      }
    }
  }
  for (const w of parsed.warnings) {
    out.push({ file, range: w.range, severity: 'warning', code: 'yaml-syntax', source: 'thebot', message: w.message });
  }
  if (out.length <= MAX_SYNTAX_FINDINGS) return out;
  const last = out[MAX_SYNTAX_FINDINGS - 1];
  return [
    ...out.slice(0, MAX_SYNTAX_FINDINGS),
    { ...last, severity: 'error', message: `${out.length - MAX_SYNTAX_FINDINGS} more YAML syntax problems not shown` },
  ];
}

