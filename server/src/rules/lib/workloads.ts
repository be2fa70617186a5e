// Workload helpers shared by rules: the replica floor a workload can reach
// (HPA minimum or spec.replicas), and which workloads are exempt singletons.
import type { ResourceIndex, PodTemplate } from './index-resources';
import { get } from './index-resources';

/** Lowest replica count the workload runs with: the HPA minimum when an HPA scales it. */
export function replicaFloor(index: ResourceIndex, t: PodTemplate): number | undefined {
  if (t.replicas === undefined) return undefined;
  const hpas = index.hpasFor(t.resource);
  if (hpas.length) {
    const min = get(hpas[0].object, ['spec', 'minReplicas']);
    return typeof min === 'number' ? min : 1;
  }
  return t.replicas;
}

/** Highest replica count: the HPA maximum when an HPA scales it. */
export function replicaCeiling(index: ResourceIndex, t: PodTemplate): number | undefined {
  if (t.replicas === undefined) return undefined;
  const hpas = index.hpasFor(t.resource);
  if (hpas.length) {
    const max = get(hpas[0].object, ['spec', 'maxReplicas']);
    return typeof max === 'number' ? max : t.replicas;
  }
  return t.replicas;
}

export const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);
