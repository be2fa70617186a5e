// Placement by the most specific node, one row per finding kind: each schema
// error kind of a rendered object, and findings whose value a kustomization
// field computed (images newTag/newName, replicas count, a label pair, a
// generator literal). The source marks the expected position with ‸ (removed
// before writing); the row's finding must be reported there and only there.
// (Each rule's own positions are pinned by its fixture: test/rules/fixtures.test.ts;
// the last test checks that every code the sources emit is covered one way or the other.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { loadProjectConfig } from '../../server/src/config';
import { analyzeProject } from '../../server/src/analysis';
import { engineOptions } from '../../server/src/analysis/engine';
import { RULES } from '../../server/src/rules';
import { CODES } from '../../server/src/schema/walk';

const MARK = '‸';

const DEPLOYMENT = (extra = '', image = 'registry.example.com/web:1.0.0') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: ${image}
          ports:
            - { name: http, containerPort: 8000 }${extra}
`;

const overlay = (body: string) => `resources:\n  - ../../base\n${body}`;
const base = (files: string[]) => `resources:\n${files.map((f) => `  - ${f}`).join('\n')}\n`;

interface Row {
  name: string;
  code: string;
  files: Record<string, string>;
  /** Files no environment reads, checked on their own (as the CLI checks every file under its path). */
  alsoCheck?: string[];
}

const ROWS: Row[] = [
  {
    name: 'unknown field whose value is a mapping: on the key',
    code: 'schema-unknown-field',
    files: {
      'base/web.yaml': DEPLOYMENT(`
          ‸readynessProbe:
            httpGet: { path: /ready, port: http }`),
    },
  },
  {
    name: 'unknown scalar field: on the key',
    code: 'schema-unknown-field',
    files: { 'base/web.yaml': DEPLOYMENT(`\n          ‸imagePullPolicyy: Always`) },
  },
  {
    name: 'wrong type: on the value',
    code: 'schema-type',
    files: { 'base/web.yaml': DEPLOYMENT(`\n          stdin: ‸"yes"`) },
  },
  {
    name: 'a mapping where a scalar belongs: on the key',
    code: 'schema-type',
    files: { 'base/web.yaml': DEPLOYMENT(`\n          ‸stdin:\n            enabled: true`) },
  },
  {
    name: 'missing required field: on the key of the object that lacks it',
    code: 'schema-required',
    files: {
      'base/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
‸spec:
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: registry.example.com/web:1.0.0 }]
`,
    },
  },
  {
    name: 'invalid enum value: on the value',
    code: 'schema-invalid-value',
    files: { 'base/web.yaml': DEPLOYMENT(`\n          imagePullPolicy: ‸Sometimes`) },
  },
  {
    name: 'duplicate list entry: on the repeated key value',
    code: 'schema-duplicate-entry',
    files: { 'base/web.yaml': DEPLOYMENT(`
            - { name: metrics, containerPort: ‸8000 }`) },
  },
  {
    name: 'unknown kind: on the kind value',
    code: 'schema-unknown-kind',
    files: { 'base/web.yaml': `apiVersion: example.com/v1
kind: ‸Widget
metadata: { name: web }
` },
  },
  {
    name: 'removed apiVersion: on the value',
    code: 'deprecated-api',
    files: { 'base/web.yaml': `apiVersion: ‸policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: { name: web }\nspec:\n  minAvailable: 1\n` },
  },
  {
    name: 'unknown field set by a patch: on the key in the patch file',
    code: 'schema-unknown-field',
    files: {
      'base/web.yaml': DEPLOYMENT(),
      'overlays/dev/kustomization.yaml': overlay('patches:\n  - path: probe.yaml\n'),
      'overlays/dev/probe.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          ‸livenesProbe:
            tcpSocket: { port: http }
`,
    },
  },
  {
    name: 'images newTag: on the newTag value',
    code: 'image-latest-tag',
    files: {
      'base/web.yaml': DEPLOYMENT(),
      'overlays/dev/kustomization.yaml': overlay('images:\n  - name: registry.example.com/web\n    newTag: ‸latest\n'),
    },
  },
  {
    name: 'images newName: on the newName value',
    code: 'image-registry',
    files: {
      'base/web.yaml': DEPLOYMENT(),
      'overlays/dev/kustomization.yaml': overlay('images:\n  - name: registry.example.com/web\n    newName: ‸docker.io/web\n    newTag: 1.0.1\n'),
    },
  },
  {
    name: 'an image whose tag an overlay set: a registry finding stays on the base line that set the name',
    code: 'image-registry',
    files: {
      'base/web.yaml': DEPLOYMENT('', '‸docker.io/web:1.0.0'),
      'overlays/dev/kustomization.yaml': overlay('images:\n  - name: docker.io/web\n    newTag: 1.0.1\n'),
    },
  },
  {
    name: 'replicas count: on the count value',
    code: 'min-replicas',
    files: {
      'base/web.yaml': DEPLOYMENT(),
      'overlays/dev/kustomization.yaml': overlay('replicas:\n  - name: web\n    count: ‸1\n'),
    },
  },
  {
    name: 'a label pair a kustomization added to a selector: on the pair',
    code: 'service-selector-no-match',
    files: {
      'base/web.yaml': DEPLOYMENT(),
      'overlays/dev/kustomization.yaml': overlay('  - edge\n'),
      'overlays/dev/edge/kustomization.yaml': 'resources: [svc.yaml]\nlabels:\n  - pairs:\n      tier: ‸edge\n    includeSelectors: true\n',
      'overlays/dev/edge/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80, targetPort: http }]\n',
    },
  },
  {
    name: 'a generator literal: on the literal',
    code: 'debug-outside-dev',
    files: {
      'base/web.yaml': DEPLOYMENT(`\n          envFrom: [{ configMapRef: { name: settings } }]`),
      'overlays/dev/kustomization.yaml': overlay('configMapGenerator:\n  - name: settings\n    literals:\n      - LOG_LEVEL=INFO\n      - ‸DEBUG=True\n'),
    },
  },
  {
    name: 'a NetworkPolicy peer that selects nothing: on the label',
    code: 'network-policy-selector',
    files: {
      'base/web.yaml': DEPLOYMENT(),
      'base/policy.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web }
spec:
  podSelector:
    matchLabels: { app: web }
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: web
              role: ‸frontend
`,
    },
  },
  {
    name: 'deprecated kustomization field: on the key',
    code: 'schema-deprecated-field',
    files: { 'base/web.yaml': DEPLOYMENT(), 'overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\n‸commonLabels:\n  tier: web\n' },
  },
  {
    name: 'unknown kustomization field: on the key',
    code: 'schema-unknown-field',
    files: { 'base/web.yaml': DEPLOYMENT(), 'overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\n‸imagez:\n  - name: web\n' },
  },
  {
    name: 'JSON 6902 operation kustomize refuses: on the operation',
    code: 'render',
    files: {
      'base/web.yaml': DEPLOYMENT(),
      'overlays/dev/kustomization.yaml': overlay('patches:\n  - path: ops.yaml\n    target: { kind: Deployment, name: web }\n'),
      'overlays/dev/ops.yaml': '- ‸op: bump\n  path: /spec/replicas\n  value: 3\n',
    },
  },
  {
    name: 'YAML syntax error: at the parser\'s position',
    code: 'yaml-syntax',
    files: { 'base/web.yaml': DEPLOYMENT(`\n          args: [--port, 8000\n          ‸stdin: true`) },
  },
  {
    name: 'render error: on the kustomization entry kustomize failed on',
    code: 'render',
    files: { 'base/web.yaml': DEPLOYMENT(), 'overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\n  - ‸missing.yaml\n' },
  },
  {
    name: 'thebot.yaml: an unknown rule id on its key',
    code: 'config',
    files: {
      'base/web.yaml': DEPLOYMENT(),
      'thebot.yaml': 'environments:\n  dev:\n    overlay: overlays/dev\n    namespace: default\nrules:\n  severity:\n    ‸no-such-rule: error\n',
    },
  },
  {
    name: 'duplicate merge key: on the key value of both entries',
    code: 'duplicate-merge-key',
    files: { 'base/web.yaml': DEPLOYMENT(`\n          env:\n            - name: ‸MODE\n              value: a\n            - name: ‸MODE\n              value: b`) },
  },
  {
    name: 'a base value of the wrong type every environment overrides: on the base value',
    code: 'overridden-invalid-value',
    files: {
      'base/web.yaml': DEPLOYMENT().replace('replicas: 2', 'replicas: ‸"three"'),
      'overlays/dev/kustomization.yaml': overlay('replicas:\n  - name: web\n    count: 2\n'),
    },
  },
  {
    name: 'a patch no kustomization uses: the info on its first line',
    code: 'unused-patch',
    files: {
      'base/web.yaml': DEPLOYMENT(),
      'overlays/dev/kustomization.yaml': overlay('# - path: webhook_patch.yaml\n'),
      'overlays/dev/webhook_patch.yaml': '‸apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    },
    alsoCheck: ['overlays/dev/webhook_patch.yaml'],
  },
];

/** Writes the row's project (base/kustomization.yaml, the dev overlay and thebot.yaml unless given) and returns the marked positions. */
function materialize(row: Row): { dir: string; expected: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-placement-'));
  const files: Record<string, string> = { ...row.files };
  files['base/kustomization.yaml'] ??= base(Object.keys(files).filter((f) => f.startsWith('base/')).map((f) => f.slice(5)));
  files['overlays/dev/kustomization.yaml'] ??= overlay('');
  // Production facts make min-replicas, debug-outside-dev and image-registry apply.
  files['thebot.yaml'] ??= `environments:
  dev:
    overlay: overlays/dev
    namespace: default
    facts: { registries: [registry.example.com], minReplicas: 2, debugAllowed: false }
`;
  const expected: string[] = [];
  for (const [path, marked] of Object.entries(files)) {
    let text = marked;
    for (let at = text.indexOf(MARK); at >= 0; at = text.indexOf(MARK)) {
      const before = text.slice(0, at).split('\n');
      expected.push(`${path}:${before.length}:${before[before.length - 1]!.length + 1}`);
      text = text.slice(0, at) + text.slice(at + MARK.length);
    }
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  assert.ok(expected.length, `${row.name}: no ${MARK} marker`);
  return { dir, expected };
}

for (const row of ROWS) {
  test(`placement: ${row.name}`, () => {
    const { dir, expected } = materialize(row);
    const { findings } = analyzeProject(loadProjectConfig(dir), { ...engineOptions(), files: (row.alsoCheck ?? []).map((f) => join(dir, f)) });
    const got = findings.filter((f) => f.code === row.code).map((f) => `${relative(dir, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`);
    assert.deepEqual(got, expected, findings.map((f) => `${relative(dir, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`).join('\n'));
  });
}

// Codes with no line of their own: an engine failure on odd input (reported at
// the overlay's first line) and a file the CLI cannot read (test/cli).
const NO_POSITION = new Set(['internal', 'read']);

test('every finding kind has a placement row here or, for a rule, a fixture that pins line and column', () => {
  const covered = new Set([...ROWS.map((r) => r.code), ...RULES.map((r) => r.id)]);
  const codes = new Set<string>(Object.values(CODES));
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, n.name);
      if (n.isDirectory()) walk(p);
      else if (n.name.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/\bcode: '([a-z0-9-]+)'/g)) codes.add(m[1]!);
    }
  };
  walk(join(__dirname, '..', '..', 'server', 'src'));
  for (const r of RULES) codes.add(r.id);
  assert.deepEqual([...codes].filter((c) => !covered.has(c) && !NO_POSITION.has(c)).sort(), []);
  // Rule fixtures: every expected finding is file:line:col (test/rules/meta.test.ts checks the form, fixtures.test.ts the values).
  for (const r of RULES) assert.ok(existsSync(join(__dirname, '..', 'fixtures', 'rules', r.id, 'bad', 'expected.txt')), r.id);
});
