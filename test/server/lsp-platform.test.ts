// The bundled platform (manifests/): opening every manifest, patch and
// kustomization in the real server yields no error diagnostic in any file of
// any environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LspClient, repoRoot } from './lspClient';

const root = join(repoRoot, 'manifests');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
    });
}

test('every file of the platform workspace opens without an error diagnostic', async () => {
  const client = await LspClient.start({ root });
  try {
    const files = yamlFiles(root);
    assert.ok(files.length >= 20, `expected the platform's manifests, found ${files.length} files`);
    const errors: string[] = [];
    for (const file of files) {
      const uri = await client.open(file);
      const p = await client.diagnosticsFor(uri, 1);
      for (const d of p.diagnostics) {
        if (d.severity === 1) errors.push(`${relative(root, file)}:${d.range.start.line + 1} ${d.code} ${d.message}`);
      }
    }
    // Files that are not open but got findings published are included too.
    for (const [uri, p] of client.diagnostics) {
      for (const d of p.diagnostics) if (d.severity === 1 && p.version === undefined) errors.push(`${uri}:${d.range.start.line + 1} ${d.code} ${d.message}`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await client.stop();
  }
});
