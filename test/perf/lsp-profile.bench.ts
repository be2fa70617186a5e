// Profile (not a test): starts the bundled language server with --cpu-prof,
// opens a platform base manifest and makes N one-line edits, waiting for the
// diagnostics of each, then stops the server; the profile lands in --dir.
// Usage: node esbuild.mjs && npx tsx test/perf/lsp-profile.bench.ts [--edits N] [--dir DIR]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, repoRoot } from '../server/lspClient';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const EDITS = Number(arg('--edits', '200'));
const DIR = arg('--dir', join(repoRoot, '.profiles'));

async function main(): Promise<void> {
  const root = join(repoRoot, 'manifests');
  const file = join(root, 'base', '06-backend-deployment.yaml');
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => /^\s+replicas: \d+$/.test(l));
  const col = lines[line]!.indexOf(':') + 2;
  const original = lines[line]!.slice(col);
  const client = await LspClient.start({ root, command: ['--cpu-prof', `--cpu-prof-dir=${DIR}`, join(repoRoot, 'dist', 'server.js'), '--stdio'] });
  const uri = pathToFileURL(file).toString();
  await Promise.all([client.waitForDiagnostics(uri, () => true), client.open(file, text)]);
  const t0 = Date.now();
  for (let i = 0; i < EDITS; i++) {
    const [from, to] = i % 2 === 0 ? [original, String(Number(original) + 1)] : [String(Number(original) + 1), original];
    const version = (client.version(uri) ?? 1) + 1;
    const wait = client.waitForDiagnostics(uri, (p) => p.version === undefined || p.version === version);
    await client.change(uri, [{ range: { start: { line, character: col }, end: { line, character: col + from.length } }, text: to }]);
    await wait;
  }
  console.log(`${EDITS} edits in ${Date.now() - t0} ms; profile in ${DIR}`);
  await client.stop();
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
