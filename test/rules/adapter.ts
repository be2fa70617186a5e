// TEST ADAPTER (not the Kustomize engine): wraps YAML documents parsed straight
// from fixture files as RenderedResources, with originOf() from the yaml
// library's node ranges, so rules can be tested on exact source positions
// independently of the engine.
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { Origin, PathSegment, RenderedResource } from '../../server/src/kustomize/model';
import { offsetsToRange } from '../../server/src/config/positions';

export function resourcesFromFile(file: string, text = readFileSync(file, 'utf8')): RenderedResource[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc });
  const out: RenderedResource[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const object = doc.toJS() as Record<string, unknown> | null;
    if (!object || typeof object !== 'object') continue;
    const root = doc.contents as Node;
    const originOfNode = (n: Node | null | undefined): Origin | undefined =>
      n && n.range ? { file, range: offsetsToRange(lc, n.range[0], n.range[1]), by: 'resource' } : undefined;
    const originOf = (path: PathSegment[]): Origin | undefined => {
      let node: unknown = root;
      let best = originOfNode(root);
      for (const seg of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
          if (!pair) return best;
          node = pair.value;
          best = originOfNode(pair.value as Node) ?? originOfNode(pair.key as Node) ?? best;
        } else if (isSeq(node) && typeof seg === 'number') {
          node = node.items[seg];
          best = originOfNode(node as Node) ?? best;
        } else return best;
      }
      return best;
    };
    out.push({
      object,
      origin: originOfNode(root)!,
      originOf,
      historyOf: (path) => {
        const o = originOf(path);
        return o ? [o] : [];
      },
    });
  }
  return out;
}
