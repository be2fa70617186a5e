// The narrow cluster interface the VS Code layer needs. Implemented in
// clusterAdapter.ts over client/src/cluster (@kubernetes/client-node, no
// `vscode`); commands only see this.
import type { Connection } from './cluster/connection';
import type { WorkloadStatus } from './liveStatus';

export interface ClusterTarget {
  environment: string;
  protected: boolean;
  /** kubeconfig files, merged like kubectl does. */
  kubeconfigFiles: string[];
  context: string;
  namespace: string;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface ObjectResult extends ObjectRef {
  /** What the API server did or would do; skipped: not attempted (the cluster had stopped answering). */
  action: 'created' | 'configured' | 'unchanged' | 'failed' | 'skipped';
  /** The API server's message for a failure. */
  message?: string;
  /** Failed for want of an answer (the cluster stopped answering), not rejected. */
  noAnswer?: boolean;
  /** The fields the server named as causes (located in the sources by the language server). */
  fields?: string[];
  /** A field-manager conflict. */
  conflict?: boolean;
}

export interface ObjectDiff extends ObjectRef {
  /** Live object as YAML (secret values masked); undefined when it does not exist yet. */
  live?: string;
  /** What would be applied, as YAML (secret values masked). */
  desired: string;
}

export type Reachability = { ok: true; server: string; version: string } | { ok: false; error: string };

export interface ClusterPort {
  /** Context names in the kubeconfig files. */
  contexts(kubeconfigFiles: string[]): string[];
  reachable(target: ClusterTarget): Promise<Reachability>;
  /** Server-side dry-run apply of every object. */
  dryRun(target: ClusterTarget, objects: Record<string, unknown>[], signal?: AbortSignal): Promise<ObjectResult[]>;
  /** Live vs. server-side dry-run result, per object. */
  diff(target: ClusterTarget, objects: Record<string, unknown>[], signal?: AbortSignal): Promise<ObjectDiff[]>;
  /** Server-side apply, one result per object, in order. */
  apply(target: ClusterTarget, objects: Record<string, unknown>[], signal?: AbortSignal): Promise<ObjectResult[]>;
  /**
   * Watches the rollout of the workloads among `objects` until none is
   * progressing, `timeoutSeconds` passed or `signal` aborts; with
   * `untilFailure` (an atomic deploy), also as soon as one will not succeed,
   * which is then `failed` with why. Still progressing at the timeout: `failed`.
   */
  watchRollouts(
    target: ClusterTarget,
    objects: Record<string, unknown>[],
    onStatus: (s: WorkloadStatus) => void,
    options: { timeoutSeconds: number; signal?: AbortSignal; onConnection?: (c: Connection) => void; untilFailure?: boolean },
  ): Promise<WorkloadStatus[]>;
  /**
   * Keeps watching the workloads' status (the tree's live view) until
   * `signal` aborts; `onConnection` says when the cluster stops answering and
   * when every watch is live again. Only members of the environment's
   * applyset are reported with their status. `onLive` gets the live state
   * of every one of `objects` (any kind, whoever owns it) from the same
   * watches, by liveKey of the rendered object, undefined when absent.
   */
  watchStatus(
    target: ClusterTarget,
    objects: Record<string, unknown>[],
    onStatus: (s: WorkloadStatus) => void,
    signal: AbortSignal,
    onConnection?: (c: Connection) => void,
    onLive?: (key: string, obj: Record<string, unknown> | undefined) => void,
  ): Promise<void>;
}
