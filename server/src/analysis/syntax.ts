// YAML syntax findings for one file: every document of a multi-document file.
// A pathological file (thousands of unclosed brackets) reports its first
// problems and how many more there are, not thousands of diagnostics.
import type { Finding } from '../findings';
import type { ParsedYaml } from '../documents/parse';

export const MAX_SYNTAX_FINDINGS = 100;

export function syntaxFindings(file: string, parsed: ParsedYaml): Finding[] {
  const out: Finding[] = [];
  for (const e of parsed.errors) {
    out.push({ file, range: e.range, severity: 'error', code: 'yaml-syntax', source: 'thebot', message: e.message });
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
