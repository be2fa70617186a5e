// The language server's services called directly (no protocol): completion
// context from incomplete text, kustomization entries, findings merging,
// the coalescing/cancelling scheduler, symbols and folding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseCache, parseYaml } from '../../server/src/documents/parse';
import { completionContext } from '../../server/src/services/completionContext';
import { kustomizationEntries } from '../../server/src/services/kustomization';
import { combineFindings } from '../../server/src/analysis/files';
import { Coalescer, checkpoint } from '../../server/src/services/scheduler';
import { runInSteps } from '../../server/src/services/steps';
import { documentSymbols } from '../../server/src/services/symbols';
import { foldingRanges } from '../../server/src/services/folding';
import { referenceAt } from '../../server/src/services/references';
import { syntaxFindings } from '../../server/src/analysis/syntax';
import { perDocument } from '../../server/src/analysis/documentCache';
import type { Finding } from '../../server/src/findings';

test('completion context: key and value paths through lists, including lists at the key column', () => {
  const text = [
    'spec:', //                         0
    '  template:', //                   1
    '    spec:', //                     2
    '      containers:', //             3
    '      - name: a', //               4
    '        env:', //                  5
    '        - name: X', //             6
    '          valueFrom:', //          7
    '            secretKeyRef:', //     8
    '              key: ', //           9
    '              ', //                10
    '      - ', //                      11
    '---', //                           12
    'resources:', //                    13
    '- a.yaml', //                      14
    '- b', //                           15
  ].join('\n');
  const c = (line: number, character: number) => {
    const x = completionContext(text, { line, character });
    return `${x.mode} ${x.path.join('.')} "${x.prefix}" ${x.documentStartLine}`;
  };
  assert.equal(c(9, 19), 'value spec.template.spec.containers.0.env.0.valueFrom.secretKeyRef.key "" 0');
  assert.equal(c(10, 14), 'key spec.template.spec.containers.0.env.0.valueFrom.secretKeyRef "" 0');
  assert.equal(c(6, 12), 'item spec.template.spec.containers.0.env.0 "na" 0');
  assert.equal(c(11, 8), 'item spec.template.spec.containers.0 "" 0');
  assert.equal(c(15, 3), 'item resources.0 "b" 13');
  assert.equal(c(1, 4), 'key spec "te" 0');
});

test('kustomization entries: paths with ranges, patch targets, generator files', () => {
  const text = [
    'resources:',
    '  - ../base',
    '  - https://example.com/remote.yaml',
    'patches:',
    '  - path: patches/web.yaml',
    '    target: { kind: Deployment, name: web }',
    '  - patch: |-',
    '      - op: remove',
    'configMapGenerator:',
    '  - name: cfg',
    '    files: [app.ini, key=conf/other.ini]',
  ].join('\n');
  const entries = kustomizationEntries('/p/overlay/kustomization.yaml', parseYaml(text));
  assert.deepEqual(
    entries.map((e) => `${e.field} ${e.value} ${e.path} ${e.range.start.line}:${e.range.start.character}-${e.range.end.character}${e.target ? ' ' + JSON.stringify(e.target) : ''}`),
    [
      'resources ../base /p/base 1:4-11',
      'patches patches/web.yaml /p/overlay/patches/web.yaml 4:10-26 {"kind":"Deployment","name":"web"}',
      'configMapGenerator app.ini /p/overlay/app.ini 10:12-19',
      'configMapGenerator conf/other.ini /p/overlay/conf/other.ini 10:21-39',
    ],
  );
});

const range = (l: number, s: number, e: number) => ({ start: { line: l, character: s }, end: { line: l, character: e } });
const finding = (over: Partial<Finding>): Finding => ({ file: '/f.yaml', range: range(0, 0, 1), severity: 'error', code: 'c', source: 'thebot', message: 'm', ...over });

test('combining findings: a patch problem and its environment twin become one, with the precise range and the labels', () => {
  const env = [finding({ range: { start: { line: 10, character: 12 }, end: { line: 12, character: 0 } }, environments: ['production'] })];
  const own = [finding({ range: range(11, 19, 23) })];
  assert.deepEqual(combineFindings(env, own), [finding({ range: range(11, 19, 23), environments: ['production'] })]);
});

test('combining findings: a render error on a line with a syntax error is dropped', () => {
  const env = [finding({ code: 'render', message: 'yaml: line 3: mapping values are not allowed', range: range(2, 0, 1), environments: ['dev'] })];
  const own = [finding({ code: 'yaml-syntax', message: 'Nested mappings are not allowed in compact mappings', range: range(2, 5, 6) })];
  assert.deepEqual(combineFindings(env, own), own);
});

test('scheduler: a request during a run cancels it at its next checkpoint and the keys are handled again together', async () => {
  const runs: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let first = true;
  const q = new Coalescer<string>(
    async (keys, flag) => {
      runs.push(`start ${[...keys].sort().join(',')}`);
      if (first) {
        first = false;
        await gate;
      }
      await checkpoint(flag);
      runs.push(`done ${[...keys].sort().join(',')}`);
    },
    (e) => runs.push(`error ${String(e)}`),
  );
  q.schedule('a');
  while (runs.length === 0) await new Promise((r) => setImmediate(r));
  q.schedule('b');
  release();
  await q.idle();
  assert.deepEqual(runs, ['start a', 'start a,b', 'done a,b']);
});

test('coalescer: keys scheduled together with no delay are handled in one run, after the pending I/O', async () => {
  const runs: string[] = [];
  const q = new Coalescer<string>(
    async (keys) => {
      runs.push([...keys].sort().join(','));
    },
    (e) => runs.push(`error ${String(e)}`),
  );
  q.schedule('a');
  q.schedule('b');
  await new Promise<void>((r) => process.nextTick(r));
  assert.deepEqual(runs, []);
  await q.idle();
  q.schedule('c', 5);
  await q.idle();
  assert.deepEqual(runs, ['a,b', 'c']);
});

test('runInSteps: work that arrives meanwhile runs between steps; a throwing step ends the job and is reported', async () => {
  const log: string[] = [];
  function* job(): Generator<void> {
    log.push('step 1');
    yield;
    log.push('step 2');
    yield;
    throw new Error('boom');
  }
  const done = new Promise<void>((resolve) =>
    runInSteps(job(), (e) => {
      log.push(`error ${(e as Error).message}`);
      resolve();
    }),
  );
  setImmediate(() => log.push('message'));
  await done;
  assert.deepEqual(log, ['step 1', 'message', 'step 2', 'error boom']);
});

test('runInSteps with wait: no step runs while wait() holds off; it is asked again after the time it gave', async () => {
  const log: string[] = [];
  let holds = ['busy', 'busy', 'go', 'busy', 'go', 'go'];
  function* job(): Generator<void> {
    log.push('step 1');
    yield;
    log.push('step 2');
    yield;
  }
  await new Promise<void>((resolve, reject) =>
    runInSteps(job(), reject, () => {
      const h = holds[0];
      holds = holds.slice(1);
      log.push(h);
      if (holds.length === 0) setImmediate(resolve);
      return h === 'busy' ? 2 : 0;
    }),
  );
  assert.deepEqual(log, ['busy', 'busy', 'go', 'step 1', 'busy', 'go', 'step 2', 'go']);
});

test('symbols name each document kind/name; folding covers documents and blocks', () => {
  const parsed = parseYaml('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\ndata:\n  k: v\n---\nkind: Kustomization\n');
  assert.deepEqual(
    documentSymbols(parsed).map((s) => [s.name, s.detail, s.kind, s.range.start.line, s.range.end.line, s.selectionRange.start.line]),
    [
      ['ConfigMap/a', 'v1 x', 5, 0, 6, 3],
      ['Kustomization', '', 2, 8, 8, 8],
    ],
  );
  assert.deepEqual(foldingRanges(parsed).map((f) => [f.startLine, f.endLine]), [[0, 6], [2, 4], [5, 6]]);
});

test('reference fields: names, keys and kinds taken from siblings', () => {
  assert.deepEqual(referenceAt(['spec', 'template', 'spec', 'volumes', 0, 'persistentVolumeClaim', 'claimName'], {}), { type: 'name', kind: 'PersistentVolumeClaim' });
  assert.deepEqual(referenceAt(['x', 'secretKeyRef', 'key'], { name: 'db' }), { type: 'key', kind: 'Secret', name: 'db' });
  assert.deepEqual(referenceAt(['spec', 'scaleTargetRef', 'name'], { kind: 'StatefulSet' }), { type: 'name', kind: 'StatefulSet' });
  assert.deepEqual(referenceAt(['spec', 'serviceName'], {}), { type: 'name', kind: 'Service' });
  assert.equal(referenceAt(['metadata', 'name'], {}), undefined);
});

test('a pathological file reports its first 100 syntax problems and how many more there are', () => {
  // 400 levels: under the nesting limit (500), past which one 'exceeded max depth' finding replaces the parse.
  const findings = syntaxFindings('/f.yaml', parseYaml('['.repeat(400)));
  assert.equal(findings.length, 101);
  assert.match(findings[100].message, /^\d+ more YAML syntax problems not shown$/);
});

test("a flow sequence go-yaml refuses is one problem in go-yaml's words, not also the parser's on the same line; other documents' problems stay", () => {
  const text = 'kind: ConfigMap\ndata:\n  hosts: [vault.${DOMAIN}:8200]\n---\nkind: ConfigMap\ndata: {a: 1\n';
  const show = (r: 'kyaml' | undefined) => syntaxFindings('/f.yaml', parseYaml(text), r).map((f) => `${f.range.start.line}:${f.range.start.character} ${f.message}`);
  // Without kustomize's reader the parser's words, both of them (no go-yaml words to prefer).
  assert.deepEqual(show(undefined), ['2:17 Missing , or : between flow sequence items', '2:25 Missing , between flow sequence items', '6:0 Flow map in block collection must be sufficiently indented and end with a }']);
  assert.deepEqual(show('kyaml'), ["2:17 did not find expected ',' or ']'", "6:0 did not find expected ',' or '}'"]);
});

test('per-document validation memo: unchanged documents are not validated again, their findings move with them', () => {
  const calls: string[] = [];
  const validate = perDocument((file, parsed) => {
    const doc = parsed.documents[0];
    calls.push(String(doc.get('name')));
    const line = parsed.lineCounter.linePos(doc.range[0]).line - 1;
    return [finding({ file, range: range(line, 0, 4), message: `checked ${String(doc.get('name'))}` })];
  });
  const cache = new ParseCache();
  const v1 = validate('/f.yaml', cache.get('u', 1, 'name: a\n---\nname: b\n---\nname: c\n'), '1.34');
  const v2 = validate('/f.yaml', cache.get('u', 2, 'name: a\nx: 1\n---\nname: B\n---\nname: c\n'), '1.34');
  assert.deepEqual(calls, ['a', 'b', 'c', 'a', 'B']);
  assert.deepEqual(v1.map((f) => `${f.range.start.line} ${f.message}`), ['0 checked a', '1 checked b', '3 checked c']);
  assert.deepEqual(v2.map((f) => `${f.range.start.line} ${f.message}`), ['0 checked a', '2 checked B', '4 checked c']);
});
