// Target selection for patches and replacements (kustomize types.Selector):
// group/version/kind equal when given, name and namespace as anchored regular
// expressions, labelSelector/annotationSelector in Kubernetes selector syntax.
import type { Resource } from './resource';
import { isObj, type Value } from './values';

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

function anchored(re: string, s: string): boolean {
  try {
    return new RegExp(`^(?:${re})$`).test(s);
  } catch {
    return re === s;
  }
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

export function selects(sel: Selector, r: Resource): boolean {
  const ids = [r.curId()];
  const idOk = ids.some(
    (id) =>
      (!sel.group || sel.group === id.group) &&
      (!sel.version || sel.version === id.version) &&
      (!sel.kind || sel.kind === id.kind) &&
      (!sel.name || anchored(sel.name, id.name)) &&
      (!sel.namespace || anchored(sel.namespace, id.namespace)),
  );
  if (!idOk) return false;
  if (sel.labelSelector && !selectorMatches(parseSelector(sel.labelSelector), r.meta.labels)) return false;
  if (sel.annotationSelector && !selectorMatches(parseSelector(sel.annotationSelector), r.meta.annotations)) return false;
  return true;
}
