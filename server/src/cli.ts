// `thebot` command line: argument parsing and wiring only; the work is done by
// the same services the language server uses.
import { existsSync } from 'node:fs';
import { checkFiles, collectYamlFiles } from './cli/check';
import { formatText } from './cli/format';

const USAGE = `usage: thebot <command> [options]

commands:
  check [paths...]   check YAML files (default: current directory)
`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check': {
      const paths = rest.length ? rest : ['.'];
      const missing = paths.filter((p) => !existsSync(p));
      if (missing.length) {
        process.stderr.write(`thebot: no such file or directory: ${missing.join(', ')}\n`);
        return 2;
      }
      const findings = checkFiles(collectYamlFiles(paths));
      if (findings.length) process.stdout.write(formatText(findings, process.cwd()) + '\n');
      return findings.some((f) => f.severity === 'error') ? 1 : 0;
    }
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
