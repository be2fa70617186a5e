// Hover, definition and completion services called directly on environments
// rendered by the real engine (no server process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml, type ParsedYaml } from '../../server/src/documents/parse';
import { loadProjectConfig } from '../../server/src/config';
import { renderKustomization } from '../../server/src/kustomize';
import { describe, listKinds } from '../../server/src/schema';
import { hover } from '../../server/src/services/hover';
import { URI } from 'vscode-uri';
import { complete } from '../../server/src/services/completion';
import { definition } from '../../server/src/services/navigation';
import { repoRoot } from './lspClient';

const root = join(repoRoot, 'test', 'fixtures', 'server', 'workspace');
const config = loadProjectConfig(root);
const environments = config.environments.map((e) => ({ name: e.name, render: renderKustomization(e.overlay) }));
const parseFile = (f: string): ParsedYaml | undefined => parseYaml(readFileSync(f, 'utf8'));

test('hover on a value a patch sets shows it only where the patch applies', () => {
  const file = join(root, 'overlays', 'production', 'patches', 'web.yaml');
  const parsed = parseFile(file)!;
  const h = hover({ file, parsed, position: { line: 11, character: 20 }, root, environments, describe, parseFile });
  assert.equal(
    (h!.contents as { value: string }).value,
    '**cpu** `quantity`\n\n' +
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors. …\n\n' +
      `- production: lots — [overlays/production/patches/web.yaml:12](${URI.file(file).toString()}#L12)`,
  );
});

test('definition from a Service-port-free reference: serviceAccountName goes to the ServiceAccount', () => {
  const file = join(root, 'base', 'app.yaml');
  const locs = definition({ file, parsed: parseFile(file)!, position: { line: 16, character: 27 }, environments, parseFile, kustomizationIn: () => undefined });
  assert.deepEqual(locs, [{ file: join(root, 'base', 'config.yaml'), range: { start: { line: 21, character: 8 }, end: { line: 21, character: 11 } } }]);
});

test('completion of apiVersion/kind pairs at the top of an empty document', () => {
  const file = join(root, 'standalone', 'new.yaml');
  const items = complete({ file, parsed: parseYaml('Deploy'), position: { line: 0, character: 6 }, environments, describe, listKinds, parseFile, listDirectory: () => [] });
  const deployment = items.find((i) => i.label === 'Deployment' && i.detail === 'apps/v1')!;
  assert.equal((deployment.textEdit as { newText: string }).newText, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${1:name}\n$0');
  assert.equal(items.some((i) => i.label.endsWith('List')), false);
});

test('a space triggers completion only after `key: ` or `- `', () => {
  const file = join(root, 'standalone', 'new.yaml');
  const text = 'apiVersion: v1\nkind: Service\nspec:\n  type: \n  \n';
  const run = (line: number, character: number) =>
    complete({ file, parsed: parseYaml(text), position: { line, character }, environments, describe, listKinds, parseFile, listDirectory: () => [], triggerCharacter: ' ' }).map((i) => i.label);
  assert.deepEqual(run(3, 8), ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  assert.deepEqual(run(4, 2), []);
});

test('definition from a patch target selector to the objects it selects', () => {
  const file = join(root, 'overlays', 'production', 'kustomization.yaml');
  const parsed = parseYaml('resources:\n  - ../../base\npatches:\n  - path: patches/web.yaml\n    target:\n      kind: Deployment\n      name: web\n');
  const locs = definition({ file, parsed, position: { line: 6, character: 13 }, environments, parseFile, kustomizationIn: () => undefined });
  assert.deepEqual(locs, [{ file: join(root, 'base', 'app.yaml'), range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } } }]);
});
