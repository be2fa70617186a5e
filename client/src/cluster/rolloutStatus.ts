// Rollout status of one workload, computed as `kubectl rollout status` does
// (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), with the same
// messages. Jobs, which kubectl does not cover, are complete when the Job
// controller says so. Pure: object in, status out.

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export type RolloutState = 'progressing' | 'complete' | 'failed';

export interface WorkloadStatus {
  kind: string;
  namespace: string;
  name: string;
  /** Ready (or succeeded, for Jobs) pods. */
  ready: number;
  desired: number;
  state: RolloutState;
  /** kubectl's line: "Waiting for deployment "x" rollout to finish: 1 of 3 updated replicas are available...". */
  message: string;
  /** Why it failed or is stuck (controller condition, pod reasons). */
  reason?: string;
  /**
   * Set when the live object of that name is not this environment's: the
   * applyset id it belongs to ('' for none). Its status is not reported.
   */
  foreign?: string;
}

export function isWorkloadKind(kind: unknown): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly unknown[]).includes(kind);
}

type Obj = Record<string, any>;
interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function condition(o: Obj, type: string): Condition | undefined {
  return ((o.status?.conditions ?? []) as Condition[]).find((c) => c.type === type);
}

export function rolloutStatus(o: Obj): WorkloadStatus {
  const base = { kind: String(o.kind), namespace: String(o.metadata?.namespace ?? ''), name: String(o.metadata?.name ?? '') };
  switch (o.kind as WorkloadKind) {
    case 'Deployment':
      return { ...base, ...deployment(o) };
    case 'StatefulSet':
      return { ...base, ...statefulSet(o) };
    case 'DaemonSet':
      return { ...base, ...daemonSet(o) };
    case 'Job':
      return { ...base, ...job(o) };
    default:
      throw new Error(`no rollout status for kind ${String(o.kind)}`);
  }
}

type Part = Omit<WorkloadStatus, 'kind' | 'namespace' | 'name'>;

function deployment(d: Obj): Part {
  const s = d.status ?? {};
  const desired: number = d.spec?.replicas ?? 1;
  const ready: number = s.readyReplicas ?? 0;
  const waiting = (message: string): Part => ({ ready, desired, state: 'progressing', message });
  if ((d.metadata?.generation ?? 0) > (s.observedGeneration ?? 0)) return waiting('Waiting for deployment spec update to be observed...');
  const progressing = condition(d, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { ready, desired, state: 'failed', message: `deployment "${d.metadata.name}" exceeded its progress deadline`, reason: progressing.message };
  }
  const updated: number = s.updatedReplicas ?? 0;
  const replicas: number = s.replicas ?? 0;
  const available: number = s.availableReplicas ?? 0;
  const name = d.metadata.name;
  if (d.spec?.replicas !== undefined && updated < desired) {
    return waiting(`Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...`);
  }
  if (replicas > updated) {
    return waiting(`Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...`);
  }
  if (available < updated) {
    return waiting(`Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`);
  }
  return { ready, desired, state: 'complete', message: `deployment "${name}" successfully rolled out` };
}

function statefulSet(s: Obj): Part {
  const st = s.status ?? {};
  const desired: number = s.spec?.replicas ?? 1;
  const ready: number = st.readyReplicas ?? 0;
  const waiting = (message: string): Part => ({ ready, desired, state: 'progressing', message });
  if (!st.observedGeneration || (s.metadata?.generation ?? 0) > st.observedGeneration) {
    return waiting('Waiting for statefulset spec update to be observed...');
  }
  if (s.spec?.replicas !== undefined && ready < desired) return waiting(`Waiting for ${desired - ready} pods to be ready...`);
  const strategy = s.spec?.updateStrategy ?? {};
  if (strategy.type === 'OnDelete') {
    // kubectl refuses ("only available for RollingUpdate"); all pods ready is all we can say.
    return { ready, desired, state: 'complete', message: `statefulset "${s.metadata.name}" has ${ready} ready pods (OnDelete: updates wait for pod deletion)` };
  }
  const updated: number = st.updatedReplicas ?? 0;
  const partition: number | undefined = strategy.rollingUpdate?.partition;
  if (partition !== undefined && partition !== null) {
    if (partition < desired && updated < desired - partition) {
      return waiting(`Waiting for partitioned roll out to finish: ${updated} out of ${desired - partition} new pods have been updated...`);
    }
    return { ready, desired, state: 'complete', message: `partitioned roll out complete: ${updated} new pods have been updated...` };
  }
  if (st.updateRevision !== st.currentRevision) {
    return waiting(`waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision}...`);
  }
  return { ready, desired, state: 'complete', message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...` };
}

function daemonSet(d: Obj): Part {
  const s = d.status ?? {};
  const desired: number = s.desiredNumberScheduled ?? 0;
  const ready: number = s.numberReady ?? 0;
  const name = d.metadata?.name;
  const waiting = (message: string): Part => ({ ready, desired, state: 'progressing', message });
  if ((d.metadata?.generation ?? 0) > (s.observedGeneration ?? 0)) return waiting('Waiting for daemon set spec update to be observed...');
  const updated: number = s.updatedNumberScheduled ?? 0;
  const available: number = s.numberAvailable ?? 0;
  if (updated < desired) return waiting(`Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`);
  if (available < desired) return waiting(`Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`);
  return { ready, desired, state: 'complete', message: `daemon set "${name}" successfully rolled out` };
}

function job(j: Obj): Part {
  const s = j.status ?? {};
  const desired: number = j.spec?.completions ?? 1;
  const ready: number = s.succeeded ?? 0;
  const name = j.metadata?.name;
  const failed = condition(j, 'Failed');
  if (failed?.status === 'True') {
    return { ready, desired, state: 'failed', message: `job "${name}" failed`, reason: [failed.reason, failed.message].filter(Boolean).join(': ') };
  }
  if (condition(j, 'Complete')?.status === 'True') return { ready, desired, state: 'complete', message: `job "${name}" completed` };
  return { ready, desired, state: 'progressing', message: `Waiting for job "${name}" to complete: ${ready} of ${desired} succeeded...` };
}
