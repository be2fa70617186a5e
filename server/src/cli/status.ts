// `thebot status <env> [--watch]`: rollout status of the environment's
// workloads, as `kubectl rollout status` words it; with reasons (conditions,
// pods) for anything not available. --watch follows changes (watches, not
// polling), one line per change, until interrupted (Ctrl-C ends it cleanly,
// exit 0) or, if given, --timeout.
import { clock, errorMessage, watchRollouts, workloadStatus, workloadsOf, type Connection, type RolloutReport, type WorkloadStatus } from '../../../client/src/cluster';
import { CliError, EXIT, guard, parse, prepare, stdio, type Out } from './cluster-common';
import { formatEvents, formatHealth, healthSummary } from './health-format';
import { eventsOf, readHealth } from '../../../client/src/cluster/troubleshoot';
import { isWorkloadKind } from '../../../client/src/cluster/rolloutStatus';

export const STATUS_USAGE = `usage: thebot status <env> [--events] [--watch [--timeout SECONDS]] [--kubeconfig FILE] [--context NAME] [--project DIR]
Rollout status of every Deployment, StatefulSet, DaemonSet and Job of <env>, then the health of
its CronJobs, PersistentVolumeClaims, Ingresses, HPAs, PDBs and Certificates, with reasons.
  --events            the events of every object that is not healthy (and of its pods)
  --watch             follow the rollouts, one line per change, until Ctrl-C (or --timeout)
exit: 0 all available (--watch: interrupted, or all available at --timeout), 1 not all available (or not deployed), 2 usage, 3 refused
`;

export function formatWorkload(s: WorkloadStatus): string {
  const head = `${s.state.padEnd(11)} ${s.kind} ${s.namespace}/${s.name} ${s.ready}/${s.desired}: ${s.message}`;
  return s.reason ? `${head}\n    ${s.reason}` : head;
}

/** The watch's connection to the cluster, on stderr: the time the connection was lost and why, and when it is back. */
export function connectionLine(c: Connection): string {
  return c.state === 'lost' ? `  disconnected since ${clock(c.since)}: ${c.error}\n` : '  connected\n';
}

export function formatRollout(env: string, r: RolloutReport, elapsedMs: number): string {
  const lines: string[] = [];
  if (r.outcome !== 'complete') for (const w of r.workloads.filter((x) => x.state !== 'complete')) lines.push(formatWorkload(w));
  const complete = r.workloads.filter((w) => w.state === 'complete').length;
  const what =
    r.outcome === 'complete' ? 'every workload available' : r.outcome === 'timeout' ? 'timed out' : r.outcome === 'failed' ? 'rollout failed' : 'stopped';
  lines.push(`rollout ${env}: ${what} (${complete}/${r.workloads.length} complete) after ${(elapsedMs / 1000).toFixed(1)}s`);
  return lines.join('\n') + '\n';
}

/** Every workload and every other object read is absent (never deployed, or undeployed). */
export function notDeployed(statuses: WorkloadStatus[], health: { state: string }[]): boolean {
  return statuses.length + health.length > 0 && statuses.every((s) => s.reason === 'not deployed') && health.every((h) => h.state === 'missing');
}

export function statusCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { env, values } = parse(argv, { watch: { type: 'boolean' }, timeout: { type: 'string' }, events: { type: 'boolean' } }, STATUS_USAGE);
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) {
      throw new CliError(`--timeout must be a positive number of seconds\n${STATUS_USAGE}`, EXIT.usage);
    }
    const { session, resources } = await prepare(env, values, io);
    const targets = workloadsOf(resources.map((r) => r.object), session.namespace);
    const summary = (statuses: WorkloadStatus[], note = '') => {
      const complete = statuses.filter((s) => s.state === 'complete').length;
      io.out(`status ${env}: ${complete}/${statuses.length} workloads available${note}\n`);
      return complete === statuses.length ? EXIT.ok : EXIT.failed;
    };
    if (!values.watch) {
      const statuses = await workloadStatus(session.transport, session.discovery, targets, session.applySet.id);
      const health = await readHealth(session, resources.filter((r) => !isWorkloadKind(r.object.kind))).catch((e: unknown) => {
        io.err(`note: health of the other objects not read: ${errorMessage(e)}\n`);
        return [];
      });
      // Nothing of it in the cluster: one line that says so, not a line per missing object.
      if (notDeployed(statuses, health)) {
        io.out(`status ${env}: not deployed (none of its ${statuses.length} workloads and ${health.length} other objects is in the cluster)\n`);
        return EXIT.failed;
      }
      for (const s of statuses) io.out(formatWorkload(s) + '\n');
      for (const h of health) io.out(formatHealth(h) + '\n');
      if (values.events) {
        const unhealthy = [
          ...statuses.filter((s) => s.state !== 'complete' && s.reason !== 'not deployed'),
          ...health.filter((h) => h.state !== 'healthy' && h.state !== 'missing' && h.state !== 'unknown'),
        ];
        for (const u of unhealthy) {
          const events = await eventsOf(session, u.kind, u.namespace, u.name).catch((e: unknown) => {
            io.err(`note: events of ${u.kind} ${u.namespace}/${u.name} not read: ${errorMessage(e)}\n`);
            return [];
          });
          io.out(formatEvents(u, events));
        }
      }
      io.out(healthSummary(env, health));
      return summary(statuses);
    }
    // Follows until interrupted: completion does not end it (a later deploy,
    // scale or crash is what one watches for). SIGINT/SIGTERM end it cleanly;
    // a second one gets the default behaviour (the handlers are gone by then).
    const ctrl = new AbortController();
    const stop = () => ctrl.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const report = await watchRollouts(session.transport, session.discovery, targets, {
        timeoutMs: timeout === undefined ? Infinity : timeout * 1000,
        untilAborted: true,
        signal: ctrl.signal,
        applySetId: session.applySet.id,
        onConnection: (c) => io.err(connectionLine(c)),
        onStatus: (s) => io.out(formatWorkload(s) + '\n'),
        onEvent: (m) => io.err(`  ${m}\n`),
      });
      if (report.outcome === 'aborted') {
        summary(report.workloads, ' (watch ended)');
        return EXIT.ok;
      }
      return summary(report.workloads, ` (watch ended at --timeout ${timeout}s)`);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  });
}
