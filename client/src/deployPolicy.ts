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
