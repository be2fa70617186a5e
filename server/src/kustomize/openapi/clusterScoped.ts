// Which types kustomize treats as cluster-scoped: exactly kyaml v0.18.1's
// precomputedIsNamespaceScoped table (openapi.go; the types its embedded
// Kubernetes v1.21.2 OpenAPI document serves without a namespace path), read
// by apiVersion AND kind. Every other type, including newer cluster-scoped
// ones the document does not know (flowcontrol v1 FlowSchema,
// ValidatingAdmissionPolicy, …) and a `Namespace` of another group, is
// namespaced for kustomize (openapi.IsCertainlyClusterScoped), and so here.
const CLUSTER_SCOPED = new Set([
  'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/v1 CustomResourceDefinition',
  'apiextensions.k8s.io/v1beta1 CustomResourceDefinition',
  'apiregistration.k8s.io/v1 APIService',
  'apiregistration.k8s.io/v1beta1 APIService',
  'certificates.k8s.io/v1 CertificateSigningRequest',
  'certificates.k8s.io/v1beta1 CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
  'networking.k8s.io/v1 IngressClass',
  'networking.k8s.io/v1beta1 IngressClass',
  'node.k8s.io/v1 RuntimeClass',
  'node.k8s.io/v1beta1 RuntimeClass',
  'policy/v1beta1 PodSecurityPolicy',
  'rbac.authorization.k8s.io/v1 ClusterRole',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1beta1 ClusterRole',
  'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding',
  'scheduling.k8s.io/v1 PriorityClass',
  'scheduling.k8s.io/v1beta1 PriorityClass',
  'storage.k8s.io/v1 CSIDriver',
  'storage.k8s.io/v1 CSINode',
  'storage.k8s.io/v1 StorageClass',
  'storage.k8s.io/v1 VolumeAttachment',
  'storage.k8s.io/v1beta1 CSIDriver',
  'storage.k8s.io/v1beta1 CSINode',
  'storage.k8s.io/v1beta1 StorageClass',
  'storage.k8s.io/v1beta1 VolumeAttachment',
  'v1 ComponentStatus',
  'v1 Namespace',
  'v1 Node',
  'v1 NodeProxyOptions',
  'v1 PersistentVolume',
]);

/** The namespaced types of the same table (a type in neither is looked up in the OpenAPI data, see schemaState.ts). */
const NAMESPACED = new Set([
  'apps/v1 ControllerRevision',
  'apps/v1 DaemonSet',
  'apps/v1 Deployment',
  'apps/v1 ReplicaSet',
  'apps/v1 StatefulSet',
  'autoscaling/v1 HorizontalPodAutoscaler',
  'autoscaling/v1 Scale',
  'autoscaling/v2beta1 HorizontalPodAutoscaler',
  'autoscaling/v2beta2 HorizontalPodAutoscaler',
  'batch/v1 CronJob',
  'batch/v1 Job',
  'batch/v1beta1 CronJob',
  'coordination.k8s.io/v1 Lease',
  'coordination.k8s.io/v1beta1 Lease',
  'discovery.k8s.io/v1 EndpointSlice',
  'discovery.k8s.io/v1beta1 EndpointSlice',
  'events.k8s.io/v1 Event',
  'events.k8s.io/v1beta1 Event',
  'extensions/v1beta1 Ingress',
  'networking.k8s.io/v1 Ingress',
  'networking.k8s.io/v1 NetworkPolicy',
  'networking.k8s.io/v1beta1 Ingress',
  'policy/v1 PodDisruptionBudget',
  'policy/v1beta1 PodDisruptionBudget',
  'rbac.authorization.k8s.io/v1 Role',
  'rbac.authorization.k8s.io/v1 RoleBinding',
  'rbac.authorization.k8s.io/v1beta1 Role',
  'rbac.authorization.k8s.io/v1beta1 RoleBinding',
  'storage.k8s.io/v1beta1 CSIStorageCapacity',
  'v1 ConfigMap',
  'v1 Endpoints',
  'v1 Event',
  'v1 LimitRange',
  'v1 PersistentVolumeClaim',
  'v1 Pod',
  'v1 PodAttachOptions',
  'v1 PodExecOptions',
  'v1 PodPortForwardOptions',
  'v1 PodProxyOptions',
  'v1 PodTemplate',
  'v1 ReplicationController',
  'v1 ResourceQuota',
  'v1 Secret',
  'v1 Service',
  'v1 ServiceAccount',
  'v1 ServiceProxyOptions',
]);

/** Whether kyaml answers IsNamespaceScoped for this type from its precomputed table. */
export function isPrecomputedType(apiVersion: string, kind: string): boolean {
  const key = `${apiVersion} ${kind}`;
  return CLUSTER_SCOPED.has(key) || NAMESPACED.has(key);
}

export interface TypeId {
  group: string;
  version: string;
  kind: string;
}

/**
 * The kinds of CLUSTER_SCOPED. A type of another kind cannot be in it (its
 * entries are `apiVersion Kind` with one space): answered without building the
 * key. The renderer asks for every pair of resources it compares (name
 * references: ~2% of a platform edit's CPU went to building these keys).
 */
const CLUSTER_SCOPED_KINDS = new Set([...CLUSTER_SCOPED].map((k) => k.slice(k.indexOf(' ') + 1)));

/** kustomize's Gvk.IsClusterScoped. */
export function isClusterScoped(t: TypeId): boolean {
  if (!CLUSTER_SCOPED_KINDS.has(t.kind)) return false;
  return CLUSTER_SCOPED.has(`${t.group ? `${t.group}/${t.version}` : t.version} ${t.kind}`);
}
