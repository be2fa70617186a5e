// Drift of every object of an environment, as the tree marks it: the live
// states the tree's watches keep (LiveStatus.objects) judged against the
// current render (cluster/drift.ts), so an edit re-judges at once without
// asking the cluster. Pure (no `vscode`): the tests drive it directly.
import { applySetOf } from './cluster/applyset';
import { driftOf, pathText, type DriftState } from './cluster/drift';
import { clock } from './cluster/connection';
import { healthText, objectHealth } from './liveHealth';
import { isStale, summarize, workloadKey, workloadText, type EnvironmentLiveState } from './liveStatus';

type Obj = Record<string, unknown>;

export interface ObjectDrift {
  state: DriftState;
  /** Drifted: the fields whose live value differs, as paths of the render ("spec.replicas"). */
  fields: string[];
  /** The same fields as path segments (to find their source lines). */
  paths: (string | number)[][];
}

const metaOf = (o: Obj) => (o.metadata ?? {}) as { name?: string; namespace?: string };

/** The key of a rendered object in LiveStatus (its own namespace, '' when it has none). */
export function liveKey(o: Obj): string {
  const m = metaOf(o);
  return workloadKey(String(o.kind), m.namespace, String(m.name));
}

/** Keys of the workloads an HPA of the render scales (their spec.replicas is the HPA's). */
export function hpaTargets(rendered: Obj[], namespace: string): Set<string> {
  const out = new Set<string>();
  for (const o of rendered) {
    if (o.kind !== 'HorizontalPodAutoscaler') continue;
    const ref = (o.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    if (ref?.kind && ref.name) out.add(workloadKey(ref.kind, metaOf(o).namespace ?? namespace, ref.name));
  }
  return out;
}

/**
 * The drift of each rendered object whose live state the watches know
 * (objects not listed yet are left out: unknown, not missing).
 */
export function environmentDrift(env: { name: string; namespace: string }, rendered: Obj[], live: EnvironmentLiveState | undefined): Map<string, ObjectDrift> {
  const out = new Map<string, ObjectDrift>();
  if (!live) return out;
  const applySetId = applySetOf({ name: env.name, namespace: env.namespace, context: '', protected: false }).id;
  const scaled = hpaTargets(rendered, env.namespace);
  for (const o of rendered) {
    const key = liveKey(o);
    const state = live.objects.get(key);
    if (state === undefined) continue;
    const d = driftOf(o, state ?? undefined, { applySetId, scaledByHpa: scaled.has(key) });
    out.set(key, { state: d.state, fields: d.fields.map(pathText), paths: d.fields });
  }
  return out;
}

/** "3 drifted, 1 missing" for an environment or a kind (undefined when all known are in sync). */
export function driftSummary(drifts: Iterable<ObjectDrift>): string | undefined {
  const n: Record<DriftState, number> = { 'in-sync': 0, drifted: 0, missing: 0, 'not-ours': 0 };
  for (const d of drifts) n[d.state]++;
  const parts = [n.drifted && `${n.drifted} drifted`, n.missing && `${n.missing} missing`, n['not-ours'] && `${n['not-ours']} not ours`].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

/** What the tree writes after an object's name. */
export function driftText(d: ObjectDrift): string {
  switch (d.state) {
    case 'in-sync':
      return 'in sync';
    case 'drifted':
      return `drifted: ${d.fields.join(', ')}`;
    case 'missing':
      return 'missing';
    case 'not-ours':
      return 'not ours';
  }
}

/**
 * Everything the Environments tree shows of an environment's live state, as
 * one string: the summary, each workload's status and each object's drift
 * (with their staleness), the health of the other kinds. Watch events that change none of it (a pod's
 * heartbeat, a status field nobody shows) give the same string, so the tree
 * is not redrawn for them — a redraw re-creates its rows, and a right-click
 * that lands in one finds no row to act on.
 */
export function shownLiveState(env: { name: string; namespace: string }, rendered: Obj[], live: EnvironmentLiveState | undefined): string {
  if (!live) return '';
  const lines = [summarize(live) ?? '', live.error ?? '', live.disconnectedSince ? clock(live.disconnectedSince) : ''];
  for (const [key, w] of live.workloads) lines.push(`${key} ${workloadText(w, isStale(live, key))} ${w.reason ?? ''}`);
  for (const [key, d] of environmentDrift(env, rendered, live)) lines.push(`${key} ${driftText(d)}${isStale(live, key) ? ' stale' : ''}`);
  for (const o of rendered) {
    const h = objectHealth(live, liveKey(o), String(o.kind));
    if (h) lines.push(`${liveKey(o)} ${healthText(h)}`);
  }
  return lines.join('\n');
}
