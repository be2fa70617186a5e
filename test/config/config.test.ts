import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadProjectConfig, parseProjectConfig, readProjectConfig } from '../../server/src/config';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-config-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const K = 'resources: []\n';

function problems(text: string, files: Record<string, string> = {}): string[] {
  const dir = project({ 'thebot.yaml': text, ...files });
  const c = parseProjectConfig(join(dir, 'thebot.yaml'), text);
  return c.problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1}-${p.range.end.line + 1}:${p.range.end.character + 1} ${p.severity} ${p.message}`);
}

test('loads environments with defaults and per-environment facts', () => {
  const dir = project({
    'k/thebot.yaml': [
      'kubernetesVersion: "1.33"',
      'environments:',
      '  dev: { overlay: overlays/dev }',
      '  production:',
      '    overlay: overlays/production',
      '    context: prod-ctx',
      '    facts: { registries: [registry.example.com], minReplicas: 3 }',
      'facts: { requiredLabels: [app], registries: [localhost:5000] }',
      'rules: { severity: { image-latest-tag: off }, environments: { production: { pdb-missing: error } } }',
      '',
    ].join('\n'),
    'k/overlays/dev/kustomization.yaml': 'namespace: thebot-dev\n',
    'k/overlays/production/kustomization.yaml': K,
    'k/sub/x.yaml': '',
  });
  const c = loadProjectConfig(join(dir, 'k', 'sub'));
  assert.deepEqual(c.problems, []);
  assert.equal(c.file, join(dir, 'k', 'thebot.yaml'));
  assert.equal(c.root, join(dir, 'k'));
  assert.equal(c.kubernetesVersion, '1.33');
  assert.deepEqual(
    c.environments.map((e) => [e.name, e.overlay, e.context, e.namespace, e.protected, e.facts.registries, e.facts.minReplicas, e.facts.debugAllowed, e.facts.requiredLabels]),
    [
      ['dev', join(dir, 'k/overlays/dev'), 'dev', 'thebot-dev', false, ['localhost:5000'], 0, true, ['app']],
      ['production', join(dir, 'k/overlays/production'), 'prod-ctx', 'default', true, ['registry.example.com'], 3, false, ['app']],
    ],
  );
  assert.deepEqual(c.rules, { include: ['*'], exclude: [], severity: { 'image-latest-tag': 'off' }, environments: { production: { 'pdb-missing': 'error' } } });
});

test('finds thebot.yaml in a direct child directory (repo root → manifests/)', () => {
  const dir = project({ 'manifests/thebot.yaml': 'environments:\n  dev: { overlay: overlays/dev }\n', 'manifests/overlays/dev/kustomization.yaml': K });
  const c = loadProjectConfig(dir);
  assert.equal(c.file, join(dir, 'manifests', 'thebot.yaml'));
  assert.deepEqual(c.environments.map((e) => e.name), ['dev']);
});

test('without a config, every kustomization no other one includes is an environment', () => {
  const dir = project({
    'deploy/overlays/prod/kustomization.yaml': 'namespace: app\nresources: [../../base]\n',
    'deploy/overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\n',
    'deploy/overlays/notes/README.md': 'not an overlay',
    'deploy/base/kustomization.yaml': K,
    'deploy/components/tls/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
  });
  const c = loadProjectConfig(dir);
  assert.equal(c.file, undefined);
  assert.equal(c.root, dir);
  assert.deepEqual(
    c.environments.map((e) => [e.name, e.context, e.namespace, e.protected, e.facts.debugAllowed]),
    [
      ['dev', 'dev', 'default', false, true],
      ['prod', 'prod', 'app', true, false],
    ],
  );
  assert.equal(c.kubernetesVersion, '1.34');
});

test('discovers overlays upward when started in a directory without kustomizations', () => {
  const dir = project({ 'overlays/dev/kustomization.yaml': K, 'docs/README.md': 'docs' });
  const c = loadProjectConfig(join(dir, 'docs'));
  assert.equal(c.root, dir);
  assert.deepEqual(c.environments.map((e) => e.name), ['dev']);
});

test('started inside an overlay, that overlay is the project', () => {
  const dir = project({ 'overlays/dev/kustomization.yaml': K });
  const c = loadProjectConfig(join(dir, 'overlays', 'dev'));
  assert.equal(c.root, join(dir, 'overlays', 'dev'));
  assert.deepEqual(c.environments.map((e) => [e.name, e.overlay]), [['dev', join(dir, 'overlays', 'dev')]]);
});

test('monorepo: environment names are base names where unique, else paths; components and included kustomizations are none', () => {
  const root = join(__dirname, '..', 'fixtures', 'analysis', 'monorepo');
  const c = loadProjectConfig(root);
  assert.equal(c.root, root);
  assert.deepEqual(
    c.environments.map((e) => [e.name, relative(root, e.overlay)]),
    [
      ['apps/api/overlays/dev', 'apps/api/overlays/dev'],
      ['apps/web/overlays/dev', 'apps/web/overlays/dev'],
      ['all', 'platform/all'],
    ],
  );
});

test('reports schema problems at the exact key or value', () => {
  const text = [
    'kubernetesVersion: 1.34', // a number, not a string
    'environments:',
    '  dev:',
    '    overlay: overlays/dev',
    '    protected: yes please',
    '    colour: blue',
    '  Prod:',
    '    context: x',
    'rules:',
    '  severity:',
    '    image-latest-tag: fatal',
    '',
  ].join('\n');
  assert.deepEqual(problems(text, { 'overlays/dev/kustomization.yaml': K }), [
    '1:20-1:24 error kubernetesVersion: must be string',
    '5:16-5:26 error environments.dev.protected: must be boolean',
    '6:5-6:11 error environments.dev: unknown property \'colour\'',
    '7:3-7:7 error environments: invalid name \'Prod\'',
    '7:3-7:7 error environments.Prod: missing required property \'overlay\'',
    '11:23-11:28 error rules.severity.image-latest-tag: must be one of error, warning, info, off',
  ]);
});

test('reports a missing overlay directory and an unknown environment in rules', () => {
  const text = 'environments:\n  dev:\n    overlay: overlays/nope\nrules:\n  environments:\n    qa: { x: off }\n';
  assert.deepEqual(problems(text), [
    '3:14-3:27 error environments.dev.overlay: no kustomization.yaml in overlays/nope',
    '6:5-6:7 error rules.environments: unknown environment \'qa\'',
  ]);
});

test('reports YAML syntax errors in the config', () => {
  assert.deepEqual(problems('environments:\n  dev: [\n'), ['3:1-3:2 error Flow sequence in block collection must be sufficiently indented and end with a ]']);
});

test('a thebot.yaml that is not UTF-8 is refused at the offending byte in goyaml\'s words, not parsed', () => {
  const at = (bytes: Buffer): string[] => {
    const dir = project({ 'kustomization.yaml': K });
    writeFileSync(join(dir, 'thebot.yaml'), bytes);
    const c = readProjectConfig(join(dir, 'thebot.yaml'));
    return [...c.environments.map((e) => e.name), ...c.problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1}-${p.range.end.line + 1}:${p.range.end.character + 1} ${p.severity} ${p.message}`)];
  };
  // Was: 'environments: must be object' (the byte decoded to U+FFFD, a string).
  assert.deepEqual(at(Buffer.from('environments: \xe9\n', 'latin1')), ['1:15-1:16 error thebot.yaml: incomplete UTF-8 octet sequence']);
  assert.deepEqual(at(Buffer.from('environments:\n  dev:\n    overlay: .\n    namespace: caf\xe9-x\n', 'latin1')), ['4:19-4:20 error thebot.yaml: invalid trailing UTF-8 octet']);
  assert.deepEqual(at(Buffer.from('# f\xfcr\nenvironments:\n  dev:\n    overlay: .\n', 'latin1')), ['1:4-1:5 error thebot.yaml: invalid leading UTF-8 octet']);
  assert.deepEqual(at(Buffer.from('environments:\n  dev:\n    overlay: .\n    namespace: a\xff\n', 'latin1')), ['4:17-4:18 error thebot.yaml: invalid leading UTF-8 octet']);
  // Valid UTF-8, and UTF-16 with a byte order mark, load as before.
  assert.deepEqual(at(Buffer.from('# für\nenvironments:\n  dev:\n    overlay: .\n')), ['dev']);
  assert.deepEqual(at(Buffer.from('\ufeffenvironments:\n  dev:\n    overlay: .\n', 'utf16le')), ['dev']);
});

test('a thebot.yaml nested too deeply: one problem in the parser\'s words (the file\'s own syntax check says the same, and the two merge)', () => {
  assert.deepEqual(problems(`environments:\n  x: ${'['.repeat(600)}${']'.repeat(600)}\n`), [`2:504-2:505 error exceeded max depth of 500 (thebot's nesting limit; kustomize's is 10000)`]);
});

test('the bundled manifests/thebot.yaml is schema-valid', () => {
  const file = join(__dirname, '..', '..', 'manifests', 'thebot.yaml');
  const c = parseProjectConfig(file, readFileSync(file, 'utf8'));
  assert.deepEqual(
    c.problems.filter((p) => !p.message.includes('no kustomization.yaml')).map((p) => p.message),
    [],
  );
  assert.deepEqual(
    c.environments.map((e) => [e.name, e.context, e.namespace, e.protected, e.facts.registries]),
    [
      ['dev', 'thebot-dev', 'thebot', false, ['localhost:5000']],
      ['staging', 'thebot-staging', 'thebot', true, ['gcr.io/thebot-staging']],
      ['production', 'thebot-production', 'thebot', true, ['registry.the-bot.ru']],
    ],
  );
  assert.equal(c.kubernetesVersion, '1.34');
});

test('rule ids in the config that no rule has are reported at the key', async () => {
  const { unknownRuleFindings } = await import('../../server/src/analysis/config-findings');
  const { RULES } = await import('../../server/src/rules');
  const text = 'rules:\n  severity: { image-latest-tag: off, latest-tag: error }\n  environments:\n    dev: { pdb-mising: off }\n';
  assert.deepEqual(
    unknownRuleFindings('/p/thebot.yaml', text, RULES).map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message}`),
    ["2:38 warning unknown rule 'latest-tag'", "4:12 warning unknown rule 'pdb-mising'"],
  );
});

test('a thebot.yaml without environments discovers overlays/* and applies its facts', () => {
  const dir = project({
    'thebot.yaml': 'facts: { requiredLabels: [team] }\n',
    'overlays/production/kustomization.yaml': K,
  });
  const c = loadProjectConfig(dir);
  assert.deepEqual(c.problems, []);
  assert.deepEqual(c.environments.map((e) => [e.name, e.protected, e.facts.requiredLabels, e.facts.debugAllowed]), [['production', true, ['team'], false]]);
});

test('debugAllowed: per-environment value, else an explicit global one, else the name-based default', () => {
  const dir = project({ 'overlays/dev/kustomization.yaml': K, 'overlays/qa/kustomization.yaml': K, 'overlays/production/kustomization.yaml': K });
  const text = (global: string) =>
    `environments:\n  dev: { overlay: overlays/dev }\n  qa: { overlay: overlays/qa }\n  production: { overlay: overlays/production, facts: { debugAllowed: false } }\n${global}`;
  const allowed = (t: string) => parseProjectConfig(join(dir, 'thebot.yaml'), t).environments.map((e) => [e.name, e.facts.debugAllowed]);
  assert.deepEqual(allowed(text('')), [['dev', true], ['qa', false], ['production', false]]);
  assert.deepEqual(allowed(text('facts: { debugAllowed: true }\n')), [['dev', true], ['qa', true], ['production', false]]);
});
