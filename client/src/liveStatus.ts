// Live workload status per environment, fed by cluster watches (see
// commands/rollout.ts) and read by the environment tree and the status bar.
// Holds state only; whoever watches pushes updates, so nothing polls.
import * as vscode from 'vscode';

import type { WorkloadStatus as ClusterWorkloadStatus } from './cluster/rolloutStatus';
export type { RolloutState } from './cluster/rolloutStatus';

/** What the tree shows of a workload: the cluster code's status without kubectl's message line. */
export type WorkloadStatus = Omit<ClusterWorkloadStatus, 'message'>;

export interface EnvironmentLiveState {
  /** Watching; false after the watch ended or the context was unreachable. */
  watching: boolean;
  /** Why the cluster could not be watched. */
  error?: string;
  /** Short form of `error` for the tree ("unreachable", "context refused"). */
  errorLabel?: string;
  workloads: Map<string, WorkloadStatus>;
}

export function workloadKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** One line for a whole environment: "all available", "2/5 progressing", "1 failed". */
export function summarize(state: EnvironmentLiveState | undefined): string | undefined {
  if (!state) return undefined;
  if (state.error) return state.errorLabel ?? 'unreachable';
  const all = [...state.workloads.values()];
  if (all.length === 0) return state.watching ? 'watching…' : undefined;
  const failed = all.filter((w) => w.state === 'failed').length;
  if (failed) return `${failed} failed`;
  const complete = all.filter((w) => w.state === 'complete').length;
  if (complete === all.length) return 'all available';
  return `${complete}/${all.length} available`;
}

export class LiveStatus implements vscode.Disposable {
  private readonly states = new Map<string, EnvironmentLiveState>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the environment name. */
  readonly onDidChange = this.changed.event;

  get(environment: string): EnvironmentLiveState | undefined {
    return this.states.get(environment);
  }

  start(environment: string): void {
    this.states.set(environment, { watching: true, workloads: new Map() });
    this.changed.fire(environment);
  }

  update(environment: string, status: WorkloadStatus): void {
    let s = this.states.get(environment);
    if (!s) {
      s = { watching: true, workloads: new Map() };
      this.states.set(environment, s);
    }
    s.workloads.set(workloadKey(status.kind, status.namespace, status.name), status);
    this.changed.fire(environment);
  }

  fail(environment: string, error: string, label = 'unreachable'): void {
    const s = this.states.get(environment) ?? { watching: false, workloads: new Map() };
    this.states.set(environment, { ...s, watching: false, error, errorLabel: label });
    this.changed.fire(environment);
  }

  stop(environment: string): void {
    const s = this.states.get(environment);
    if (s) {
      s.watching = false;
      this.changed.fire(environment);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
