// When Red Hat YAML is there and validating, our server is started without
// YAML syntax diagnostics (Red Hat YAML reports them); otherwise with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCEPT_ALL_SCHEMA, ACCEPT_ALL_SCHEME, ACCEPT_ALL_URI, serverInitializationOptions, validatedByThebot, yamlSyntaxLeftToRedHat } from '../../client/src/coexistence';

test('Red Hat YAML installed with yaml.validate unset or true: syntax diagnostics are left to it', () => {
  assert.deepEqual(serverInitializationOptions({ installed: true, validate: undefined }), { yamlSyntaxDiagnostics: false });
  assert.deepEqual(serverInitializationOptions({ installed: true, validate: true }), { yamlSyntaxDiagnostics: false });
});

test('Red Hat YAML installed with yaml.validate false: our server reports syntax errors', () => {
  assert.equal(yamlSyntaxLeftToRedHat({ installed: true, validate: false }), false);
  assert.deepEqual(serverInitializationOptions({ installed: true, validate: false }), {});
});

test('Red Hat YAML not installed (or disabled): our server reports syntax errors, whatever yaml.validate says', () => {
  assert.deepEqual(serverInitializationOptions({ installed: false, validate: undefined }), {});
  assert.deepEqual(serverInitializationOptions({ installed: false, validate: true }), {});
});

test('files our server validates get the accept-all schema: kustomizations, thebot.yaml, Kubernetes manifests', () => {
  assert.equal(validatedByThebot('/w/overlays/dev/kustomization.yaml', undefined), true);
  assert.equal(validatedByThebot('/w/base/Kustomization', undefined), true);
  assert.equal(validatedByThebot('/w/manifests/thebot.yaml', undefined), true);
  assert.equal(validatedByThebot('/w/base/app.yaml', 'apiVersion: v1\nkind: Service\n'), true);
  assert.equal(validatedByThebot('/w/base/app.yml', '---\n# web\napiVersion: apps/v1\nkind: Deployment\n'), true);
});

test('other YAML keeps Red Hat YAML\'s schemas: CI workflows, compose files, unopened files, nested apiVersion', () => {
  assert.equal(validatedByThebot('/w/.github/workflows/ci.yaml', 'on: push\njobs: {}\n'), false);
  assert.equal(validatedByThebot('/w/compose.yaml', 'services:\n  web:\n    image: x\n'), false);
  assert.equal(validatedByThebot('/w/base/app.yaml', undefined), false);
  assert.equal(validatedByThebot('/w/chart/values.yaml', 'config:\n  apiVersion: v1\n  kind: Service\n'), false);
  assert.equal(validatedByThebot('/w/notes.txt', 'apiVersion: v1\nkind: Service\n'), false);
});

test('the accept-all schema is a JSON schema object without constraints', () => {
  assert.deepEqual(JSON.parse(ACCEPT_ALL_SCHEMA), { title: 'THE_BOT (validated by the THE_BOT extension)' });
  assert.equal(new URL(ACCEPT_ALL_URI).protocol, `${ACCEPT_ALL_SCHEME}:`);
});
