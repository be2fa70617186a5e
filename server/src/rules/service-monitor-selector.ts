import type { Rule } from './types';
import { arr, get, isObj, nameOf, selectorMatches, toSelector, labelsOf } from './lib/index-resources';

export const rule: Rule = {
  id: 'service-monitor-selector',
  title: 'ServiceMonitor selects no Service or names a missing port',
  category: 'references',
  severity: 'warning',
  rationale: 'A ServiceMonitor that selects nothing, or scrapes a port name the Service lacks, silently produces no metrics, so alerts built on them never fire. A warning: the Service may come from another set deployed beside this one (a kubebuilder project\'s `config/prometheus`).',
  docs: {
    description: 'The `selector` of a Prometheus-operator ServiceMonitor must match the labels of at least one Service in the namespaces it watches (`namespaceSelector.matchNames`, `any`, or its own namespace), and each `endpoints[].port` must be the name of a port of a selected Service.',
    bad: `kind: ServiceMonitor
spec:
  selector: { matchLabels: { app: backend } }
  endpoints: [{ port: metrics }]   # the Service's port is named http`,
    good: `  endpoints: [{ port: http, path: /api/system/metrics/prometheus/ }]`,
  },
  check(ctx) {
    for (const sm of ctx.index.ofKind('ServiceMonitor')) {
      const sel = toSelector(get(sm.object, ['spec', 'selector']));
      if (!sel) continue;
      const any = get(sm.object, ['spec', 'namespaceSelector', 'any']) === true;
      const names = arr(get(sm.object, ['spec', 'namespaceSelector', 'matchNames'])).map(String);
      const namespaces = names.length ? names : [ctx.index.namespaceOf(sm)];
      const services = ctx.index
        .ofKind('Service')
        .filter((s) => (any || namespaces.includes(ctx.index.namespaceOf(s))) && selectorMatches(sel, labelsOf(get(s.object, ['metadata', 'labels']))));
      if (!services.length) {
        ctx.report({ resource: sm, path: ['spec', 'selector'], message: `ServiceMonitor '${nameOf(sm)}' selects no Service` });
        continue;
      }
      arr(get(sm.object, ['spec', 'endpoints'])).forEach((e, i) => {
        if (!isObj(e) || typeof e.port !== 'string') return;
        const port = e.port;
        if (services.some((s) => arr(get(s.object, ['spec', 'ports'])).some((p) => get(p, ['name']) === port))) return;
        ctx.report({
          resource: sm,
          path: ['spec', 'endpoints', i, 'port'],
          message: `no Service selected by ServiceMonitor '${nameOf(sm)}' has a port named '${port}'`,
          related: services.map((s) => ({ resource: s, path: ['metadata', 'name'], message: `Service '${nameOf(s)}' is selected` })),
        });
      });
    }
  },
};
