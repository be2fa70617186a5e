import type { Rule } from './types';
import { get, isObj, labelsOf, nameOf, podHasLabel, str, type PodTemplate, type ResourceIndex } from './lib/index-resources';
import type { RenderedResource } from '../kustomize/model';
import { helmReleaseNames, selectsHelmReleasePods, type HelmReleaseNames } from './lib/helmReleasePods';
import { operatorPodLabels } from './lib/operator-pods';

export const rule: Rule = {
  id: 'service-selector-no-match',
  title: 'Service selects no pods',
  category: 'references',
  severity: 'error',
  rationale: 'A Service whose selector matches no pod template has no endpoints: every request to it fails although each manifest is valid on its own.',
  docs: {
    description: 'Reports a Service with a selector that matches the pod-template labels of no workload in the same namespace of the rendered environment, on the label no pod carries. When workloads of another namespace carry those labels, it names them and where the Service is (a Service without a namespace of its own goes to the environment\'s). Labels controllers add to their pods count: `pod-template-hash` (Deployment), `controller-revision-hash`, `statefulset.kubernetes.io/pod-name` (`<name>-<ordinal>` below the replica count) and `apps.kubernetes.io/pod-index` (StatefulSet), `job-name` and `controller-uid` (Job). Pods prometheus-operator runs for a `Prometheus`, `PrometheusAgent`, `Alertmanager` or `ThanosRuler` of the set count too, with the labels the operator gives them and the resource\'s `spec.podMetadata.labels`, as do CloudNativePG\'s instances of a `Cluster` (`cnpg.io/cluster`, `cnpg.io/instanceRole` or `role` `primary`/`replica`, `cnpg.io/podRole: instance`); an Argo Rollouts `Rollout`\'s template is a pod template like a Deployment\'s. A selector of `tier: control-plane` with a control-plane component (`component` or `k8s-app`: `kube-apiserver`, `kube-controller-manager`, `kube-scheduler`, `etcd`) selects the control plane\'s static pods, which kubelets run from their nodes\' own manifests (kubeadm and Talos label them so; a load balancer in front of the API servers): not reported. Nor is a selector of a Flux HelmRelease\'s pods, by the chart convention: `app.kubernetes.io/instance` (or `release`) its release name, else `app.kubernetes.io/name` its chart.',
    bad: `kind: Service
metadata: { name: api }
spec:
  selector: { app: backend-api }   # pods are labelled app: backend
---
kind: Deployment
metadata: { name: backend }
spec:
  template:
    metadata: { labels: { app: backend } }`,
    good: `kind: Service
metadata: { name: api }
spec:
  selector: { app: backend }`,
  },
  check(ctx) {
    let releases: HelmReleaseNames | undefined;
    for (const svc of ctx.index.ofKind('Service')) {
      const sel = get(svc.object, ['spec', 'selector']);
      if (!isObj(sel) || Object.keys(sel).length === 0) continue;
      const labels = labelsOf(sel);
      if (ctx.index.podsSelectedBy({ matchLabels: labels }, ctx.index.namespaceOf(svc)).length) continue;
      if (selectsStaticControlPlane(labels)) continue;
      // Pods a Helm release of the set makes (a Flux HelmRelease: the chart's templates are not here).
      if (selectsHelmReleasePods(labels, (releases ??= helmReleaseNames(ctx.index)))) continue;
      // Pods an operator creates from a custom resource of the set (no template in the manifests).
      if (operatorPodLabels(ctx.index, ctx.index.namespaceOf(svc)).some((pod) => Object.entries(labels).every(([k, v]) => pod[k] === v))) continue;
      const text = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
      // On the label no pod carries (each label may match some pod, but not all together: the first).
      const ns = ctx.index.namespaceOf(svc);
      const pods = ctx.index.podTemplates.filter((t) => t.namespace === ns);
      const culprit = Object.keys(labels).find((k) => !pods.some((t) => podHasLabel(t, k, labels[k]))) ?? Object.keys(sel)[0];
      ctx.report({
        resource: svc,
        path: ['spec', 'selector', culprit!],
        message: elsewhere(ctx.index, svc, labels, ns, text) ?? `Service '${nameOf(svc)}' selects no pods: no pod template is labelled ${text}`,
      });
    }
  },
};

/**
 * The pod templates the selector matches in other namespaces, said as where
 * they are and where the Service is (a Service with no namespace of its own
 * goes to the environment's: argo-workflows' e2e manifests leave a Service
 * unnamespaced beside a Deployment in `argo`, applied with `-n argo`); "no pod
 * template is labelled …" was untrue there.
 */
function elsewhere(index: ResourceIndex, svc: RenderedResource, labels: Record<string, string>, ns: string, text: string): string | undefined {
  const found: PodTemplate[] = [];
  for (const other of new Set(index.podTemplates.map((t) => t.namespace))) if (other !== ns) found.push(...index.podsSelectedBy({ matchLabels: labels }, other));
  if (found.length === 0) return undefined;
  const names = found.slice(0, 3).map((t) => `${t.kind} ${t.name} in ${t.namespace}`);
  const more = found.length > 3 ? ` and ${found.length - 3} more` : '';
  const implicit = str(get(svc.object, ['metadata', 'namespace'])) === undefined ? " (the environment's: it has none of its own)" : '';
  return `Service '${nameOf(svc)}' selects no pods in namespace ${ns}${implicit}; the pod templates labelled ${text} are in another: ${names.join(', ')}${more}`;
}

const CONTROL_PLANE = new Set(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']);

/**
 * The control plane's static pods, which kubelets run from their nodes' own
 * manifests (never in a render): kubeadm labels them `component: <name>,
 * tier: control-plane`, Talos `k8s-app: <name>, tier: control-plane`. The
 * namespace is not looked at: a GitOps tool often sets it at apply time.
 */
function selectsStaticControlPlane(labels: Record<string, string>): boolean {
  return labels.tier === 'control-plane' && (CONTROL_PLANE.has(labels.component ?? '') || CONTROL_PLANE.has(labels['k8s-app'] ?? ''));
}
