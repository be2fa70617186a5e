// Aliases to an anchor not set before them in their document (anchors do not
// cross `---`). The yaml library parses them without an error and throws only
// when the value is read (toJS: "Unresolved alias"); go-yaml refuses them,
// and kustomize says so in words kept here.
import { isAlias, isNode, visit, type Document } from 'yaml';

/** go-yaml's words for one (kustomize prints `yaml: unknown anchor 'b' referenced`). */
export function unknownAnchorMessage(name: string): string {
  return `unknown anchor '${name}' referenced`;
}

// An alias (`*name`) starts a node: at the start of a line, after a space or a
// flow indicator, with a name character after it. `*` alone, `'*'`, `"*"` and
// `a*b` (RBAC wildcards, globs) never are, so most texts skip the tree walk.
const ALIAS_START = /(?:^|[\s,[{])\*[^\s,[\]{}]/m;

/** Whether `text` may hold an alias (never false when it does). */
export function mayHaveAliases(text: string): boolean {
  return ALIAS_START.test(text);
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
