// The corpus test trusts oracle.ts to read kustomize's errors exactly; these
// pin the three formats it reads (klog one-line, klog multi-line, cobra) on
// stderr captured from kubectl v1.32 / kustomize v5.5.0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CASES_DIR, normalise, splitStandaloneStderr, splitStderr, unquoteGo, type CorpusCase } from './oracle';

test('klog one-line record: Go-quoted message decoded, warnings before it kept', () => {
  const stderr =
    "# Warning: 'bases' is deprecated.\n" +
    'E1126 01:54:38.172949   13772 run.go:72] "command failed" err="invalid Kustomization: json: unknown field \\"namePrefixx\\""\n';
  assert.deepEqual(splitStderr(stderr), {
    warnings: "# Warning: 'bases' is deprecated.\n",
    error: 'invalid Kustomization: json: unknown field "namePrefixx"',
  });
});

test('klog multi-line record: tab indentation and the closing " >" removed', () => {
  const stderr =
    'E1126 01:54:37.383353   13706 run.go:72] "command failed" err=<\n' +
    '\ttrouble configuring builtin PatchTransformer with config: `\n' +
    '\tpath: nowhere.yaml\n' +
    '\t`: failed to get the patch file\n' +
    ' >\n';
  assert.deepEqual(splitStderr(stderr), {
    warnings: '',
    error: 'trouble configuring builtin PatchTransformer with config: `\npath: nowhere.yaml\n`: failed to get the patch file',
  });
});

test('no error record: everything is warnings', () => {
  assert.deepEqual(splitStderr('# Warning: x\n'), { warnings: '# Warning: x\n', error: undefined });
});

test('standalone kustomize: "Error: " line ends the warnings', () => {
  assert.deepEqual(splitStandaloneStderr("# Warning: w\nError: accumulating resources: a\nb\n"), {
    warnings: '# Warning: w\n',
    error: 'accumulating resources: a\nb',
  });
  // A message ending in a newline: klog drops it, so the cobra reading must too.
  assert.equal(splitStandaloneStderr('Error: Found multiple kustomization files under: /x\n\n').error, 'Found multiple kustomization files under: /x');
});

test('Go string escapes', () => {
  assert.equal(unquoteGo('"a\\"b\\\\c\\n\\t\\u00e9\\U0001F680\\x41"'), 'a"b\\c\n\té🚀A');
  assert.equal(unquoteGo('not quoted'), 'not quoted');
});

test('normalise: case path, Go pointers and the DNS resolver', () => {
  const c: CorpusCase = { id: 'x', dir: join(CASES_DIR, 'x'), root: join(CASES_DIR, 'x'), expectError: true };
  assert.equal(
    normalise(`'${c.dir}/a.yaml' &{0xc000a84c30 <nil>} lookup h on 10.0.0.53:53: no such host`, c),
    "'$CASE/a.yaml' &{0x<addr> <nil>} lookup h on <resolver>: no such host",
  );
});
