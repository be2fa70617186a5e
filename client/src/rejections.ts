// Server-side rejections as diagnostics on the line that set the offending
// field (located by the language server through the render's origins), one
// set per environment, kept until that environment's next dry-run; the same
// rejection in several environments is one diagnostic labelled with all of
// them ("staging, production: …"), like the server's own findings.
// Pure (no `vscode`): clusterDiagnostics.ts publishes what this computes.
import type { Range } from '../../server/src/findings';
import type { OriginInfo } from '../../server/src/protocol';
import type { ObjectResult } from './clusterPort';

export interface Rejection {
  environment: string;
  file: string;
  range: Range;
  /** "Deployment thebot/backend: <the server's message>". */
  message: string;
  code: 'cluster-rejected' | 'cluster-conflict';
}

export interface LocatedRejection {
  file: string;
  range: Range;
  message: string;
  code: Rejection['code'];
  environments: string[];
}

/** Rejections worth a diagnostic: failed with an answer from the server (no answer says nothing about the sources). */
export function rejected(results: ObjectResult[]): ObjectResult[] {
  return results.filter((r) => r.action === 'failed' && !r.noAnswer);
}

/** One rejection per located result (`origins[i]` belongs to `results[i]`). */
export function rejectionsOf(environment: string, results: ObjectResult[], origins: (OriginInfo | null)[]): Rejection[] {
  const out: Rejection[] = [];
  results.forEach((r, i) => {
    const o = origins[i];
    if (!o) return;
    const what = `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
    out.push({ environment, file: o.file, range: o.range, message: `${what}: ${r.message ?? 'rejected by the cluster'}`, code: r.conflict ? 'cluster-conflict' : 'cluster-rejected' });
  });
  return out;
}

/** Every environment's rejections per file, equal ones merged with their environments listed (in `order`). */
export function byFile(perEnvironment: Map<string, Rejection[]>, order: string[] = [...perEnvironment.keys()]): Map<string, LocatedRejection[]> {
  const merged = new Map<string, LocatedRejection>();
  const rank = (e: string) => (order.indexOf(e) < 0 ? order.length : order.indexOf(e));
  for (const list of perEnvironment.values()) {
    for (const r of list) {
      const key = JSON.stringify([r.file, r.range, r.message, r.code]);
      const m = merged.get(key) ?? { file: r.file, range: r.range, message: r.message, code: r.code, environments: [] };
      if (!m.environments.includes(r.environment)) m.environments.push(r.environment);
      m.environments.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
      merged.set(key, m);
    }
  }
  const files = new Map<string, LocatedRejection[]>();
  for (const m of merged.values()) files.set(m.file, [...(files.get(m.file) ?? []), m]);
  return files;
}
