// The build memo (server/src/kustomize/buildMemo.ts): a base shared by several
// overlays is built once, and rebuilt when anything it read changes — an edit
// in an editor buffer, a file created or deleted, a nested kustomization.
// Copies served from the memo carry everything later transformers of the
// overlay depend on (kustomize's exact bytes, from `kubectl kustomize`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderKustomization, RenderCache } from '../../server/src/kustomize';
import { Resource } from '../../server/src/kustomize/resource';
import { WorkspaceFiles } from '../../server/src/documents/workspace';
import { findOracle, runKustomize } from '../kustomize/oracle';
import { assertSameRender } from './memoCompare';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'thebot-memo-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const deployment = (replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx\n`;

const PLATFORM = {
  'base/kustomization.yaml': 'resources:\n- d.yaml\nlabels:\n- pairs:\n    app: web\n',
  'base/d.yaml': deployment(1),
  'overlays/dev/kustomization.yaml': 'resources:\n- ../../base\nnamePrefix: dev-\n',
  'overlays/prod/kustomization.yaml': 'resources:\n- ../../base\nnamePrefix: prod-\n',
};

/** The server's set-up: editor buffers over the disk, disk reads kept until a watched-file event. */
function server(root: string) {
  const reader = new WorkspaceFiles();
  reader.cacheDisk = true;
  const cache = new RenderCache();
  const render = (env: string) => renderKustomization(join(root, 'overlays', env), { reader, cache });
  const fresh = (env: string) => renderKustomization(join(root, 'overlays', env), { reader, cache: new RenderCache() });
  /** Both overlays: their output, checked against fresh-cache renders. */
  const both = (): string[] =>
    ['dev', 'prod'].map((env) => {
      const r = render(env);
      assertSameRender(r, fresh(env), env);
      return r.toYaml();
    });
  return { reader, cache, both, render };
}

test('an edited base file (editor buffer) reaches every overlay; the base is built once per edit', () => {
  const root = tree(PLATFORM);
  const s = server(root);
  assert.match(s.both().join(''), /replicas: 1\n/);
  assert.deepEqual([s.cache.builds.stored, s.cache.builds.hits], [1, 1]);
  const file = join(root, 'base', 'd.yaml');
  s.reader.setBuffer(file, 2, deployment(7));
  s.cache.invalidate(file);
  const out = s.both();
  assert.deepEqual(out.map((y) => /name: (\S+)\n[^]*replicas: (\d+)/.exec(y)?.slice(1)), [['dev-web', '7'], ['prod-web', '7']]);
  assert.deepEqual([s.cache.builds.stored, s.cache.builds.hits], [2, 2]);
  // An edit of one overlay leaves the base served from the memo.
  const dev = join(root, 'overlays', 'dev', 'kustomization.yaml');
  s.reader.setBuffer(dev, 2, 'resources:\n- ../../base\nnamePrefix: qa-\n');
  s.cache.invalidate(dev);
  assert.match(s.render('dev').toYaml(), /name: qa-web\n[^]*replicas: 7\n/);
  assert.deepEqual([s.cache.builds.stored, s.cache.builds.hits], [2, 3]);
});

test('a deleted and re-created file of the base invalidates', () => {
  const root = tree({ ...PLATFORM, 'base/kustomization.yaml': 'resources:\n- d.yaml\n- s.yaml\n', 'base/s.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n' });
  const s = server(root);
  assert.deepEqual(s.both().map((y) => y.match(/^  name: \S+/gm)), [['  name: dev-svc', '  name: dev-web'], ['  name: prod-svc', '  name: prod-web']]);
  rmSync(join(root, 'base', 's.yaml'));
  s.reader.diskChanged();
  s.cache.invalidate(join(root, 'base', 's.yaml'));
  s.both();
  const gone = s.render('prod');
  assert.deepEqual([gone.resources.length, gone.errors.length, /lstat \S+s\.yaml: no such file or directory/.test(gone.errors[0]!.message)], [0, 1, true]);
  writeFileSync(join(root, 'base', 's.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc2\n');
  s.reader.diskChanged();
  assert.deepEqual(s.both().map((y) => y.match(/^  name: \S+/gm)), [['  name: dev-svc2', '  name: dev-web'], ['  name: prod-svc2', '  name: prod-web']]);
});

test('a kustomization file created beside the base one invalidates (kustomize refuses two)', () => {
  const root = tree(PLATFORM);
  const s = server(root);
  s.both();
  writeFileSync(join(root, 'base', 'kustomization.yml'), 'resources:\n- d.yaml\n');
  s.reader.diskChanged();
  s.both();
  assert.deepEqual(s.render('dev').errors.map((e) => e.message.split(root).join('$ROOT')), [
    "accumulating resources: accumulation err='accumulating resources from '../../base': '$ROOT/base' must resolve to a file': couldn't make target for path '$ROOT/base': Found multiple kustomization files under: $ROOT/base",
  ]);
});

test('an edited nested kustomization invalidates every kustomization including it', () => {
  const root = tree({
    ...PLATFORM,
    'overlays/dev/kustomization.yaml': 'resources:\n- ../../mid\nnamePrefix: dev-\n',
    'overlays/prod/kustomization.yaml': 'resources:\n- ../../mid\nnamePrefix: prod-\n',
    'mid/kustomization.yaml': 'resources:\n- ../base\nnamespace: shop\n',
  });
  const s = server(root);
  assert.deepEqual(s.both().map((y) => /labels:\n {4}app: (\S+)\n {2}name: (\S+)\n {2}namespace: (\S+)/.exec(y)?.slice(1)), [['web', 'dev-web', 'shop'], ['web', 'prod-web', 'shop']]);
  const base = join(root, 'base', 'kustomization.yaml');
  s.reader.setBuffer(base, 2, 'resources:\n- d.yaml\nlabels:\n- pairs:\n    app: api\n');
  s.cache.invalidate(base);
  assert.deepEqual(s.both().map((y) => /labels:\n {4}app: (\S+)\n {2}name: (\S+)\n {2}namespace: (\S+)/.exec(y)?.slice(1)), [['api', 'dev-web', 'shop'], ['api', 'prod-web', 'shop']]);
  const mid = join(root, 'mid', 'kustomization.yaml');
  s.reader.setBuffer(mid, 2, 'resources:\n- ../base\nnamespace: store\n');
  s.cache.invalidate(mid);
  assert.deepEqual(s.both().map((y) => /labels:\n {4}app: (\S+)\n {2}name: (\S+)\n {2}namespace: (\S+)/.exec(y)?.slice(1)), [['api', 'dev-web', 'store'], ['api', 'prod-web', 'store']]);
});

test("a base's configurations reach the overlays from the memo, and an edit of the configuration file invalidates", () => {
  const root = tree({
    ...PLATFORM,
    'base/kustomization.yaml': 'resources:\n- d.yaml\nconfigurations:\n- conf.yaml\n',
    'base/conf.yaml': 'namePrefix:\n- kind: Deployment\n  path: spec/template/spec/containers/name\n',
  });
  const s = server(root);
  assert.deepEqual(s.both().map((y) => y.match(/ name: \S+/g)), [[' name: dev-web', ' name: dev-app'], [' name: prod-web', ' name: prod-app']]);
  assert.deepEqual([s.cache.builds.stored, s.cache.builds.hits], [1, 1]);
  const conf = join(root, 'base', 'conf.yaml');
  s.reader.setBuffer(conf, 2, 'nameSuffix:\n- kind: Deployment\n  path: spec/template/spec/containers/name\n');
  s.cache.invalidate(conf);
  assert.deepEqual(s.both().map((y) => y.match(/ name: \S+/g)), [[' name: dev-web', ' name: app'], [' name: prod-web', ' name: app']]);
  assert.deepEqual([s.cache.builds.stored, s.cache.builds.hits], [2, 2]);
});

test('build metadata options and the origin path are part of the key', () => {
  const root = tree({
    ...PLATFORM,
    'overlays/prod/kustomization.yaml': 'resources:\n- ../../base\nbuildMetadata: [originAnnotations, transformerAnnotations]\n',
    'top/kustomization.yaml': 'resources:\n- ../base\n',
  });
  const reader = new WorkspaceFiles();
  const cache = new RenderCache();
  for (const dir of ['overlays/dev', 'overlays/prod', 'top', 'overlays/prod', 'overlays/dev']) {
    const r = renderKustomization(join(root, dir), { reader, cache });
    assertSameRender(r, renderKustomization(join(root, dir), { reader, cache: new RenderCache() }), dir);
  }
  assert.match(renderKustomization(join(root, 'overlays/prod'), { reader, cache }).toYaml(), /config\.kubernetes\.io\/origin: \|\n {6}path: \.\.\/\.\.\/base\/d\.yaml\n/);
  assert.deepEqual([cache.builds.stored, cache.builds.hits], [3, 3]);
});

test('warnings and files of a base served from the memo are those of a build', () => {
  const root = tree({ ...PLATFORM, 'base/kustomization.yaml': 'resources:\n- d.yaml\ncommonLabels:\n  app: web\n' });
  const s = server(root);
  s.both();
  const r = s.render('dev');
  assert.deepEqual(r.warnings.map((w) => [w.message.slice(0, 38), w.file.slice(root.length)]), [["'commonLabels' is deprecated. Please u", '/base/kustomization.yaml']]);
  assert.deepEqual(r.files.map((f) => f.slice(root.length)), ['/overlays/dev/kustomization.yaml', '/base/kustomization.yaml', '/base/d.yaml']);
});

const FIXTURES = join(__dirname, 'memo');
const oracle = findOracle();
for (const name of ['shared-labels', 'untagged']) {
  // As the transformer tables: the expectations are what kustomize prints (a missing kustomize fails in CI).
  test(`kustomize still prints the expectations: ${name}`, { skip: !oracle && process.env.CI !== 'true' ? 'kustomize not installed' : false }, () => {
    assert.ok(oracle, 'no kustomize found (CI=true): run scripts/setup.sh');
    for (const ov of ['first', 'second']) {
      assert.equal(runKustomize(oracle, join(FIXTURES, name, ov)).stdout, readFileSync(join(FIXTURES, name, ov, 'expected.yaml'), 'utf8'), ov);
    }
  });

  test(`warm memo, kustomize's bytes: ${name}`, () => {
    const cache = new RenderCache();
    for (const ov of ['first', 'second', 'first', 'second']) {
      const r = renderKustomization(join(FIXTURES, name, ov), { cache });
      assert.deepEqual(r.errors, []);
      assert.equal(r.toYaml(), readFileSync(join(FIXTURES, name, ov, 'expected.yaml'), 'utf8'), ov);
    }
    assert.deepEqual([cache.builds.stored, cache.builds.hits], [1, 3]);
  });
}

test('the fields of Resource are the ones resourceCopy.ts was written for', () => {
  // A new field is copied by value (arrays shallowly): check it needs nothing more, then list it here.
  assert.deepEqual(Object.keys(new Resource({}, { file: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, by: '' })).sort(), [
    'allowKindChange', 'allowNameChange', 'behavior', 'buildOrigin', 'generatorBehavior', 'holdsComplexKey', 'needsHash', 'obj', 'origin', 'prefixes', 'prevIds', 'refBy', 'refVarNames', 'sharing', 'suffixes', 'transformations',
  ]);
});
