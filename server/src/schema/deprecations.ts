// Deprecated and removed API versions, from the Kubernetes deprecated API
// migration guide. The schemas are 1.34's, but the cluster version is a
// project setting: this table says what that version still serves.
import type { SchemaProblem } from './walk';
import { CODES } from './walk';

interface ApiDeprecation {
  apiVersion: string;
  kinds: string[];
  /** Minor version of 1.x in which it was deprecated / stopped being served. */
  deprecatedIn: number;
  removedIn?: number;
  /** What to use instead; a function when it depends on the kind. */
  replacement?: string | ((kind: string) => string);
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'];

export const API_DEPRECATIONS: ApiDeprecation[] = [
  // Removed in 1.16
  { apiVersion: 'extensions/v1beta1', kinds: [...WORKLOADS, 'NetworkPolicy', 'PodSecurityPolicy'], deprecatedIn: 9, removedIn: 16,
    replacement: (k) => (k === 'NetworkPolicy' ? 'networking.k8s.io/v1' : k === 'PodSecurityPolicy' ? 'policy/v1beta1' : 'apps/v1') },
  { apiVersion: 'apps/v1beta1', kinds: [...WORKLOADS], deprecatedIn: 9, removedIn: 16, replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: [...WORKLOADS], deprecatedIn: 9, removedIn: 16, replacement: 'apps/v1' },
  // Removed in 1.22
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], deprecatedIn: 14, removedIn: 22, replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], deprecatedIn: 19, removedIn: 22, replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], deprecatedIn: 16, removedIn: 22, replacement: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], deprecatedIn: 16, removedIn: 22, replacement: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], deprecatedIn: 19, removedIn: 22, replacement: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], deprecatedIn: 19, removedIn: 22, replacement: 'authentication.k8s.io/v1' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'], deprecatedIn: 19, removedIn: 22, replacement: 'authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], deprecatedIn: 19, removedIn: 22, replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], deprecatedIn: 19, removedIn: 22, replacement: 'coordination.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], deprecatedIn: 17, removedIn: 22, replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], deprecatedIn: 14, removedIn: 22, replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], deprecatedIn: 19, removedIn: 22, replacement: 'storage.k8s.io/v1' },
  // Removed in 1.25
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecatedIn: 21, removedIn: 25, replacement: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], deprecatedIn: 21, removedIn: 25, replacement: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], deprecatedIn: 19, removedIn: 25, replacement: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: 22, removedIn: 25, replacement: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], deprecatedIn: 21, removedIn: 25, replacement: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: 21, removedIn: 25, replacement: 'Pod Security Admission (no replacement API)' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], deprecatedIn: 20, removedIn: 25, replacement: 'node.k8s.io/v1' },
  // Removed in 1.26, 1.27, 1.29, 1.32
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: 23, removedIn: 26, replacement: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: 23, removedIn: 26, replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], deprecatedIn: 24, removedIn: 27, replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: 26, removedIn: 29, replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: 29, removedIn: 32, replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  // Deprecated, still served
  { apiVersion: 'v1', kinds: ['Endpoints'], deprecatedIn: 33, replacement: 'discovery.k8s.io/v1 EndpointSlice' },
];

const byKey = new Map<string, ApiDeprecation>();
for (const d of API_DEPRECATIONS) for (const k of d.kinds) byKey.set(`${d.apiVersion}/${k}`, d);

/** "1.34", "v1.34.2", "1.34.0" → 34 (minor of Kubernetes 1.x); undefined if unparsable. */
export function kubernetesMinor(version: string | undefined): number | undefined {
  const m = /^v?1\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The deprecated-api problem for this apiVersion/kind at the configured Kubernetes version, if any. */
export function apiDeprecation(apiVersion: string, kind: string, kubernetesVersion: string): SchemaProblem | undefined {
  const d = byKey.get(`${apiVersion}/${kind}`);
  const minor = kubernetesMinor(kubernetesVersion);
  if (!d || minor === undefined || minor < d.deprecatedIn) return undefined;
  const instead = typeof d.replacement === 'function' ? d.replacement(kind) : d.replacement;
  const use = instead ? `: use ${instead}` : '';
  const removed = d.removedIn !== undefined && minor >= d.removedIn;
  const message = removed
    ? `${apiVersion} ${kind} was removed in Kubernetes 1.${d.removedIn} (configured: 1.${minor})${use}`
    : `${apiVersion} ${kind} is deprecated since Kubernetes 1.${d.deprecatedIn}${d.removedIn ? ` and removed in 1.${d.removedIn}` : ''}${use}`;
  return { path: ['apiVersion'], message, code: CODES.deprecatedApi, severity: removed ? 'error' : 'warning', target: 'value' };
}
