// The editor and `thebot check` give identical findings: for every fixture
// project, the real language server process (workspace folder = the project,
// every YAML file open) and the real CLI process (`thebot check <project>
// --format json`) are compared finding by finding: file, range, severity,
// code, environments and message. Every fixture project: the platform, the
// CLI's and the server's projects, the monorepo, and every rule fixture
// (92 directories: kustomizations, thebot.yaml projects and plain files, in
// one multi-root workspace against one `thebot check <dir>...`, so that the
// comparison stays a few seconds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { URI } from 'vscode-uri';
import { ProjectChangedNotification } from '../../server/src/protocol';
import { LspClient, repoRoot } from './lspClient';

const fixtures = join(repoRoot, 'test', 'fixtures');
const rules = join(fixtures, 'rules');
const PROJECTS = [
  join(repoRoot, 'manifests'),
  join(fixtures, 'cli', 'project'),
  join(fixtures, 'server', 'workspace'),
  join(fixtures, 'server', 'generators'),
  join(fixtures, 'analysis', 'monorepo'),
];
/** Every rule fixture directory, each a project of its own (discovered, thebot.yaml, or plain files). */
const RULE_FIXTURES = readdirSync(rules)
  .sort()
  .flatMap((r) => ['bad', 'good'].map((k) => join(rules, r, k)))
  .filter((d) => existsSync(d));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

const SEVERITY = ['', 'error', 'warning', 'info'];

/** What the editor shows, every file open (`folders`: more workspace folders below `root`). */
async function editorFindings(root: string, folders: string[] = []): Promise<string[]> {
  const client = await LspClient.start({ root, folders });
  try {
    let projectChanged: () => void = () => undefined;
    client.connection.onNotification(ProjectChangedNotification.type, () => projectChanged());
    const uris: string[] = [];
    for (const file of yamlFiles(root)) uris.push(await client.open(file));
    assert.ok(uris.length, `no YAML file under ${root}`);
    for (const uri of uris) await client.diagnosticsFor(uri, 1);
    // A last no-op edit: its run comes after every other, and the project notification after all of its diagnostics.
    const last = uris.at(-1)!;
    const done = new Promise<void>((resolve) => (projectChanged = resolve));
    const version = await client.change(last, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    await client.diagnosticsFor(last, version);
    await done;
    const out: string[] = [];
    for (const [uri, p] of client.diagnostics) {
      const file = relative(root, URI.parse(uri).fsPath);
      for (const d of p.diagnostics) {
        out.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${SEVERITY[d.severity!]} ${d.code} ${d.message}`);
      }
    }
    return out.sort();
  } finally {
    await client.stop();
  }
}

/** What `thebot check` prints (`paths`: the directories to check, relative to `root`). */
function cliFindings(root: string, paths = ['.']): string[] {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'thebot.js'), 'check', ...paths, '--format', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const findings = JSON.parse(r.stdout) as { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string; environments?: string[] }[];
  return findings
    .map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.code} ${f.environments?.length ? `${f.environments.join(', ')}: ` : ''}${f.message}`)
    .sort();
}

for (const root of PROJECTS) {
  test(`editor and CLI agree on ${relative(repoRoot, root)}`, async () => {
    const cli = cliFindings(root);
    assert.deepEqual(await editorFindings(root), cli);
  });
}

test(`editor and CLI agree on every rule fixture (${RULE_FIXTURES.length} projects, one multi-root workspace)`, async () => {
  assert.ok(RULE_FIXTURES.length >= 90);
  const cli = cliFindings(rules, RULE_FIXTURES.map((d) => relative(rules, d)));
  // The bad cases that are projects have findings: the comparison compares something in each (plain files get file-level checks only).
  for (const d of RULE_FIXTURES.filter((d) => d.endsWith('bad') && existsSync(join(d, 'kustomization.yaml')))) {
    assert.ok(cli.some((l) => l.startsWith(`${relative(rules, d)}/`)), `no finding in ${d}`);
  }
  assert.deepEqual(await editorFindings(rules, RULE_FIXTURES), cli);
});

test('the comparison has findings to compare (seeded fixtures)', () => {
  assert.ok(cliFindings(join(fixtures, 'server', 'workspace')).length >= 5);
});
