// What `thebot dry-run|diff|deploy|status <env>` share: option parsing, the
// environment from the project config, its rendered objects (the embedded
// Kustomize engine, with origins), and the pre-flight checks — kubeconfig,
// context bound to the environment, cluster reachable within a short timeout,
// every kind served (CRDs installed) — before anything is sent.
import { relative } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadProjectConfig, environmentByName, type Environment, type ProjectConfig } from '../config';
import { renderKustomization } from '../kustomize';
import { ENGINE_OPTIONS, engineFlagError, projectRenderOptions, type EngineValues } from './engine-flags';
import type { RenderedResource, RenderResult } from '../kustomize/model';
import type { Finding } from '../findings';
import { gateEnvironment } from '../analysis/gate';
import { engineOptions } from '../analysis/engine';
import { formatText } from './format';
import { ClusterSession, describe, errorMessage, type ObjectOutcome, type ReportItem } from '../../../client/src/cluster';

/** Exit codes: 0 done, 1 an object or rollout failed, 2 usage, 3 refused before acting. */
export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export const COMMON_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  project: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...ENGINE_OPTIONS,
} as const satisfies ParseArgsConfig['options'];

export interface Out {
  out(text: string): void;
  err(text: string): void;
}

// `thebot diff dev | head`: a closed pipe ends the command quietly, as it does for other CLI tools.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

export const stdio: Out = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** Every option of the cluster commands (each command accepts its own subset). */
export interface Values extends EngineValues {
  kubeconfig?: string;
  context?: string;
  project?: string;
  help?: boolean;
  wait?: boolean;
  watch?: boolean;
  timeout?: string;
  confirm?: string;
  'force-conflicts'?: boolean;
  prune?: boolean;
  'take-over-from'?: string[];
  atomic?: boolean;
  to?: string;
  'history-max'?: string;
  'dry-run'?: boolean;
  events?: boolean;
  previous?: boolean;
  tail?: string;
  'ignore-findings'?: string;
}

export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, usage: string): { env: string; values: Values } {
  let r: { values: Values; positionals: string[] };
  try {
    r = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true }) as typeof r;
  } catch (e) {
    throw new CliError(`${errorMessage(e)}\n${usage}`, EXIT.usage);
  }
  if (r.values.help) throw new CliError(usage.trimEnd(), EXIT.ok);
  if (r.positionals.length !== 1) throw new CliError(`expected one environment\n${usage}`, EXIT.usage);
  const flagError = engineFlagError(r.values);
  if (flagError) throw new CliError(flagError, EXIT.usage);
  return { env: r.positionals[0]!, values: r.values };
}

/** The project's environment named on the command line, after the checks that need only it (usage error: unknown; refused: a check failed). */
export function resolveEnvironment(envName: string, values: Values, check: (env: Environment) => void): { config: ProjectConfig; environment: Environment } {
  const config = loadProjectConfig(values.project ?? process.cwd());
  const environment = environmentByName(config, envName);
  if (!environment) {
    const known = config.environments.map((e) => e.name).join(', ') || 'none';
    throw new CliError(`unknown environment '${envName}' (environments: ${known})`, EXIT.usage);
  }
  try {
    check(environment);
  } catch (e) {
    throw new CliError(errorMessage(e), EXIT.refused);
  }
  return { config, environment };
}

/** A session on the environment's bound context (--kubeconfig/--context as given); any refusal is exit 3. */
export async function openSession(environment: Environment, values: Values): Promise<ClusterSession> {
  try {
    return await ClusterSession.open({
      environment,
      ...(values.kubeconfig !== undefined ? { kubeconfig: values.kubeconfig } : {}),
      ...(values.context !== undefined ? { context: values.context } : {}),
    });
  } catch (e) {
    throw new CliError(errorMessage(e), EXIT.refused);
  }
}

export interface Prepared {
  environment: Environment;
  resources: RenderedResource[];
  session: ClusterSession;
  /** Error findings gone ahead with (--ignore-findings), and why. */
  ignoredFindings?: { reason: string; findings: Finding[]; root: string };
}

/** Environment → rendered objects → checked session; throws CliError(refused) on any pre-flight failure. */
export async function prepare(
  envName: string,
  values: Values,
  io: Out,
  /** Checks that need only the environment (e.g. deploy's confirmation), run before rendering or connecting. */
  check: (env: Environment) => void = () => undefined,
  /** gate: refuse on error findings of the environment (deploy, dry-run) unless --ignore-findings gives a reason. */
  options: { gate?: boolean } = {},
): Promise<Prepared> {
  const reason = values['ignore-findings'];
  if (reason !== undefined && !reason.trim()) throw new CliError('--ignore-findings needs a reason (it is recorded with the deploy)', EXIT.usage);
  const { config, environment } = resolveEnvironment(envName, values, check);
  let render: RenderResult;
  let ignoredFindings: Prepared['ignoredFindings'];
  if (options.gate) {
    // What `thebot check` and the editor report decides whether anything is sent at all.
    const gate = gateEnvironment(config, environment, engineOptions(projectRenderOptions(values, config)));
    render = gate.render;
    refuseRenderErrors(envName, render);
    if (gate.errors.length) {
      const list = formatText(gate.errors, process.cwd());
      const reason = values['ignore-findings'];
      const count = `${gate.errors.length} error finding${gate.errors.length === 1 ? '' : 's'}`;
      if (reason === undefined) {
        throw new CliError(`${envName} has ${count} (as \`thebot check\` reports them); nothing was sent:\n${list}\nfix them, or pass --ignore-findings "<reason>" to go ahead anyway (the reason is recorded)`, EXIT.refused);
      }
      io.err(`note: going ahead despite ${count} (--ignore-findings: ${reason}):\n${list}\n`);
      ignoredFindings = { reason, findings: gate.errors, root: config.root };
    }
  } else {
    render = renderKustomization(environment.overlay, projectRenderOptions(values, config));
    refuseRenderErrors(envName, render);
  }
  const session = await openSession(environment, values);
  const missing = session.missingKinds(render.resources);
  if (missing.length) {
    const lines = missing.map((m) => `  ${m.message}: ${m.objects.map((r) => describe(r)).join(', ')}`);
    throw new CliError(`the cluster does not serve ${missing.length === 1 ? 'a kind' : 'kinds'} ${envName} uses:\n${lines.join('\n')}`, EXIT.refused);
  }
  io.err(`${envName}: context ${session.context} (${session.server}, Kubernetes ${session.serverVersion}), ${render.resources.length} objects\n`);
  return { environment, resources: render.resources, session, ...(ignoredFindings ? { ignoredFindings } : {}) };
}

function refuseRenderErrors(envName: string, render: RenderResult): void {
  if (!render.errors.length) return;
  const lines = render.errors.map((e) => `${location(e.file, e.range?.start)}: ${e.message}`);
  throw new CliError(`cannot render ${envName}:\n${lines.join('\n')}`, EXIT.refused);
}

/** --ignore-findings REASON: deploy or dry-run despite error findings; the reason is recorded on the applyset parent. */
export const IGNORE_FINDINGS_OPTION = { 'ignore-findings': { type: 'string' } } as const satisfies ParseArgsConfig['options'];

/** Annotations on the applyset parent that record a deploy made despite error findings (absent otherwise: server-side apply removes them). */
export function ignoredFindingsAnnotations(prepared: Prepared): Record<string, string> {
  const ignored = prepared.ignoredFindings;
  if (!ignored) return {};
  // Paths relative to the project root: the record reads the same from any working directory.
  const listed = ignored.findings.slice(0, 10).map((f) => `${f.code} ${relative(ignored.root, f.file) || f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`);
  const more = ignored.findings.length > listed.length ? `, and ${ignored.findings.length - listed.length} more` : '';
  return {
    [IGNORED_FINDINGS_REASON]: ignored.reason,
    [IGNORED_FINDINGS]: `${ignored.findings.length} error finding(s): ${listed.join(', ')}${more}`,
  };
}

export const IGNORED_FINDINGS_REASON = 'deploy.thebot.dev/ignore-findings-reason';
export const IGNORED_FINDINGS = 'deploy.thebot.dev/ignored-findings';

export function location(file: string, pos?: { line: number; character: number }): string {
  const rel = relative(process.cwd(), file) || file;
  return pos ? `${rel}:${pos.line + 1}:${pos.character + 1}` : rel;
}

/** "configured  Deployment thebot/backend", and for failures the source line and the server's message. */
export function formatOutcome(o: ObjectOutcome, dryRun: boolean): string {
  // Not sent at all: the reason is on the failure before it.
  if (o.action === 'skipped') return `${'skipped'.padEnd(dryRun ? 22 : 11)} ${describe(o.ref)}`;
  const head = `${(o.action + (dryRun && o.action !== 'failed' ? ' (dry run)' : '')).padEnd(dryRun ? 22 : 11)} ${describe(o.ref)}`;
  if (o.action !== 'failed') return o.message ? `${head}  [${o.message}]` : head;
  const where = o.origin ? `${location(o.origin.file, o.origin.range.start)}: ` : '';
  const hint = o.conflict ? ' (another field manager owns these fields; --force-conflicts takes them over)' : '';
  return `${head}\n    ${where}${o.message}${hint}`;
}

/** --take-over-from NAME (repeatable): another environment whose objects this run may take over. */
export const TAKE_OVER_OPTION = { 'take-over-from': { type: 'string', multiple: true } } as const satisfies ParseArgsConfig['options'];

/** The object lines of a report (deployReport.ts). */
export function reportItems(outcomes: ObjectOutcome[]): ReportItem[] {
  return outcomes.map((o) => ({ action: o.action, what: describe(o.ref), ...(o.message ? { message: o.message } : {}), ...(o.noAnswer ? { noAnswer: true } : {}) }));
}

/** Runs a command body, turning CliError into its message and exit code. */
export async function guard(io: Out, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof CliError) {
      (e.code === EXIT.ok ? io.out : io.err)(`${e.code === EXIT.ok ? '' : 'thebot: '}${e.message}\n`);
      return e.code;
    }
    io.err(`thebot: ${errorMessage(e)}\n`);
    return EXIT.failed;
  }
}
