// Guard rails before anything touches a cluster: an environment acts only on
// the context it is bound to, and protected environments need their name typed
// back as confirmation before a deploy.
import type { KubeConfig } from '@kubernetes/client-node';

/** What cluster operations need to know about a platform environment. */
export interface EnvironmentBinding {
  name: string;
  context: string;
  namespace: string;
  protected: boolean;
}

export class SafetyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetyError';
  }
}

/**
 * Selects the context to act on and checks it is the environment's. The
 * context is the one asked for (--context), else the kubeconfig's current
 * context: acting on whatever kubectl currently points at is how accidents
 * happen, so any other context than the bound one is refused.
 */
export function bindContext(kc: KubeConfig, env: EnvironmentBinding, requested?: string): string {
  const current = requested ?? kc.getCurrentContext();
  if (!current) {
    throw new SafetyError(
      `no current context in the kubeconfig; environment '${env.name}' is bound to context '${env.context}' (pass --context ${env.context})`,
    );
  }
  if (current !== env.context) {
    const source = requested !== undefined ? 'the requested context' : 'the current context';
    throw new SafetyError(
      `refusing to act: environment '${env.name}' is bound to context '${env.context}', but ${source} is '${current}' ` +
        `(switch with \`kubectl config use-context ${env.context}\` or pass --context ${env.context})`,
    );
  }
  if (!kc.getContextObject(current)) {
    const known = kc.getContexts().map((c) => c.name);
    throw new SafetyError(
      `context '${current}' of environment '${env.name}' is not in the kubeconfig (contexts: ${known.join(', ') || 'none'})`,
    );
  }
  kc.setCurrentContext(current);
  return current;
}

/** Protected environments deploy only with `--confirm <env>` naming the same environment. */
export function checkConfirmation(env: EnvironmentBinding, confirm: string | undefined): void {
  if (!env.protected) return;
  if (confirm === undefined) {
    throw new SafetyError(`environment '${env.name}' is protected: confirm with --confirm ${env.name}`);
  }
  if (confirm !== env.name) {
    throw new SafetyError(`confirmation '${confirm}' does not match environment '${env.name}': confirm with --confirm ${env.name}`);
  }
}
