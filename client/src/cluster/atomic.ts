// When an atomic deploy gives up on a rollout: a workload failed (a
// Deployment past its progress deadline, a failed Job) or is stuck for a
// reason that does not go away by waiting (a crash loop, an image that cannot
// be pulled, a container that cannot be created). Pure: status in, reason out.
import type { RolloutReport } from './rollout';
import type { WorkloadStatus } from './rolloutStatus';

const HOPELESS = /\b(CrashLoopBackOff|ImagePullBackOff|ErrImagePull|InvalidImageName|ErrImageNeverPull|CreateContainerConfigError|CreateContainerError|RunContainerError)\b/;

const name = (s: WorkloadStatus) => `${s.kind} ${s.namespace}/${s.name}`;

/** Why this workload's rollout will not succeed, or undefined while it still may. */
export function rolloutFailure(s: WorkloadStatus): string | undefined {
  if (s.state === 'failed') return `${name(s)}: ${s.message}${s.reason ? ` (${s.reason})` : ''}`;
  if (s.state === 'progressing' && s.reason && HOPELESS.test(s.reason)) return `${name(s)}: ${s.reason}`;
  return undefined;
}

/** Why a finished watch did not end complete, in one line. */
export function reportFailure(r: RolloutReport, timeoutSeconds: number): string {
  const failures = r.workloads.map(rolloutFailure).filter((x): x is string => !!x);
  if (failures.length) return failures.join('; ');
  const waiting = r.workloads.filter((w) => w.state !== 'complete');
  const what = waiting.map((w) => `${name(w)}: ${w.message}${w.reason ? ` (${w.reason})` : ''}`).join('; ');
  if (r.outcome === 'timeout') return `not available within --timeout ${timeoutSeconds}s${what ? `: ${what}` : ''}`;
  return what || `rollout ${r.outcome}`;
}
