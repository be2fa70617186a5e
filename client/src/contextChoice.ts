// Choosing the kube context of an environment (Select Kube Context): the
// context thebot.yaml binds is listed first and preselected, so Enter keeps
// it; any other choice is a personal override that gets a loud warning first.
// Pure (no `vscode`), so tests call it directly.

export interface ContextItem {
  label: string;
  description: string;
  /** The context thebot.yaml binds the environment to. */
  configured: boolean;
}

export interface ChoosingFor {
  name: string;
  protected: boolean;
  /** In use now (thebot.yaml, or the user's override). */
  context: string;
  /** From thebot.yaml. */
  configuredContext: string;
}

/** The kubeconfig's contexts, thebot.yaml's first (preselected), then the others in kubeconfig order. */
export function contextItems(contexts: string[], env: ChoosingFor): ContextItem[] {
  const items = contexts.map((c) => ({
    label: c,
    description: [c === env.configuredContext ? 'bound in thebot.yaml' : '', c === env.context && c !== env.configuredContext ? 'your override, in use' : '']
      .filter(Boolean)
      .join(', '),
    configured: c === env.configuredContext,
  }));
  return [...items.filter((i) => i.configured), ...items.filter((i) => !i.configured)];
}

/** The warning before binding `picked` instead of thebot.yaml's context (undefined when it is thebot.yaml's). */
export function bindingWarning(env: ChoosingFor, picked: string): string | undefined {
  if (picked === env.configuredContext) return undefined;
  const base = `thebot.yaml binds ${env.name} to context ${env.configuredContext}, not ${picked}.`;
  if (env.protected) {
    return `${base} ${env.name} is protected: dry-run, diff and deploy will be refused through ${picked} until you bind it back.`;
  }
  return `${base} Every dry-run, diff and deploy of ${env.name} from this editor will then act on the cluster of ${picked}. The binding is stored in your user settings only (never in the repository).`;
}

/** The overrides after choosing `picked` for `env`: thebot.yaml's context removes the override. */
export function withBinding(overrides: Record<string, string>, env: ChoosingFor, picked: string): Record<string, string> {
  const next = { ...overrides };
  if (picked === env.configuredContext) delete next[env.name];
  else next[env.name] = picked;
  return next;
}
