// The kubeconfig the local control plane hands out: one context per platform
// environment (all on the same cluster), `other-cluster` (same cluster, a
// context no environment is bound to) for wrong-context tests, and
// `unreachable` (a port nobody listens on) for reachability tests.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export const ENVIRONMENT_CONTEXTS = ['thebot-dev', 'thebot-staging', 'thebot-production'];

export interface KubeconfigSpec {
  server: string;
  caData: string;
  token: string;
  /** A URL nothing answers on. */
  unreachableServer: string;
  namespace: string;
}

export function kubeconfigYaml(s: KubeconfigSpec): string {
  const context = (name: string, cluster: string) => ({
    name,
    context: { cluster, user: 'thebot-admin', namespace: s.namespace },
  });
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'thebot-dev',
    clusters: [
      { name: 'thebot-local', cluster: { server: s.server, 'certificate-authority-data': s.caData } },
      { name: 'unreachable', cluster: { server: s.unreachableServer, 'certificate-authority-data': s.caData } },
    ],
    users: [{ name: 'thebot-admin', user: { token: s.token } }],
    contexts: [
      ...ENVIRONMENT_CONTEXTS.map((c) => context(c, 'thebot-local')),
      context('other-cluster', 'thebot-local'),
      context('unreachable', 'unreachable'),
    ],
  });
}

export function writeKubeconfig(file: string, s: KubeconfigSpec): void {
  writeFileSync(file, kubeconfigYaml(s), { mode: 0o600 });
}
