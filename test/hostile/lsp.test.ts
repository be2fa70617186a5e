// The hostile-input corpus (corpus.ts) through the real language server over
// the protocol: for each case the server opens the file the CLI reports on
// (else the kustomization), publishes the same findings the CLI prints for it
// (line, column, severity, code, message), within the time bound, and is
// still alive and answering afterwards, its peak resident memory under 1 GiB.
// Also: an unsaved buffer over the 16 MiB cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentSymbolRequest } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../server/lspClient';
import { CASES, write } from './corpus';
import { CPU_LIMIT_MS, MEMORY_LIMIT_KIB, WALL_DEADLINE_MS, cpuMs, peakRssKiB, withDeadline } from './limits';

// Wall time only catches a hang (the machine is shared); the bound is the server's CPU time.
const LSP_DEADLINE_MS = WALL_DEADLINE_MS;
const SEVERITY: Record<string, number> = { error: 1, warning: 2, info: 3, hint: 4 };

/** The CLI's findings for `file` as the server publishes them: `line:col severity code message` (0-based). */
function expectedFor(stdout: string, file: string, dir: string): string[] {
  const out: string[] = [];
  for (const line of stdout.replaceAll('$DIR', dir).split('\n')) {
    const m = /^(.+?):(\d+):(\d+) (\w+) (\S+) (?:\[([^\]]+)\] )?(.*)$/.exec(line);
    if (!m || m[1] !== file) continue;
    out.push(`${+m[2]! - 1}:${+m[3]! - 1} ${SEVERITY[m[4]!]} ${m[5]} ${m[6] ? `${m[6]}: ` : ''}${m[7]}`);
  }
  return out;
}

for (const c of CASES.filter((x) => !x.cliOnly)) {
  test(`lsp: ${c.name}`, async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'thebot-hostile-lsp-')));
    let client: LspClient | undefined;
    try {
      c.make(dir);
      const named = /^([^:\s]+):\d+:\d+ /.exec(c.check.stdout)?.[1];
      const open = c.lsp?.open ?? (named && existsSync(join(dir, named)) ? named : 'kustomization.yaml');
      client = await LspClient.start({ root: dir });
      const cpuBefore = cpuMs(client.pid!);
      const file = join(dir, open);
      const uri = await client.open(file, existsSync(file) ? readFileSync(file, 'utf8') : '');
      // A file whose bytes matter (invalid UTF-8) is not opened: an editor buffer holds only its text.
      const published = c.lsp?.published ? uriOf(join(dir, c.lsp.published)) : uri;
      const p = await withDeadline(
        c.lsp?.published ? client.waitForDiagnostics(published, (d) => d.diagnostics.length > 0, true) : client.diagnosticsFor(uri, 1),
        LSP_DEADLINE_MS,
        `diagnostics of ${open}`,
      );
      const got = p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code} ${d.message}`);
      const expected = c.lsp?.diagnostics.map((d) => d.replaceAll('$DIR', dir)) ?? expectedFor(c.check.stdout, open, dir);
      assert.deepEqual(got, expected);
      // Alive and answering.
      const symbols = await withDeadline(client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), LSP_DEADLINE_MS, 'documentSymbol');
      assert.ok(Array.isArray(symbols));
      const rss = peakRssKiB(client.pid!);
      assert.ok(rss < MEMORY_LIMIT_KIB, `server peak RSS ${rss} KiB (limit ${MEMORY_LIMIT_KIB} KiB)`);
      const cpu = cpuMs(client.pid!) - cpuBefore;
      assert.ok(cpu < CPU_LIMIT_MS, `server CPU time ${cpu} ms (limit ${CPU_LIMIT_MS} ms)`);
    } finally {
      await client?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('lsp: an unsaved buffer over 16 MiB gets the cap a file on disk gets, and the server stays small', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'thebot-hostile-lsp-')));
  let client: LspClient | undefined;
  try {
    write(dir, { 'kustomization.yaml': 'resources: [cm.yaml]\n', 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n' });
    client = await LspClient.start({ root: dir });
    const uri = await client.open(join(dir, 'kustomization.yaml'));
    await withDeadline(client.diagnosticsFor(uri, 1), LSP_DEADLINE_MS, 'first diagnostics');
    const cm = await client.open(join(dir, 'cm.yaml'));
    await withDeadline(client.diagnosticsFor(cm, 1), LSP_DEADLINE_MS, 'cm.yaml diagnostics');
    // 17 MiB of one data value, typed (not saved) into cm.yaml.
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: ${'x'.repeat(17 * 1024 * 1024)}\n`;
    const version = await client.change(cm, big);
    assert.equal(version, 2);
    const p = await withDeadline(client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x) => /too large/.test(x.message)), true), LSP_DEADLINE_MS, 'too-large diagnostic');
    assert.deepEqual(
      p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code} ${d.message}`),
      [`0:12 1 render dev: accumulating resources: accumulation err='accumulating resources from 'cm.yaml': file '${join(dir, 'cm.yaml')}' is too large: ${big.length} bytes (the limit is 16 MiB)'`],
    );
    const rss = peakRssKiB(client.pid!);
    assert.ok(rss < MEMORY_LIMIT_KIB, `server peak RSS ${rss} KiB (limit ${MEMORY_LIMIT_KIB} KiB)`);
    const symbols = await withDeadline(client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), LSP_DEADLINE_MS, 'documentSymbol');
    assert.ok(Array.isArray(symbols));
  } finally {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
