import type { PathSegment } from '../kustomize/model';
import type { Rule } from './types';
import { arr, get, isObj, nameOf, podHasLabel, selectorMatches, toSelector } from './lib/index-resources';

export const rule: Rule = {
  id: 'network-policy-selector',
  title: 'NetworkPolicy or peer selector selects no pods',
  category: 'references',
  severity: 'warning',
  rationale: 'A NetworkPolicy whose podSelector matches nothing protects nothing; a peer podSelector that matches nothing allows no traffic, so the intended connection is blocked once a default-deny policy applies.',
  docs: {
    description: 'A non-empty `spec.podSelector`, and each `ingress[].from[]` / `egress[].to[]` peer `podSelector` without a `namespaceSelector`, must match the pod-template labels of some workload in the policy\'s namespace. An empty selector (`{}`) selects every pod and is fine.',
    bad: `kind: NetworkPolicy
spec:
  podSelector: { matchLabels: { app: postgresql } }   # pods are labelled app: postgres`,
    good: `  podSelector: { matchLabels: { app: postgres } }`,
  },
  check(ctx) {
    for (const np of ctx.index.ofKind('NetworkPolicy')) {
      const ns = ctx.index.namespaceOf(np);
      const selects = (p: PathSegment[]): boolean => {
        const sel = toSelector(get(np.object, p));
        return !sel || ctx.index.podsSelectedBy(sel, ns).length > 0;
      };
      // The label (or expression) no pod satisfies, so the finding lands on it, not on `matchLabels:`.
      const culprit = (p: PathSegment[]): PathSegment[] => {
        const pods = ctx.index.podTemplates.filter((t) => t.namespace === ns);
        const labels = get(np.object, [...p, 'matchLabels']);
        if (isObj(labels)) {
          for (const [k, v] of Object.entries(labels)) {
            if (!pods.some((t) => podHasLabel(t, k, String(v)))) return [...p, 'matchLabels', k];
          }
        }
        const exprs = arr(get(np.object, [...p, 'matchExpressions']));
        for (let i = 0; i < exprs.length; i++) {
          const sel = toSelector({ matchExpressions: [exprs[i]] });
          if (sel && !pods.some((t) => selectorMatches(sel, t.labels, t.implicit))) return [...p, 'matchExpressions', i];
        }
        // Each part matches some pod, none matches all: the first label.
        if (isObj(labels) && Object.keys(labels).length) return [...p, 'matchLabels', Object.keys(labels)[0]!];
        return exprs.length ? [...p, 'matchExpressions', 0] : p;
      };
      const nonEmpty = (p: PathSegment[]): boolean => {
        const v = get(np.object, p);
        return isObj(v) && Object.keys(v).some((k) => (Array.isArray(v[k]) ? (v[k] as unknown[]).length : isObj(v[k]) ? Object.keys(v[k] as object).length : true));
      };
      if (nonEmpty(['spec', 'podSelector']) && !selects(['spec', 'podSelector'])) {
        ctx.report({ resource: np, path: culprit(['spec', 'podSelector']), message: `NetworkPolicy '${nameOf(np)}' podSelector selects no pods` });
      }
      for (const [dir, peers] of [
        ['ingress', 'from'],
        ['egress', 'to'],
      ] as const) {
        arr(get(np.object, ['spec', dir])).forEach((rule, i) => {
          arr(get(rule, [peers])).forEach((peer, j) => {
            if (!isObj(peer) || peer.namespaceSelector !== undefined) return;
            const p: PathSegment[] = ['spec', dir, i, peers, j, 'podSelector'];
            if (nonEmpty(p) && !selects(p)) ctx.report({ resource: np, path: culprit(p), message: `${dir} peer podSelector of NetworkPolicy '${nameOf(np)}' selects no pods` });
          });
        });
      }
    }
  },
};
