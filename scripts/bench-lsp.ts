// Benchmark (not a test): our language server vs yaml-language-server, both
// started as real processes over stdio and driven through LSP, on the same
// inputs with the same Kubernetes schemas (yaml-language-server gets our
// schemas/ bundle, offline, through its `yaml.schemas` setting).
//   (a) the platform workspace (manifests/): one-line edit of a base manifest
//       (a value all three environments render) -> published diagnostics,
//       median and p95 over N edits after W warm-up edits (the warm-up edits,
//       run in cold code, are reported separately);
//   (b) a generated 1,200-document, ~22,000-line manifest file: full
//       validation (open -> diagnostics) by a freshly started server and by
//       one that has already worked (a second copy of the file opened after
//       the edits), edit -> diagnostics (a value replaced by one as long, then
//       typing: a character added and removed, so that every document after
//       the edit moves; then keystrokes each followed by the requests VS Code
//       makes after one: outline, folding ranges, code actions), peak memory;
//   (c) a monorepo without thebot.yaml (kubeflow's manifests, ~230
//       kustomizations, when materialized at --monorepo DIR): a freshly
//       started server opens one application file; first diagnostics (its
//       own findings), diagnostics of every environment that includes it
//       (ours: the thebot/projectChanged notification after the run), peak memory.
// Usage: node esbuild.mjs && npx tsx scripts/bench-lsp.ts [--edits 200] [--warmup 50] [--pause 0] [--big-edits 20]
//   [--server-flags '--cpu-prof --cpu-prof-dir=/tmp/prof'] (extra Node flags for our server; with
//   THEBOT_TRACE=FILE in the environment it also writes stage timings, see server/src/services/trace.ts)
//   [--node PATH] (our server run by another Node, e.g. code-server's, which the editor forks it with)
//   [--no-server-node-flags] (our server without its V8 flags from server/src/launch.ts)
//   [--server DIR/dist/server.js] (our server from another build, e.g. a `git worktree` of an older commit:
//   the same benchmark on two builds)
//   [--ours-only] (the platform and big-file rows of our server alone: for profiling and quick
//   comparisons of two builds, not for the README's figures, which give both servers)
//   [--render-edit] (the platform edit is of an image, which a transformer reads: every edit renders again)
//   [--big-only] (with --ours-only: the big-file row alone) [--times] (each big-file edit's and warm-up edit's time, in order)
//   [--monorepo /work/conformance/src/kubeflow+manifests] [--monorepo-file applications/jupyter/jupyter-web-app/upstream/base/deployment.yaml]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'vscode-uri';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient, repoRoot } from '../test/server/lspClient';
import { bigManifest } from '../test/documents/bigManifest';
import { SERVER_NODE_FLAGS } from '../server/src/launch';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const EDITS = arg('--edits', 200);
// Edits before the measured ones (both servers): a freshly started Node process
// runs its first edits in cold, not yet optimised code (our server's edit times
// settle after 30-50 edits); they are reported on their own.
const WARMUP = arg('--warmup', 50);
// Milliseconds between a diagnostics notification and the next platform edit: 0
// sends edits back to back (the server's after-publish work lands in the next
// edit's time); a typing pace leaves the server the gaps an editor would.
const PAUSE = arg('--pause', 0);
const BIG_EDITS = arg('--big-edits', 20);
const sarg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const MONOREPO = sarg('--monorepo', '/work/conformance/src/kubeflow+manifests');
const MONOREPO_FILE = sarg('--monorepo-file', 'applications/jupyter/jupyter-web-app/upstream/base/deployment.yaml');
const SERVER_FLAGS = sarg('--server-flags', '').split(' ').filter(Boolean);
const OURS_ONLY = process.argv.includes('--ours-only');
const RENDER_EDIT = process.argv.includes('--render-edit');
const SERVER = sarg('--server', join(repoRoot, 'dist', 'server.js'));
// The editor forks our server with its own Node (code-server's, Node 24), not the one running this script.
const NODE = sarg('--node', process.execPath);
// Without the server's V8 flags (server/src/launch.ts), to weigh what they cost and save.
const DEFAULT_FLAGS = process.argv.includes('--no-server-node-flags') ? [] : SERVER_NODE_FLAGS;
const scratch = mkdtempSync(join(tmpdir(), 'thebot-bench-lsp-'));

// ---- yaml-language-server's schema: our bundles merged, one if/then branch per apiVersion/kind.
// Written by a child process: parsing and combining the schema set takes tens
// of MB of heap, and done in this process (the client of both servers) it
// slowed every server measured after it (our platform edits: median 15.5-16.4
// against 10.2-10.9 ms, server CPU per edit 21-24 against 16 ms, 3 runs each,
// the same hour), V8 collecting that heap on the other core meanwhile.
// yaml-language-server gets the descriptions too (kept apart from the schemas
// in X.docs.json, merged back by server/src/schema/docs.ts as for our hover),
// as it would with any published schema.
const COMBINE_SCHEMAS = `
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const [dir, file, docsModule] = process.argv.slice(1);
const { withDocs } = require(docsModule);
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
const definitions = {};
const branches = [];
for (const f of index.files) {
  // Cross-bundle references (a CRD's ObjectMeta lives in the Kubernetes bundle) become local ones.
  const raw = readFileSync(join(dir, f), 'utf8').replace(/"\\$ref":\\s*"[^"#]*#\\/definitions\\//g, '"$ref": "#/definitions/');
  const bundle = JSON.parse(raw);
  const docsFile = join(dir, f.replace(/\\.json$/, '.docs.json'));
  const docs = existsSync(docsFile) ? JSON.parse(readFileSync(docsFile, 'utf8')).definitions : {};
  for (const [name, d] of Object.entries(bundle.definitions)) definitions[name] = withDocs(d, docs[name]);
  for (const [apiVersion, kinds] of Object.entries(bundle['x-thebot-kinds'])) {
    for (const [kind, def] of Object.entries(kinds)) {
      branches.push({
        if: { properties: { apiVersion: { const: apiVersion }, kind: { const: kind } }, required: ['apiVersion', 'kind'] },
        then: { $ref: '#/definitions/' + def },
      });
    }
  }
}
writeFileSync(file, JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', definitions, allOf: branches }));
`;

function combinedSchema(): string {
  const file = join(scratch, 'kubernetes-combined.schema.json');
  execFileSync(process.execPath, ['--import', 'tsx', '-e', COMBINE_SCHEMAS, join(repoRoot, 'schemas'), file, join(repoRoot, 'server', 'src', 'schema', 'docs.ts')], { stdio: 'inherit', cwd: repoRoot });
  return pathToFileURL(file).toString();
}

function yamlLanguageServer(root: string, schemaUri: string): Promise<LspClient> {
  return LspClient.start({
    root,
    command: [join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    // With dynamic file-watcher registration announced it never asks this client for its settings (and so
    // never validates); it does not read other files to validate one, so it loses nothing without it.
    watchFiles: false,
    configuration: {
      yaml: {
        validate: true,
        hover: false,
        completion: false,
        format: { enable: false },
        schemas: { [schemaUri]: '*.yaml' },
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        maxItemsComputed: 5000,
      },
      http: {},
      '[yaml]': {},
      editor: {},
      files: {},
    },
  });
}

function ours(root: string): Promise<LspClient> {
  // Announces file watching as VS Code does: the server then keeps what it read from disk.
  return LspClient.start({ root, watchFiles: true, node: NODE, command: [...DEFAULT_FLAGS, ...SERVER_FLAGS, SERVER, '--stdio'] });
}

// ---- measurements
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Next diagnostics for `uri` after `send()` (versioned when the server says which version). */
async function timed(client: LspClient, uri: string, version: number, send: () => Promise<unknown>): Promise<{ ms: number; p: PublishDiagnosticsParams }> {
  const wait = client.waitForDiagnostics(uri, (p) => p.version === undefined || p.version === version);
  const t0 = now();
  await send();
  const p = await wait;
  return { ms: now() - t0, p };
}

/** A server started in `root` with `file` opened: the client, the file's URI and the time to its first diagnostics. */
async function startAndOpen(start: (root: string) => Promise<LspClient>, root: string, file: string, text: string): Promise<{ client: LspClient; uri: string; first: { ms: number; p: PublishDiagnosticsParams }; openCpu: number }> {
  const client = await start(root);
  try {
    if (start !== ours) await client.configured; // yaml-language-server pulls its schemas setting first
    const uri = pathToFileURL(file).toString();
    const cpu0 = cpuMs(client.pid);
    const first = await timed(client, uri, 1, () => client.open(file, text));
    // Server CPU from the open to its diagnostics (with whatever start-up work overlaps it).
    return { client, uri, first, openCpu: cpuMs(client.pid) - cpu0 };
  } catch (e) {
    await client.stop();
    throw e;
  }
}

/** The i-th of a series of edits that toggle the value at `at` between two texts, timed to its diagnostics. */
function toggle(client: LspClient, uri: string, at: { line: number; character: number }, values: [string, string], i: number): Promise<{ ms: number; p: PublishDiagnosticsParams }> {
  const [from, to] = i % 2 === 0 ? values : [values[1], values[0]];
  const version = (client.version(uri) ?? 1) + 1;
  return timed(client, uri, version, () => client.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + from.length } }, text: to }]));
}

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

/** CPU time the process has used (user + system, ms; Linux): on a shared machine a steadier figure than wall time. */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // utime and stime are fields 14 and 15 of stat (12 and 13 after pid and comm), in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function peakMemoryMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function platform(start: (root: string) => Promise<LspClient>): Promise<{ first: number; median: number; p95: number; coldMedian: number; coldMax: number; errors: number; cpuPerEdit: number; coldCpuPerEdit: number }> {
  const root = join(repoRoot, 'manifests');
  const file = join(root, 'base', '06-backend-deployment.yaml');
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // A value every environment renders as written (no overlay patches it): each
  // edit changes all three renders. (`replicas` would not: every overlay sets it.)
  // No transformer reads it, so our server carries the edit into each render
  // (server/src/kustomize/scalarEdit.ts); with --render-edit the edit is of the
  // container's image, which the images transformer reads: every edit renders
  // all three environments again.
  const line = RENDER_EDIT ? lines.findIndex((l) => /^\s+image: \S+$/.test(l)) : lines.findIndex((l) => /^\s+terminationGracePeriodSeconds: \d+$/.test(l));
  const col = lines[line].indexOf(':') + 2;
  const original = lines[line].slice(col);
  const edited = RENDER_EDIT ? `${original.slice(0, -1)}${original.endsWith('x') ? 'y' : 'x'}` : String(Number(original) + 1);
  const { client, uri, first } = await startAndOpen(start, root, file, text);
  try {
    const times: number[] = [];
    const cold: number[] = [];
    let errors = 0;
    let cpu0 = 0;
    // CPU over the warm-up edits too: on a loaded machine the cold edits' wall times say little.
    const coldCpu0 = cpuMs(client.pid);
    let coldCpuPerEdit = NaN;
    for (let i = 0; i < WARMUP + EDITS; i++) {
      if (i === WARMUP) {
        cpu0 = cpuMs(client.pid);
        coldCpuPerEdit = (cpu0 - coldCpu0) / WARMUP;
      }
      if (PAUSE > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE));
      const r = await toggle(client, uri, { line, character: col }, [original, edited], i);
      (i < WARMUP ? cold : times).push(r.ms);
      errors = r.p.diagnostics.filter((d) => d.severity === 1).length;
    }
    const cpuPerEdit = (cpuMs(client.pid) - cpu0) / EDITS;
    if (process.argv.includes('--times')) console.log(`platform: first ${WARMUP} edits -> diagnostics, ms, in order: ${cold.map((t) => t.toFixed(0)).join(' ')}`);
    return { first: first.ms, ...stats(times), coldMedian: stats(cold).median, coldMax: Math.max(...cold), errors, cpuPerEdit, coldCpuPerEdit };
  } finally {
    await client.stop();
  }
}

/** The generated file (test/documents/bigManifest.ts) and the line of its first `replicas: 2`. */
function bigFile(): { text: string; editLine: number } {
  const text = bigManifest();
  return { text, editLine: text.split('\n').findIndex((l) => l === '  replicas: 2') };
}

async function big(start: (root: string) => Promise<LspClient>, text: string, editLine: number): Promise<{ full: number; fullCpu: number; warm: number; median: number; p95: number; typingMedian: number; typingP95: number; editorMedian: number; peak: number; diagnostics: number }> {
  const root = mkdtempSync(join(scratch, 'big-'));
  const file = join(root, 'big.yaml');
  writeFileSync(file, text);
  // A second copy, opened once the server has worked a while: full validation by a warm server.
  const copy = join(root, 'big-copy.yaml');
  writeFileSync(copy, text);
  const { client, uri, first, openCpu } = await startAndOpen(start, root, file, text);
  try {
    const times: number[] = [];
    for (let i = 0; i < BIG_EDITS; i++) {
      const r = await toggle(client, uri, { line: editLine, character: 12 }, ['2', '3'], i);
      times.push(r.ms);
    }
    if (process.argv.includes('--times')) console.log(`big-file edit -> diagnostics, ms, in order: ${times.map((t) => t.toFixed(0)).join(' ')}`);
    // Typing: each edit changes the line's length (2 -> 20 -> 2), so every document after it moves.
    const typing: number[] = [];
    for (let i = 0; i < BIG_EDITS; i++) typing.push((await toggle(client, uri, { line: editLine, character: 12 }, ['2', '20'], i)).ms);
    if (process.argv.includes('--times')) console.log(`big-file typing -> diagnostics, ms, in order: ${typing.map((t) => t.toFixed(0)).join(' ')}`);
    const typed = stats(typing);
    // A keystroke as VS Code follows it: diagnostics, and the outline, folding ranges and code actions at the cursor it asks for.
    const editor: number[] = [];
    const td = { textDocument: { uri } };
    const at = { line: editLine, character: 12 };
    for (let i = 0; i < BIG_EDITS / 2; i++) {
      const t0 = performance.now();
      await Promise.all([
        toggle(client, uri, at, ['2', '20'], i),
        client.connection.sendRequest('textDocument/documentSymbol', td),
        client.connection.sendRequest('textDocument/foldingRange', td),
        client.connection.sendRequest('textDocument/codeAction', { ...td, range: { start: at, end: at }, context: { diagnostics: [] } }),
      ]);
      editor.push(performance.now() - t0);
    }
    if (process.argv.includes('--times')) console.log(`big-file keystroke with outline, folding, code actions, ms, in order: ${editor.map((t) => t.toFixed(0)).join(' ')}`);
    const warm = await timed(client, pathToFileURL(copy).toString(), 1, () => client.open(copy, text));
    return { full: first.ms, fullCpu: openCpu, warm: warm.ms, ...stats(times), typingMedian: typed.median, typingP95: typed.p95, editorMedian: stats(editor).median, peak: peakMemoryMiB(client.pid), diagnostics: first.p.diagnostics.length };
  } finally {
    await client.stop();
  }
}

/** A fresh server opens one file of the monorepo: first diagnostics, then (ours) the end of the run that rendered its environments. */
async function monorepo(start: (root: string) => Promise<LspClient>): Promise<{ first: number; full: number | undefined; peak: number }> {
  const file = join(MONOREPO, MONOREPO_FILE);
  const client = await start(MONOREPO);
  try {
    if (start !== ours) await client.configured;
    // The URI as the editor sends it (a '+' in the path is escaped, as the server escapes it when publishing).
    const uri = URI.file(file).toString();
    const done = new Promise<number>((resolve) => client.connection.onNotification('thebot/projectChanged', () => resolve(now())));
    const wait = client.waitForDiagnostics(uri);
    const t0 = now();
    await client.open(file, readFileSync(file, 'utf8'));
    await wait;
    const first = now() - t0;
    const full = start === ours ? (await done) - t0 : undefined;
    return { first, full, peak: peakMemoryMiB(client.pid) };
  } finally {
    await client.stop();
  }
}

const f = (ms: number): string => `${ms.toFixed(1)} ms`;
const ratio = (a: number, b: number): string => `${(b / a).toFixed(1)}x`;

async function main(): Promise<void> {
  const schemaUri = combinedSchema();
  const yls = (root: string): Promise<LspClient> => yamlLanguageServer(root, schemaUri);
  const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`bench-lsp: node ${process.version}${NODE === process.execPath ? "" : ` (our server: ${NODE})`}${DEFAULT_FLAGS.length ? "" : ", our server without its V8 flags"}, ${cpus().length} cores, load average ${load()}; ${EDITS} platform edits${RENDER_EDIT ? ' (of an image: each renders again)' : ''} after ${WARMUP} warm-up edits, ${PAUSE} ms apart, ${BIG_EDITS} big-file edits`);
  if (OURS_ONLY && process.argv.includes('--big-only')) {
    const { text, editLine } = bigFile();
    const b = await big(ours, text, editLine);
    console.log(`ours only: big file full validation fresh ${f(b.full)} (server CPU ${f(b.fullCpu)}), warm ${f(b.warm)}, edit median ${f(b.median)} p95 ${f(b.p95)}, typing median ${f(b.typingMedian)} p95 ${f(b.typingP95)}, keystroke with outline/folding/code actions median ${f(b.editorMedian)}, peak ${b.peak.toFixed(0)} MiB; load ${load()}`);
    return;
  }
  const po = await platform(ours);
  if (OURS_ONLY) {
    const { text, editLine } = bigFile();
    const b = await big(ours, text, editLine);
    console.log(`ours only: platform first diagnostics ${f(po.first)}; first ${WARMUP} edits median ${f(po.coldMedian)} / max ${f(po.coldMax)}, server CPU ${f(po.coldCpuPerEdit)} per edit; edit -> diagnostics median ${f(po.median)}, p95 ${f(po.p95)}, server CPU ${f(po.cpuPerEdit)} per edit; big file full validation fresh ${f(b.full)} (server CPU ${f(b.fullCpu)}), warm ${f(b.warm)}, edit median ${f(b.median)} p95 ${f(b.p95)}, typing median ${f(b.typingMedian)} p95 ${f(b.typingP95)}, keystroke with outline/folding/code actions median ${f(b.editorMedian)}, peak ${b.peak.toFixed(0)} MiB; load ${load()}`);
    return;
  }
  const py = await platform(yls);
  const { text, editLine } = bigFile();
  const bo = await big(ours, text, editLine);
  const by = await big(yls, text, editLine);
  const rows: [string, string, string, string][] = [
    ['', 'thebot', 'yaml-language-server', 'speed-up'],
    ['platform: first diagnostics', f(po.first), f(py.first), ratio(po.first, py.first)],
    [`platform: first ${WARMUP} edits of a fresh server, median / max`, `${f(po.coldMedian)} / ${f(po.coldMax)}`, `${f(py.coldMedian)} / ${f(py.coldMax)}`, ratio(po.coldMax, py.coldMax)],
    ['platform: edit -> diagnostics, median', f(po.median), f(py.median), ratio(po.median, py.median)],
    ['platform: edit -> diagnostics, p95', f(po.p95), f(py.p95), ratio(po.p95, py.p95)],
    ['platform: server CPU time per edit (user + system)', f(po.cpuPerEdit), f(py.cpuPerEdit), ratio(po.cpuPerEdit, py.cpuPerEdit)],
    ['platform: errors after the edits', String(po.errors), String(py.errors), ''],
    [`big file (${text.split('\n').length - 1} lines, 1200 docs): full validation, fresh server`, f(bo.full), f(by.full), ratio(bo.full, by.full)],
    ['big file: full validation, server already running (a second copy)', f(bo.warm), f(by.warm), ratio(bo.warm, by.warm)],
    ['big file: edit -> diagnostics, median', f(bo.median), f(by.median), ratio(bo.median, by.median)],
    ['big file: edit -> diagnostics, p95', f(bo.p95), f(by.p95), ratio(bo.p95, by.p95)],
    ['big file: typing (each edit moves every document after it) -> diagnostics, median', f(bo.typingMedian), f(by.typingMedian), ratio(bo.typingMedian, by.typingMedian)],
    ['big file: typing -> diagnostics, p95', f(bo.typingP95), f(by.typingP95), ratio(bo.typingP95, by.typingP95)],
    ['big file: a keystroke with the outline, folding ranges and code actions the editor then asks for, median', f(bo.editorMedian), f(by.editorMedian), ratio(bo.editorMedian, by.editorMedian)],
    ['big file: peak memory (VmHWM)', `${bo.peak.toFixed(0)} MiB`, `${by.peak.toFixed(0)} MiB`, ''],
    ['big file: diagnostics on open', String(bo.diagnostics), String(by.diagnostics), ''],
  ];
  if (existsSync(join(MONOREPO, MONOREPO_FILE))) {
    const mo = await monorepo(ours);
    const my = await monorepo(yls);
    rows.push(
      [`monorepo (${MONOREPO.split('/').pop()}, no thebot.yaml): open ${MONOREPO_FILE.split('/').slice(-4).join('/')} -> first diagnostics`, f(mo.first), f(my.first), ratio(mo.first, my.first)],
      ['monorepo: diagnostics of every environment including it (ours: end of the run)', mo.full === undefined ? '-' : f(mo.full), '-', ''],
      ['monorepo: peak memory (VmHWM)', `${mo.peak.toFixed(0)} MiB`, `${my.peak.toFixed(0)} MiB`, ''],
    );
  } else console.log(`(no monorepo rows: ${join(MONOREPO, MONOREPO_FILE)} is not there)`);
  const w = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
  console.log(`load average at the end: ${load()} (figures are wall-clock: a loaded machine inflates both columns)`);
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
