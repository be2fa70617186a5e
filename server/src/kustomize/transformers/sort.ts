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

const gvkSort = (g: { group: string; version: string; kind: string }): string => `${g.group || '~G'}_${g.version || '~V'}_${g.kind || '~K'}`;

export function legacySort(resources: Resource[], orderFirst = DEFAULT_ORDER_FIRST, orderLast = DEFAULT_ORDER_LAST): Resource[] {
  const rank = new Map<string, number>();
  orderFirst.forEach((k, i) => rank.set(k, -orderFirst.length + i));
  orderLast.forEach((k, i) => rank.set(k, 1 + i));
  // Go compares strings bytewise (UTF-8): compareUtf8 orders the strings so
  // without encoding them (a Buffer per key and resource at every render).
  // Each resource's keys (and its kind's rank) computed once, in a record the
  // comparator reads directly: every render sorts all its objects.
  const keyed: SortKey[] = resources.map((r) => {
    const id = r.curId();
    const full = `${gvkString(id)}|${id.namespace || '~X'}|${id.name || '~N'}`;
    return { r, group: id.group, version: id.version, kind: id.kind, rank: rank.get(id.kind) ?? 0, gvk: gvkSort(id), full, bmp: !ABOVE_SURROGATES.test(full) };
  });
  keyed.sort(compareKeys);
  return keyed.map((k) => k.r);
}

interface SortKey {
  r: Resource;
  group: string;
  version: string;
  kind: string;
  rank: number;
  gvk: string;
  full: string;
  /** `full` (and so `gvk`, made of the same parts) has no code unit from U+D800 up. */
  bmp: boolean;
}

// compareUtf8 departs from the code-unit order of `<` only where both strings
// have a unit from U+D800 up at their first difference: when one of the two
// has none, `<` is the same order (and no loop over the characters).
const ABOVE_SURROGATES = /[\ud800-\uffff]/;

function compareStrings(a: string, b: string, either: boolean): number {
  if (!either) return compareUtf8(a, b);
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareKeys(a: SortKey, b: SortKey): number {
  const bmp = a.bmp || b.bmp;
  if (a.group !== b.group || a.version !== b.version || a.kind !== b.kind) {
    if (a.rank !== b.rank) return a.rank - b.rank;
    if (a.kind === 'Namespace' && b.kind === 'Namespace' && (a.group === '' || b.group === '')) {
      return -compareStrings(a.gvk, b.gvk, bmp);
    }
    return compareStrings(a.gvk, b.gvk, bmp);
  }
  return compareStrings(a.full, b.full, bmp);
}
