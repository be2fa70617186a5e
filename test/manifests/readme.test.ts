// manifests/README.md states how many objects each base file holds and each
// environment renders; these tests keep those figures true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { kustomize, manifestsDir, parseObjects } from './render';

const readme = readFileSync(join(manifestsDir, 'README.md'), 'utf8');
const baseDir = join(manifestsDir, 'base');

/** "Kind n, Kind m" in order of first appearance, as the README writes it. */
function kindsOf(objects: { kind: string }[]): string {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
}

test('README per-file counts and kinds equal the base files, which make up exactly the rendered base', () => {
  const rows = [...readme.matchAll(/^\| `(\d\d-[a-z-]+\.yaml)` \| (\d+) \| ([^|]+) \| (\d+) \|$/gm)].map((m) => ({
    file: m[1],
    count: Number(m[2]),
    kinds: m[3].trim(),
    summary: Number(m[4]),
  }));
  // The summary's own per-file figures, quoted as it gives them, add up to 79.
  assert.equal(rows.reduce((n, r) => n + r.summary, 0), 79);
  const files = readdirSync(baseDir).filter((f) => /^\d\d-.*\.yaml$/.test(f)).sort();
  assert.equal(files.length, 12);
  assert.deepEqual(rows.map((r) => r.file), files);

  const fromFiles: string[] = [];
  for (const row of rows) {
    const objects = parseObjects(readFileSync(join(baseDir, row.file), 'utf8'), row.file);
    assert.deepEqual({ file: row.file, count: row.count, kinds: row.kinds }, { file: row.file, count: objects.length, kinds: kindsOf(objects) });
    fromFiles.push(...objects.map((o) => `${o.kind}/${o.metadata.name}`));
  }
  const rendered = kustomize('base').objects.map((o) => `${o.kind}/${o.metadata.name}`);
  assert.deepEqual(fromFiles.sort(), rendered.sort());

  const total = /^\| \*\*Total\*\* \| \*\*(\d+)\*\* \|/m.exec(readme);
  assert.ok(total, 'README has a **Total** row');
  assert.equal(Number(total[1]), rendered.length);
});

test('README objects-rendered row equals each environment\'s render', () => {
  const row = /^\| Objects rendered \| (\d+) \| (\d+) \| (\d+) \|/m.exec(readme);
  assert.ok(row, 'README has an "Objects rendered" row');
  const stated = { dev: Number(row[1]), staging: Number(row[2]), production: Number(row[3]) };
  const real = Object.fromEntries((['dev', 'staging', 'production'] as const).map((env) => [env, kustomize(`overlays/${env}`).objects.length]));
  assert.deepEqual(stated, real);
});

test('README names every object of 01-configmap.yaml and 02-secrets.yaml in its section', () => {
  for (const file of ['01-configmap.yaml', '02-secrets.yaml']) {
    const section = readme.split(`### ${file}`)[1]?.split('\n### ')[0] ?? '';
    const names = parseObjects(readFileSync(join(baseDir, file), 'utf8'), file).map((o) => o.metadata.name);
    assert.deepEqual(names.filter((n) => !section.includes(`**\`${n}\`**`)), [], file);
  }
});
