// Where a context's credential comes from, in words, for the messages of a
// credential that could not be obtained or that the cluster rejected. Cloud
// clusters authenticate through exec plugins (`aws eks get-token`,
// `gke-gcloud-auth-plugin`, `kubelogin`): when one fails, @kubernetes/client-node
// rejects with the plugin's raw stderr (or a spawn error), which names neither
// the context nor the command; these messages name both, on one line.
import type { KubeConfig } from '@kubernetes/client-node';

/** A credential could not be obtained (the exec plugin failed, was not found or did not answer). */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

interface ExecConfig {
  command?: string;
  args?: string[];
  installHint?: string;
}

/** The exec plugin of the context's user, if it has one. */
function execOf(kc: KubeConfig): ExecConfig | undefined {
  const user = kc.getCurrentUser();
  const exec = (user?.exec ?? (user?.authProvider?.config as { exec?: unknown } | undefined)?.exec) as ExecConfig | undefined;
  return exec?.command ? exec : undefined;
}

/** "`aws eks get-token --cluster-name x`" */
function commandLine(exec: ExecConfig): string {
  return `\`${[exec.command, ...(exec.args ?? [])].join(' ')}\``;
}

/** "the credential plugin `cmd args`" / "the token of user 'u'" / … : what produced the credential sent. */
export function credentialSource(kc: KubeConfig): string {
  const exec = execOf(kc);
  if (exec) return `the credential from the exec plugin ${commandLine(exec)}`;
  const user = kc.getCurrentUser();
  if (!user) return 'no credential (the context names no user)';
  if (user.authProvider?.name) return `the credential of user '${user.name}' (auth provider ${user.authProvider.name})`;
  if (user.certData || user.certFile) return `the client certificate of user '${user.name}'`;
  if (user.token || (user as { tokenFile?: string }).tokenFile) return `the token of user '${user.name}'`;
  return `the credentials of user '${user.name}'`;
}

/** One line for a failure of @kubernetes/client-node to obtain the context's credential. */
export function credentialFailure(kc: KubeConfig, e: unknown): CredentialError {
  const context = kc.getCurrentContext();
  const exec = execOf(kc);
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const text = oneLine(e instanceof Error ? e.message : String(e));
  if (!exec) return new CredentialError(`the kubeconfig of context '${context}' cannot be used: ${text}`);
  if (code === 'ENOENT') {
    const hint = exec.installHint ? `: ${oneLine(exec.installHint)}` : '';
    return new CredentialError(`cannot get the credential of context '${context}': the exec plugin ${commandLine(exec)} was not found${hint}`);
  }
  if (code === 'EACCES') return new CredentialError(`cannot get the credential of context '${context}': the exec plugin ${commandLine(exec)} is not executable`);
  if (e instanceof SyntaxError || e instanceof TypeError) {
    return new CredentialError(`cannot get the credential of context '${context}': the exec plugin ${commandLine(exec)} did not print an ExecCredential (${text})`);
  }
  return new CredentialError(`cannot get the credential of context '${context}': the exec plugin ${commandLine(exec)} failed${text ? `: ${text}` : ' (no message)'}`);
}

/** The plugin ran past `ms`: a login waiting for input nobody gives, or a hung network call. */
export function credentialTimeout(kc: KubeConfig, ms: number): CredentialError {
  const exec = execOf(kc);
  const what = exec ? `the exec plugin ${commandLine(exec)} gave no credential` : 'no credential came';
  return new CredentialError(`cannot get the credential of context '${kc.getCurrentContext()}': ${what} within ${ms / 1000}s`);
}

/** A plugin's stderr (often several lines, sometimes with a trailing usage) as one line. */
function oneLine(text: string): string {
  const t = text.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
  return t.length > 400 ? `${t.slice(0, 397)}...` : t;
}
