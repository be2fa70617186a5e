// `thebot logs <env> <workload>`: the logs of a workload's pod — the failing
// one when there is one (most restarts first), else the newest — and with
// --previous those of its previous container (the one that crashed).
import { parseArgs } from 'node:util';
import { errorMessage } from '../../../client/src/cluster';
import { pickPod, podLog, podsOf } from '../../../client/src/cluster/troubleshoot';
import { podProblems } from '../../../client/src/cluster/podReasons';
import { WORKLOAD_KINDS } from '../../../client/src/cluster/rolloutStatus';
import { pickObject } from './day2';
import { COMMON_OPTIONS, CliError, EXIT, guard, prepare, stdio, type Out, type Values } from './cluster-common';

export const LOGS_USAGE = `usage: thebot logs <env> <workload> [--container NAME] [--previous] [--tail LINES]
                   [--kubeconfig FILE] [--context NAME] [--project DIR]
The logs of a pod of <workload> (a Deployment, StatefulSet, DaemonSet or Job of <env>, as NAME or
Kind/NAME): a failing pod first, else the newest.
  --container NAME    which container (default: the first failing one, else the first)
  --previous          the previous (crashed) container's logs
  --tail LINES        only the last LINES lines
exit: 0 logs printed, 1 no pod or no logs, 2 usage, 3 refused
`;

export function logsCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    let parsed: { values: Values & { container?: string }; positionals: string[] };
    try {
      parsed = parseArgs({
        args: argv,
        options: { ...COMMON_OPTIONS, container: { type: 'string' }, previous: { type: 'boolean' }, tail: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      }) as typeof parsed;
    } catch (e) {
      throw new CliError(`${errorMessage(e)}\n${LOGS_USAGE}`, EXIT.usage);
    }
    const { values, positionals } = parsed;
    if (values.help) throw new CliError(LOGS_USAGE.trimEnd(), EXIT.ok);
    if (positionals.length !== 2) throw new CliError(`expected an environment and a workload\n${LOGS_USAGE}`, EXIT.usage);
    const [env, wanted] = positionals as [string, string];
    const tail = values.tail === undefined ? undefined : Number(values.tail);
    if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) throw new CliError(`--tail must be a whole number\n${LOGS_USAGE}`, EXIT.usage);
    const { environment, session, resources } = await prepare(env, values, io);
    // The same lookup as restart, scale and describe (NAME or Kind/NAME, ambiguity and the list of candidates).
    const w = pickObject(environment, resources, wanted, [...WORKLOAD_KINDS], 'workload');
    const ns = w.namespace;
    const pod = pickPod(await podsOf(session, w.kind, ns, w.name));
    if (!pod) {
      io.out(`logs ${env}: ${w.kind} ${ns}/${w.name} has no pods\n`);
      return EXIT.failed;
    }
    const statuses = (pod.status?.containerStatuses ?? []) as { name: string; ready?: boolean }[];
    const container = values.container ?? statuses.find((c) => !c.ready)?.name ?? pod.spec?.containers?.[0]?.name;
    const problems = podProblems(pod);
    io.err(`pod ${ns}/${pod.metadata.name}, container ${container}${values.previous ? ' (previous)' : ''}${problems.length ? `: ${problems.join('; ')}` : ''}\n`);
    const log = await podLog(session, ns, pod.metadata.name, {
      ...(container ? { container } : {}),
      ...(values.previous ? { previous: true } : {}),
      ...(tail !== undefined ? { tailLines: tail } : {}),
    });
    if (!log.ok) {
      io.out(`logs ${env}: no logs from pod ${ns}/${pod.metadata.name}: ${log.text}\n`);
      return EXIT.failed;
    }
    io.out(log.text.endsWith('\n') || log.text === '' ? log.text : log.text + '\n');
    return EXIT.ok;
  });
}
