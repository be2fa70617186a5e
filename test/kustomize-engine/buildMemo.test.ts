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
import { ProjectAnalysis } from '../../server/src/analysis/project';
import { loadProjectConfig } from '../../server/src/config';
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

/** The memo's stored resources of its only entry (undefined once taken): what a copy is made from. */
function storedLists(cache: RenderCache): (Resource[] | undefined)[] {
  const entries = (cache.builds as unknown as { entries: Map<string, { resources: Resource[] | undefined }> }).entries;
  return [...entries.values()].map((e) => e.resources);
}

/** Every object of a render changed in place, as the analysis may not but nothing stops it from doing. */
function vandalize(r: ReturnType<typeof renderKustomization>): void {
  for (const x of r.resources) {
    const o = x.object as Record<string, unknown>;
    (o.metadata as Record<string, unknown>).name = 'vandalized';
    o.spec = { replicas: 99 };
  }
}

test('the last render after an edit of the base takes the stored resources; later renders never see what it did to them', () => {
  const root = tree(PLATFORM);
  const s = server(root);
  const render = (env: string, lastUse = false) => renderKustomization(join(root, 'overlays', env), { reader: s.reader, cache: s.cache, lastUse });
  const fresh = (env: string) => renderKustomization(join(root, 'overlays', env), { reader: s.reader, cache: new RenderCache() });
  const file = join(root, 'base', 'd.yaml');
  for (const [version, replicas] of [[1, 3], [2, 4]] as const) {
    // An edit of the base: the first render builds it, the last one takes what the memo stored.
    s.reader.setBuffer(file, version, deployment(replicas));
    s.cache.invalidate(file);
    const dev = render('dev');
    const [stored] = storedLists(s.cache);
    assert.ok(stored && stored.length === 1 && stored[0]!.obj !== dev.resources[0]!.object);
    const prod = render('prod', true);
    assert.equal(prod.resources[0]!.object, stored[0]!.obj, 'prod renders the stored object itself, no copy');
    assert.deepEqual(storedLists(s.cache), [undefined]);
    assertSameRender(prod, fresh('prod'), `prod, taken, edit ${version}`);
    assertSameRender(dev, fresh('dev'), `dev, edit ${version}`);
    vandalize(prod);
    vandalize(dev);
  }
  assert.deepEqual([s.cache.builds.stored, s.cache.builds.hits, s.cache.builds.taken], [2, 2, 2]);
  // No edit: the taken entry is still valid but empty, so the base is built again (not taken by the next last render).
  const again = ['dev', 'prod', 'dev', 'prod'].map((env, i) => render(env, i % 2 === 1));
  again.forEach((r, i) => assertSameRender(r, fresh(i % 2 ? 'prod' : 'dev'), `after the take ${i}`));
  assert.match(again[3]!.toYaml(), /name: prod-web\n[^]*replicas: 4\n/);
  assert.deepEqual([s.cache.builds.stored, s.cache.builds.hits, s.cache.builds.taken], [3, 5, 2]);
  assert.equal(storedLists(s.cache)[0]!.length, 1);
});

test('an edit of an overlay alone: its last render copies the base, as the next edit would otherwise build it again', () => {
  const root = tree(PLATFORM);
  const s = server(root);
  const render = (env: string, lastUse = false) => renderKustomization(join(root, 'overlays', env), { reader: s.reader, cache: s.cache, lastUse });
  render('dev');
  render('prod', true);
  assert.deepEqual([s.cache.builds.stored, s.cache.builds.hits, s.cache.builds.taken], [1, 1, 1]);
  // The base is built again once (its resources were taken), then copied from.
  for (const prefix of ['a-', 'b-', 'c-']) {
    const prod = join(root, 'overlays', 'prod', 'kustomization.yaml');
    s.reader.setBuffer(prod, prefix.charCodeAt(0), `resources:\n- ../../base\nnamePrefix: ${prefix}\n`);
    s.cache.invalidate(prod);
    const r = render('prod', true);
    assert.match(r.toYaml(), new RegExp(`name: ${prefix}web\n`));
    vandalize(r);
  }
  assert.deepEqual([s.cache.builds.stored, s.cache.builds.hits, s.cache.builds.taken], [2, 3, 1]);
  assert.match(render('dev').toYaml(), /name: dev-web\n[^]*replicas: 1\n/);
});

test("ProjectAnalysis: the last environment of a refresh takes the base the first one built", () => {
  const root = tree({
    ...PLATFORM,
    'thebot.yaml': 'environments:\n  dev:\n    overlay: overlays/dev\n  prod:\n    overlay: overlays/prod\n',
  });
  const cache = new RenderCache();
  const reader = new WorkspaceFiles();
  const project = new ProjectAnalysis(loadProjectConfig(root), { reader, cache });
  project.refreshAll();
  assert.deepEqual([cache.builds.stored, cache.builds.hits, cache.builds.taken], [1, 1, 1]);
  assert.deepEqual(project.environments.map((e) => e.render!.toYaml()), ['dev', 'prod'].map((env) => renderKustomization(join(root, 'overlays', env)).toYaml()));
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
    'allowKindChange', 'allowNameChange', 'behavior', 'buildOrigin', 'generatorBehavior', 'holdsComplexKey', 'jsonStyled', 'needsHash', 'obj', 'origin', 'prefixes', 'prevIds', 'prevIdsUnequal', 'refBy', 'refVarNames', 'sharing', 'suffixes', 'transformations',
  ]);
});
