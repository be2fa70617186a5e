// The fast YAML path against the yaml library on every YAML file below some
// directories (prints figures; not a test, as the corpus is not committed).
// For each file: parseYaml (fast path per `---` chunk, the library for the
// rest) against the library's whole-file parse (parseAllDocumentsGo, as
// test/yaml/fastParse.test.ts does for the repository's files); and each chunk
// the fast path takes, under the parse cache's options and under the engine
// decoder's, against parseAllDocuments of that chunk. Differences are printed;
// the counts say how many documents, and how many with anchors or aliases,
// the fast path took.
// Usage: npx tsx scripts/fastparse-corpus.ts [DIR...]   (default: /work/conformance/src, manifests, test/fixtures)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlias, parseAllDocuments, visit, type Document } from 'yaml';
import { diffDocuments } from '../test/yaml/compareTrees';
import { fastParseDocument, fastParseFailures } from '../server/src/yaml/fastParse';
import { documentStarts } from '../server/src/yaml/documentStarts';
import { parseYaml } from '../server/src/documents/parse';
import { parseAllDocumentsGo } from '../server/src/yaml/goyamlParse';
import { regularYamlFiles } from '../test/support/yamlFiles';

const repo = join(__dirname, '..');
const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['/work/conformance/src', join(repo, 'manifests'), join(repo, 'test', 'fixtures')];
const CACHE_OPTIONS = { prettyErrors: false, uniqueKeys: true };
const DECODER_OPTIONS = { schema: 'failsafe', prettyErrors: false, uniqueKeys: false, strict: false };

function hasAnchors(doc: Document): boolean {
  let found = false;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node) || (node as { anchor?: string }).anchor) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

let files = 0;
let documents = 0;
let fast = 0;
let anchored = 0;
let fastAnchored = 0;
let differences = 0;
const report = (what: string, diff: string[]): void => {
  differences++;
  if (differences <= 50) console.log(`${what}\n  ${diff.slice(0, 3).join('\n  ')}`);
};
for (const dir of dirs) {
  for (const file of regularYamlFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    files++;
    const expected = parseAllDocumentsGo(text, CACHE_OPTIONS) as unknown as Document.Parsed[];
    const actual = parseYaml(text).documents;
    if (actual.length !== expected.length) {
      report(file, [`${actual.length} documents, the library ${expected.length}`]);
      continue;
    }
    for (let i = 0; i < expected.length; i++) {
      documents++;
      if (hasAnchors(expected[i])) anchored++;
      // The library's depth guard trips at a stack depth that depends on the caller.
      if (expected[i].errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) continue;
      const d = diffDocuments(actual[i], expected[i]);
      if (d.length) report(`${file} document ${i}: parseYaml`, d);
    }
    const starts = documentStarts(text) ?? [0];
    for (let i = 0; i < starts.length; i++) {
      const chunk = text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : text.length);
      for (const [name, options] of [['cache', CACHE_OPTIONS], ['decoder', DECODER_OPTIONS]] as const) {
        const doc = fastParseDocument(chunk, 0, chunk.length, options);
        if (!doc) continue;
        const lib = parseAllDocuments(chunk, options) as unknown as Document.Parsed[];
        const d = lib.length === 1 ? diffDocuments(doc, lib[0]) : [`the library reads ${lib.length} documents`];
        if (d.length) report(`${file} chunk ${i} (${name} options)`, d);
        if (name === 'cache') {
          fast++;
          if (hasAnchors(doc)) fastAnchored++;
        }
      }
    }
  }
}
console.log({ files, documents, fast, anchored, fastAnchored, differences, fastParseFailures: fastParseFailures.length });
process.exitCode = differences || fastParseFailures.length ? 1 : 0;
