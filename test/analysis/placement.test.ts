// Placement by the most specific node, one row per finding kind: each schema
// error kind of a rendered object, and findings whose value a kustomization
// field computed (images newTag/newName, replicas count, a label pair, a
// generator literal). The source marks the expected position with ‸ (removed
// before writing); the row's finding must be reported there and only there.
// (Each rule's own positions are pinned by its fixture: test/rules/fixtures.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { loadProjectConfig } from '../../server/src/config';
import { analyzeProject } from '../../server/src/analysis';
import { engineOptions } from '../../server/src/analysis/engine';

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
];

/** Writes the row's project (base/kustomization.yaml and the dev overlay unless given) and returns the marked position. */
function materialize(row: Row): { dir: string; expected: string } {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-placement-'));
  const files: Record<string, string> = { ...row.files };
  files['base/kustomization.yaml'] ??= base(Object.keys(files).filter((f) => f.startsWith('base/')).map((f) => f.slice(5)));
  files['overlays/dev/kustomization.yaml'] ??= overlay('');
  // Production facts make min-replicas, debug-outside-dev and image-registry apply.
  files['thebot.yaml'] = `environments:
  dev:
    overlay: overlays/dev
    namespace: default
    facts: { registries: [registry.example.com], minReplicas: 2, debugAllowed: false }
`;
  let expected = '';
  for (const [path, text] of Object.entries(files)) {
    const at = text.indexOf(MARK);
    if (at >= 0) {
      const before = text.slice(0, at).split('\n');
      expected = `${path}:${before.length}:${before[before.length - 1]!.length + 1}`;
    }
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text.replace(MARK, ''));
  }
  assert.ok(expected, `${row.name}: no ${MARK} marker`);
  return { dir, expected };
}

for (const row of ROWS) {
  test(`placement: ${row.name}`, () => {
    const { dir, expected } = materialize(row);
    const { findings } = analyzeProject(loadProjectConfig(dir), engineOptions());
    const got = findings.filter((f) => f.code === row.code).map((f) => `${relative(dir, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`);
    assert.deepEqual(got, [expected], findings.map((f) => `${relative(dir, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`).join('\n'));
  });
}
