import type { Rule } from './types';
import { containersOf, get, isObj, nameOf } from './lib/index-resources';
import { formatQuantity, parseQuantity } from '../../../shared/quantity';
import { replicaCeiling } from './lib/workloads';

export const rule: Rule = {
  id: 'resource-quota',
  title: 'Requests exceed the namespace ResourceQuota',
  category: 'workloads',
  severity: 'warning',
  rationale: 'Pods beyond a ResourceQuota are refused at creation: a rollout (which runs old and new pods side by side) or an HPA scale-up stalls with "exceeded quota".',
  docs: {
    description: 'Sums `requests.cpu`, `requests.memory`, `limits.cpu` and `limits.memory` of every container times its workload\'s replicas (the HPA `maxReplicas` when an HPA scales it; DaemonSets, Jobs and Pods count once) per namespace and compares each with the `spec.hard` entries of the namespace\'s ResourceQuotas.',
    bad: `kind: ResourceQuota
spec:
  hard: { requests.cpu: "4" }   # 10 backend replicas × 500m alone need 5 cores`,
    good: `  hard: { requests.cpu: "8" }`,
  },
  check(ctx) {
    for (const quota of ctx.index.ofKind('ResourceQuota')) {
      const hard = get(quota.object, ['spec', 'hard']);
      if (!isObj(hard)) continue;
      const ns = ctx.index.namespaceOf(quota);
      for (const key of ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']) {
        const max = parseQuantity(hard[key]);
        if (max === undefined) continue;
        const [kind, res] = key.split('.');
        let total = 0;
        for (const t of ctx.index.podTemplates) {
          if (t.namespace !== ns) continue;
          const n = replicaCeiling(ctx.index, t) ?? 1;
          for (const c of containersOf(t, false)) total += n * (parseQuantity(get(c.container, ['resources', kind, res])) ?? 0);
        }
        if (total <= max + 1e-9) continue;
        ctx.report({
          resource: quota,
          path: ['spec', 'hard', key],
          message: `workloads in namespace '${ns}' need ${formatQuantity(key, total)} ${key} at full scale, over ResourceQuota '${nameOf(quota)}' ${key}=${String(hard[key])}`,
        });
      }
    }
  },
};
