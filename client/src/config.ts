// Typed reading of the extension's settings (the `thebot.*` block that
// package.json contributes, both from server/src/settings/definition.ts). Read on demand, never cached in globals, so a
// changed setting takes effect at the next command.
import * as vscode from 'vscode';
import { resolveKubeconfig } from './kubeconfig';
import { readSettingValues } from '../../server/src/settings/read';

export interface Settings {
  /** Explicit kubeconfig path(s) from `thebot.kubeconfig` (empty: not set). */
  kubeconfig: string;
  /** helmCharts inflated by THE_BOT: Inflate Helm Charts (machine scope; the server reads it too). */
  enableHelm: boolean;
  helmCommand: string;
  defaultEnvironment: string;
  rolloutTimeoutSeconds: number;
  requireCleanDryRun: boolean;
  /** Revisions a deploy or rollback keeps per environment. */
  revisionHistoryLimit: number;
  /** Per-environment context overrides chosen with "Select Kube Context for Environment". */
  environmentContexts: Record<string, string>;
}

/** The client's settings, read through the one definition (defaults, types and ranges from there). */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('thebot', scope);
  const v = readSettingValues((id) => c.get(id));
  return {
    kubeconfig: v.kubeconfig,
    enableHelm: v.enableHelm,
    helmCommand: v.helmCommand,
    defaultEnvironment: v.defaultEnvironment,
    rolloutTimeoutSeconds: v.rolloutTimeoutSeconds,
    requireCleanDryRun: v.requireCleanDryRun,
    revisionHistoryLimit: v.revisionHistoryLimit,
    environmentContexts: v.environmentContexts,
  };
}

/** Kubeconfig files to load, in the order kubectl would merge them. */
export function kubeconfigFiles(scope?: vscode.ConfigurationScope): string[] {
  // The Kubernetes extension keeps its settings in one object setting,
  // `vs-kubernetes`, whose keys contain a dot ("vs-kubernetes.kubeconfig"):
  // `get` would take that key as a path (vs-kubernetes → kubeconfig) and find
  // nothing, so the object is read whole (test/e2e/coexistence.test.ts).
  const theirs = vscode.workspace.getConfiguration(undefined, scope).get<Record<string, unknown>>('vs-kubernetes')?.['vs-kubernetes.kubeconfig'];
  const kubernetesExtension = typeof theirs === 'string' ? theirs : '';
  return resolveKubeconfig({
    setting: readSettings(scope).kubeconfig,
    kubernetesExtensionSetting: kubernetesExtension,
    env: process.env.KUBECONFIG,
    home: process.env.HOME ?? '',
  });
}

/**
 * Stores the per-user context overrides in the user settings: never in the
 * workspace's .vscode/settings.json, which a team commits (the setting is
 * machine-scoped in package.json, so VS Code ignores a workspace value too).
 */
export async function setEnvironmentContexts(overrides: Record<string, string>): Promise<void> {
  const c = vscode.workspace.getConfiguration('thebot');
  await c.update('environmentContexts', Object.keys(overrides).length ? overrides : undefined, vscode.ConfigurationTarget.Global);
}
