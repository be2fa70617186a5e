// Profile (not a test): starts the bundled language server with --cpu-prof,
// opens a platform base manifest and makes N one-line edits, waiting for the
// diagnostics of each, then stops the server; the profile lands in --dir.
// With --big N it instead opens N copies of the 1,200-document file of issue 4
// one after the other (full validation each: open -> diagnostics) and prints
// the median time.
// Usage: node esbuild.mjs && npx tsx test/perf/lsp-profile.bench.ts [--edits N | --big N] [--dir DIR]
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_NODE_FLAGS } from '../../server/src/launch';
import { LspClient, repoRoot } from '../server/lspClient';
import { bigManifest } from '../documents/bigManifest';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const EDITS = Number(arg('--edits', '200'));
const BIG = Number(arg('--big', '0'));
const DIR = arg('--dir', join(repoRoot, '.profiles'));

async function big(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'thebot-lsp-profile-'));
  const text = bigManifest();
  const files = Array.from({ length: BIG }, (_, i) => join(root, `big-${i}.yaml`));
  for (const f of files) writeFileSync(f, text);
  const client = await LspClient.start({ root, watchFiles: true, command: [...SERVER_NODE_FLAGS, '--cpu-prof', `--cpu-prof-dir=${DIR}`, join(repoRoot, 'dist', 'server.js'), '--stdio'] });
  const times: number[] = [];
  for (const file of files) {
    const uri = pathToFileURL(file).toString();
    const wait = client.waitForDiagnostics(uri, () => true);
    const t0 = performance.now();
    await client.open(file, text);
    await wait;
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`${BIG} opens of the 1,200-document file, open -> diagnostics: median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms (all: ${times.map((t) => t.toFixed(0)).join(' ')}); load average ${load}; profile in ${DIR}`);
  await client.stop();
}

async function main(): Promise<void> {
  const root = join(repoRoot, 'manifests');
  const file = join(root, 'base', '06-backend-deployment.yaml');
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => /^\s+terminationGracePeriodSeconds: \d+$/.test(l));
  const col = lines[line]!.indexOf(':') + 2;
  const original = lines[line]!.slice(col);
  const client = await LspClient.start({ root, watchFiles: true, command: [...SERVER_NODE_FLAGS, '--cpu-prof', `--cpu-prof-dir=${DIR}`, join(repoRoot, 'dist', 'server.js'), '--stdio'] });
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

void (BIG > 0 ? big() : main()).then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
