// Every .yaml/.yml file below a directory (differential tests run over all of the repository's YAML).
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Regular .yaml/.yml files below `dir`, symbolic links not followed (public corpora hold dangling ones). */
export function regularYamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) regularYamlFiles(p, out);
    else if (st.isFile() && /\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}
