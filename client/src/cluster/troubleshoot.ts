// Reading what health and troubleshooting need from the cluster: the health
// of each rendered object of the kinds health.ts checks (one GET each, plus
// the namespace's Secret names for Ingress TLS), an object's events, and the
// logs of a workload's failing pod (the previous container too).
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import { objectPath } from './discovery';
import { healthOf, HEALTH_KINDS, missingHealth, type Health } from './health';
import { refOf, type ClusterObject } from './objects';
import { selectorString, stuckReasons, podProblems } from './podReasons';
import type { ClusterSession } from './session';

type Obj = Record<string, any>;

export async function readHealth(session: ClusterSession, objects: ClusterObject[], signal?: AbortSignal): Promise<Health[]> {
  const t = session.transport;
  const out: Health[] = [];
  const secretNames = new Map<string, Set<string>>();
  const secretsIn = async (ns: string) => {
    if (!secretNames.has(ns)) {
      const list = await t.request<{ items: Obj[] }>('GET', `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets`, { signal });
      secretNames.set(ns, new Set(list.items.map((s) => s.metadata.name)));
    }
    return secretNames.get(ns)!;
  };
  for (const { object } of objects) {
    const ref = refOf(object);
    if (!HEALTH_KINDS.includes(ref.kind)) continue;
    const mapping = session.discovery.find(ref.apiVersion, ref.kind);
    const ns = mapping?.namespaced ? ref.namespace || session.namespace : '';
    if (!mapping) {
      out.push({ kind: ref.kind, namespace: ns, name: ref.name, state: 'unknown', message: `${ref.apiVersion} ${ref.kind} is not served by the cluster` });
      continue;
    }
    const r = await t.send<Obj>('GET', objectPath(mapping, ns || undefined, ref.name), { signal });
    if (r.status === 404) {
      out.push(missingHealth(ref.kind, ns, ref.name));
      continue;
    }
    if (r.status >= 400) {
      out.push({ kind: ref.kind, namespace: ns, name: ref.name, state: 'unknown', message: `cannot read it: HTTP ${r.status}` });
      continue;
    }
    const live = { ...r.body, kind: ref.kind };
    const h = healthOf(live, ref.kind === 'Ingress' ? { secrets: await secretsIn(ns) } : {});
    if (h.state !== 'healthy' && ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(ref.kind)) {
      // The workload's own status says that it is stuck; its pods say why.
      const reasons = await stuckReasons(t, live, 3, signal).catch(() => []);
      if (reasons.length && !h.message.includes(reasons[0]!)) h.message += `: ${reasons.join('; ')}`;
    }
    out.push(h);
  }
  return out;
}

export interface EventLine {
  /** Warning or Normal. */
  type: string;
  reason: string;
  message: string;
  count: number;
  /** Last time seen (ISO). */
  last: string;
  object: string;
}

/** Events of one object and, for workloads, of its pods; oldest first. */
export async function eventsOf(session: ClusterSession, kind: string, namespace: string, name: string, signal?: AbortSignal): Promise<EventLine[]> {
  const t = session.transport;
  const involved: { kind: string; name: string }[] = [{ kind, name }];
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(kind)) {
    for (const pod of await podsOf(session, kind, namespace, name, signal)) involved.push({ kind: 'Pod', name: pod.metadata.name });
    if (kind === 'Deployment') {
      const m = session.discovery.map('apps/v1', 'Deployment');
      const d = await t.send<Obj>('GET', objectPath(m, namespace, name), { signal });
      if (d.status < 400) {
        const rs = await t.request<{ items: Obj[] }>('GET', `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets`, {
          query: { labelSelector: selectorString(d.body.spec?.selector) },
          signal,
        });
        for (const r of rs.items) involved.push({ kind: 'ReplicaSet', name: r.metadata.name });
      }
    }
  }
  const out: EventLine[] = [];
  for (const i of involved) {
    const list = await t.request<{ items: Obj[] }>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, {
      query: { fieldSelector: `involvedObject.kind=${i.kind},involvedObject.name=${i.name}` },
      signal,
    });
    for (const e of list.items) {
      out.push({
        type: e.type ?? 'Normal',
        reason: e.reason ?? '',
        message: String(e.message ?? '').trim(),
        count: e.count ?? e.series?.count ?? 1,
        last: e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '',
        object: `${i.kind}/${i.name}`,
      });
    }
  }
  return out.sort((a, b) => a.last.localeCompare(b.last));
}

/** The pods of a workload, by its selector. */
export async function podsOf(session: ClusterSession, kind: string, namespace: string, name: string, signal?: AbortSignal): Promise<Obj[]> {
  const apiVersion = kind === 'Job' ? 'batch/v1' : 'apps/v1';
  const m = session.discovery.map(apiVersion, kind);
  const w = await session.transport.send<Obj>('GET', objectPath(m, namespace, name), { signal });
  if (w.status === 404) throw new Error(`${kind} ${namespace}/${name} is not in the cluster`);
  const selector = selectorString(w.body.spec?.selector);
  if (!selector) return [];
  const pods = await session.transport.request<{ items: Obj[] }>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, { query: { labelSelector: selector }, signal });
  return pods.items;
}

/** The pod whose logs tell most: a failing one first (most restarts), else the newest. */
export function pickPod(pods: Obj[]): Obj | undefined {
  const restarts = (p: Obj) => ((p.status?.containerStatuses ?? []) as Obj[]).reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const failing = pods.filter((p) => podProblems(p).length > 0);
  const pool = failing.length ? failing : pods;
  return [...pool].sort((a, b) => restarts(b) - restarts(a) || String(b.metadata?.creationTimestamp).localeCompare(String(a.metadata?.creationTimestamp)))[0];
}

export interface LogRequest {
  container?: string;
  previous?: boolean;
  tailLines?: number;
}

/**
 * The log text of one container of a pod (client-node's CoreV1Api, which
 * returns the text as is); the server's message when it has none to give.
 */
export async function podLog(session: ClusterSession, namespace: string, pod: string, o: LogRequest): Promise<{ ok: boolean; text: string }> {
  const api = session.transport.kubeConfig.makeApiClient(CoreV1Api);
  try {
    const text = await api.readNamespacedPodLog({
      name: pod,
      namespace,
      ...(o.container ? { container: o.container } : {}),
      ...(o.previous ? { previous: true } : {}),
      ...(o.tailLines !== undefined ? { tailLines: o.tailLines } : {}),
    });
    return { ok: true, text: String(text ?? '') };
  } catch (e) {
    if (e instanceof ApiException) {
      let message = String(e.body ?? '');
      try {
        message = (JSON.parse(message) as { message?: string }).message ?? message;
      } catch {
        /* plain text */
      }
      return { ok: false, text: `${message.trim()} (HTTP ${e.code})` };
    }
    return { ok: false, text: e instanceof Error ? e.message : String(e) };
  }
}
