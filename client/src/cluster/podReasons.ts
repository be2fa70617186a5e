// Why a rollout is stuck, from its pods (unschedulable, image pull failures,
// crash loops, not ready, pending volume claims) and the workload's own
// failure conditions (e.g. ReplicaFailure: quota exceeded).
import type { Transport } from './transport';

type Obj = Record<string, any>;

/** A label selector (matchLabels and matchExpressions) as a query string. */
export function selectorString(selector: Obj | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries((selector?.matchLabels ?? {}) as Record<string, string>)) parts.push(`${k}=${v}`);
  for (const e of (selector?.matchExpressions ?? []) as { key: string; operator: string; values?: string[] }[]) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

const PULL_FAILURES = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);

/**
 * What the waiting reason alone does not say: the image that cannot be
 * pulled (when the kubelet's message does not name it), and for a crash loop
 * how the container last ended.
 */
function detail(reason: string, message: string | undefined, cs: Obj): string {
  if (PULL_FAILURES.has(reason) && cs.image && !message?.includes(String(cs.image))) return ` (image ${cs.image})`;
  const last = cs.lastState?.terminated;
  if (reason === 'CrashLoopBackOff' && last) return `; last terminated: ${last.reason ?? 'exited'} with code ${last.exitCode ?? '?'}${last.message ? `: ${String(last.message).trim()}` : ''}`;
  return '';
}

/** Reasons of one pod that keep it from being ready; empty when it is ready. */
export function podProblems(pod: Obj): string[] {
  const name = pod.metadata?.name;
  const conds = (pod.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string }[];
  if (conds.some((c) => c.type === 'Ready' && c.status === 'True')) return [];
  const out: string[] = [];
  const scheduled = conds.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') out.push(`pod ${name}: ${scheduled.reason ?? 'not scheduled'}: ${scheduled.message ?? ''}`.trim());
  for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])] as Obj[]) {
    const waiting = cs.state?.waiting;
    const terminated = cs.state?.terminated;
    if (waiting?.reason && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
      out.push(`pod ${name}: container ${cs.name}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}${detail(waiting.reason, waiting.message, cs)}`);
    } else if (terminated && terminated.exitCode !== 0) {
      out.push(`pod ${name}: container ${cs.name} exited with code ${terminated.exitCode}${terminated.reason ? ` (${terminated.reason})` : ''}`);
    }
  }
  if (out.length === 0) out.push(`pod ${name}: ${pod.status?.phase ?? 'Pending'}, not ready`);
  return out;
}

/** Failure conditions the controllers put on the workload itself. */
export function workloadProblems(o: Obj): string[] {
  const out: string[] = [];
  for (const c of (o.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string }[]) {
    if ((c.type === 'ReplicaFailure' && c.status === 'True') || (c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) {
      out.push(`${c.reason ?? c.type}: ${c.message ?? ''}`.trim());
    }
  }
  return out;
}

/** Every reason a workload is not complete: its conditions, then its pods' (at most `limit` lines). */
export async function stuckReasons(t: Transport, workload: Obj, limit = 5, signal?: AbortSignal): Promise<string[]> {
  const out = workloadProblems(workload);
  const ns = workload.metadata?.namespace;
  const selector = selectorString(workload.spec?.selector);
  if (ns && selector) {
    const pods = await t.request<{ items: Obj[] }>('GET', `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, {
      query: { labelSelector: selector },
      signal,
    });
    for (const p of pods.items) out.push(...podProblems(p));
    if (pods.items.length === 0 && workload.kind !== 'Job') out.push('no pods created yet');
  }
  return out.slice(0, limit);
}
