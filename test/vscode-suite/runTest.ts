// The standard @vscode/test-electron runner, for people with a desktop VS Code
// (it downloads one): `npx tsx test/vscode-suite/runTest.ts`. Not run in CI —
// there the same scenarios run in code-server (test/e2e). The suite is
// bundled with esbuild first because the extension host loads plain JS.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = new URL('../../', import.meta.url).pathname;

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'thebot-vscode-suite-'));
  await build({
    entryPoints: [join(root, 'test/vscode-suite/suite/index.ts')],
    outfile: join(out, 'suite.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  });
  // A copy of the manifests, so the suite may edit files.
  const workspace = join(out, 'manifests');
  cpSync(join(root, 'manifests'), workspace, { recursive: true });
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(out, 'suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
