// The per-transformer YAML-in/YAML-out tables: one folder per case under
// transformers/<transformer>/<case>/ with in.yaml (the objects), a
// kustomization.yaml using that one transformer, and out.yaml, which real
// kustomize printed (see regenerate.ts).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const TRANSFORMER_CASES = join(__dirname, 'transformers');

export interface TransformerCase {
  /** `<transformer>/<case>` */
  id: string;
  dir: string;
}

export function listTransformerCases(): TransformerCase[] {
  const out: TransformerCase[] = [];
  for (const t of readdirSync(TRANSFORMER_CASES).sort()) {
    const td = join(TRANSFORMER_CASES, t);
    if (!statSync(td).isDirectory()) continue;
    for (const c of readdirSync(td).sort()) {
      if (statSync(join(td, c)).isDirectory()) out.push({ id: `${t}/${c}`, dir: join(td, c) });
    }
  }
  return out;
}
