// A RenderResult as the client sees it (protocol.ts `RenderInfo`): the
// kustomize output text, each object's lines in it, and the origin of every
// line that holds a value, so the rendered document can show origins on hover
// and jump back to the source.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { PathSegment, RenderResult, RenderedResource, Origin } from '../kustomize/model';
import type { OriginInfo, RenderInfo, RenderedObjectInfo } from '../protocol';

const info = (o: Origin): OriginInfo => ({ file: o.file, range: o.range, by: o.by });

function meta(o: Record<string, unknown>): { name: string; namespace?: string } {
  const m = (o.metadata ?? {}) as Record<string, unknown>;
  return { name: String(m.name ?? ''), ...(typeof m.namespace === 'string' ? { namespace: m.namespace } : {}) };
}

/** Line (0-based) of every value's path in one YAML document node. */
function valueLines(node: YamlNode | null | undefined, path: PathSegment[], line: (offset: number) => number, out: Map<number, PathSegment[]>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const p = [...path, key];
      if (isScalar(pair.key) && pair.key.range) out.set(line(pair.key.range[0]), p);
      valueLines(pair.value as YamlNode | null, p, line, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const p = [...path, i];
      const n = item as YamlNode | null;
      if (n?.range) out.set(line(n.range[0]), p);
      valueLines(n, p, line, out);
    });
  }
}

export function renderInfo(environment: string, result: RenderResult): RenderInfo {
  const errors = result.errors.map((e) => ({ message: e.message, file: e.file, ...(e.range ? { range: e.range } : {}) }));
  if (errors.length) return { environment, yaml: '', objects: [], lineOrigins: [], errors };
  const yaml = result.toYaml();
  const counter = new LineCounter();
  const docs = parseAllDocuments(yaml, { lineCounter: counter });
  const list = Array.isArray(docs) ? docs : [];
  const line = (offset: number): number => counter.linePos(offset).line - 1;
  const totalLines = yaml.split('\n').length - (yaml.endsWith('\n') ? 1 : 0);
  const objects: RenderedObjectInfo[] = [];
  const lineOrigins: RenderInfo['lineOrigins'] = [];
  result.resources.forEach((res: RenderedResource, i) => {
    const doc = list[i];
    const start = doc?.contents?.range ? line(doc.contents.range[0]) : 0;
    const next = list[i + 1]?.contents?.range;
    // The next document starts after its `---` separator line.
    const end = next ? line(next[0]) - 1 : totalLines;
    const o = res.object;
    // The `kind:` line of the defining document is the click target: transformers never rewrite
    // it, so it stays in the object's source file (unlike metadata.name under a namePrefix).
    const defining = res.originOf(['kind']);
    const origin = defining && defining.file === res.origin.file ? defining : res.origin;
    objects.push({ apiVersion: String(o.apiVersion ?? ''), kind: String(o.kind ?? ''), ...meta(o), object: o, origin: info(origin), startLine: start, endLine: end });
    const lines = new Map<number, PathSegment[]>();
    valueLines(doc?.contents as YamlNode | null, [], line, lines);
    for (const [l, path] of [...lines].sort((a, b) => a[0] - b[0])) {
      const origin = res.originOf(path);
      if (origin) lineOrigins.push({ line: l, origin: info(origin), history: res.historyOf(path).map(info) });
    }
  });
  return { environment, yaml, objects, lineOrigins, errors: [] };
}
