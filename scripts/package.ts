// `npm run package`: the .vsix, built in a staging copy of the package so the
// working tree's dist/ keeps the development bundles other tests run.
//   tsx scripts/package.ts [--out FILE]        (default: thebot-platform.vsix)
//
// The package's README is README.marketplace.md (what a user installing the
// extension needs), staged as README.md: VS Code shows an installed
// extension's README.md, and vsce's --readme-path would ship it under its own
// name. The project has no public repository (no git remote, no published
// URL), so package.json names none: vsce is told so (--allow-missing-repository)
// and keeps the README's relative links (screenshots, docs/settings.md) as
// they are (--no-rewrite-relative-links) — they resolve inside the installed
// extension, where those files ship. Publishing to the Marketplace needs a
// public home first: set `repository` then and drop both flags.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = join(__dirname, '..');

/** Sources are linked (esbuild reads them), shipped files copied (vsce reads them). */
const LINKED = ['client', 'server', 'node_modules'];
const COPIED = ['package.json', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'esbuild.mjs', 'scripts/bundle-to-esm.mjs', 'bin', 'media', 'schemas', 'snippets', 'docs'];
export const VSCE_FLAGS = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];

export interface Packaged {
  file: string;
  bytes: number;
  /** The files the package holds (`vsce ls`). */
  files: string[];
  /** What vsce printed while packaging (warnings would be here). */
  log: string;
}

export function packageVsix(out: string): Packaged {
  const stage = mkdtempSync(join(tmpdir(), 'thebot-vsix-'));
  try {
    for (const p of LINKED) symlinkSync(join(root, p), join(stage, p));
    for (const p of COPIED) if (existsSync(join(root, p))) cpSync(join(root, p), join(stage, p), { recursive: true });
    copyFileSync(join(root, 'README.marketplace.md'), join(stage, 'README.md'));
    const run = (cmd: string, args: string[]): string => {
      const r = spawnSync(cmd, args, { cwd: stage, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
      return r.stdout + r.stderr;
    };
    run(process.execPath, [join(stage, 'esbuild.mjs'), '--production']);
    const vsce = join(root, 'node_modules/.bin/vsce');
    const log = run(vsce, ['package', ...VSCE_FLAGS, '--out', out]);
    const files = run(vsce, ['ls', '--no-dependencies']).trim().split('\n').sort();
    return { file: out, bytes: statSync(out).size, files, log };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--out');
  const out = resolve(i > 0 ? process.argv[i + 1]! : 'thebot-platform.vsix');
  const p = packageVsix(out);
  process.stdout.write(p.log);
  process.stdout.write(`${out}: ${p.bytes} bytes, ${p.files.length} files\n`);
}
