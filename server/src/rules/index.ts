// The rule registry: every rule module, in documentation order (by category).
// Rule id = file name = fixture directory = docs anchor (checked by test/rules/meta.test.ts).
import type { Rule, RuleCategory } from './types';
import { rule as antiAffinity } from './anti-affinity';
import { rule as automountToken } from './automount-token';
import { rule as capabilitiesDrop } from './capabilities-drop';
import { rule as commonLabelsSelector } from './common-labels-selector';
import { rule as configReference } from './config-reference';
import { rule as debugOutsideDev } from './debug-outside-dev';
import { rule as deprecatedKustomizeField } from './deprecated-kustomize-field';
import { rule as duplicateContainerPort } from './duplicate-container-port';
import { rule as duplicateEnv } from './duplicate-env';
import { rule as duplicateMergeKey } from './duplicate-merge-key';
import { rule as hostNamespaces } from './host-namespaces';
import { rule as hostPath } from './host-path';
import { rule as hpaBounds } from './hpa-bounds';
import { rule as hpaTarget } from './hpa-target';
import { rule as imageLatestTag } from './image-latest-tag';
import { rule as imageRegistry } from './image-registry';
import { rule as ingressBackend } from './ingress-backend';
import { rule as ingressHost } from './ingress-host';
import { rule as ingressTls } from './ingress-tls';
import { rule as limitBelowRequest } from './limit-below-request';
import { rule as literalSecret } from './literal-secret';
import { rule as livenessProbe } from './liveness-probe';
import { rule as minReplicas } from './min-replicas';
import { rule as networkPolicySelector } from './network-policy-selector';
import { rule as overriddenInvalidValue } from './overridden-invalid-value';
import { rule as patchMatchesNothing } from './patch-matches-nothing';
import { rule as pdbBlocksDisruption } from './pdb-blocks-disruption';
import { rule as pdbMissing } from './pdb-missing';
import { rule as placeholderSecret } from './placeholder-secret';
import { rule as privilegeEscalation } from './privilege-escalation';
import { rule as privileged } from './privileged';
import { rule as probePort } from './probe-port';
import { rule as pvcReference } from './pvc-reference';
import { rule as readOnlyRootFs } from './read-only-root-fs';
import { rule as readinessProbe } from './readiness-probe';
import { rule as requiredLabels } from './required-labels';
import { rule as resourceQuota } from './resource-quota';
import { rule as resourcesMissing } from './resources-missing';
import { rule as runAsNonRoot } from './run-as-non-root';
import { rule as selectorTemplateMismatch } from './selector-template-mismatch';
import { rule as serviceAccountReference } from './service-account-reference';
import { rule as serviceMonitorSelector } from './service-monitor-selector';
import { rule as serviceSelectorNoMatch } from './service-selector-no-match';
import { rule as serviceTargetPort } from './service-target-port';
import { rule as statefulsetServiceName } from './statefulset-service-name';
import { rule as suppressionReason } from './suppression-reason';

export const CATEGORY_ORDER: RuleCategory[] = ['references', 'workloads', 'security', 'images', 'kustomize', 'environment', 'meta'];

export const RULES: Rule[] = [
  antiAffinity,
  automountToken,
  capabilitiesDrop,
  commonLabelsSelector,
  configReference,
  debugOutsideDev,
  deprecatedKustomizeField,
  duplicateContainerPort,
  duplicateEnv,
  duplicateMergeKey,
  hostNamespaces,
  hostPath,
  hpaBounds,
  hpaTarget,
  imageLatestTag,
  imageRegistry,
  ingressBackend,
  ingressHost,
  ingressTls,
  limitBelowRequest,
  literalSecret,
  livenessProbe,
  minReplicas,
  networkPolicySelector,
  overriddenInvalidValue,
  patchMatchesNothing,
  pdbBlocksDisruption,
  pdbMissing,
  placeholderSecret,
  privilegeEscalation,
  privileged,
  probePort,
  pvcReference,
  readOnlyRootFs,
  readinessProbe,
  requiredLabels,
  resourceQuota,
  resourcesMissing,
  runAsNonRoot,
  selectorTemplateMismatch,
  serviceAccountReference,
  serviceMonitorSelector,
  serviceSelectorNoMatch,
  serviceTargetPort,
  statefulsetServiceName,
  suppressionReason,
// By category, then id. Ids are lower-case letters, digits and hyphens, which
// sort by code unit as localeCompare sorts them (test/rules/meta.test.ts
// checks); localeCompare's first call creates ICU's collator, a fifth of the
// time `thebot check` spent loading its code.
].sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

export type { Rule, RuleCategory, RuleContext, Report } from './types';
