// `thebot` command line: argument parsing and wiring only; the work is done by
// the same services the language server uses.
// Each command group is loaded only when it runs, and esbuild.mjs makes each its
// own bundle: `render` loads the engine alone, `check` adds schemas and rules,
// and only the cluster commands load @kubernetes/client-node. Loading the
// whole CLI used to cost a `thebot render` more than the render itself.
type Command = (args: string[]) => number | Promise<number>;
type ClusterCommands = typeof import('./cli/cluster-commands');
const render = (): Command => (require('./cli/render') as typeof import('./cli/render')).runRender;
const check = (): Command => (require('./cli/check') as typeof import('./cli/check')).runCheck;
const cluster = <K extends keyof ClusterCommands>(name: K): Command => (require('./cli/cluster-commands') as ClusterCommands)[name];

const USAGE = `usage: thebot <command> [options]

commands:
  check [paths...]   check every environment: render, schemas, rules (thebot check --help)
  render <env|dir> [--origins]   print an environment as kustomize builds it (thebot render --help)
  dry-run <env>      validate an environment against its cluster (server-side dry-run)
  diff <env>         what a deploy would change (live vs. dry-run; secrets masked)
  deploy <env>       server-side apply; --wait watches the rollouts (thebot deploy --help)
  status <env>       rollout status of the workloads, health of the rest; --events, --watch
  history <env>      the recorded revisions of an environment, newest first
  rollback <env>     return to a recorded revision (--to REVISION; default the previous one)
  undeploy <env>     delete what thebot deployed in an environment (revisions kept, for a rollback)
  restart <env> <workload>            rollout restart of one of the environment's workloads
  scale <env> <workload> <replicas>   until the next deploy (shown as drift meanwhile)
  describe <env> <object>             the live object (Secret values masked) with its events
  logs <env> <workload>   logs of a workload's failing (or newest) pod; --previous for the crashed container
`;

// Cluster commands are asynchronous; the others return their exit code directly.
function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return check()(rest);
    case 'render':
      return render()(rest);
    case 'dry-run':
      return cluster('dryRunCommand')(rest);
    case 'diff':
      return cluster('diffCommand')(rest);
    case 'deploy':
      return cluster('deployCommand')(rest);
    case 'status':
      return cluster('statusCommand')(rest);
    case 'history':
      return cluster('historyCommand')(rest);
    case 'rollback':
      return cluster('rollbackCommand')(rest);
    case 'logs':
      return cluster('logsCommand')(rest);
    case 'undeploy':
      return cluster('undeployCommand')(rest);
    case 'restart':
      return cluster('restartCommand')(rest);
    case 'scale':
      return cluster('scaleCommand')(rest);
    case 'describe':
      return cluster('describeCommand')(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`thebot: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}

// A reader that stops early (`thebot render … | head`) closes the pipe. Stop
// quietly with the status a Go program (kubectl) dies with on SIGPIPE, not
// with a stack trace; but a deploy or rollback already under way finishes
// (its output dropped), so a closed pipe never leaves an environment half-applied.
const MUTATING = new Set(['deploy', 'rollback', 'undeploy', 'restart', 'scale']);
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    if (!MUTATING.has(process.argv[2] ?? '')) process.exit(128 + 13);
    stream.write = () => true;
  });
}

// A synchronous command (check, render) is over once main returns: exit then
// (a cluster command may leave work behind its promise: natural exit),
// rather than let Node drain V8's pending work first. A check allocates enough
// for V8 to start marking the old generation near its end, and that drain
// finishes the marking with a full mark-compact of a heap about to be thrown
// away: 7% of a `thebot check manifests` (1,134M -> 1,056M instructions,
// valgrind --tool=callgrind); a render ends before any such marking. Run in a
// promise reaction, so after the stream errors queued by the output (a closed
// pipe exits 141 above); and only once the output is written (to a pipe it
// may be asynchronous, as on macOS), or it would be cut short.
const result = main(process.argv.slice(2));
void Promise.resolve(result).then((code) => {
  process.exitCode = code;
  if (typeof result === 'number' && process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
});
