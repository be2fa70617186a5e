// thebot.yaml is parsed by the fast parser when it can (config/load.ts
// fastConfigDocument) and by the library's parseDocument otherwise. The config
// is made from the document and its line counter alone, so the two must be
// the library's exactly: checked on every YAML file of the repository and on
// crafted configs. And the config's findings (unknown rule ids) read the parse
// the project made, never parsing the same text again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { configSource, fastConfigDocument, parseProjectConfig, withEnvironments } from '../../server/src/config/load';
import { unknownRuleFindings } from '../../server/src/analysis/config-findings';
import { RULES } from '../../server/src/rules';
import { yamlFiles } from '../support/yamlFiles';
import { diffDocuments } from '../yaml/compareTrees';

const repoRoot = join(__dirname, '..', '..');

/** The library's parse as parseProjectConfig made it before, and the fast one (undefined when it gave up). */
function both(text: string): { library: Document.Parsed; libraryLines: number[]; fast?: Document.Parsed; fastLines: number[] } {
  const lc = new LineCounter();
  const library = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true }) as Document.Parsed;
  const flc = new LineCounter();
  const fast = fastConfigDocument(text, { lineCounter: flc, prettyErrors: false, uniqueKeys: true });
  return { library, libraryLines: lc.lineStarts, fast, fastLines: flc.lineStarts };
}

function assertSameWhenFast(name: string, text: string): boolean {
  const r = both(text);
  if (!r.fast) {
    assert.deepEqual(r.fastLines, [], `${name}: the line counter is left to the library`);
    return false;
  }
  // Each holds its own line counter (compared below); the other options are the same.
  const options = r.fast.options as { lineCounter?: LineCounter };
  const own = options.lineCounter;
  options.lineCounter = (r.library.options as { lineCounter?: LineCounter }).lineCounter;
  assert.deepEqual(diffDocuments(r.fast, r.library), [], name);
  options.lineCounter = own;
  assert.deepEqual(r.fastLines, r.libraryLines, `${name}: line starts`);
  return true;
}

test('every YAML file of the repository: where the fast parser takes it whole, the document and line counter parseProjectConfig gets are the library\'s', () => {
  const files = [...yamlFiles(join(repoRoot, 'manifests')), ...yamlFiles(join(repoRoot, 'test', 'fixtures'))];
  let fast = 0;
  for (const file of files) if (assertSameWhenFast(file, readFileSync(file, 'utf8'))) fast++;
  assert.ok(fast > files.length * 0.5, `${fast} of ${files.length} files on the fast path`);
});

test('the bundled manifests/thebot.yaml (an anchor, an alias, `localhost:5000` in a flow sequence) is read by the fast parser', () => {
  const text = readFileSync(join(repoRoot, 'manifests', 'thebot.yaml'), 'utf8');
  assert.ok(assertSameWhenFast('manifests/thebot.yaml', text));
  const c = parseProjectConfig(join(repoRoot, 'manifests', 'thebot.yaml'), text);
  const production = c.environments.find((e) => e.name === 'production')!;
  const staging = c.environments.find((e) => e.name === 'staging')!;
  assert.equal(production.facts.externalObjects.length, 8);
  assert.deepEqual(production.facts.externalObjects, staging.facts.externalObjects);
});

const configs: Record<string, string> = {
  'plain config': 'environments:\n  dev: { overlay: overlays/dev }\nrules: { severity: { image-latest-tag: off } }\n',
  'comments and blank lines': '# top\n\nenvironments:\n  # dev\n  dev:\n    overlay: . # here\n\n# end\n',
  'CRLF': 'environments:\r\n  dev:\r\n    overlay: .\r\n',
  'no final newline': 'environments:\n  dev:\n    overlay: .',
  'multi-line values': 'facts:\n  singletons:\n    - a\n      b\n  note: |\n    x\n    y\n',
  'anchors and aliases': 'facts: &f\n  minReplicas: 2\nenvironments:\n  dev:\n    overlay: .\n    facts: *f\n',
  'unknown property (a schema error at the key)': 'environmentz: {}\n',
  'wrong type': 'environments: []\n',
  'document start marker': '---\nenvironments: {}\n',
  // The library's: each reports something, or is outside the subset.
  'duplicate key': 'environments: {}\nenvironments: {}\n',
  'two documents': 'environments: {}\n---\nfacts: {}\n',
  'syntax error': 'environments:\n  dev: [\n',
  'empty': '',
  'comments only': '# nothing yet\n',
  'a scalar': 'hello\n',
  'undefined alias': 'environments: *nope\n',
  'tab': 'environments:\n\tdev: {}\n',
  'anchor in a flow collection': 'facts: { a: &x 1 }\n',
};

for (const [name, text] of Object.entries(configs)) {
  test(`config text, fast or the library's, the same document and positions: ${name}`, () => {
    assertSameWhenFast(name, text);
  });
}

test('texts the library reports a problem in are left to it (its errors, positions and messages)', () => {
  for (const name of ['duplicate key', 'two documents', 'syntax error', 'empty', 'comments only', 'tab']) {
    assert.equal(both(configs[name]).fast, undefined, name);
  }
});

test('an alias bomb the fast parser reads is refused as the library\'s parse of it was', () => {
  // Block collections and aliases (the fast parser's forms): 10^9 nodes once expanded.
  let bomb = 'x0: &a0\n' + '  - x\n'.repeat(10);
  for (let i = 1; i < 9; i++) bomb += `x${i}: &a${i}\n` + `  - *a${i - 1}\n`.repeat(10);
  assert.ok(assertSameWhenFast('bomb', bomb));
  const c = parseProjectConfig('/p/thebot.yaml', bomb);
  assert.deepEqual(
    c.problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`),
    ['1:1 thebot.yaml: document contains excessive aliasing'],
  );
});

test('a config nested too deeply is refused before any parser sees it', () => {
  const c = parseProjectConfig('/p/thebot.yaml', `environments:\n  - ${'- '.repeat(600)}x\n`);
  assert.equal(c.problems.length, 1);
  assert.match(c.problems[0].message, /exceeded max depth of 500/);
});

test('unknown rule ids: read from the loaded config when it was parsed from this text, without parsing it again', () => {
  const text = 'rules:\n  severity: { image-latest-tag: off, latest-tag-x: error }\n';
  const loaded = parseProjectConfig('/p/thebot.yaml', text);
  assert.equal(configSource(loaded)?.text, text);
  // A rule id only the loaded config has: found (at the map that would hold it), so its rules were read, not the text parsed again.
  loaded.rules.severity['only-in-loaded'] = 'off';
  const say = (fs: ReturnType<typeof unknownRuleFindings>): string[] => fs.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
  assert.deepEqual(say(unknownRuleFindings('/p/thebot.yaml', text, RULES, loaded)), ["2:38 unknown rule 'latest-tag-x'", "2:13 unknown rule 'only-in-loaded'"]);
  // A config parsed from another text (or another file) is not used: the text is parsed here.
  const other = text.replace('latest-tag-x', 'latest-tag-y');
  assert.deepEqual(say(unknownRuleFindings('/p/thebot.yaml', other, RULES, loaded)), ["2:38 unknown rule 'latest-tag-y'"]);
  const elsewhere = text.replace('latest-tag-x', 'latest-tag-z');
  assert.deepEqual(say(unknownRuleFindings('/q/thebot.yaml', elsewhere, RULES, parseProjectConfig('/p/thebot.yaml', elsewhere))), ["2:38 unknown rule 'latest-tag-z'"]);
  // A copy narrowed to some environments (thebot check --env) keeps what the config was parsed from.
  assert.equal(configSource(withEnvironments(loaded, []))?.text, text);
});
