// The one way the VS Code layer opens a cluster session for an environment:
// a checked session (context bound to the environment, cluster probed) from
// the kubeconfig files the target names. The adapters (clusterAdapter,
// revisionAdapter, operateAdapter) all go through it.
import { ClusterSession, loadKubeconfig } from './cluster';
import type { ClusterTarget } from './clusterPort';

export function openSession(t: ClusterTarget): Promise<ClusterSession> {
  return ClusterSession.open({
    environment: { name: t.environment, context: t.context, namespace: t.namespace, protected: t.protected },
    kubeConfig: loadKubeconfig(t.kubeconfigFiles),
    context: t.context,
  });
}
