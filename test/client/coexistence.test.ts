// When Red Hat YAML is there and validating, our server is started without
// YAML syntax diagnostics (Red Hat YAML reports them); otherwise with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverInitializationOptions, yamlSyntaxLeftToRedHat } from '../../client/src/coexistence';

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
