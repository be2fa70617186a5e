// `thebot check [paths…]`: the same findings the language server publishes.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareFindings, type Finding } from '../findings';
import { parseYaml } from '../documents/parse';
import { syntaxFindings } from '../services/syntax';

export function collectYamlFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        walk(join(p, name));
      }
    } else if (/\.ya?ml$/.test(p)) out.push(p);
  };
  for (const p of paths) walk(resolve(p));
  return out;
}

export function checkFiles(files: string[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) findings.push(...syntaxFindings(file, parseYaml(readFileSync(file, 'utf8'))));
  return findings.sort(compareFindings);
}
