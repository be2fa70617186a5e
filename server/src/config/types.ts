// The project configuration (`thebot.yaml`) as the rest of the tool sees it:
// every path absolute, every default applied. Rules read project facts from
// here and never hard-code THE_BOT's values.
import type { Finding } from '../findings';

export type RuleSeverity = 'error' | 'warning' | 'info' | 'off';

/** Project facts rules consult; global values, overridable per environment. */
export interface Facts {
  /** Image registries (host or host/path prefix) images must come from; empty = any. */
  registries: string[];
  /** Host names Ingresses may serve; empty = any. */
  hosts: string[];
  /** Label keys every workload (and its pod template) must carry. */
  requiredLabels: string[];
  /** Whether DEBUG=true / LOG_LEVEL=DEBUG is acceptable in this environment. */
  debugAllowed: boolean;
  /** Minimum replicas (or HPA minReplicas) of every multi-instance workload; 0 = no minimum. */
  minReplicas: number;
  /** Bounds HPAs must stay within; 0 = unbounded. */
  hpa: { minReplicas: number; maxReplicas: number };
  /** Objects that exist in the cluster but not in the manifests (ClusterIssuers, external Secrets …). */
  externalObjects: { kind: string; name: string; namespace?: string }[];
  /** Substrings that mark a secret value as a placeholder (matched case-insensitively). */
  placeholderPatterns: string[];
  /** Workload names that are deliberately single-instance (exempt from minReplicas). */
  singletons: string[];
}

export interface Environment {
  name: string;
  /** Absolute path of the overlay (kustomization directory). */
  overlay: string;
  /** kubeconfig context used for cluster operations. */
  context: string;
  namespace: string;
  /** Protected environments need confirmation to deploy and get stricter checks. */
  protected: boolean;
  /** Global facts with this environment's overrides applied. */
  facts: Facts;
}

export interface RuleSettings {
  /** Rule-id globs to run (default: all). */
  include: string[];
  /** Rule-id globs never to run. */
  exclude: string[];
  /** Severity per rule id, replacing the rule's default. */
  severity: Record<string, RuleSeverity>;
  /** Per-environment severity per rule id, applied after `severity`. */
  environments: Record<string, Record<string, RuleSeverity>>;
}

export interface ProjectConfig {
  /** Absolute directory relative paths are resolved against (the config file's directory). */
  root: string;
  /** Absolute path of thebot.yaml, when one was found. */
  file?: string;
  kubernetesVersion: string;
  /** kustomize's --load-restrictor for the project's renders (thebot.yaml `loadRestrictor`; default LoadRestrictionsRootOnly). */
  loadRestrictor: 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';
  environments: Environment[];
  rules: RuleSettings;
  /** Globs (relative to root) whose findings are dropped. */
  ignorePaths: string[];
  facts: Facts;
  /** Problems in the config file itself (exact ranges); non-empty means defaults replaced bad parts. */
  problems: Finding[];
}

export const CONFIG_FILE_NAMES = ['thebot.yaml', 'thebot.yml'];

export const DEFAULT_KUBERNETES_VERSION = '1.34';

export function defaultFacts(): Facts {
  return {
    registries: [],
    hosts: [],
    requiredLabels: [],
    debugAllowed: true,
    minReplicas: 0,
    hpa: { minReplicas: 0, maxReplicas: 0 },
    externalObjects: [],
    placeholderPatterns: ['change-me', 'changeme', 'change_me', 'placeholder', 'replace-me', 'replace_me', 'todo'],
    singletons: [],
  };
}
