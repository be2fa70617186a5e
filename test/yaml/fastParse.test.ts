// The fast YAML path builds exactly what the yaml library builds: every node's
// class, range, value, type, source, flow and comment fields, the documents'
// ranges and comments, toJS() and toString(). Checked on crafted cases (each
// supported construct; each construct it must leave to the library), on every
// YAML file in the repository and on the 1,200-document file of issue 4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { yamlFiles } from '../support/yamlFiles';
import { join } from 'node:path';
import { isAlias, parseAllDocuments, type Alias, type Document, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { fastParseDocument, fastParseFailures } from '../../server/src/yaml/fastParse';
import { parseYaml, parserWarmUpSteps } from '../../server/src/documents/parse';
import { diffDocuments } from './compareTrees';
import { parseAllDocumentsGo } from '../../server/src/yaml/goyamlParse';
import { bigManifest } from '../documents/bigManifest';

const OPTIONS = { prettyErrors: false, uniqueKeys: true };
const repoRoot = join(__dirname, '..', '..');

function library(text: string, options: Record<string, unknown> = OPTIONS): Document.Parsed[] {
  return parseAllDocuments(text, options) as unknown as Document.Parsed[];
}

/** The one document of `text`, fast: asserts the fast path took it and built what the library builds. */
function assertFastSame(text: string, options: Record<string, unknown> = OPTIONS): void {
  const expected = library(text, options);
  assert.equal(expected.length, 1, `one document in ${JSON.stringify(text)}`);
  assert.deepEqual(expected[0].errors, [], `the library accepts ${JSON.stringify(text)}`);
  const fast = fastParseDocument(text, 0, text.length, options);
  assert.ok(fast, `fast path taken for ${JSON.stringify(text)}`);
  assert.deepEqual(diffDocuments(fast, expected[0]), [], JSON.stringify(text));
}

const supported: Record<string, string> = {
  'nested maps': 'a:\n  b:\n    c: 1\n  d: x\ne: y\n',
  'sequence under a key, indented': 'a:\n  - x\n  - y\nb: 1\n',
  'sequence under a key, indentless': 'a:\n- x\n- y\nb: 1\n',
  'compact maps in a sequence': 'items:\n  - name: a\n    value: 1\n  - name: b\n    nested:\n      deep: true\n',
  'sequence under a compact-map key': '- a:\n  - x\n  - y\n  b: 2\n- c\n',
  'nested sequences under keys': 'a:\n  - b:\n      - c:\n          - 1\n',
  'root sequence': '- 1\n- two\n- {a: b}\n',
  'flow maps and sequences': 'a: { cpu: 100m, memory: 128Mi }\nb: [x, "y", \'z\']\nc: {path: /healthz, port: 8080}\nd: [ 1 , 2 ]\ne: {x: 1 , y: "q" }\n',
  'empty flow collections': 'a: {}\nb: []\nc: { }\nd: [ ]\n- x\n'.replace('- x\n', ''),
  'flow collections in sequences': '- {a: 1}\n- [1, 2]\n- []\n',
  'colons inside plain flow items': 'a: [localhost:5000, http://x:80/y, a:b]\nb: {host: db:5432, url: "x:y"}\nc: {localhost:5000: x}\n',
  'double-quoted escapes': 'a: "x\\ty\\u00e9\\"\\\\ \\x41\\U0001F600\\/\\0\\a\\b\\e\\f\\n\\r\\v\\N\\_\\L\\P\\ z"\n',
  'single-quoted escapes': "a: 'it''s'\nb: ''\nc: '#not a comment'\n",
  'quoted keys': '"a b": 1\n\'c:d\': 2\n"e" : 3\n',
  'keys with colons and spaces': 'a:b: 1\nhttp://x: 2\nkey with spaces: 3\nk : 4\n',
  'values with colons, hashes and brackets': 'a: http://x:80/y\nb: c#d\nc: x]\nd: a,b{}\ne: --x\nf: -1\n',
  'numbers': 'a: 1\nb: -2\nc: +3\nd: 012\ne: 0o17\nf: 0x1F\ng: 1.50\nh: 1e3\ni: .5\nj: 1.\nk: .inf\nl: -.Inf\nm: .NaN\nn: 1_000\no: -0\n',
  'booleans and nulls': 'a: true\nb: False\nc: TRUE\nd: ~\ne: null\nf: Null\ng: NULL\nh:\ni: yes\nj: "true"\n',
  'empty values': 'a:\nb:\n  c:\nd: 1\ne:   \nf:\n',
  'typed keys': '1: a\ntrue: b\nnull: c\n1.5: d\n',
  'trailing spaces': 'a: 1   \nb:   \n  c: x  \n- \n'.replace('- \n', ''),
  'line comments': 'a: 1 # one\nb: "x"  # two\nc: [1] # three\nd: {a: b} #four\ne:\n  - x # five\n',
  'comment lines between keys': 'a: 1\n# before b\nb: 2\n  # indented after b\nc:\n  d: 1\n  # in c\ne: 3\n',
  'comments after nested collections': 'a:\n  b:\n    c: 1\n    # c4\n  d: 2\n# top\ne:\n  f: 1\n  # end of inner\n# lower\n',
  'indented comments join a scalar': 'a: 1\n  # more\n\n  # and more\nb:\n- 1\n-  2\n  # seq end\nc: {a: 1}\n  # after flow\n',
  'comments before nested content': 'a:\n  # first\n  b: 1\nc:\n\n  d: 1\ne:\n# indentless\n- x\n',
  'comments in sequences': 'a:\n  # before first\n  - x\n  # before second\n\n  - y\n  - name: z\n    # inside\n  # after\n- 1\n'.replace('- 1\n', ''),
  'comments and blank lines at the end': 'a:\n  b: 1\n  # stays\n\n# moves\n\n',
  'blank lines': 'a: 1\n\n\nb:\n\n  c: 2\n\n  d: 3\n',
  'leading comments': '# top\na: 1\n',
  'leading comments then a blank line': '# top\n\n# top2\na: 1\n',
  'leading blank line then a comment': '\n# top\na: 1\n',
  'document start marker': '---\na: 1\n',
  'document start marker with comments': '# before\n---\n# after\n\na: {}\n',
  'document start marker with trailing spaces': '---  \na: 1\n',
  'CRLF line ends': 'a: 1\r\nb:\r\n  - x  \r\n  - [a , b ]  # c\r\n# end\r\n',
  'no final newline': 'a:\n  b: 1',
  'no final newline after a comment': 'a: 1\n# c',
  'multi-line plain scalars': 'a: b\n  c\n\n   d  \nx: 1\n- q\n'.replace('- q\n', '') + 'y:\n- b\n  c\n- d\n  e # c\nz: 1\n',
  'multi-line plain scalar, continuation lines starting with a dash before a non-blank':
    'a: run with\n  --dry-run and\n  -f x\n\n  -y # c\nb:\n- x\n  --z\n- w\n  -#q\nc:\n  d: e\n    -- x\n',
  'multi-line plain scalar in a compact map': 'a:\n- b: x\n    y\n  c: 1\nd:\n  - e: x\n       y\n',
  'multi-line plain scalar, CRLF and no final newline': 'k: b\r\n  c\r\nl: d\n e',
  'literal block scalars': 'a: |\n  text\n   more\n\n  end\nb: |-\n  x\n\n\nc: 1\n- |\n'.replace('- |\n', '') + 'd:\n  - |\n    x\n  - y\n',
  'folded block scalars': 'a: >\n  text\n  more\n\n  end\n\n\nb: >-\n  x\n\n\n  y\nc: 1\n',
  'block scalars in a compact map': '- a: |\n    x\n  b: >-\n    y\n    z\n',
  'block scalar lines that look like comments or keys': 'a: |\n  x\n  # not a comment\n  b: c\nd: 1\n',
  'block scalar, spaces past the indentation on a blank line': 'a: |\n  x\n   \n  y\nb: |\n  x\n      \n\nc: 1\n',
  'quoted scalars over several lines': "a: 'x\n  y'\nb: 'x\n\n  y'  # c\nc: \"x\n  y\\t z\"\nd:\n- 'it''s\n  ok'\n- \"a\n  b\"\n",
  'double-quoted scalar, escaped line breaks': 'a: "x  \\\n  y\\\n    z\\\\\n  w"\nb: "\\t\\\n  q\\\\\\\n  r"\n',
  'long maps (duplicate check by set)': Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join('\n') + '\n',
};

for (const [name, text] of Object.entries(supported)) {
  test(`fast path, same as the library: ${name}`, () => assertFastSame(text));
}

// Anchors and aliases in the forms configs and manifests use (thebot.yaml's
// `externalObjects: &protectedExternal` then `*protectedExternal`): the fast
// document must have the library's anchors, Alias nodes and their ranges,
// comments and blank lines around them, and the same toJS() with the aliases
// resolved (diffDocuments compares all of it).
const anchored: Record<string, string> = {
  'anchor on a one-line scalar, alias as a map value': 'a: &x 1\nb: *x\n',
  'anchors on quoted scalars and flow collections': 'a: &q "x y"\nb: &m {k: v}\nc: &s [1, 2]\nd: &e {}\ne: *q\nf: *m\ng: *s\nh: *e\n',
  'anchor on a block map on the next lines': 'a: &x\n  b: 1\n  c: [2]\nd: *x\n',
  'anchor on a block sequence, indented and indentless': 'a: &x\n  - 1\n  - {k: v}\nb: &y\n- 2\nc: *x\nd: *y\n',
  'comments and blank lines between an anchor and its block value': 'a: &x\n\n  # c\n\n  b: 1\nd: &y\n  # e\n  - 1\nf: *x\n',
  'spaces after an anchor': 'a: &x  \n  b: 1\nc:   &y   2  \nd: *x\ne: *y\n',
  'anchors on sequence items': '- &x 1\n- &y {a: b}\n-   &z   "q"  # c\n- *x\n- *y\n- *z\n',
  'anchors on sequence items with a block value': 'k:\n  - &x\n    a: 1\n    b: 2\n  - &y\n    - 1\n  - *x\n  - *y\n',
  'comments before and after an anchored sequence item': 'k:\n  # c\n  - &x\n    a: 1\n  # d\n\n  - &y\n\n    # e\n    b: 2\n  - *x\n  # f\n  - *y\n',
  'alias with a comment, an indented comment after it': 'a: &x 1\nb: *x # c\n  # more\nc: 2\nd:\n- *x   # e\n',
  'alias in a compact map in a sequence': 'defs: &d [1]\nitems:\n  - name: a\n    v: *d\n  - *d\n',
  'anchor and alias names with digits, dashes and underscores': 'a: &A-b_9 1\nb: *A-b_9\n',
  'anchors on values over several lines': 'a: &x |\n  text\nb: &y plain\n  continued\nc: &z "quoted\n  over lines"\nd: *x\ne: *y\nf: *z\n',
  'alias of a nested collection, from another branch': 'a:\n  b: &x\n    c: 1\nd:\n  e: *x\n',
  'alias of an enclosing collection\'s sibling': 'a: &x\n  b: 1\nc:\n  d: *x\n  e:\n    - *x\n',
  'merge key with an alias (a plain key in YAML 1.2)': 'base: &b\n  x: 1\nother:\n  <<: *b\n  y: 2\n',
  'many aliases of one anchor': 'a: &x [1, 2]\n' + Array.from({ length: 30 }, (_, i) => `k${i}: *x`).join('\n') + '\n',
  'CRLF and no final newline': 'a: &x\r\n  - 1\r\nb: *x',
  "thebot.yaml's environments": [
    'environments:',
    '  staging:',
    '    facts:',
    '      # Created out of band.',
    '      externalObjects: &protectedExternal',
    '        - { kind: ClusterIssuer, name: letsencrypt-prod }',
    '        - { kind: Secret, name: django-secrets, namespace: thebot }',
    '  production:',
    '    facts:',
    '      hpa: { minReplicas: 3, maxReplicas: 15 }',
    '      externalObjects: *protectedExternal',
    '',
    'rules:',
    '  severity: {}',
    '',
  ].join('\n'),
};

// The options the engine's decoder parses with (kustomize/yaml/decode.ts), the other caller of the fast path.
const DECODER_OPTIONS = { schema: 'failsafe', prettyErrors: false, uniqueKeys: false, strict: false };

for (const [name, text] of Object.entries(anchored)) {
  test(`fast path with anchors and aliases, same as the library: ${name}`, () => {
    assert.match(text, /\*/);
    assertFastSame(text);
    assertFastSame(text, DECODER_OPTIONS);
  });
}

test('anchored nodes and aliases: the fields the fast path sets', () => {
  const text = 'a: &x\n  - 1\nb: *x # c\n';
  const fast = fastParseDocument(text, 0, text.length, OPTIONS)!;
  const map = fast.contents as YAMLMap<Scalar, unknown>;
  assert.equal((map.items[0].value as YAMLSeq).anchor, 'x');
  const alias = map.items[1].value as Alias;
  assert.ok(isAlias(alias));
  assert.equal(alias.source, 'x');
  assert.deepEqual(alias.range, [15, 17, 22]);
  assert.equal(alias.comment, ' c');
  assert.deepEqual(fast.toJS(), { a: [1], b: [1] });
});

const bailOuts: Record<string, string> = {
  'anchor on a key': '&x a: 1\n',
  'anchor on a compact-map key in a sequence': '- &x a: 1\n',
  'anchor on the root collection': '&x\na: 1\n',
  'alias as a key': 'a: &x 1\n*x : 2\n',
  'alias as a root value': '*x\n',
  'alias to an undefined anchor': 'a: 1\nb: *x\n',
  'alias to a later anchor': 'a: *x\nb: &x 1\n',
  'alias inside the collection its anchor names': 'a: &x\n  b: *x\n',
  'alias inside the sequence item its anchor names': '- &x\n  b:\n    - *x\n',
  'anchor name used twice': 'a: &x 1\nb: &x 2\nc: *x\n',
  'anchor on an alias': 'a: &x 1\nb: &y *x\n',
  'anchor and tag': 'a: &x !!str 1\n',
  'tag and anchor': 'a: !!str &x 1\n',
  'two anchors': 'a: &x &y 1\n',
  'anchor followed by a comment': 'a: &x # c\n  b: 1\n',
  'anchor on a sequence item followed by a comment': '- &x # c\n  b: 1\n',
  'anchored empty value': 'a: &x\nb: 1\n',
  'anchored empty value at the end': 'a: &x',
  'anchored empty sequence item': '- &x\n- 1\n',
  'anchor before a sequence on its line': 'a: &x - 1\n',
  'anchor without a space after its name': 'a: &x"q"\n',
  'anchor name ending in a colon': 'a: &x: 1\n',
  'anchor name with a dot': 'a: &x.y 1\nb: *x.y\n',
  'empty anchor name': 'a: & 1\n',
  'alias name ending in a colon': 'a: &x 1\nb: *x:\n',
  'alias followed by more content': 'a: &x 1\nb: *x y\n',
  'alias on the line after its key': 'a: &x 1\nb:\n  *x\n',
  'alias in a flow collection': 'a: &x 1\nb: [*x]\n',
  'anchor in a flow collection': 'a: [&x 1]\nb: *x\n',
  'anchored scalar followed by a more-indented line': 'a: &x 1\n  b: 2\n',
  tag: 'a: !!str 1\n',
  'block scalar, keep chomping': 'a: |+\n  x\n\n',
  'block scalar, indentation indicator': 'a: |2\n   x\n',
  'block scalar, comment on the header': 'a: | # c\n  x\n',
  'block scalar, leading blank line': 'a: |\n\n  x\n',
  'block scalar, no content': 'a: |\nb: 1\n',
  'block scalar, last line without a newline': 'a: |\n  x',
  'block scalar, comment line after it': 'a: |\n  x\n# c\n',
  'folded block scalar, more-indented line': 'a: >\n  x\n   y\n',
  'quoted scalar, blank line after an escaped line break': 'a: "x\\\n\n  y"\n',
  'quoted scalar, spaces before the closing quote on a later line': "a: 'x\n  y  '\n",
  'quoted scalar, empty first line': 'a: "\n  y"\n',
  'quoted scalar, continuation not indented': 'a:\n  b: "x\n  y"\n',
  'multi-line plain scalar, comment line after it': 'a: b\n\n  c\n# d\n',
  'multi-line plain scalar, continuation starting with an indicator': 'a: b\n  - c\n',
  'multi-line plain scalar, continuation that is a lone dash': 'a: b\n  -\n',
  'multi-line plain scalar, lone dash after a dash continuation': 'a: b\n  -c\n  -\n',
  'multi-line plain scalar, dash continuation that is a key': 'a: b\n  -c: d\n',
  'multi-line plain scalar, continuation starting with a question mark': 'a: b\n  ?c\n',
  'multi-line plain scalar, continuation starting with a colon': 'a: b\n  :c\n',
  'multi-line plain scalar, dash continuation then a comment line': 'a: b\n  -c\n  # d\n',
  'multi-line plain scalar, continuation with a key': 'a: b\n  c\n  d: e\n',
  'complex key': '? a\n: b\n',
  directive: '%YAML 1.2\n---\na: 1\n',
  'tab indentation': 'a:\n\tb: 1\n',
  'tab in a value': 'a: b\tc\n',
  'duplicate key': 'a: 1\na: 2\n',
  'duplicate key in a flow map': 'a: {b: 1, b: 2}\n',
  'duplicate key, long map': Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join('\n') + '\nk3: x\n',
  'flow collection over lines': 'a: [1,\n  2]\n',
  'nested flow collections': 'a: {b: [1]}\n',
  'document end marker': 'a: 1\n...\n',
  'empty document': '# only a comment\n',
  'scalar document': 'just text\n',
  'map in a compact value': 'a: b: c\n',
  'sequence on a key line': 'a: - b\n',
  'comment after a key': 'a: # c\n  b: 1\n',
  'empty sequence item': '- \n- a\n',
  'nested compact sequence': '- - a\n',
  'content after the document start marker': '--- a: 1\n',
  'indented root': '  a: 1\n',
  'bad indentation': 'a:\n  b: 1\n c: 2\n',
  'comment without a space': 'a: "b"#c\n',
  'trailing flow comma': 'a: [1, 2,]\n',
  'flow item with a colon before a space (a pair)': 'a: [b: c]\n',
  'flow item with a colon before a flow indicator': 'a: [b:]\n',
  'flow item with a colon before another character': 'a: [b:.c]\n',
  'comments around an empty value': 'a:\n# c\nb: 1\n',
  'blank line after an empty value': 'a:\n\nb: 1\n',
  'byte order mark': '\ufeffa: 1\n',
  'lone carriage return': 'a: 1\rb: 2\n',
  'invalid escape': 'a: "\\q"\n',
  'key over 1024 characters': `${'k'.repeat(1100)}: 1\n`,
};

for (const [name, text] of Object.entries(bailOuts)) {
  test(`left to the library: ${name}`, () => {
    assert.equal(fastParseDocument(text, 0, text.length, OPTIONS), undefined);
  });
}

test('a chunk is parsed in place: offsets into the whole text', () => {
  const text = 'a: 1\n---\nb:\n  c: [x]\n---\nd: 2\n';
  const from = text.indexOf('---');
  const to = text.lastIndexOf('---');
  const fast = fastParseDocument(text, from, to, OPTIONS);
  assert.ok(fast);
  assert.deepEqual(diffDocuments(fast, library(text)[1]), []);
  assert.deepEqual(fast.range, [5, 21, 21]);
});

test('a chunk is judged by its own characters: a tab or lone carriage return outside it does not send it to the library', () => {
  const text = 'a: 1\n---\nb: [x]\r\n---\nc:\td\r';
  const from = text.indexOf('---');
  const to = text.lastIndexOf('---');
  // The chunk ends in `\r\n` (not a lone carriage return); the tab and the lone `\r` lie after it.
  const fast = fastParseDocument(text, from, to, OPTIONS);
  assert.ok(fast);
  assert.deepEqual(diffDocuments(fast, library(text)[1]), []);
  // The same characters inside a chunk still do.
  assert.equal(fastParseDocument(text, to, text.length, OPTIONS), undefined);
  // Two texts with the same content, one after the other (a file and its copy): both parsed.
  const copy = (text + ' ').slice(0, -1);
  assert.ok(fastParseDocument(copy, from, to, OPTIONS));
});

/** parseYaml (fast path per chunk, library for the rest) against the library's whole-file parse. */
function assertFileSame(file: string, text: string): { documents: number; fast: number } {
  // The whole-file parse parseYaml stands for: the library, reading quoted scalars and line breaks as go-yaml does.
  const expected = parseAllDocumentsGo(text, OPTIONS) as unknown as Document.Parsed[];
  const actual = parseYaml(text).documents;
  assert.equal(actual.length, expected.length, file);
  let fast = 0;
  for (let i = 0; i < expected.length; i++) {
    // The library's depth guard trips at a stack depth that depends on the caller.
    if (expected[i].errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) continue;
    assert.deepEqual(diffDocuments(actual[i], expected[i]), [], `${file} document ${i}`);
    if (fastParseDocument(text, expected[i].range[0], expected[i].range[2], OPTIONS)) fast++;
  }
  return { documents: expected.length, fast };
}

test('every YAML file in the repository: parseYaml builds what the library builds', () => {
  const files = [...yamlFiles(join(repoRoot, 'manifests')), ...yamlFiles(join(repoRoot, 'test', 'fixtures'))];
  assert.ok(files.length > 500, `${files.length} files`);
  let documents = 0;
  let fast = 0;
  for (const file of files) {
    const r = assertFileSame(file, readFileSync(file, 'utf8'));
    documents += r.documents;
    fast += r.fast;
  }
  // Most of the repository's documents are in the subset (the rest are error and edge-case fixtures).
  assert.ok(fast > documents * 0.8, `${fast} of ${documents} documents on the fast path`);
});

test('the 1,200-document file: every document on the fast path, the same as the library', () => {
  const text = bigManifest();
  assert.deepEqual(assertFileSame('big.yaml', text), { documents: 1200, fast: 1200 });
});

test('the parser warm-up parses its sample in 12 steps without failing', () => {
  assert.equal([...parserWarmUpSteps()].length, 12);
  assert.deepEqual(fastParseFailures, []);
});

test('the fast path never failed with an error instead of giving up', () => {
  assert.deepEqual(fastParseFailures, []);
});
