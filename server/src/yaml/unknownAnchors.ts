// Aliases to an anchor not set before them in their document (anchors do not
// cross `---`). The yaml library parses them without an error and throws only
// when the value is read (toJS: "Unresolved alias"); go-yaml refuses them,
// and kustomize says so in words kept here.
import { isAlias, isNode, visit, type Document } from 'yaml';

/** go-yaml's words for one (kustomize prints `yaml: unknown anchor 'b' referenced`). */
export function unknownAnchorMessage(name: string): string {
  return `unknown anchor '${name}' referenced`;
}

/** Each such alias of `doc`: its anchor name and offsets, in document order. */
export function unknownAnchors(doc: Document.Parsed): [string, [number, number]][] {
  const anchors = new Set<string>();
  const out: [string, [number, number]][] = [];
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      if (!anchors.has(node.source) && node.range) out.push([node.source, [node.range[0], node.range[1]]]);
    } else if (isNode(node) && node.anchor) anchors.add(node.anchor);
  });
  return out;
}
