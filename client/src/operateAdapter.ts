// Day-2 actions for the VS Code layer, over client/src/cluster (day2.ts,
// troubleshoot.ts, operations.ts): events, logs, describe, restart, scale,
// undeploy, and deploying one object again. Each call opens a checked
// session (context bound to the environment, cluster probed), as
// clusterAdapter.ts does, so nothing here can act on the wrong cluster.
import { describe, fromPlain, run } from './cluster';
import { describeObject, restartWorkload, scaleWorkload, undeploy, type Target } from './cluster/day2';
import { eventsOf, pickPod, podLog, podsOf } from './cluster/troubleshoot';
import type { ClusterTarget, ObjectResult } from './clusterPort';
import { openSession } from './openSession';

export type { Target };


/** Events of an object (and of its pods and ReplicaSets for a workload), one line each, oldest first. */
export async function events(t: ClusterTarget, o: Target): Promise<string[]> {
  const s = await openSession(t);
  const list = await eventsOf(s, o.kind, o.namespace, o.name);
  return list.map((e) => `${e.last || '-'}  ${e.type.padEnd(7)} ${e.reason.padEnd(20)} ${e.object}: ${e.message}${e.count > 1 ? ` (x${e.count})` : ''}`);
}

/** The logs of the workload's pod that tells most (failing, most restarts), and of its crashed container before. */
export async function logs(t: ClusterTarget, o: Target, tailLines = 500): Promise<string> {
  const s = await openSession(t);
  const pod = pickPod(await podsOf(s, o.kind, o.namespace, o.name));
  if (!pod) return `# ${o.kind} ${o.namespace}/${o.name} has no pods\n`;
  const name = String(pod.metadata.name);
  const containers = ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => c.name);
  const restarted = new Set(((pod.status?.containerStatuses ?? []) as { name: string; restartCount?: number }[]).filter((c) => (c.restartCount ?? 0) > 0).map((c) => c.name));
  let out = '';
  for (const c of containers) {
    const now = await podLog(s, o.namespace, name, { container: c, tailLines });
    out += `# pod ${name}, container ${c}${now.ok ? '' : ` (no logs: ${now.text})`}\n${now.ok ? now.text : ''}${now.ok && now.text && !now.text.endsWith('\n') ? '\n' : ''}`;
    if (restarted.has(c)) {
      const before = await podLog(s, o.namespace, name, { container: c, previous: true, tailLines });
      out += `# pod ${name}, container ${c}, previous (crashed) instance${before.ok ? '' : ` (no logs: ${before.text})`}\n${before.ok ? before.text : ''}`;
    }
  }
  return out;
}

export async function describeLive(t: ClusterTarget, o: Target): Promise<string> {
  return describeObject(await openSession(t), o);
}

export async function restart(t: ClusterTarget, o: Target, now?: Date): Promise<string> {
  return restartWorkload(await openSession(t), o, now);
}

export async function scale(t: ClusterTarget, o: Target, replicas: number): Promise<string> {
  return (await scaleWorkload(await openSession(t), o, replicas)).action;
}

/** What Undeploy would delete (a dry-run), or deletes; "Deployment thebot/backend: pruned". */
export async function undeployEnvironment(t: ClusterTarget, dryRun: boolean): Promise<{ deleted: string[]; kept: string[]; failed: string[] }> {
  const outcomes = await undeploy(await openSession(t), { dryRun });
  const of = (a: string) => outcomes.filter((p) => p.action === a).map((p) => `${describe(p.ref)}${p.message ? `: ${p.message}` : ''}`);
  return { deleted: of('pruned'), kept: of('kept'), failed: of('failed') };
}

/**
 * Applies one rendered object again (after a dry-run of it), taking back the
 * fields another manager changed (kubectl's --force-conflicts): what the
 * drift view's "Deploy this Object" does.
 */
export async function deployObject(t: ClusterTarget, object: Record<string, unknown>): Promise<ObjectResult> {
  const s = await openSession(t);
  const [dry] = await run(s, fromPlain([object]), { dryRun: true, force: true });
  const res = (x: NonNullable<typeof dry>): ObjectResult => ({ ...x.ref, action: x.action, ...(x.message ? { message: x.message } : {}) });
  if (!dry || dry.action === 'failed') return res(dry!);
  const [applied] = await run(s, fromPlain([object]), { dryRun: false, force: true });
  return res(applied!);
}
