// The generator's conversion rules, on small inputs (these run without `go`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convert, QUANTITY_PATTERN } from '../../scripts/gen-schemas-convert';
import { extractEnums } from '../../scripts/gen-schemas-enums';

const ref = (r: string) => r.replace('#/components/schemas/', '#/definitions/');

test('objects with properties become strict; preserve-unknown-fields and free-form objects stay open', () => {
  assert.deepEqual(convert({ type: 'object', properties: { a: { type: 'string' } } }, { ref }, 'X'), {
    type: 'object',
    properties: { a: { type: 'string' } },
    additionalProperties: false,
  });
  assert.deepEqual(convert({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } }, { ref }, 'X'), {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    properties: { a: { type: 'string' } },
  });
  assert.deepEqual(convert({ type: 'object' }, { ref }, 'X'), { type: 'object' });
});

test('allOf-wrapped references, int-or-string and quantities', () => {
  assert.deepEqual(convert({ allOf: [{ $ref: '#/components/schemas/io.k8s.X' }], default: {}, description: 'd' }, { ref }, 'X'), {
    $ref: '#/definitions/io.k8s.X',
    description: 'd',
  });
  assert.deepEqual(convert({ format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] }, { ref }, 'X'), {
    type: ['integer', 'string'],
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  });
  assert.deepEqual(convert({ anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: QUANTITY_PATTERN, 'x-kubernetes-int-or-string': true }, { ref }, 'X'), {
    type: ['integer', 'string'],
    pattern: QUANTITY_PATTERN,
    'x-kubernetes-int-or-string': true,
    format: 'quantity',
  });
});

test('RE2-only case-insensitive patterns are rewritten; unknown keywords and unsupported unions stop the generator', () => {
  assert.equal(convert({ type: 'string', pattern: '^(?i)(abort|warn)?$' }, { ref }, 'X').pattern, '^([aA][bB][oO][rR][tT]|[wW][aA][rR][nN])?$');
  assert.throws(() => convert({ type: 'string', 'x-new-thing': 1 }, { ref }, 'Y.z'), /^Error: Y\.z: unsupported keyword x-new-thing$/);
  assert.throws(() => convert({ oneOf: [{ required: ['a'] }, { required: ['b'] }] }, { ref }, 'Y'), /unsupported oneOf\/anyOf/);
  // CEL rules are dropped on purpose (only the API server evaluates them).
  assert.deepEqual(convert({ type: 'string', 'x-kubernetes-validations': [{ rule: 'self != ""' }] }, { ref }, 'X'), { type: 'string' });
});

test('enum values come from // +enum Go string types used by struct fields', () => {
  const root = mkdtempSync(join(tmpdir(), 'thebot-enums-'));
  try {
    mkdirSync(join(root, 'core', 'v1'), { recursive: true });
    mkdirSync(join(root, 'apps', 'v1'), { recursive: true });
    writeFileSync(
      join(root, 'core', 'v1', 'types.go'),
      `package v1

// PullPolicy describes a policy for if/when to pull a container image
// +enum
type PullPolicy string

const (
	PullAlways PullPolicy = "Always"
	PullNever PullPolicy = "Never"
)

const PullIfNotPresent PullPolicy = "IfNotPresent"

// NotAnEnum has no marker.
type NotAnEnum string

const X NotAnEnum = "x"

type Container struct {
	Name string \`json:"name"\`
	ImagePullPolicy PullPolicy \`json:"imagePullPolicy,omitempty"\`
	Policies []PullPolicy \`json:"policies,omitempty"\`
	Other *NotAnEnum \`json:"other,omitempty"\`
}
`,
    );
    writeFileSync(
      join(root, 'apps', 'v1', 'types.go'),
      `package v1

import (
	corev1 "k8s.io/api/core/v1"
)

type Thing struct {
	Policy *corev1.PullPolicy \`json:"policy,omitempty"\`
}
`,
    );
    const table = extractEnums(root);
    assert.deepEqual(Object.fromEntries(table.get('io.k8s.api.core.v1.Container')!), {
      imagePullPolicy: { values: ['Always', 'IfNotPresent', 'Never'], list: false },
      policies: { values: ['Always', 'IfNotPresent', 'Never'], list: true },
    });
    assert.deepEqual(Object.fromEntries(table.get('io.k8s.api.apps.v1.Thing')!), { policy: { values: ['Always', 'IfNotPresent', 'Never'], list: false } });
    assert.equal(table.size, 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
