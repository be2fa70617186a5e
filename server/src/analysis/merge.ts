// One finding per source location: the same finding reported by several
// environments is merged into one with `environments: [...]` (in config order).
import { compareFindings } from '../findings';
import type { AnalysisFinding } from './map';

function key(f: AnalysisFinding): string {
  const r = f.range;
  return [f.file, r.start.line, r.start.character, r.end.line, r.end.character, f.severity, f.code, f.message].join('\u0000');
}

export function mergeEnvironments(perEnv: { env: string; findings: AnalysisFinding[] }[]): AnalysisFinding[] {
  const order = perEnv.map((p) => p.env);
  const merged = new Map<string, AnalysisFinding>();
  for (const { env, findings } of perEnv) {
    for (const f of findings) {
      const k = key(f);
      const hit = merged.get(k);
      if (!hit) merged.set(k, { ...f, environments: [env] });
      else if (!hit.environments!.includes(env)) hit.environments!.push(env);
    }
  }
  const out = [...merged.values()];
  for (const f of out) f.environments!.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return out.sort(compareFindings);
}
