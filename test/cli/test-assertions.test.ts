// kuttl and chainsaw assertions hold partial objects that are compared with the
// cluster, never applied: syntax only, no schema or rule findings. A file the
// chainsaw test applies is still checked; a FIFO named like a chainsaw test is
// not read (no hang). Plain-file mode and project mode (a kustomization at the
// root) take the same path (analysis/testAssertions.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeTree } from '../support/tree';

const cli = join(__dirname, '..', '..', 'bin', 'thebot.js');

const tree = (files: Record<string, string>): string => writeTree(files, 'thebot-assertions-');

// A Deployment as an assertion writes it: no selector, no template.
const PARTIAL = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n';
const CHAINSAW = `apiVersion: chainsaw.kyverno.io/v1alpha1
kind: Test
metadata:
  name: a
spec:
  steps:
  - try:
    - apply:
        file: apply.yaml
    - assert:
        file: assert-pod.yaml
    - assert:
        file: ./asserts/*.yaml
    catch:
    - error:
        file: 02-error.yaml
`;

const FILES = {
  'tests/e2e/a/chainsaw-test.yaml': CHAINSAW,
  'tests/e2e/a/apply.yaml': PARTIAL,
  'tests/e2e/a/assert-pod.yaml': PARTIAL,
  'tests/e2e/a/asserts/one.yaml': PARTIAL,
  'tests/e2e/a/02-error.yaml': PARTIAL,
  // kuttl's and chainsaw's naming convention, no test file needed.
  'tests/kuttl/b/00-assert.yaml': PARTIAL,
  'tests/kuttl/b/00-errors.yaml': PARTIAL,
  'tests/kuttl/b/01-assert.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: [x\n',
  // Named like an assertion, but no test names it: an object like any other.
  'other/assert-x.yaml': PARTIAL,
};

const EXPECTED = [
  'other/assert-x.yaml:5:1 error schema-required missing required field "selector" in Deployment.spec',
  'other/assert-x.yaml:5:1 error schema-required missing required field "template" in Deployment.spec',
  'tests/e2e/a/apply.yaml:5:1 error schema-required missing required field "selector" in Deployment.spec',
  'tests/e2e/a/apply.yaml:5:1 error schema-required missing required field "template" in Deployment.spec',
  'tests/e2e/a/chainsaw-test.yaml:2:7 warning schema-unknown-kind no schema for chainsaw.kyverno.io/v1alpha1 Test: not validated',
  'tests/kuttl/b/01-assert.yaml:4:1 error yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]',
];

test('kuttl and chainsaw assertions get their syntax checked only, in plain-file mode', () => {
  const dir = tree(FILES);
  const r = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(r.stdout.trimEnd().split('\n'), EXPECTED);
  assert.equal(r.status, 1);
});

test('kuttl and chainsaw assertions get their syntax checked only, in project mode', () => {
  const dir = tree({ ...FILES, 'kustomization.yaml': 'resources:\n- cm.yaml\n', 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n' });
  const r = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(r.stdout.trimEnd().split('\n'), EXPECTED);
  assert.match(r.stderr, /^thebot check: 1 environment/);
});

test('a FIFO named like a chainsaw test is not read: the check ends, the file beside it is an object', { skip: spawnSync('mkfifo', ['--version']).status !== 0 }, () => {
  const dir = tree({ 'tests/x/assert-x.yaml': PARTIAL });
  assert.equal(spawnSync('mkfifo', [join(dir, 'tests/x/chainsaw-test.yaml')]).status, 0);
  const r = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  assert.deepEqual(r.stdout.trimEnd().split('\n'), [
    'tests/x/assert-x.yaml:5:1 error schema-required missing required field "selector" in Deployment.spec',
    'tests/x/assert-x.yaml:5:1 error schema-required missing required field "template" in Deployment.spec',
    `tests/x/chainsaw-test.yaml:1:1 error read file '${join(dir, 'tests/x/chainsaw-test.yaml')}' is a named pipe: only regular files are read`,
  ]);
});

test('a hostile chainsaw test (an alias bomb, deep nesting) names nothing: the check ends, the file beside it is an object', () => {
  const bomb = `apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\na: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\nspec: { steps: [{ try: [{ assert: { file: assert-x.yaml } }] }] }\n`;
  const dir = tree({ 'bomb/chainsaw-test.yaml': bomb, 'bomb/assert-x.yaml': PARTIAL, 'deep/chainsaw-test.yaml': `apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\nx: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, 'deep/assert-x.yaml': PARTIAL });
  const r = spawnSync(process.execPath, [cli, 'check', 'bomb/assert-x.yaml', 'deep/assert-x.yaml'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  assert.deepEqual(r.stdout.trimEnd().split('\n'), [
    'bomb/assert-x.yaml:5:1 error schema-required missing required field "selector" in Deployment.spec',
    'bomb/assert-x.yaml:5:1 error schema-required missing required field "template" in Deployment.spec',
    'deep/assert-x.yaml:5:1 error schema-required missing required field "selector" in Deployment.spec',
    'deep/assert-x.yaml:5:1 error schema-required missing required field "template" in Deployment.spec',
  ]);
});

