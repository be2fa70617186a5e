// `thebot status <env> [--watch]`: rollout status of the environment's
// workloads, as `kubectl rollout status` words it; with reasons (conditions,
// pods) for anything not available. --watch follows changes (watches, not
// polling) until every workload is available, or --timeout.
import { watchRollouts, workloadStatus, workloadsOf, type RolloutReport, type WorkloadStatus } from '../../../client/src/cluster';
import { CliError, EXIT, guard, parse, prepare, stdio, type Out } from './cluster-common';

export const STATUS_USAGE = `usage: thebot status <env> [--watch] [--timeout SECONDS] [--kubeconfig FILE] [--context NAME] [--project DIR]
Rollout status of every Deployment, StatefulSet, DaemonSet and Job of <env>.
  --watch             follow the rollouts until every workload is available (or --timeout, default 300)
exit: 0 all available, 1 not all available, 2 usage, 3 refused
`;

export function formatWorkload(s: WorkloadStatus): string {
  const head = `${s.state.padEnd(11)} ${s.kind} ${s.namespace}/${s.name} ${s.ready}/${s.desired}: ${s.message}`;
  return s.reason ? `${head}\n    ${s.reason}` : head;
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

export function statusCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { env, values } = parse(argv, { watch: { type: 'boolean' }, timeout: { type: 'string' } }, STATUS_USAGE);
    const timeout = values.timeout === undefined ? 300 : Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0) throw new CliError(`--timeout must be a positive number of seconds\n${STATUS_USAGE}`, EXIT.usage);
    const { session, resources } = await prepare(env, values, io);
    const targets = workloadsOf(resources.map((r) => r.object), session.namespace);
    if (!values.watch) {
      const statuses = await workloadStatus(session.transport, session.discovery, targets);
      for (const s of statuses) io.out(formatWorkload(s) + '\n');
      const complete = statuses.filter((s) => s.state === 'complete').length;
      io.out(`status ${env}: ${complete}/${statuses.length} workloads available\n`);
      return complete === statuses.length ? EXIT.ok : EXIT.failed;
    }
    const started = Date.now();
    const ctrl = new AbortController();
    const stop = () => ctrl.abort();
    process.once('SIGINT', stop);
    try {
      const report = await watchRollouts(session.transport, session.discovery, targets, {
        timeoutMs: timeout * 1000,
        signal: ctrl.signal,
        onStatus: (s) => io.out(formatWorkload(s) + '\n'),
        onEvent: (m) => io.err(`  ${m}\n`),
      });
      io.out(formatRollout(env, report, Date.now() - started));
      return report.outcome === 'complete' ? EXIT.ok : EXIT.failed;
    } finally {
      process.off('SIGINT', stop);
    }
  });
}
