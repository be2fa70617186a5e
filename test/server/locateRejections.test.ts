// A cluster rejection is located at the line that set the offending field,
// through the render's origins (as `thebot dry-run` prints it): an overlay's
// `replicas:` entry, not the base Deployment's `kind:` line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderKustomization } from '../../server/src/kustomize';
import { locateRejections } from '../../server/src/services/locateRejections';

const root = new URL('../../manifests/', import.meta.url).pathname;
const dev = renderKustomization(join(root, 'overlays/dev')).resources;

test('locate rejections: a validation cause, a structured-merge path in the message, an unknown object', () => {
  const located = locateRejections(dev, 'thebot', [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'backend',
      namespace: 'thebot',
      message: 'Deployment.apps "backend" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      fields: ['spec.replicas'],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'frontend',
      namespace: 'thebot',
      message: 'Deployment.apps "frontend" is invalid: spec.template.spec.containers[0].image: Required value',
    },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'nothing-like-it', namespace: 'thebot', message: 'whatever' },
  ]);
  const at = (o: (typeof located)[number]) => o && `${o.file.slice(root.length)}:${o.range.start.line + 1}:${o.range.start.character + 1} (${o.by})`;
  assert.equal(at(located[0]!), 'overlays/dev/kustomization.yaml:17:12 (replicas)');
  assert.equal(at(located[1]!), 'overlays/dev/kustomization.yaml:29:13 (images)');
  assert.equal(located[2], null);
});
