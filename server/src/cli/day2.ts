// The day-2 actions of the editor's tree from the terminal, each only on an
// object of <env> that thebot deployed there (client/src/cluster/day2.ts
// refuses anything else): `thebot restart` (a rollout restart), `thebot scale`
// (until the next deploy; shown as drift meanwhile), `thebot describe` (the
// live object, Secret values masked, with its events). Restart and scale ask
// --confirm <env> for a protected environment, as deploy does.
import { parseArgs } from 'node:util';
import { checkConfirmation, errorMessage } from '../../../client/src/cluster';
import { describeObject, restartWorkload, scaleWorkload, type Target } from '../../../client/src/cluster/day2';
import { hpaTargets } from '../../../client/src/liveDrift';
import { workloadKey } from '../../../client/src/liveStatus';
import type { Environment } from '../config';
import type { RenderedResource } from '../kustomize/model';
import { COMMON_OPTIONS, CliError, EXIT, guard, prepare, stdio, type Out, type Values } from './cluster-common';

const TAIL = `  --confirm <env>     required for protected environments: the environment's name again
exit: 0 done, 1 refused by the cluster or not this environment's, 2 usage, 3 refused
`;
export const RESTART_USAGE = `usage: thebot restart <env> <workload> [--confirm <env>] [--kubeconfig FILE] [--context NAME] [--project DIR]
A rollout restart of <workload> (a Deployment, StatefulSet or DaemonSet of <env>, as NAME or Kind/NAME).
${TAIL}`;
export const SCALE_USAGE = `usage: thebot scale <env> <workload> <replicas> [--confirm <env>] [--kubeconfig FILE] [--context NAME] [--project DIR]
Sets the replicas of <workload> (a Deployment or StatefulSet of <env>) until the next deploy, which
puts the rendered count back; meanwhile \`thebot diff\` reports it as drift. Refused for a workload
an HPA scales (change the HPA's bounds in the source instead).
${TAIL}`;
export const DESCRIBE_USAGE = `usage: thebot describe <env> <object> [--kubeconfig FILE] [--context NAME] [--project DIR]
The live <object> of <env> (NAME or Kind/NAME) as YAML, without managed fields and with Secret
values masked, followed by its events (and its pods' for a workload).
exit: 0 printed, 2 usage, 3 refused
`;

const RESTARTABLE = ['Deployment', 'StatefulSet', 'DaemonSet'];
const SCALABLE = ['Deployment', 'StatefulSet'];

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

function args(argv: string[], count: number, usage: string, confirm: boolean): { positionals: string[]; values: Values } {
  let r: { values: Values; positionals: string[] };
  try {
    r = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...(confirm ? { confirm: { type: 'string' } } : {}) }, allowPositionals: true, strict: true }) as typeof r;
  } catch (e) {
    throw new CliError(`${errorMessage(e)}\n${usage}`, EXIT.usage);
  }
  if (r.values.help) throw new CliError(usage.trimEnd(), EXIT.ok);
  if (r.positionals.length !== count) throw new CliError(`expected ${count} arguments\n${usage}`, EXIT.usage);
  return r;
}

/** The rendered object named NAME or Kind/NAME among `kinds` (all kinds when undefined). */
export function pickObject(env: Environment, resources: RenderedResource[], wanted: string, kinds: string[] | undefined, what: string): Target {
  const [kind, name] = wanted.includes('/') ? (wanted.split('/', 2) as [string, string]) : [undefined, wanted];
  const all = resources.map((r) => r.object as unknown as Obj).filter((o) => !kinds || kinds.includes(o.kind));
  const matches = all.filter((o) => o.metadata.name === name && (!kind || o.kind.toLowerCase() === kind.toLowerCase()));
  if (matches.length === 1) {
    const o = matches[0]!;
    return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace || env.namespace, name: o.metadata.name };
  }
  if (matches.length) throw new CliError(`'${wanted}' is ambiguous: say Kind/NAME (${matches.map((o) => `${o.kind}/${name}`).join(', ')})`, EXIT.usage);
  const list = all.map((o) => `${o.kind}/${o.metadata.name}`);
  throw new CliError(`${env.name} has no ${what} '${wanted}'${list.length <= 20 ? ` (${what}s: ${list.join(', ')})` : ''}`, EXIT.usage);
}

const line = (t: Target) => `${t.kind} ${t.namespace}/${t.name}`;

export function restartCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { positionals, values } = args(argv, 2, RESTART_USAGE, true);
    const [env, wanted] = positionals as [string, string];
    const { environment, session, resources } = await prepare(env, values, io, (e) => checkConfirmation(e, values.confirm));
    const t = pickObject(environment, resources, wanted, RESTARTABLE, 'restartable workload');
    try {
      const at = await restartWorkload(session, t);
      io.out(`restart ${env}: ${line(t)} restarted at ${at.replace(/\.\d{3}Z$/, 'Z')}\n`);
      return EXIT.ok;
    } catch (e) {
      throw new CliError(`restart ${env}: ${errorMessage(e)}`, EXIT.failed);
    }
  });
}

export function scaleCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { positionals, values } = args(argv, 3, SCALE_USAGE, true);
    const [env, wanted, count] = positionals as [string, string, string];
    const replicas = Number(count);
    if (!/^\d+$/.test(count) || !Number.isSafeInteger(replicas)) throw new CliError(`replicas must be a whole number of 0 or more, not '${count}'\n${SCALE_USAGE}`, EXIT.usage);
    const { environment, session, resources } = await prepare(env, values, io, (e) => checkConfirmation(e, values.confirm));
    const t = pickObject(environment, resources, wanted, SCALABLE, 'scalable workload');
    if (hpaTargets(resources.map((r) => r.object as Record<string, unknown>), environment.namespace).has(workloadKey(t.kind, t.namespace, t.name))) {
      throw new CliError(`scale ${env}: ${line(t)} is scaled by its HorizontalPodAutoscaler: change the HPA's bounds in the source instead`, EXIT.failed);
    }
    try {
      const outcome = await scaleWorkload(session, t, replicas);
      io.out(`scale ${env}: ${line(t)} set to ${replicas} replicas (${outcome.action}) until the next deploy, which puts the rendered count back\n`);
      return EXIT.ok;
    } catch (e) {
      throw new CliError(`scale ${env}: ${errorMessage(e)}`, EXIT.failed);
    }
  });
}

export function describeCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { positionals, values } = args(argv, 2, DESCRIBE_USAGE, false);
    const [env, wanted] = positionals as [string, string];
    const { environment, session, resources } = await prepare(env, values, io);
    const t = pickObject(environment, resources, wanted, undefined, 'object');
    io.out(await describeObject(session, t));
    return EXIT.ok;
  });
}
