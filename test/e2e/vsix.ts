// Builds the .vsix the way `npm run package` does (production bundles, vsce
// with the .vscodeignore allow-list), into a given file.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

export function buildVsix(out: string): { file: string; bytes: number; files: string[] } {
  const run = (cmd: string, args: string[]): string => {
    const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  run(process.execPath, ['esbuild.mjs', '--production']);
  run(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', out]);
  // `vsce ls` prints the files the package holds, one per line.
  const files = run(join(root, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies']).trim().split('\n').sort();
  return { file: out, bytes: statSync(out).size, files };
}
