// Which kube context an environment may be deployed through. Pure (no
// `vscode`) so tests call it directly. A local override must never point a
// protected environment at another cluster than thebot.yaml binds it to.

export interface BoundEnvironment {
  name: string;
  protected: boolean;
  /** Context in use (thebot.yaml, or the user's override). */
  context: string;
  /** Context thebot.yaml binds the environment to. */
  configuredContext: string;
}

/** Why this environment may not be used through its context, or undefined when it may. */
export function contextProblem(env: BoundEnvironment, available: string[]): string | undefined {
  if (!env.context) return `Environment ${env.name} is not bound to a kube context.`;
  if (env.protected && env.context !== env.configuredContext) {
    return `Refusing to use context ${env.context} for protected environment ${env.name}: thebot.yaml binds it to ${env.configuredContext}.`;
  }
  if (!available.includes(env.context)) {
    return `Context ${env.context} of environment ${env.name} is not in the kubeconfig (contexts: ${available.join(', ') || 'none'}).`;
  }
  return undefined;
}

export type DryRunVerdict = { apply: true; warning?: string } | { apply: false; reason: string };

/**
 * Whether a deploy may go on after its server-side dry-run. A protected
 * environment never applies after an unclean dry-run, whatever the settings:
 * `thebot.requireCleanDryRun` off only lets a non-protected one be applied
 * partly, knowingly. A dry-run the cluster did not finish decides nothing.
 */
export function dryRunGate(env: { name: string; protected: boolean }, results: { action: string }[], requireCleanDryRun: boolean): DryRunVerdict {
  const n = (a: string) => results.filter((r) => r.action === a).length;
  if (n('skipped')) return { apply: false, reason: `The dry-run of ${env.name} did not complete: the cluster stopped answering (${n('skipped')} of ${results.length} objects not checked). Nothing was applied.` };
  const rejected = n('failed');
  if (!rejected) return { apply: true };
  const what = `${rejected} of ${results.length} object${results.length === 1 ? '' : 's'} rejected by the server-side dry-run`;
  if (env.protected) return { apply: false, reason: `${env.name} is protected and is never deployed after an unclean dry-run: ${what}. Nothing was applied.` };
  if (requireCleanDryRun) return { apply: false, reason: `Dry-run of ${env.name}: ${what}. Nothing was applied (thebot.requireCleanDryRun).` };
  return { apply: true, warning: `${what}: they will fail again, the rest will be applied, and ${env.name} will be partly deployed.` };
}
