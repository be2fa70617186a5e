// ClusterPort over client/src/cluster (engineer 7's @kubernetes/client-node
// operations). Until those land, only kubeconfig reading works here.
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterPort } from './clusterPort';

/** kubeconfig files merged in order; the first file's current-context wins, as with kubectl. */
export function loadKubeConfig(files: string[]): KubeConfig {
  const kc = new KubeConfig();
  files.forEach((file, i) => {
    const one = new KubeConfig();
    one.loadFromFile(file);
    if (i === 0) kc.loadFromFile(file);
    else kc.mergeConfig(one, true);
  });
  return kc;
}

const unavailable = (): never => {
  throw new Error('cluster operations are not available in this build');
};

export function createClusterPort(): ClusterPort {
  return {
    contexts: (files) => loadKubeConfig(files).getContexts().map((c) => c.name),
    reachable: async () => ({ ok: false, error: 'cluster operations are not available in this build' }),
    dryRun: async () => unavailable(),
    diff: async () => unavailable(),
    apply: async () => unavailable(),
    watchRollouts: async () => unavailable(),
  };
}
