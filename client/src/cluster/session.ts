// A checked connection to the cluster of one environment: kubeconfig loaded,
// context bound (safety.ts), server reachable within a short timeout, kinds
// discovered. Every operation (dry-run, diff, deploy, rollout, status) starts
// from here, so none of them can act on the wrong cluster.
import type { KubeConfig } from '@kubernetes/client-node';
import { applySetOf, type ApplySetParent } from './applyset';
import { Discovery, UnknownKindError, apiVersionOf, type ResourceMapping } from './discovery';
import { credentialSource } from './credentials';
import { loadKubeconfig } from './kubeconfig';
import { refOf, type ClusterObject, type ObjectRef } from './objects';
import { bindContext, SafetyError, type EnvironmentBinding } from './safety';
import { ApiError, Transport } from './transport';

export interface SessionOptions {
  environment: EnvironmentBinding;
  /** kubeconfig path or path list; default $KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string | string[];
  /** Context to act on; default the kubeconfig's current context (must be the environment's). */
  context?: string;
  /** How long the reachability probe and discovery may take (default 4 s: an answer, even "unreachable", within 5 s). */
  connectTimeoutMs?: number;
  /** Per-request timeout afterwards (default 30 s). */
  requestTimeoutMs?: number;
  /** How long an exec credential plugin may take (default 60 s). */
  credentialTimeoutMs?: number;
  /** An already loaded kubeconfig (the VS Code layer merges its own list); overrides `kubeconfig`. */
  kubeConfig?: KubeConfig;
}

/** Kinds of the rendered set the cluster does not serve, one entry per kind. */
export interface MissingKind {
  apiVersion: string;
  kind: string;
  message: string;
  objects: ObjectRef[];
}

export class ClusterSession {
  private constructor(
    readonly environment: EnvironmentBinding,
    readonly transport: Transport,
    readonly discovery: Discovery,
    /** The server's version (gitVersion). */
    readonly serverVersion: string,
  ) {}

  get context(): string {
    return this.transport.context;
  }
  get server(): string {
    return this.transport.server;
  }
  get namespace(): string {
    return this.environment.namespace;
  }
  /** The applyset that records what this environment owns (applyset.ts). */
  get applySet(): ApplySetParent {
    return applySetOf(this.environment);
  }

  static async open(o: SessionOptions): Promise<ClusterSession> {
    const kc = o.kubeConfig ?? loadKubeconfig(o.kubeconfig);
    bindContext(kc, o.environment, o.context);
    const transport = new Transport(kc, o.requestTimeoutMs, o.credentialTimeoutMs);
    const timeoutMs = o.connectTimeoutMs ?? 4000;
    // Reachability first, with a short timeout: a dead cluster fails in
    // seconds, not after the first real request's 30 s.
    const version = await transport.request<{ gitVersion?: string }>('GET', '/version', { timeoutMs }).catch((e: unknown) => {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        throw new SafetyError(`the cluster of context '${transport.context}' at ${transport.server} rejected ${credentialSource(kc)}: ${e.message} (HTTP ${e.status})`);
      }
      throw e;
    });
    const discovery = await Discovery.load(transport, timeoutMs);
    return new ClusterSession(o.environment, transport, discovery, version.gitVersion ?? 'unknown');
  }

  /** The kinds of `objects` the cluster does not serve (CRDs defined in the same set excepted). */
  missingKinds(objects: ClusterObject[]): MissingKind[] {
    const definedHere = crdKinds(objects);
    const missing = new Map<string, MissingKind>();
    for (const { object } of objects) {
      const ref = refOf(object);
      if (definedHere.has(`${ref.apiVersion} ${ref.kind}`)) continue;
      try {
        this.discovery.map(ref.apiVersion, ref.kind);
      } catch (e) {
        if (!(e instanceof UnknownKindError)) throw e;
        const k = `${ref.apiVersion} ${ref.kind}`;
        const entry = missing.get(k) ?? { apiVersion: ref.apiVersion, kind: ref.kind, message: e.message, objects: [] };
        entry.objects.push(ref);
        missing.set(k, entry);
      }
    }
    return [...missing.values()];
  }

  /** Maps a kind, refreshing discovery once (a CRD applied earlier in this run may have just become served). */
  async mapping(apiVersion: string, kind: string): Promise<ResourceMapping> {
    const found = this.discovery.find(apiVersion, kind);
    if (found) return found;
    await this.discovery.refresh();
    return this.discovery.map(apiVersion, kind);
  }
}

/** "group/version Kind" of every CRD in the set (all served versions). */
export function crdKinds(objects: ClusterObject[]): Set<string> {
  const out = new Set<string>();
  for (const { object } of objects) {
    if (object.kind !== 'CustomResourceDefinition') continue;
    const spec = (object.spec ?? {}) as { group?: string; names?: { kind?: string }; versions?: { name: string; served?: boolean }[] };
    for (const v of spec.versions ?? []) {
      if (v.served !== false && spec.group && spec.names?.kind) out.add(`${apiVersionOf({ group: spec.group, version: v.name })} ${spec.names.kind}`);
    }
  }
  return out;
}

/** One line for an error from opening a session or a request. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return `${e.message} (HTTP ${e.status})`;
  return e instanceof Error ? e.message : String(e);
}
