// Output order: kustomize's legacy order (by kind: Namespace, ResourceQuota,
// … first, webhook configurations last; then group/version/kind, namespace,
// name) or `sortOptions` (fifo, or legacy with its own orderFirst/orderLast).
import { gvkString, type Resource } from '../resource';

export const DEFAULT_ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy',
  'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service',
  'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet',
  'CronJob', 'PodDisruptionBudget',
];
export const DEFAULT_ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

const gvkSort = (g: { group: string; version: string; kind: string }): string =>
  [g.group || '~G', g.version || '~V', g.kind || '~K'].join('_');

/** Go string comparison (bytewise UTF-8). */
const goLess = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function legacySort(resources: Resource[], orderFirst = DEFAULT_ORDER_FIRST, orderLast = DEFAULT_ORDER_LAST): Resource[] {
  const rank = new Map<string, number>();
  orderFirst.forEach((k, i) => rank.set(k, -orderFirst.length + i));
  orderLast.forEach((k, i) => rank.set(k, 1 + i));
  const ids = new Map(resources.map((r) => [r, r.curId()]));
  return [...resources].sort((ra, rb) => {
    const a = ids.get(ra)!;
    const b = ids.get(rb)!;
    if (a.group !== b.group || a.version !== b.version || a.kind !== b.kind) {
      const ia = rank.get(a.kind) ?? 0;
      const ib = rank.get(b.kind) ?? 0;
      if (ia !== ib) return ia - ib;
      if (a.kind === 'Namespace' && b.kind === 'Namespace' && (a.group === '' || b.group === '')) {
        return -goLess(gvkSort(a), gvkSort(b));
      }
      return goLess(gvkSort(a), gvkSort(b));
    }
    const sa = [gvkString(a), a.namespace || '~X', a.name || '~N'].join('|');
    const sb = [gvkString(b), b.namespace || '~X', b.name || '~N'].join('|');
    return goLess(sa, sb);
  });
}
