// The engine's direct decoder (server/src/kustomize/yaml/fastDecode.ts)
// against its decode through yaml nodes (decodeChunkNodes), on every `---`
// chunk of every YAML file below some directories (prints figures; not a
// test, as the corpus is not committed): values with their types and key
// order, origins, empty-null marks, null annotations, the unreadable-character
// range, the document ranges, the errors (the direct decoder throws none; the
// other path's error is then a difference). Also the whole-file decodes
// (decodeIncremental, as the engine reads a file) against decodeYaml's.
// Usage: npx tsx scripts/fastdecode-diff.ts [DIR...]   (default: /work/conformance/src, manifests, test/fixtures)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunksOf, decodeIncremental } from '../server/src/kustomize/yaml/chunks';
import { decodeChunkNodes, decodeYaml, nullAnnotationKeys, type DecodedDoc } from '../server/src/kustomize/yaml/decode';
import { fastDecodeChunk } from '../server/src/kustomize/yaml/fastDecode';
import { fastParseFailures } from '../server/src/yaml/fastParse';
import { isEmptyNull, originsAt, type Value } from '../server/src/kustomize/values';
import { regularYamlFiles } from '../test/support/yamlFiles';

const repo = join(__dirname, '..');
const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['/work/conformance/src', join(repo, 'manifests'), join(repo, 'test', 'fixtures')];

/** Everything the engine can see of a decoded value, as a comparable structure. */
function describe(v: Value): unknown {
  if (v === null) return null;
  if (typeof v === 'bigint') return `bigint:${v}`;
  if (typeof v === 'number') return `number:${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v !== 'object') return `${typeof v}:${String(v)}`;
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_x, i) => i) : Object.keys(v);
  const nullAnn = Array.isArray(v) ? undefined : nullAnnotationKeys(v);
  return {
    array: Array.isArray(v),
    proto: Object.getPrototypeOf(v) === (Array.isArray(v) ? Array.prototype : Object.prototype),
    nullAnnotations: nullAnn ? [...nullAnn] : null,
    entries: keys.map((k) => [k, describe((v as Record<string | number, Value>)[k]!), originsAt(v, k) ?? null, isEmptyNull(v, k)]),
  };
}

function describeDocs(docs: DecodedDoc[] | undefined): string {
  if (!docs) return 'undefined';
  return JSON.stringify(docs.map((d) => ({ keys: Object.keys(d), value: describe(d.value), range: d.range, control: d.control ?? null, complexKey: d.complexKey ?? null })));
}

function attempt<T>(f: () => T): { ok: T } | { error: string } {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message} ${JSON.stringify((e as { range?: unknown }).range ?? null)}` };
  }
}

let files = 0;
let chunks = 0;
let direct = 0;
let same = 0;
let wholeSame = 0;
let wholeDiff = 0;
const diffs: string[] = [];
for (const dir of dirs) {
  for (const file of regularYamlFiles(dir)) {
    files++;
    const text = readFileSync(file, 'utf8');
    for (const c of chunksOf(text) ?? []) for (const yaml11 of [false, true]) {
      chunks++;
      const got = attempt(() => fastDecodeChunk(c.text, file, c.line, yaml11));
      if ('ok' in got && got.ok === undefined) continue;
      direct++;
      const want = attempt(() => decodeChunkNodes(c.text, file, yaml11, c.line));
      const a = 'ok' in got ? describeDocs(got.ok) : got.error;
      const b = 'ok' in want ? describeDocs(want.ok) : want.error;
      if (a === b) same++;
      else if (diffs.length < 20) diffs.push(`${file} line ${c.line}\n  direct: ${a.slice(0, 600)}\n  nodes:  ${b.slice(0, 600)}`);
      else diffs.push(file);
    }
    for (const yaml11 of [false, true]) {
      const a = attempt(() => decodeIncremental(text, file, yaml11, undefined).decoded.docs);
      const b = attempt(() => decodeYaml(text, file, yaml11).docs);
      const da = 'ok' in a ? describeDocs(a.ok) : a.error;
      const db = 'ok' in b ? describeDocs(b.ok) : b.error;
      if (da === db) wholeSame++;
      else {
        wholeDiff++;
        if (diffs.length < 40) diffs.push(`whole ${yaml11 ? 'yaml11 ' : ''}${file}\n  incremental: ${da.slice(0, 400)}\n  decodeYaml:  ${db.slice(0, 400)}`);
      }
    }
  }
}
for (const d of diffs.slice(0, 40)) console.log(d);
console.log(`${files} files, ${chunks} chunk readings (each chunk as YAML 1.2 and 1.1); direct decoder took ${direct} (${((100 * direct) / chunks).toFixed(1)}%), ${same} identical, ${direct - same} different`);
console.log(`whole files (incremental vs decodeYaml, both readings): ${wholeSame} identical, ${wholeDiff} different`);
if (fastParseFailures.length) console.log('thrown by the fast paths:', fastParseFailures);
process.exitCode = direct === same && wholeDiff === 0 && fastParseFailures.length === 0 ? 0 : 1;
