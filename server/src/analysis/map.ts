// Maps rule reports onto source lines through render origins: the finding
// lands where the offending value was last set (an overlay `replicas:` entry,
// a patch), with related information pointing at where it was set before.
import type { Finding, Range, RelatedInformation } from '../findings';
import type { Origin, PathSegment, RenderedResource } from '../kustomize/model';
import type { RuleHit } from '../rules/run';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

/** A finding with an optional quick fix (the language server offers it as a code action). */
export interface AnalysisFinding extends Finding {
  fix?: { title: string; edits: TextEdit[] };
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function originAt(resource: RenderedResource, path: PathSegment[], part?: string): Origin {
  const o = resource.originOf(path) ?? resource.origin;
  return (part !== undefined && o.parts?.[part]) || o;
}

function sameOrigin(a: Origin, b: Origin): boolean {
  return a.file === b.file && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

function pathText(path: PathSegment[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

/** Origins that produce literal source text a quick fix may replace. */
const EDITABLE = new Set(['resource', 'patch']);

export function hitToFinding(hit: RuleHit, envName: string | undefined): AnalysisFinding {
  const { report } = hit;
  let file = report.location?.file ?? '';
  let range = report.location?.range ?? ZERO;
  const related: RelatedInformation[] = [];
  let fix: AnalysisFinding['fix'];
  if (!report.location && report.resource && report.path) {
    const origin = originAt(report.resource, report.path, report.part);
    file = origin.file;
    range = origin.range;
    const history = report.resource.historyOf(report.path);
    for (const h of history.slice(0, -1)) {
      if (sameOrigin(h, origin)) continue;
      related.push({ file: h.file, range: h.range, message: `${pathText(report.path)} set here (${h.by}), overridden` });
    }
    if (report.fix && EDITABLE.has(origin.by)) {
      fix = { title: report.fix.title, edits: [{ file: origin.file, range: origin.range, newText: report.fix.newText }] };
    }
  }
  for (const rel of report.related ?? []) {
    const o = originAt(rel.resource, rel.path);
    related.push({ file: o.file, range: o.range, message: rel.message });
  }
  return {
    file,
    range,
    severity: hit.severity,
    code: hit.rule.id,
    source: 'thebot',
    message: report.message,
    ...(envName ? { environments: [envName] } : {}),
    ...(related.length ? { related } : {}),
    ...(fix ? { fix } : {}),
  };
}
