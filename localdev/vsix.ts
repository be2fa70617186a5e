// Builds the .vsix the way `npm run package` does (esbuild.mjs --production,
// then vsce with the .vscodeignore allow-list), in a staging copy of the
// package so the working tree's dist/ is left alone (other tests run the
// development bundles from there).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;

/** What the package is made of: sources are linked (esbuild reads them), shipped files copied (vsce reads them). */
const LINKED = ['client', 'server', 'node_modules'];
const COPIED = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'bin', 'media', 'schemas', 'snippets', 'docs'];

export function buildVsix(out: string): { file: string; bytes: number; files: string[] } {
  const stage = mkdtempSync(join(tmpdir(), 'thebot-vsix-'));
  try {
    for (const p of LINKED) symlinkSync(join(root, p), join(stage, p));
    for (const p of COPIED) if (existsSync(join(root, p))) cpSync(join(root, p), join(stage, p), { recursive: true });
    const run = (cmd: string, args: string[]): string => {
      const r = spawnSync(cmd, args, { cwd: stage, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
      return r.stdout;
    };
    run(process.execPath, [join(root, 'esbuild.mjs'), '--production']);
    const vsce = join(root, 'node_modules/.bin/vsce');
    run(vsce, ['package', '--no-dependencies', '--out', out]);
    // `vsce ls` prints the files the package holds, one per line.
    const files = run(vsce, ['ls', '--no-dependencies']).trim().split('\n').sort();
    return { file: out, bytes: statSync(out).size, files };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
