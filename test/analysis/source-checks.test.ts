// Source-level checks across environments: what a merge dropped and what every
// environment overrides is reported on the source line, labelled with the
// environments where it happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { loadProjectConfig } from '../../server/src/config';
import { analyzeProject } from '../../server/src/analysis';
import { engineOptions } from '../../server/src/analysis/engine';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-source-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: "two"
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: example.com/web:1.0.0
          env:
            - { name: SECRET_KEY, value: dev-key }
            - name: SECRET_KEY
              valueFrom: { secretKeyRef: { name: web, key: secret-key, optional: true } }
`;

const PATCH = (replicas: string) => `patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: ${replicas}
        template:
          spec:
            containers:
              - name: web
                env:
                  - { name: LOG_LEVEL, value: INFO }
`;

test('a duplicate merge key: which entry survives in which environment, on both entries', () => {
  const dir = project({
    'base/kustomization.yaml': 'resources: [web.yaml]\n',
    'base/web.yaml': WEB,
    // dev merges the env list (one SECRET_KEY survives); production does not (both rendered).
    'overlays/dev/kustomization.yaml': `resources: [../../base]\n${PATCH('1')}`,
    'overlays/production/kustomization.yaml': 'resources: [../../base]\nreplicas: [{ name: web, count: 3 }]\n',
  });
  const { findings } = analyzeProject(loadProjectConfig(dir), engineOptions());
  assert.deepEqual(
    findings.filter((f) => f.code === 'duplicate-merge-key').map((f) => `${relative(dir, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} [${f.environments}] ${f.message}`),
    [
      "base/web.yaml:16:23 warning [production] env entry 'SECRET_KEY' of container 'web' (Deployment 'web') is listed more than once (also line 17); both are rendered in this environment",
      "base/web.yaml:16:23 error [dev] env entry 'SECRET_KEY' of container 'web' (Deployment 'web') is listed more than once (also line 17); kustomize's merge drops this entry and keeps line 17",
      "base/web.yaml:17:21 warning [production] env entry 'SECRET_KEY' of container 'web' (Deployment 'web') is listed more than once (also line 16); both are rendered in this environment",
      "base/web.yaml:17:21 error [dev] env entry 'SECRET_KEY' of container 'web' (Deployment 'web') is listed more than once (also line 16); kustomize's merge keeps this entry and drops the other",
    ],
  );
});

test('a base value every environment overrides is a warning labelled with those environments; one that does not override gets the schema error', () => {
  const dir = project({
    'base/kustomization.yaml': 'resources: [web.yaml]\n',
    'base/web.yaml': WEB.replace('replicas: "two"', 'replicas: two'),
    'overlays/dev/kustomization.yaml': `resources: [../../base]\n${PATCH('1')}`,
    'overlays/staging/kustomization.yaml': `resources: [../../base]\n${PATCH('2')}`,
    'overlays/production/kustomization.yaml': 'resources: [../../base]\n',
  });
  const { findings } = analyzeProject(loadProjectConfig(dir), engineOptions());
  assert.deepEqual(
    findings.filter((f) => f.code === 'overridden-invalid-value' || f.code === 'schema-type').map((f) => `${relative(dir, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} [${f.environments}] ${f.message}`),
    [
      'base/web.yaml:5:13 warning overridden-invalid-value [dev,staging] expected integer, got string "two"; overridden in this environment, but a new environment built on this file inherits it',
      'base/web.yaml:5:13 error schema-type [production] expected integer, got string "two"',
    ],
  );
});
