// YAML syntax findings for one file: every document of a multi-document file.
import type { Finding } from '../findings';
import type { ParsedYaml } from '../documents/parse';

export function syntaxFindings(file: string, parsed: ParsedYaml): Finding[] {
  const out: Finding[] = [];
  for (const e of parsed.errors) {
    out.push({ file, range: e.range, severity: 'error', code: 'yaml-syntax', source: 'thebot', message: e.message });
  }
  for (const w of parsed.warnings) {
    out.push({ file, range: w.range, severity: 'warning', code: 'yaml-syntax', source: 'thebot', message: w.message });
  }
  return out;
}
