import type { Rule } from './types';
import { get, isObj, labelsOf, nameOf, selectorMatches } from './lib/index-resources';

export const rule: Rule = {
  id: 'statefulset-service-name',
  title: 'StatefulSet serviceName missing or not a headless Service selecting its pods',
  category: 'references',
  severity: 'warning',
  rationale: 'A StatefulSet\'s pods get stable DNS names (postgres-0.postgres-headless) only through a headless Service that selects them; without it clients cannot address a replica. A warning: `serviceName` is optional in the API and the StatefulSet runs without it (Argo CD\'s application controller does), only per-pod DNS is missing.',
  docs: {
    description: 'A StatefulSet must set `serviceName` to a Service of the environment with `clusterIP: None` whose selector matches the StatefulSet\'s pod template.',
    bad: `kind: StatefulSet
spec:
  serviceName: postgres   # a ClusterIP Service, not headless`,
    good: `kind: Service
metadata: { name: postgres-headless }
spec:
  clusterIP: None
  selector: { app: postgres }`,
  },
  check(ctx) {
    for (const sts of ctx.index.ofKind('StatefulSet')) {
      const name = get(sts.object, ['spec', 'serviceName']);
      if (typeof name !== 'string' || !name) {
        ctx.report({ resource: sts, path: ['metadata', 'name'], message: `StatefulSet '${nameOf(sts)}' has no serviceName` });
        continue;
      }
      const svc = ctx.index.find('Service', name, ctx.index.namespaceOf(sts));
      const path = ['spec', 'serviceName'];
      if (!svc) {
        ctx.report({ resource: sts, path, message: `serviceName '${name}' of StatefulSet '${nameOf(sts)}' is not a defined Service` });
        continue;
      }
      const related = [{ resource: svc, path: ['metadata', 'name'], message: `Service '${name}' is defined here` }];
      if (get(svc.object, ['spec', 'clusterIP']) !== 'None') {
        ctx.report({ resource: sts, path, message: `Service '${name}' named by StatefulSet '${nameOf(sts)}' is not headless (clusterIP: None)`, related });
        continue;
      }
      const sel = get(svc.object, ['spec', 'selector']);
      const t = ctx.index.templateOf(sts);
      if (!t || !isObj(sel) || !Object.keys(sel).length || !selectorMatches({ matchLabels: labelsOf(sel) }, t.labels)) {
        ctx.report({ resource: sts, path, message: `headless Service '${name}' does not select the pods of StatefulSet '${nameOf(sts)}'`, related });
      }
    }
  },
};
