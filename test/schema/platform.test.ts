// The platform's own manifests validate clean: every source file in its role
// (resource, patch, kustomization), and every environment as rendered by
// `kubectl kustomize` (the reference renderer, used here only as an oracle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseYaml } from '../../server/src/documents/parse';
import { validateFileDocuments, validateObject, type FileMode, type PatchTarget } from '../../server/src/schema';

const root = resolve(__dirname, '..', '..', 'manifests');

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** JSON 6902 patch targets per patch file, from the kustomizations' `target:`s. */
const targets = new Map<string, PatchTarget[]>();

/** Role of each file, from the kustomizations that reference it. */
function roles(files: string[]): Map<string, FileMode | 'skip'> {
  const role = new Map<string, FileMode | 'skip'>();
  for (const f of files.filter((f) => /kustomization\.ya?ml$/.test(basename(f)))) {
    role.set(f, 'kustomization');
    const k = (parseAllDocuments(readFileSync(f, 'utf8'))[0]?.toJS() ?? {}) as {
      patches?: { path?: string; target?: PatchTarget }[];
      patchesStrategicMerge?: string[];
      patchesJson6902?: { path?: string; target?: PatchTarget }[];
      configMapGenerator?: { files?: string[] }[];
      secretGenerator?: { files?: string[] }[];
    };
    const at = (p: string) => resolve(dirname(f), p.replace(/^[^=]*=/, ''));
    for (const p of [...(k.patches ?? []), ...(k.patchesJson6902 ?? [])]) {
      if (!p.path) continue;
      role.set(at(p.path), 'patch');
      if (p.target) targets.set(at(p.path), [...(targets.get(at(p.path)) ?? []), p.target]);
    }
    for (const p of k.patchesStrategicMerge ?? []) if (!p.includes('\n')) role.set(at(p), 'patch');
    for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) for (const p of g.files ?? []) role.set(at(p), 'skip');
  }
  role.set(join(root, 'thebot.yaml'), 'skip'); // the project config has its own schema
  return role;
}

test('every platform source file validates clean in its role', { skip: !existsSync(root) && 'manifests/ not present' }, () => {
  const files = yamlFiles(root);
  const role = roles(files);
  const report: string[] = [];
  let checked = 0;
  for (const f of files) {
    const mode = role.get(f) ?? 'full';
    if (mode === 'skip') continue;
    checked++;
    for (const x of validateFileDocuments(f, parseYaml(readFileSync(f, 'utf8')), mode, { patchTargets: targets.get(f) })) {
      report.push(`${f.slice(root.length + 1)}:${x.range.start.line + 1}:${x.range.start.character + 1} ${x.code} ${x.message}`);
    }
  }
  assert.ok(checked > 10, `only ${checked} files found`);
  assert.deepEqual(report, []);
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const overlays = existsSync(join(root, 'overlays')) ? readdirSync(join(root, 'overlays')).sort() : [];

for (const env of overlays) {
  test(`environment ${env}, rendered by kubectl kustomize, validates clean`, { skip: !kubectl && 'kubectl not installed (reference renderer)' }, () => {
    const r = spawnSync('kubectl', ['kustomize', join(root, 'overlays', env)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const objects = parseAllDocuments(r.stdout).map((d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string } });
    assert.ok(objects.length > 20, `only ${objects.length} objects rendered`);
    const report = objects.flatMap((o) =>
      validateObject(o, { mode: 'full', kubernetesVersion: '1.34' }).map((p) => `${o.kind}/${o.metadata.name} ${p.path.join('.')}: ${p.message}`),
    );
    assert.deepEqual(report, []);
  });
}
