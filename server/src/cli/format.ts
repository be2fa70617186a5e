// Text output of findings: `file:line:col severity code [envs] message`, 1-based.
import { relative } from 'node:path';
import type { Finding } from '../findings';

export function formatText(findings: Finding[], cwd: string): string {
  return findings
    .map((f) => {
      const envs = f.environments && f.environments.length ? ` [${f.environments.join(',')}]` : '';
      const file = relative(cwd, f.file) || f.file;
      return `${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code}${envs} ${f.message}`;
    })
    .join('\n');
}
