// `thebot` command line: argument parsing and wiring only; the work is done by
// the same services the language server uses.
import { runCheck } from './cli/check';
import { runRender } from './cli/render';

const USAGE = `usage: thebot <command> [options]

commands:
  check [paths...]   check every environment: render, schemas, rules (thebot check --help)
  render <env|dir> [--origins]   print an environment as kustomize builds it
`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest);
    case 'render':
      return runRender(rest);
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

process.exitCode = main(process.argv.slice(2));
