// YAML is read as go-yaml (kustomize's parser) reads it where the spec and
// go-yaml disagree: quoted scalars' continuation lines at any indentation,
// lone carriage returns as line breaks; what go-yaml refuses is reported in
// its words, where it reports it. Renders are pinned by the kustomize corpus
// (yaml-goyaml-quoted-continuation, yaml-lone-cr, error-yaml-unclosed-quote,
// error-yaml-quote-document-indicator); this pins values, positions and the
// findings of files checked on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/documents/parse';
import { lexerInternalsPresent } from '../../server/src/yaml/goyamlParse';

const problems = (text: string) => parseYaml(text).errors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`);

test('the yaml library still has the lexer internals the go-yaml reading relies on', () => {
  assert.equal(lexerInternalsPresent(), true);
});

test('quoted scalars continued at a lower indentation parse, to go-yaml\'s values', () => {
  const text = "spec:\n  versions:\n    - description: 'first line\n  second   line\n third ''q'' line'\n      double: \"dq one\nanother \\\" line\n      end\"\n      next: 1\n";
  const parsed = parseYaml(text);
  assert.deepEqual(problems(text), []);
  // Values as `kubectl kustomize` prints them (corpus case yaml-goyaml-quoted-continuation).
  assert.deepEqual(parsed.documents[0].toJS(), {
    spec: { versions: [{ description: "first line second   line third 'q' line", double: 'dq one another " line end', next: 1 }] },
  });
});

test('an unclosed quote: go-yaml\'s words, on the opening quote', () => {
  assert.deepEqual(problems("a:\n  x: 'never closed\n  y: b\n"), ['2:6 found unexpected end of stream']);
  assert.deepEqual(problems('a:\n  x: "cut by\n...\n  the marker"\n'), ['2:6 found unexpected document indicator']);
  // A marker that is not alone on its line does not cut it (go-yaml: `...'` is text).
  assert.deepEqual(problems("a: 'x\n...'\n"), []);
});

test('a lone carriage return is a line break: values and lines', () => {
  const text = 'a: "x\r  y"\rb: |\r  one\r  two\rc: [\r';
  const parsed = parseYaml(text);
  assert.deepEqual(problems(text), ['7:1 Flow sequence in block collection must be sufficiently indented and end with a ]']);
  assert.deepEqual(parsed.documents[0].toJS(), { a: 'x y', b: 'one\ntwo\n', c: [] });
});
