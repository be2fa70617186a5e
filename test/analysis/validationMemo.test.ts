// The schema problems of an object that rendered as before are reused only when the validator
// would see exactly the same value (analysis/validationMemo.ts), and equal a fresh validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reusingValidation, type ValidationMemo } from '../../server/src/analysis/validationMemo';
import { schemaValidation } from '../../server/src/analysis/engine';
import type { ObjectValidator } from '../../server/src/analysis';
import type { RenderedResource } from '../../server/src/kustomize/model';

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const rendered = (object: Record<string, unknown>): RenderedResource => ({
  object: object as RenderedResource['object'],
  origin: { file: 'f.yaml', range: ZERO, by: 'resource' },
  originOf: () => undefined,
  historyOf: () => [],
});

/** Validates `objects` as one render after a render of `before`; returns the problems and how many objects were validated. */
function second(before: Record<string, unknown>[], objects: Record<string, unknown>[], version = '1.34', firstVersion = version): { problems: ReturnType<ObjectValidator>[]; validated: number } {
  let memo: ValidationMemo | undefined;
  let validated = 0;
  const counting: ObjectValidator = (r, v) => {
    validated++;
    return schemaValidation(r, v);
  };
  const first = reusingValidation(counting, undefined);
  for (const o of before) first.validate(rendered(o), firstVersion);
  memo = first.memo();
  validated = 0;
  const run = reusingValidation(counting, memo);
  const problems = objects.map((o) => run.validate(rendered(o), version));
  return { problems, validated };
}

const deployment = (): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'app', labels: { app: 'web' } },
  spec: {
    replicas: 'three',
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 80 }, { containerPort: 80 }] }] } },
  },
});

test('an object equal to the last render\'s is not validated again, and gets the same problems', () => {
  const { problems, validated } = second([deployment()], [deployment()]);
  assert.equal(validated, 0);
  assert.deepEqual(problems[0], schemaValidation(rendered(deployment()), '1.34'));
  assert.ok(problems[0]!.length > 0);
});

test('anything the validator could see differently is validated again', () => {
  const variants: [string, (d: Record<string, any>) => void][] = [
    ['a scalar', (d) => (d.spec.replicas = 3)],
    ['a number for a string', (d) => (d.spec.template.spec.containers[0].image = 1)],
    ['NaN for null', (d) => (d.spec.replicas = NaN)],
    ['-0 for 0', (d) => (d.spec.template.spec.containers[0].ports[0].containerPort = -0)],
    ['a key with an undefined value', (d) => (d.spec.paused = undefined)],
    ['the order of the keys', (d) => (d.metadata = { namespace: 'app', name: 'web', labels: { app: 'web' } })],
    ['an item more', (d) => d.spec.template.spec.containers[0].ports.push({ containerPort: 81 })],
    ['an array for an object', (d) => (d.spec.selector = [])],
  ];
  for (const [what, change] of variants) {
    const after = deployment();
    change(after);
    const { problems, validated } = second([deployment()], [after]);
    assert.equal(validated, 1, what);
    assert.deepEqual(problems[0], schemaValidation(rendered(after), '1.34'), what);
  }
  // NaN against NaN is the same value to the validator: reused.
  const nan = (): Record<string, unknown> => ({ ...deployment(), spec: { ...(deployment().spec as object), replicas: NaN } });
  assert.equal(second([nan()], [nan()]).validated, 0);
});

test('the same object, another Kubernetes version or an object not in the last render: validated', () => {
  const d = deployment();
  assert.equal(second([d], [d]).validated, 1);
  assert.equal(second([deployment()], [deployment()], '1.34', '1.33').validated, 1);
  const other = deployment();
  (other.metadata as Record<string, unknown>).name = 'api';
  assert.equal(second([deployment()], [other]).validated, 1);
});

test('keys the validator\'s for-in sees beyond the object\'s own: validated again', () => {
  // An inherited enumerable key (the object, or a container in it, does not inherit from Object.prototype alone).
  const inheriting = (): Record<string, unknown> => {
    const d = deployment();
    d.metadata = Object.assign(Object.create({ extra: 1 }) as object, d.metadata);
    return d;
  };
  assert.equal(second([deployment()], [inheriting()]).validated, 1);
  assert.equal(second([inheriting()], [inheriting()]).validated, 1);
  // Object.prototype with an enumerable key: every for-in sees it, nothing is reused.
  Object.defineProperty(Object.prototype, 'polluted', { value: 1, enumerable: true, configurable: true });
  try {
    assert.equal(second([deployment()], [deployment()]).validated, 1);
  } finally {
    delete (Object.prototype as Record<string, unknown>).polluted;
  }
  assert.equal(second([deployment()], [deployment()]).validated, 0);
});

test('the problems handed out are the caller\'s own lists', () => {
  const first = reusingValidation(schemaValidation, undefined);
  const handed = first.validate(rendered(deployment()), '1.34');
  const expected = [...handed];
  handed.length = 0;
  const next = reusingValidation(() => assert.fail('validated again'), first.memo());
  assert.deepEqual(next.validate(rendered(deployment()), '1.34'), expected);
});
