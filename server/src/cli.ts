// `thebot` command line: argument parsing and wiring only; the work is done by
// the same services the language server uses.
import { runCheck } from './cli/check';
import { runRender } from './cli/render';
import { dryRunCommand } from './cli/dry-run';
import { diffCommand } from './cli/diff';
import { deployCommand } from './cli/deploy';
import { statusCommand } from './cli/status';
import { historyCommand } from './cli/history';
import { rollbackCommand } from './cli/rollback';
import { logsCommand } from './cli/logs';

const USAGE = `usage: thebot <command> [options]

commands:
  check [paths...]   check every environment: render, schemas, rules (thebot check --help)
  render <env|dir> [--origins]   print an environment as kustomize builds it
  dry-run <env>      validate an environment against its cluster (server-side dry-run)
  diff <env>         what a deploy would change (live vs. dry-run; secrets masked)
  deploy <env>       server-side apply; --wait watches the rollouts (thebot deploy --help)
  status <env>       rollout status of the workloads, health of the rest; --events, --watch
  history <env>      the recorded revisions of an environment, newest first
  rollback <env>     return to a recorded revision (--to REVISION; default the previous one)
  logs <env> <workload>   logs of a workload's failing (or newest) pod; --previous for the crashed container
`;

// Cluster commands are asynchronous; the others return their exit code directly.
function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest);
    case 'render':
      return runRender(rest);
    case 'dry-run':
      return dryRunCommand(rest);
    case 'diff':
      return diffCommand(rest);
    case 'deploy':
      return deployCommand(rest);
    case 'status':
      return statusCommand(rest);
    case 'history':
      return historyCommand(rest);
    case 'rollback':
      return rollbackCommand(rest);
    case 'logs':
      return logsCommand(rest);
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

void Promise.resolve(main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
