// Pods an operator creates from a custom resource in the set: they have no pod
// template in the manifests, yet Services select them (kube-prometheus's
// `alertmanager-main` and `prometheus-k8s` select the pods prometheus-operator
// runs for its Alertmanager and Prometheus resources; a Service in front of a
// CloudNativePG cluster's primary). The labels are those the operator puts on
// every pod it creates, plus, for prometheus-operator, the resource's
// `spec.podMetadata.labels`.
import type { RenderedResource } from '../../kustomize/model';
import { get, groupOf, isObj, kindOf, labelsOf, nameOf, type ResourceIndex } from './index-resources';

/** prometheus-operator's kinds and the `app.kubernetes.io/name` / per-kind label of their pods. */
const PROMETHEUS_OPERATOR: Record<string, string> = {
  Prometheus: 'prometheus',
  PrometheusAgent: 'prometheus-agent',
  Alertmanager: 'alertmanager',
  ThanosRuler: 'thanos-ruler',
};

/** Label sets of the pods operators create from resources in `namespace`. */
export function operatorPodLabels(index: ResourceIndex, namespace: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const r of index.resources) {
    if (isCnpgCluster(r) && index.namespaceOf(r) === namespace) {
      // CloudNativePG's instances: the primary and the replicas, by the labels its read-write
      // and read-only Services select (`role` is the label of its versions before 1.18).
      for (const role of ['primary', 'replica']) {
        out.push({ 'cnpg.io/cluster': nameOf(r), 'cnpg.io/instanceRole': role, role, 'cnpg.io/podRole': 'instance' });
      }
      continue;
    }
    const app = operatorApp(r);
    if (!app || index.namespaceOf(r) !== namespace) continue;
    const podMetadata = get(r.object, ['spec', 'podMetadata', 'labels']);
    const name = nameOf(r);
    out.push({
      ...(isObj(podMetadata) ? labelsOf(podMetadata) : {}),
      'app.kubernetes.io/name': app,
      'app.kubernetes.io/instance': name,
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      [app]: name,
      'operator.prometheus.io/name': name,
    });
  }
  return out;
}

function operatorApp(r: RenderedResource): string | undefined {
  return groupOf(r) === 'monitoring.coreos.com' ? PROMETHEUS_OPERATOR[kindOf(r)] : undefined;
}

function isCnpgCluster(r: RenderedResource): boolean {
  return kindOf(r) === 'Cluster' && groupOf(r) === 'postgresql.cnpg.io';
}
