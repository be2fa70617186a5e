// The port of go-yaml's scanner and parser (server/src/yaml/goyamlErrors/)
// words YAML syntax errors as kustomize prints them. What kubectl kustomize
// says about whole builds is pinned by the corpus (error-yaml-syntax-*); this
// pins the port itself: both go-yaml versions' line rules, kyaml's pieces,
// the error path only, and bounded work on hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goyamlSyntaxError, firstDocumentProblem } from '../../server/src/yaml/goyamlErrors';
import { decodeYaml } from '../../server/src/kustomize/yaml/decode';
import { GoYamlSyntaxError } from '../../server/src/kustomize/errors';

const v3 = (text: string) => goyamlSyntaxError(text, false);
const v2 = (text: string) => goyamlSyntaxError(text, true);

test('valid YAML has no problem', () => {
  assert.equal(v3('a: 1\nb: [x, {y: z}]\nc: |\n  text\n'), undefined);
  assert.equal(v2('a: 1\nb: [x, {y: z}]\n'), undefined);
  assert.equal(v3(''), undefined);
  assert.equal(v2(''), undefined);
});

test('scanner errors: the line of the context mark (v3) or the problem mark (v2), counted from 1', () => {
  // A mapping value after a scalar on the same line: no context, the mark is the colon.
  assert.equal(v3('a:\n  b: c: d\n'), 'yaml: line 2: mapping values are not allowed in this context');
  assert.equal(v2('a:\n  b: c: d\n'), 'yaml: line 2: mapping values are not allowed in this context');
  // On the first line (line 0 for go-yaml) no line is printed.
  assert.equal(v3('a: b: c\n'), 'yaml: mapping values are not allowed in this context');
  // An unclosed quote: v3 names the line of the opening quote (the context), v2 the end of the text.
  assert.equal(v3('a:\n  b: "open\n  c: d\n'), 'yaml: line 2: found unexpected end of stream');
  assert.equal(v2('a:\n  b: "open\n  c: d\n'), 'yaml: line 4: found unexpected end of stream');
  assert.equal(v3('a:\n\tb: c\n'), 'yaml: line 2: found character that cannot start any token');
});

test('parser errors: the 0-based line of the mark, printed as is (the line before it)', () => {
  // v3: the enclosing block mapping (`c: 1`) began on line index 2, so "line 2" for a `-` on line 4;
  // v2: the `-` itself, line index 3.
  assert.equal(v3('a:\n  b:\n    c: 1\n    - d\n'), 'yaml: line 2: did not find expected key');
  assert.equal(v2('a:\n  b:\n    c: 1\n    - d\n'), 'yaml: line 3: did not find expected key');
  assert.equal(v3('x: 1\nb:\n  c: 1\n d: 2\n'), 'yaml: line 3: did not find expected key');
  // `d` at column 2 starts a new block mapping inside the top one (on line 0, not printed): the
  // problem mark, that mapping's start on line index 3, is printed instead, by both versions.
  assert.equal(v3('x: 1\nb:\n    c: 1\n  d: 2\n'), 'yaml: line 3: did not find expected key');
  assert.equal(v2('x: 1\nb:\n    c: 1\n  d: 2\n'), 'yaml: line 3: did not find expected key');
  // v2 prints the problem mark even when the context is on a later line.
  assert.equal(v2('a: 1\nb: [1, 2\nc: 3\n'), "yaml: line 2: did not find expected ',' or ']'");
  // The enclosing flow sequence opened on line index 1.
  assert.equal(v3('a: 1\nb: [1, 2\nc: 3\n'), "yaml: line 1: did not find expected ',' or ']'");
  const p = firstDocumentProblem('a: 1\nb: [1, 2\nc: 3\n', 3)!;
  assert.equal(p.kind, 'parser');
  assert.equal(p.context, 'while parsing a flow sequence');
  assert.deepEqual([p.contextMark.line, p.contextMark.column, p.problemMark.line], [1, 3, 2]);
});

test("kyaml's pieces: cut at `---` lines, lines counted in the piece, CRLF read as LF", () => {
  const doc = 'kind: A\nmetadata:\n  name: a\n';
  assert.equal(v3(`${doc}---\n${doc}  x: 1\n   y: 2\n`), 'yaml: line 5: mapping values are not allowed in this context');
  assert.equal(v3(`${doc}--- # c\n${doc}  x: [\n`), 'yaml: line 4: did not find expected node content');
  assert.equal(v3(`${doc}  x: 1\n   y: 2\n`.replaceAll('\n', '\r\n')), 'yaml: line 5: mapping values are not allowed in this context');
  // A separator line with text after it is kyaml's own refusal, not a syntax error worded here.
  assert.equal(v3(`${doc}--- x\n${doc}  x: [\n`), undefined);
  // Only the first document of a piece is decoded: go-yaml never reads past `...` there.
  assert.equal(v3(`${doc}...\n  x: 1\n   y: 2\n`), undefined);
});

test('v3 reads a run of comment lines whatever their indentation; v2 stops at a tab', () => {
  assert.equal(v3('a: 1\n# c\n\t# d\nb: 2\n'), undefined);
  assert.equal(v2('a: 1\n# c\n\t# d\nb: 2\n'), 'yaml: line 3: found character that cannot start any token');
});

test('a leading byte order mark is not text', () => {
  assert.equal(v3('\ufeffa:\n\tb: c\n'), 'yaml: line 2: found character that cannot start any token');
  assert.equal(v3('\ufeffa: 1\n'), undefined);
});

test('directives and tags', () => {
  assert.equal(v3('%FOO\n---\na: 1\n'), 'yaml: found unknown directive name');
  // After a directive a document must start with `---`: `a` is read as the start of a plain scalar.
  assert.equal(v3('%YAML 1.1\na: 1\n'), 'yaml: line 2: mapping values are not allowed in this context');
  assert.equal(v3('%TAG !e! tag:e,2000:\n%TAG !e! tag:f,2000:\n---\na: 1\n'), 'yaml: line 1: found duplicate %TAG directive');
  assert.equal(v3('a:\n  b: !e!x y\n'), 'yaml: line 1: found undefined tag handle');
  assert.equal(v3('a: !<x\n'), "yaml: did not find the expected '>'");
});

test("the engine's decode: go-yaml's words at our parser's place; the library's when go-yaml reads the text", () => {
  const text = 'kind: A\nmetadata:\n  name: a\n  x: 1\n   y: 2\n';
  assert.throws(
    () => decodeYaml(text, 'f.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof GoYamlSyntaxError);
      assert.equal(e.message, 'yaml: line 5: mapping values are not allowed in this context');
      // The range stays where our parser puts it (the library's error), not on go-yaml's line.
      assert.deepEqual(e.range?.start, { line: 3, character: 5 });
      return true;
    },
  );
});

test('hostile input: deep flow nesting stops at go-yaml\'s limit, long texts in linear time', () => {
  assert.equal(v3(`a: ${'['.repeat(10_001)}\n`), 'yaml: exceeded max depth of 10000');
  assert.equal(v3(`a:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n`), undefined);
  // 1 MB of entries with the error at the end: one pass (a quadratic scan would not finish in time).
  // The context mark is the end of the text (line index 62502), printed as is.
  const big = `a:\n${'  k: [1, 2, 3]\n'.repeat(62_500)}  bad: [\n`;
  const started = process.hrtime.bigint();
  assert.equal(v3(big), 'yaml: line 62502: did not find expected node content');
  assert.ok(Number(process.hrtime.bigint() - started) / 1e9 < 60);
  // One unclosed quote over a long text: one pass too.
  assert.equal(v3(`a: "${'x '.repeat(1_000_000)}`), 'yaml: found unexpected end of stream');
});
