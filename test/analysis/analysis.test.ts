import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { loadProjectConfig, parseProjectConfig } from '../../server/src/config';
import { analyzeEnvironment, analyzeProject, type AnalysisFinding } from '../../server/src/analysis';
import { engineOptions } from '../../server/src/analysis/engine';
import { RenderCache, nodeFileReader } from '../../server/src/kustomize';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { parseMemoOf } from '../../server/src/analysis/parseMemo';
import { tmpdir } from 'node:os';

const repo = join(__dirname, '..', '..');
const project = join(repo, 'test', 'fixtures', 'cli', 'project');

function show(f: AnalysisFinding): string {
  return `${relative(repo, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} [${(f.environments ?? []).join(',')}] ${f.message}`;
}

test('the bundled platform passes every environment with no error and no unsuppressed warning', () => {
  const config = loadProjectConfig(join(repo, 'manifests'));
  assert.deepEqual(config.environments.map((e) => e.name), ['dev', 'staging', 'production']);
  const { findings, renders } = analyzeProject(config, engineOptions({ cache: new RenderCache() }));
  assert.deepEqual(findings.map(show), []);
  for (const [env, r] of renders) {
    assert.deepEqual(r.errors, [], env);
    assert.ok(r.resources.length > 50, `${env} renders the platform`);
  }
});

test('every suppression on the platform carries a reason, and lifting them shows only those findings', () => {
  const config = loadProjectConfig(join(repo, 'manifests'));
  const { findings } = analyzeProject(config, { ...engineOptions(), noSuppressions: true });
  assert.ok(findings.every((f) => f.severity !== 'error'), findings.filter((f) => f.severity === 'error').map(show).join('\n'));
  assert.deepEqual([...new Set(findings.map((f) => f.code))].sort(), ['min-replicas', 'network-policy-selector']);
});

test('a finding lands on the overlay line that set the value, with the base line as related information', () => {
  const config = loadProjectConfig(project);
  const env = config.environments.find((e) => e.name === 'production')!;
  const { findings } = analyzeEnvironment(config, env, engineOptions());
  const f = findings.find((x) => x.code === 'min-replicas')!;
  assert.equal(show(f), "test/fixtures/cli/project/overlays/production/kustomization.yaml:5:12 warning min-replicas [production] Deployment 'web' runs 1 replica(s), below the 2 required in production");
  assert.deepEqual(
    f.related!.map((r) => `${relative(repo, r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`),
    ['test/fixtures/cli/project/base/web.yaml:8:13 spec.replicas set here (resource), overridden'],
  );
});

test('the same finding in several environments is merged; --env restricts the environments', () => {
  const config = loadProjectConfig(project);
  const all = analyzeProject(config, engineOptions()).findings.map(show);
  assert.deepEqual(all, [
    "test/fixtures/cli/project/base/web.yaml:17:18 warning image-latest-tag [dev,production] image 'example.com/web:latest' of container 'web' uses the 'latest' tag; pin a version",
    "test/fixtures/cli/project/overlays/production/kustomization.yaml:5:12 warning min-replicas [production] Deployment 'web' runs 1 replica(s), below the 2 required in production",
  ]);
  const dev = analyzeProject(config, { ...engineOptions(), environments: ['dev'] });
  assert.deepEqual([...dev.renders.keys()], ['dev']);
  assert.deepEqual(dev.findings.map((f) => f.environments), [['dev']]);
});

test('per-environment severity overrides apply after global ones', () => {
  const file = join(project, 'thebot.yaml');
  const text = readFileSync(file, 'utf8').replace(
    'rules:\n',
    'rules:\n  severity: { image-latest-tag: info, no-such-rule: error }\n  environments:\n    production: { image-latest-tag: error }\n',
  );
  const config = parseProjectConfig(file, text);
  const { findings } = analyzeProject(config, engineOptions());
  const image = findings.filter((f) => f.code === 'image-latest-tag').map((f) => `${f.severity} ${f.environments!.join(',')}`);
  assert.deepEqual(image, ['info dev', 'error production']);
});

test('a quick fix replaces the literal source value', () => {
  const config = loadProjectConfig(project);
  const env = config.environments.find((e) => e.name === 'dev')!;
  const { findings } = analyzeEnvironment(config, env, { ...engineOptions(), noSuppressions: true });
  const f = findings.find((x) => x.code === 'privileged')!;
  assert.deepEqual(f.fix, {
    title: 'Set privileged: false',
    edits: [{ file: join(project, 'base', 'web.yaml'), range: { start: { line: 18, character: 24 }, end: { line: 18, character: 28 } }, newText: 'false' }],
  });
});

test('rules.exclude and ignorePaths drop findings', () => {
  const file = join(project, 'thebot.yaml');
  const base = readFileSync(file, 'utf8');
  const excluded = parseProjectConfig(file, base.replace('rules:\n', 'rules:\n  exclude: [image-*]\n'));
  assert.deepEqual(analyzeProject(excluded, engineOptions()).findings.map((f) => f.code), ['min-replicas']);
  const ignored = parseProjectConfig(file, `${base}ignorePaths: [overlays/**]\n`);
  assert.deepEqual(analyzeProject(ignored, engineOptions()).findings.map((f) => f.code), ['image-latest-tag']);
});

test('a render error becomes a finding at the kustomization line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-analysis-'));
  mkdirSync(join(dir, 'overlays', 'dev'), { recursive: true });
  writeFileSync(join(dir, 'overlays', 'dev', 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
  const { findings } = analyzeProject(loadProjectConfig(dir), engineOptions());
  assert.deepEqual(
    findings.map((f) => `${relative(dir, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} [${f.environments}]`),
    ['overlays/dev/kustomization.yaml:2:5 error render [dev]'],
  );
});

test('platform: DEBUG=True slipped into the production overlay is an error at its generator literal, base line related', () => {
  const prod = join(repo, 'manifests', 'overlays', 'production', 'kustomization.yaml');
  const reader = { ...nodeFileReader, readFile: (p: string) => (p === prod ? nodeFileReader.readFile(p)?.replace('DEBUG=False', 'DEBUG=True') : nodeFileReader.readFile(p)) };
  const { findings } = analyzeProject(loadProjectConfig(join(repo, 'manifests')), engineOptions({ reader }));
  // The overlay is engineer-owned and may move, so the expected position is read
  // from its text: the literal of the merging generator entry (`- DEBUG=False`).
  const lines = readFileSync(prod, 'utf8').split('\n');
  const line = lines.findIndex((l) => /^\s*- DEBUG=False\s*$/.test(l)) + 1;
  const col = lines[line - 1].indexOf('DEBUG=False') + 1;
  assert.deepEqual(findings.map(show), [
    `manifests/overlays/production/kustomization.yaml:${line}:${col} error debug-outside-dev [production] DEBUG=True in ConfigMap 'django-config' outside development (environment 'production')`,
  ]);
  assert.equal(relative(repo, findings[0].related![0].file), 'manifests/base/01-configmap.yaml');
});

test('without a renderer, analyzeProject uses the Kustomize engine and schemas (the contract the language server uses)', () => {
  const config = loadProjectConfig(project);
  assert.deepEqual(
    analyzeProject(config, { cache: new RenderCache() }).findings.map((f) => f.code),
    analyzeProject(config, engineOptions()).findings.map((f) => f.code),
  );
});

test('schema problems of rendered objects are findings at the source value', () => {
  const web = join(project, 'base', 'web.yaml');
  const reader = { ...nodeFileReader, readFile: (p: string) => (p === web ? nodeFileReader.readFile(p)?.replace('replicas: 2', 'replicas: two') : nodeFileReader.readFile(p)) };
  const config = loadProjectConfig(project);
  const { findings } = analyzeProject(config, { reader, environments: ['dev'] });
  assert.deepEqual(
    findings.filter((f) => f.code.startsWith('schema')).map(show),
    ['test/fixtures/cli/project/base/web.yaml:8:13 error schema-type [dev] expected integer, got string "two"'],
  );
});

test('monorepo without thebot.yaml: patch files are checked as patches, also those of a component no environment includes', () => {
  const root = join(repo, 'test', 'fixtures', 'analysis', 'monorepo');
  const { findings } = analyzeProject(loadProjectConfig(root), engineOptions());
  // The component's patch is not a full object: its bad value is reported, its missing selector and image are not.
  assert.deepEqual(findings.filter((f) => f.severity === 'error').map(show), [
    'test/fixtures/analysis/monorepo/apps/api/components/tls/tls.yaml:13:25 error schema-type [] expected boolean, got string "yes"',
  ]);
  assert.deepEqual(findings.filter((f) => /missing required/.test(f.message)).map(show), []);
  assert.deepEqual(findings.filter((f) => f.file.endsWith('replicas.yaml')).map(show), []);
});

test('a second analysis with the same render cache parses no source file again; an edited file is parsed again, alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-analysis-'));
  cpSync(project, dir, { recursive: true });
  const cache = new RenderCache();
  const memo = parseMemoOf(cache);
  const check = () => analyzeProject(loadProjectConfig(dir), engineOptions({ cache })).findings;
  const first = check();
  // The three kustomizations and base/web.yaml (thebot.yaml is read by the config loader, not through the memo).
  assert.equal(memo.parses, 4);
  assert.deepEqual(check(), first);
  assert.equal(memo.parses, 4);
  const web = join(dir, 'base', 'web.yaml');
  writeFileSync(web, readFileSync(web, 'utf8').replace('example.com/web:latest', 'example.com/web:1.2.3'));
  const edited = check();
  assert.equal(memo.parses, 5);
  assert.deepEqual(
    edited.map((f) => `${relative(dir, f.file)}:${f.range.start.line + 1} ${f.code}`),
    ['overlays/production/kustomization.yaml:5 min-replicas'],
  );
});
