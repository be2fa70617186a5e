// Target selection for patches and replacements (kustomize types.Selector):
// group/version/kind equal when given, name and namespace as anchored regular
// expressions (Go's syntax on a linear-time engine: goRegexp.ts),
// labelSelector/annotationSelector in Kubernetes selector syntax.
import { isClusterScoped, type ResId, type Resource } from './resource';
import { isObj, type Value } from './values';
import { anchorRegex, compileGo, goRegexpError, type GoRegexp } from './goRegexp';

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

type Req = { key: string; op: 'eq' | 'ne' | 'in' | 'notin' | 'exists' | 'notexists'; values: string[] };

export function parseSelector(s: string): Req[] {
  const reqs: Req[] = [];
  // split on commas not inside parentheses
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(p))) {
      reqs.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((x) => x.trim()) });
    } else if ((m = /^(\S+?)\s*!=\s*(\S*)$/.exec(p))) reqs.push({ key: m[1]!, op: 'ne', values: [m[2]!] });
    else if ((m = /^(\S+?)\s*==?\s*(\S*)$/.exec(p))) reqs.push({ key: m[1]!, op: 'eq', values: [m[2]!] });
    else if ((m = /^!(\S+)$/.exec(p))) reqs.push({ key: m[1]!, op: 'notexists', values: [] });
    else reqs.push({ key: p, op: 'exists', values: [] });
  }
  return reqs;
}

export function selectorMatches(reqs: Req[], labels: Value | undefined): boolean {
  const l = isObj(labels) ? labels : {};
  return reqs.every((r) => {
    const has = r.key in l;
    const v = has ? String(l[r.key]) : undefined;
    switch (r.op) {
      case 'eq':
        return has && v === r.values[0];
      case 'ne':
        return !has || v !== r.values[0];
      case 'in':
        return has && r.values.includes(v!);
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
    return false;
  });
}

/**
 * The error Go's regexp.Compile gives for a selector field that is not a valid
 * regular expression, or undefined when it compiles.
 */
export function selectorRegexError(pattern: string): string | undefined {
  return goRegexpError(anchorRegex(pattern));
}

/**
 * Each selector field's anchored regular expression (null: it does not
 * compile), by the field's own text. compileGo keeps compiled patterns too,
 * but reaching them meant building and hashing `^(?:field)$` for every
 * resource a target is tested against, on every render (~1% of a platform
 * edit's CPU). Bounded like compileGo's cache: the fields come from the user's files.
 */
const anchored = new Map<string, GoRegexp | null>();
const MAX_ANCHORED = 1024;

/** kustomize's selector match: an anchored Go regular expression (one that does not compile matches only itself). */
function matchesAnchored(pattern: string, s: string): boolean {
  let re = anchored.get(pattern);
  if (re === undefined) {
    try {
      re = compileGo(anchorRegex(pattern));
    } catch {
      re = null;
    }
    if (anchored.size >= MAX_ANCHORED) anchored.clear();
    anchored.set(pattern, re);
  }
  return re === null ? pattern === s : re.test(s);
}

const effectiveNamespace = (id: ResId): string => (isClusterScoped(id) ? '_non_namespaceable_' : id.namespace === '' ? 'default' : id.namespace);

/**
 * A patch target selects like kustomize's resWrangler.Select: group, version,
 * kind, name and namespace are anchored regular expressions; name and
 * namespace match the original OR the current id (namespaces effective:
 * none = `default`); then the label and annotation selectors.
 */
export function selects(sel: Selector, r: Resource): boolean {
  // The kind first, read without building the ids (most resources fail it).
  if (sel.kind && !matchesAnchored(sel.kind, r.kind)) return false;
  const cur = r.curId();
  const org = r.orgId();
  if (sel.namespace && !matchesAnchored(sel.namespace, effectiveNamespace(org)) && !matchesAnchored(sel.namespace, effectiveNamespace(cur))) return false;
  if (sel.name && !matchesAnchored(sel.name, org.name) && !matchesAnchored(sel.name, cur.name)) return false;
  if (sel.group && !matchesAnchored(sel.group, cur.group)) return false;
  if (sel.version && !matchesAnchored(sel.version, cur.version)) return false;
  if (sel.labelSelector && !selectorMatches(parseSelector(sel.labelSelector), r.meta.labels)) return false;
  if (sel.annotationSelector && !selectorMatches(parseSelector(sel.annotationSelector), r.meta.annotations)) return false;
  return true;
}
