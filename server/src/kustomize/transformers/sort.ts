// Output order: kustomize's legacy order (by kind: Namespace, ResourceQuota,
// … first, webhook configurations last; then group/version/kind, namespace,
// name) or `sortOptions` (fifo, or legacy with its own orderFirst/orderLast).
import { gvkString, type Resource } from '../resource';
import { compareUtf8 } from '../utf8Order';

export const DEFAULT_ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy',
  'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service',
  'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet',
  'CronJob', 'PodDisruptionBudget',
];
export const DEFAULT_ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

const gvkSort = (g: { group: string; version: string; kind: string }): string =>
  [g.group || '~G', g.version || '~V', g.kind || '~K'].join('_');

export function legacySort(resources: Resource[], orderFirst = DEFAULT_ORDER_FIRST, orderLast = DEFAULT_ORDER_LAST): Resource[] {
  const rank = new Map<string, number>();
  orderFirst.forEach((k, i) => rank.set(k, -orderFirst.length + i));
  orderLast.forEach((k, i) => rank.set(k, 1 + i));
  // Go compares strings bytewise (UTF-8): compareUtf8 orders the strings so
  // without encoding them (a Buffer per key and resource at every render).
  const keys = new Map(
    resources.map((r) => {
      const id = r.curId();
      const full = `${gvkString(id)}|${id.namespace || '~X'}|${id.name || '~N'}`;
      return [r, { id, gvk: gvkSort(id), full }] as const;
    }),
  );
  return [...resources].sort((ra, rb) => {
    const ka = keys.get(ra)!;
    const kb = keys.get(rb)!;
    const a = ka.id;
    const b = kb.id;
    if (a.group !== b.group || a.version !== b.version || a.kind !== b.kind) {
      const ia = rank.get(a.kind) ?? 0;
      const ib = rank.get(b.kind) ?? 0;
      if (ia !== ib) return ia - ib;
      if (a.kind === 'Namespace' && b.kind === 'Namespace' && (a.group === '' || b.group === '')) {
        return -compareUtf8(ka.gvk, kb.gvk);
      }
      return compareUtf8(ka.gvk, kb.gvk);
    }
    return compareUtf8(ka.full, kb.full);
  });
}
