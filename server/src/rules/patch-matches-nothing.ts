import type { RenderedResource } from '../kustomize/model';
import type { Rule } from './types';
import { anchorRegex, compileGo, type GoRegexp } from '../kustomize/goRegexp';
import { get, isObj, kindOf, labelsOf, nameOf, selectorMatches } from './lib/index-resources';

function parseSelector(s: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    const m = /^\s*([^=!\s]+)\s*==?\s*(\S*)\s*$/.exec(part);
    if (!m) return undefined; // set-based selectors: not evaluated
    out[m[1]] = m[2];
  }
  return out;
}

/** The target field as kustomize reads it: an anchored Go regular expression (one that does not compile matches nothing). */
function regex(v: string): GoRegexp {
  try {
    return compileGo(anchorRegex(v));
  } catch {
    return NEVER;
  }
}
const NEVER: GoRegexp = { test: () => false };

/**
 * Without the engine's record (the test adapter): matches a patch target against the rendered objects. Names may have gained a
 * prefix/suffix from an enclosing kustomization, so a name also matches when it
 * is contained in the rendered name.
 */
function matches(target: Record<string, unknown>, r: RenderedResource): boolean {
  const api = String(r.object.apiVersion ?? '');
  const [group, version] = api.includes('/') ? api.split('/') : ['', api];
  if (typeof target.kind === 'string' && !regex(target.kind).test(kindOf(r))) return false;
  if (typeof target.group === 'string' && !regex(target.group).test(group)) return false;
  if (typeof target.version === 'string' && !regex(target.version).test(version)) return false;
  if (typeof target.name === 'string' && !regex(target.name).test(nameOf(r)) && !nameOf(r).includes(target.name)) return false;
  if (typeof target.namespace === 'string' && !regex(target.namespace).test(String(get(r.object, ['metadata', 'namespace']) ?? ''))) return false;
  for (const [field, meta] of [
    ['labelSelector', 'labels'],
    ['annotationSelector', 'annotations'],
  ] as const) {
    if (typeof target[field] !== 'string') continue;
    const sel = parseSelector(target[field] as string);
    if (sel && !selectorMatches({ matchLabels: sel }, labelsOf(get(r.object, ['metadata', meta])))) return false;
  }
  return true;
}

export const rule: Rule = {
  id: 'patch-matches-nothing',
  title: 'Patch target matches nothing',
  category: 'kustomize',
  severity: 'warning',
  rationale: 'Kustomize silently skips a `patches` entry whose target selects no object: the override an environment relies on (replicas, limits, DEBUG=False) is simply not applied.',
  docs: {
    description: 'Each `patches[].target` of a kustomization must select at least one object when kustomize applies the patch (kind, group, version, name, namespace, labelSelector, annotationSelector; names as regular expressions). The engine records what each entry selected at that moment, so a patch that renames its target, moves it to another namespace or deletes it counts as matched; an entry the build never reached (a file before it failed to parse) is not reported.',
    bad: `patches:
  - target: { kind: Deployment, name: api }   # the Deployment is called backend
    patch: |-
      - { op: replace, path: /spec/replicas, value: 3 }`,
    good: `  - target: { kind: Deployment, name: backend }`,
  },
  check(ctx) {
    // Decided when the patch was applied: the final objects may no longer look
    // like the target (a patch that removes the namespace, or deletes the object).
    const applied = new Map<string, number>();
    for (const m of ctx.patchMatches ?? []) {
      const key = `${m.file}\0${m.index}`;
      applied.set(key, (applied.get(key) ?? 0) + m.matched);
    }
    for (const k of ctx.kustomizations) {
      if (!Array.isArray(k.data.patches)) continue;
      k.data.patches.forEach((p, i) => {
        if (!isObj(p) || !isObj(p.target)) return;
        const target = p.target;
        if (ctx.patchMatches) {
          const matched = applied.get(`${k.file}\0${i}`);
          if (matched === undefined || matched > 0) return;
        } else if (ctx.resources.some((r) => matches(target, r))) return;
        const text = Object.entries(target).map(([a, b]) => `${a}=${String(b)}`).join(', ');
        ctx.report({ location: { file: k.file, range: k.rangeOf(['patches', i, 'target'], true) }, message: `patch target (${text}) matches no object; the patch is not applied` });
      });
    }
  },
};
