// Unit tests of the embedded Kustomize engine: exact output, origins on
// transformed/patched/generated fields, error messages with positions, cache reuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderKustomization, RenderCache, nodeFileReader, type FileReader } from '../../server/src/kustomize';
import { emitYamlV2, emitYamlV2To } from '../../server/src/kustomize/yaml/emit';
import { hashOf } from '../../server/src/kustomize/transformers/hash';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'thebot-kengine-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const BASE = {
  'base/kustomization.yaml': 'resources:\n- d.yaml\nconfigMapGenerator:\n- name: cfg\n  literals:\n  - A=1\n',
  'base/d.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.0\n        envFrom:\n        - configMapRef:\n            name: cfg\n',
  'ov/kustomization.yaml':
    'resources:\n- ../base\nnamePrefix: p-\nimages:\n- name: nginx\n  newTag: "2.0"\nreplicas:\n- name: web\n  count: 3\npatches:\n- patch: |\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: web\n    spec:\n      template:\n        spec:\n          containers:\n          - name: app\n            args: ["--x"]\n',
};

// Expected bytes produced by `kubectl kustomize ov` (kustomize v5.5.0).
const EXPECTED = `apiVersion: v1
data:
  A: "1"
kind: ConfigMap
metadata:
  name: p-cfg-89g4tffbfk
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: p-web
spec:
  replicas: 3
  template:
    spec:
      containers:
      - args:
        - --x
        envFrom:
        - configMapRef:
            name: p-cfg-89g4tffbfk
        image: nginx:2.0
        name: app
`;

test('overlay with prefix, images, replicas, inline patch and generator renders byte-identical to kustomize', () => {
  const root = tree(BASE);
  const r = renderKustomization(join(root, 'ov'), { cache: new RenderCache() });
  assert.deepEqual(r.errors, []);
  assert.equal(r.toYaml(), EXPECTED);
});

test('a workspace opened through a symbolic link: the same bytes, origins named under the link (the editor\'s paths)', () => {
  const root = tree(BASE);
  const link = join(mkdtempSync(join(tmpdir(), 'thebot-kengine-link-')), 'ws');
  symlinkSync(root, link);
  const r = renderKustomization(join(link, 'ov'), { cache: new RenderCache() });
  assert.deepEqual(r.errors, []);
  assert.equal(r.toYaml(), EXPECTED);
  const dep = r.resources[1]!;
  assert.equal(dep.originOf(['spec', 'template', 'spec', 'containers', 0, 'image'])!.parts!.name!.file, join(link, 'base', 'd.yaml'));
  assert.equal(dep.originOf(['spec', 'replicas'])!.file, join(link, 'ov', 'kustomization.yaml'));
});

test('a base reached through a symbolic link inside the tree is built at its real path: its ../ entries resolve there', () => {
  const root = tree({
    ...BASE,
    'real/base/kustomization.yaml': 'resources:\n- ../other\n',
    'real/other/kustomization.yaml': 'resources:\n- cm.yaml\n',
    'real/other/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: real-other\n',
    'app/kustomization.yaml': 'resources:\n- base\n',
    'app/other/kustomization.yaml': 'resources:\n- cm.yaml\n',
    'app/other/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: beside-the-link\n',
  });
  symlinkSync(join(root, 'real/base'), join(root, 'app/base'));
  const r = renderKustomization(join(root, 'app'), { cache: new RenderCache() });
  assert.deepEqual(r.errors, []);
  assert.equal(r.toYaml(), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: real-other\n');
  assert.equal(r.resources[0]!.origin.file, join(root, 'real', 'other', 'cm.yaml'));
});

test('a top directory that is a link elsewhere is built and named at its real path; a link to a sibling keeps its name', () => {
  const root = tree({
    'real/ov/kustomization.yaml': 'resources:\n- ../base\n',
    'real/base/kustomization.yaml': 'resources:\n- cm.yaml\n',
    'real/base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: real-base\n',
    'base/kustomization.yaml': 'resources:\n- cm.yaml\n',
    'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: beside-the-link\n',
  });
  symlinkSync(join(root, 'real/ov'), join(root, 'current'));
  const r = renderKustomization(join(root, 'current'), { cache: new RenderCache() });
  assert.deepEqual(r.errors, []);
  assert.equal(r.toYaml(), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: real-base\n');
  assert.equal(r.resources[0]!.origin.file, join(root, 'real', 'base', 'cm.yaml'));
  // real/current -> ov: its ../ is real/ either way, so the editor's name stays.
  symlinkSync('ov', join(root, 'real/current'));
  const sibling = renderKustomization(join(root, 'real/current'), { cache: new RenderCache() });
  assert.equal(sibling.toYaml(), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: real-base\n');
  assert.equal(sibling.resources[0]!.origin.file, join(root, 'real', 'base', 'cm.yaml'));
  assert.deepEqual(sibling.files.filter((f) => f.endsWith('ov/kustomization.yaml') || f.endsWith('current/kustomization.yaml')), [join(root, 'real', 'current', 'kustomization.yaml')]);
});

test('origins: transformed, patched and generated fields point at the line that set them', () => {
  const root = tree(BASE);
  const r = renderKustomization(join(root, 'ov'), { cache: new RenderCache() });
  const dep = r.resources[1]!;
  const ov = join(root, 'ov', 'kustomization.yaml');
  const at = (o: { file: string; range: { start: { line: number; character: number } }; by: string } | undefined) =>
    o && `${o.by} ${o.file === ov ? 'ov' : o.file.slice(root.length + 1)}:${o.range.start.line + 1}:${o.range.start.character + 1}`;
  assert.equal(at(dep.originOf(['spec', 'replicas'])), 'replicas ov:9:10');
  // The image's tag changed: its origin is the `newTag:` value, not the `- name:` entry.
  assert.equal(at(dep.originOf(['spec', 'template', 'spec', 'containers', 0, 'image'])), 'images ov:6:11');
  // Its name was not rewritten: that part was set by the base.
  assert.equal(at(dep.originOf(['spec', 'template', 'spec', 'containers', 0, 'image'])!.parts!.name), 'resource base/d.yaml:11:16');
  assert.equal(at(dep.originOf(['spec', 'template', 'spec', 'containers', 0, 'args'])), 'patch ov:21:19');
  assert.equal(at(dep.originOf(['metadata', 'name'])), 'namePrefix ov:3:13');
  // The merge key is restated by the patch: both lines are in its history.
  assert.deepEqual(dep.historyOf(['spec', 'template', 'spec', 'containers', 0, 'name']).map(at), [
    'resource base/d.yaml:10:15',
    'patch ov:20:19',
  ]);
  assert.deepEqual(
    dep.historyOf(['spec', 'replicas']).map(at),
    ['resource base/d.yaml:6:13', 'replicas ov:9:10'],
  );
  const cm = r.resources[0]!;
  assert.equal(at(cm.originOf(['data', 'A'])), 'configMapGenerator base/kustomization.yaml:6:5');
  assert.equal(at(cm.originOf(['metadata', 'name'])), 'hash base/kustomization.yaml:4:3');
});

test('the cache re-parses only the edited file', () => {
  const root = tree(BASE);
  const cache = new RenderCache();
  renderKustomization(join(root, 'ov'), { cache });
  const first = cache.parses;
  assert.equal(first, 4); // two kustomizations, one resource, one inline patch
  const edited = join(root, 'base', 'd.yaml');
  const reader: FileReader = {
    ...nodeFileReader,
    readFile: (p) => (p === edited ? BASE['base/d.yaml'].replace('nginx:1.0', 'nginx:1.1') : nodeFileReader.readFile(p)),
  };
  const r = renderKustomization(join(root, 'ov'), { cache, reader });
  assert.equal(cache.parses, first + 1);
  assert.deepEqual(r.errors, []);
});

function errorOf(files: Record<string, string>, dir = '.'): string {
  const root = tree(files);
  const r = renderKustomization(join(root, dir), { cache: new RenderCache() });
  assert.equal(r.errors.length, 1);
  const e = r.errors[0]!;
  const pos = e.range ? `:${e.range.start.line + 1}:${e.range.start.character + 1}` : '';
  return `${e.file.slice(root.length + 1)}${pos}: ${e.message.split(root).join('$ROOT')}`;
}

test('errors carry kustomize words, the file and the position', () => {
  assert.equal(
    errorOf({ 'kustomization.yaml': 'resources:\n- missing.yaml\n' }),
    "kustomization.yaml:2:3: accumulating resources: accumulation err='accumulating resources from 'missing.yaml': evalsymlink failure on '$ROOT/missing.yaml' : lstat $ROOT/missing.yaml: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '$ROOT/missing.yaml' : lstat $ROOT/missing.yaml: no such file or directory",
  );
  assert.equal(
    errorOf({ 'kustomization.yaml': 'namePrefixx: a-\n' }),
    'kustomization.yaml:1:14: invalid Kustomization: json: unknown field "namePrefixx"',
  );
  assert.equal(
    errorOf({
      'kustomization.yaml': 'resources:\n- a.yaml\n- b.yaml\n',
      'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n',
      'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n',
    }),
    "b.yaml:1:1: accumulating resources: accumulation err='merging resources from 'b.yaml': may not add resource with an already registered id: ConfigMap.v1.[noGrp]/same.[noNs]': must build at directory: '$ROOT/b.yaml': file is not directory",
  );
  assert.equal(
    errorOf({ 'a/kustomization.yaml': 'resources:\n- ../b\n', 'b/kustomization.yaml': 'resources:\n- ../a\n' }, 'a'),
    "b/kustomization.yaml:2:3: accumulating resources: accumulation err='accumulating resources from '../b': '$ROOT/b' must resolve to a file': recursed accumulation of path '$ROOT/b': accumulating resources: accumulation err='accumulating resources from '../a': '$ROOT/a' must resolve to a file': cycle detected: candidate root '$ROOT/a' contains visited root '$ROOT/a'",
  );
  assert.equal(
    errorOf({ 'kustomization.yaml': 'resources:\n- https://example.invalid/x//y?ref=v1\n' }),
    "kustomization.yaml:2:3: accumulating resources: accumulation err='accumulating resources from 'https://example.invalid/x//y?ref=v1': not read over HTTP by this engine': remote resource 'https://example.invalid/x//y?ref=v1' in 'resources' is never fetched implicitly: run with --fetch-remote (CLI) or the 'THE_BOT: Fetch Remote Bases' command (editor)",
  );
  assert.equal(
    errorOf({ 'kustomization.yaml': 'resources: []\nimageTags:\n- name: a\n  newTag: b\n' }),
    "kustomization.yaml:3:1: field 'imageTags' is not supported by this engine (kustomize would use it)",
  );
});

test('a kind or name kustomize reads from a number or a boolean is refused at the value, naming the field (kustomize renders it: its id is the YAML text); collections and null keep kustomize\'s words', () => {
  const one = (doc: string) => errorOf({ 'kustomization.yaml': 'resources:\n- cm.yaml\n', 'cm.yaml': doc });
  const NUMBER_KIND = 'kind is a number, not a string: kustomize takes its YAML text as the kind and prints the number; THE_BOT renders only a string kind: quote it if its text is meant';
  assert.equal(one('apiVersion: v1\nkind: 5\nmetadata:\n  name: settings\n'), `cm.yaml:2:7: ${NUMBER_KIND}`);
  assert.equal(one('apiVersion: v1\nkind: 0x10\nmetadata:\n  name: settings\n'), `cm.yaml:2:7: ${NUMBER_KIND}`);
  assert.equal(
    one('apiVersion: v1\nkind: true\nmetadata:\n  name: settings\n'),
    'cm.yaml:2:7: kind is a boolean, not a string: kustomize takes its YAML text as the kind and prints the boolean; THE_BOT renders only a string kind: quote it if its text is meant',
  );
  assert.equal(
    one('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 12\n'),
    'cm.yaml:4:9: metadata.name is a number, not a string: kustomize takes its YAML text as the name and prints the number; THE_BOT renders only a string metadata.name: quote it if its text is meant',
  );
  // An item of a List, at its own line.
  assert.equal(one('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: 7\n  metadata:\n    name: x\n'), `cm.yaml:5:9: ${NUMBER_KIND}`);
  // kustomize's own refusals, in its words (checked against kubectl kustomize v5.5.0).
  const missingKind = (at: string) =>
    `cm.yaml:${at}: accumulating resources: accumulation err='accumulating resources from 'cm.yaml': missing kind in object {{v1 } {{settings } map[] map[]}}': must build at directory: '$ROOT/cm.yaml': file is not directory`;
  assert.equal(one('apiVersion: v1\nkind: [a]\nmetadata:\n  name: settings\n'), missingKind('1:1'));
  assert.equal(one('apiVersion: v1\nkind: ~\nmetadata:\n  name: settings\n'), missingKind('1:1'));
  // Quoted, the text is the kind: rendered.
  const root = tree({ 'kustomization.yaml': 'resources:\n- cm.yaml\n', 'cm.yaml': 'apiVersion: v1\nkind: "5"\nmetadata:\n  name: "12"\n' });
  const r = renderKustomization(root, { cache: new RenderCache() });
  assert.deepEqual(r.errors, []);
  assert.equal(r.toYaml(), 'apiVersion: v1\nkind: "5"\nmetadata:\n  name: "12"\n');
});

test('files outside the kustomization root are refused, through symlinks too', () => {
  const root = tree({
    'shared/p.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    'ov/kustomization.yaml': 'patches:\n- path: link.yaml\n',
  });
  symlinkSync(join(root, 'shared/p.yaml'), join(root, 'ov/link.yaml'));
  const r = renderKustomization(join(root, 'ov'), { cache: new RenderCache() });
  assert.equal(
    r.errors[0]!.message.split(root).join('$ROOT'),
    // kustomize's words (corpus case error-symlink-escape): the symlink's own path is named.
    "trouble configuring builtin PatchTransformer with config: `\npath: link.yaml\n`: failed to get the patch file from path(link.yaml): security; file '$ROOT/ov/link.yaml' is not in or below '$ROOT/ov'",
  );
  assert.equal(r.errors[0]!.range!.start.line, 1);
});

test('hostile input: alias bombs and deep nesting end in an error, not a hang', () => {
  let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const r1 = errorOf({ 'kustomization.yaml': 'resources:\n- bomb.yaml\n', 'bomb.yaml': bomb });
  // goyaml's limit and words; kustomize gives no line, the range points at the alias whose expansion went over.
  assert.equal(r1, "bomb.yaml:4:20: accumulating resources: accumulating resources from 'bomb.yaml': MalformedYAMLError: yaml: document contains excessive aliasing in File: bomb.yaml");
  const deep = 'a: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n';
  // Our lower limit (the parser recurses), at the bracket that passes it.
  assert.equal(
    errorOf({ 'kustomization.yaml': 'resources:\n- deep.yaml\n', 'deep.yaml': deep }),
    "deep.yaml:1:503: accumulating resources: accumulating resources from 'deep.yaml': MalformedYAMLError: yaml: exceeded max depth of 500 (thebot's nesting limit; kustomize's is 10000) in File: deep.yaml",
  );
  // A quote in a comment does not open a quoted scalar that would hide the brackets below from the bound
  // (it did: the parser then ran out of stack, "Maximum call stack size exceeded").
  const hidden = "a: b # see: 'x\nc: " + '['.repeat(5000) + ']'.repeat(5000) + '\n';
  assert.equal(
    errorOf({ 'kustomization.yaml': 'resources:\n- deep.yaml\n', 'deep.yaml': hidden }),
    "deep.yaml:2:503: accumulating resources: accumulating resources from 'deep.yaml': MalformedYAMLError: yaml: exceeded max depth of 500 (thebot's nesting limit; kustomize's is 10000) in File: deep.yaml",
  );
});

/** `n` block maps, each the value of the last key of the one before: `k0:\n k1:\n  k2: x`. */
function nestedMaps(n: number, last = 'x'): string {
  return Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:${i === n - 1 ? ` ${last}` : ''}`).join('\n') + '\n';
}

test('deep nesting the fast parser reads structurally (block maps, a flow collection under them, sequences): refused at the 501st level, as by the scan', () => {
  const deep = (text: string): string => errorOf({ 'kustomization.yaml': 'resources:\n- deep.yaml\n', 'deep.yaml': text });
  const words = "accumulating resources: accumulating resources from 'deep.yaml': MalformedYAMLError: yaml: exceeded max depth of 500 (thebot's nesting limit; kustomize's is 10000) in File: deep.yaml";
  // A ConfigMap's data holds maps: the root is level 1, `data`'s value level 2, the 501st map's key is k499.
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n';
  const indented = (text: string): string => text.replace(/^/gm, '  ');
  assert.equal(deep(cm + indented(nestedMaps(500))), `deep.yaml:505:502: ${words}`);
  // The 501st level a flow collection: at its bracket.
  assert.equal(deep(cm + indented(nestedMaps(499, '[x]'))), `deep.yaml:504:507: ${words}`);
  // A sequence and a compact map a line: the 501st level a sequence, at its dash; under a key, a map, at its key.
  const items = Array.from({ length: 251 }, (_, i) => `${' '.repeat(2 * i)}- k${i}:${i === 250 ? ' x' : ''}`).join('\n') + '\n';
  assert.equal(deep(items), `deep.yaml:251:501: ${words}`);
  assert.equal(deep(`items:\n${items}`), `deep.yaml:251:501: ${words}`);
  // In a later document of the file, on its own lines.
  assert.equal(deep(`${cm}  a: b\n---\n${cm}${indented(nestedMaps(500))}`), `deep.yaml:512:502: ${words}`);
  // One level less renders.
  const root = tree({ 'kustomization.yaml': 'resources:\n- cm.yaml\n', 'cm.yaml': cm + indented(nestedMaps(499)) });
  const r = renderKustomization(root, { cache: new RenderCache() });
  assert.deepEqual(r.errors, []);
  assert.equal(r.resources.length, 1);
});

test('brackets inside a plain scalar are no nesting: rendered as kustomize renders them', () => {
  const root = tree({ 'kustomization.yaml': 'resources:\n- cm.yaml\n', 'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: y${'['.repeat(600)}\n` });
  const r = renderKustomization(root, { cache: new RenderCache() });
  assert.deepEqual(r.errors, []);
  // kubectl kustomize's bytes.
  assert.equal(r.toYaml(), `apiVersion: v1\ndata:\n  x: y${'['.repeat(600)}\nkind: ConfigMap\nmetadata:\n  name: a\n`);
});

test('serializer follows goyaml.v2: YAML 1.1 quoting, key order, folding, block scalars', () => {
  assert.equal(
    emitYamlV2({ b: 'yes', a10: 'on', a9: '017', 'a-b': 'x: y', n: 1.5e-7, t: 'a\nb\n', s: '' }),
    'a-b: \'x: y\'\na9: "017"\na10: "on"\nb: "yes"\n"n": 1.5e-07\ns: ""\nt: |\n  a\n  b\n',
  );
  assert.equal(emitYamlV2({ k: 'word '.repeat(20).trim() }), `k: ${'word '.repeat(15)}word\n  ${'word '.repeat(3)}word\n`);
});

test('serializer folds a plain scalar only at a space past column 80 (checked against kubectl kustomize)', () => {
  // "  kNN: " puts the value at column 7: k75's last space is at column 80 (kept on the line), k76's at 81 (folded).
  const x = (n: number) => 'x'.repeat(n);
  const data = { k73: `${x(10)} ${x(61)} x`, k75: `${x(10)} ${x(62)} x`, k76: `${x(10)} ${x(63)} x`, kp: `\u{1F600}${x(10)} ${x(59)} x` };
  assert.equal(
    emitYamlV2({ data }),
    `data:\n  k73: ${data.k73}\n  k75: ${data.k75}\n  k76: ${x(10)} ${x(63)}\n    x\n  kp: "\\U0001F600${x(10)} ${x(59)}\n    x"\n`,
  );
});

test('serializer writes a document longer than its flush size whole and in order', () => {
  // 3,000 lines of 23 characters: the emitter makes its text flat every 16,384 characters.
  const keys = Array.from({ length: 3000 }, (_, i) => `k${String(i).padStart(4, '0')}`);
  const data = Object.fromEntries(keys.map((k) => [k, `value-${k}-x`]));
  const text = emitYamlV2({ data, kind: 'ConfigMap' });
  assert.equal(text, `data:\n${keys.map((k) => `  ${k}: value-${k}-x\n`).join('')}kind: ConfigMap\n`);
  assert.equal(text.length, 6 + 3000 * 23 + 16);
});

test('serializer hands a long document to its sink in pieces of whole lines, in order; a short one in one piece', () => {
  const keys = Array.from({ length: 3000 }, (_, i) => `k${String(i).padStart(4, '0')}`);
  const long = { data: Object.fromEntries(keys.map((k) => [k, `value-${k}-x`])), kind: 'ConfigMap' };
  const pieces: string[] = [];
  emitYamlV2To(long, (t) => pieces.push(t));
  assert.equal(pieces.join(''), emitYamlV2(long));
  // 69,022 characters; a piece ends at the first line break at or past 16,384 characters:
  // "data:\n" and 713 lines of 23, then 713 lines a piece, then the rest and "kind: ConfigMap\n".
  assert.deepEqual(pieces.map((p) => p.length), [6 + 713 * 23, 713 * 23, 713 * 23, 713 * 23, 148 * 23 + 16]);
  assert.ok(pieces.every((p) => p.endsWith('\n')));
  const short: string[] = [];
  emitYamlV2To({ a: 'x', b: [1, 'y: z'] }, (t) => short.push(t));
  assert.deepEqual(short, ["a: x\nb:\n- 1\n- 'y: z'\n"]);
});

test('thebot render\'s one-render cache hands a file\'s documents over once: a second kustomization including it reads it afresh', () => {
  const root = mkdtempSync(join(tmpdir(), 'thebot-once-'));
  const put = (f: string, text: string) => {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  };
  put('shared/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: v\n');
  put('a/kustomization.yaml', 'resources:\n- ../shared/cm.yaml\nnamePrefix: a-\n');
  put('b/kustomization.yaml', 'resources:\n- ../shared/cm.yaml\nnamePrefix: b-\nlabels:\n- pairs:\n    x: b\n');
  put('kustomization.yaml', 'resources:\n- a\n- b\n');
  // The cache renderOutput renders with first (it renders again, with a cache of its own, only on an error).
  const cache = new RenderCache({ origins: false, once: true });
  // Each path resolved once in a render, however many files of its directory are loaded.
  const resolved: string[] = [];
  const reader: FileReader = { ...nodeFileReader, realpath: (p) => (resolved.push(p), nodeFileReader.realpath(p)) };
  const r = renderKustomization(root, { loadRestrictor: 'LoadRestrictionsNone', cache, reader });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(resolved.filter((p, i) => resolved.indexOf(p) !== i), []);
  assert.ok(resolved.includes(join(root, 'shared', 'cm.yaml')));
  // Nothing kept for another render: a and b built, not stored.
  assert.equal(cache.builds.stored, 0);
  // kubectl kustomize --load-restrictor LoadRestrictionsNone's bytes.
  assert.equal(
    r.toYaml(),
    'apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  name: a-cm\n---\napiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  labels:\n    x: b\n  name: b-cm\n',
  );
});

test('generated-name hash escapes <, > and & like Go json.Marshal', () => {
  assert.equal(hashOf({ kind: 'ConfigMap', data: { A: '1' } }), '89g4tffbfk');
  assert.notEqual(hashOf({ kind: 'ConfigMap', data: { A: '<&>' } }), hashOf({ kind: 'ConfigMap', data: { A: '\\u003c&>' } }));
});

test('a resource mapping key go-yaml reads as no string is refused at the key, whatever the decoder; a quoted key, or one only YAML 1.1 reads as a bool, is kept', () => {
  const cm = (key: string) => ({ 'kustomization.yaml': 'resources:\n- cm.yaml\n', 'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n  ${key}: x\n` });
  const tail = 'kustomize fails to write the resource with json: unsupported type: map[interface {}]interface {}';
  assert.equal(errorOf(cm('9000')), `cm.yaml:7:3: mapping key 9000 is not a string (go-yaml reads it as int): ${tail}; quote the key: "9000"`);
  assert.equal(errorOf(cm('0x1F')), `cm.yaml:7:3: mapping key 0x1F is not a string (go-yaml reads it as int): ${tail}; quote the key: "0x1F"`);
  assert.equal(errorOf(cm('1.5')), `cm.yaml:7:3: mapping key 1.5 is not a string (go-yaml reads it as float64): ${tail}; quote the key: "1.5"`);
  assert.equal(errorOf(cm('true')), `cm.yaml:7:3: mapping key true is not a string (go-yaml reads it as bool): ${tail}; quote the key: "true"`);
  assert.equal(errorOf(cm('2001-01-01')), `cm.yaml:7:3: mapping key 2001-01-01 is not a string (go-yaml reads it as time.Time): ${tail}; quote the key: "2001-01-01"`);
  assert.equal(errorOf({ ...cm('x'), 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {a: b, 8: x}\n' }), `cm.yaml:5:14: mapping key 8 is not a string (go-yaml reads it as int): ${tail}; quote the key: "8"`);
  for (const key of ['"9000"', "'true'", 'yes', 'on', 'v1.2']) {
    const root = tree(cm(key));
    const r = renderKustomization(root, { cache: new RenderCache() });
    assert.deepEqual(r.errors, [], key);
  }
});

test('annotation keys kustomize writes back unquoted: one go-yaml reads as no string, or an empty one, is refused at its line; after a JSON patch a list of annotations with an odd count is refused at the patch', () => {
  const cm = (key: string) => ({ 'kustomization.yaml': 'resources:\n- cm.yaml\n', 'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    ${key}: x\n` });
  const tail = 'is no string once kustomize writes the annotations back unquoted';
  const json = 'kustomize fails with json: unsupported type: map[interface {}]interface {}';
  assert.equal(errorOf(cm('"1"')), `cm.yaml:6:10: annotation key "1" of ConfigMap c ${tail} (go-yaml reads it as int): ${json}`);
  assert.equal(errorOf(cm("'true'")), `cm.yaml:6:13: annotation key "true" of ConfigMap c ${tail} (go-yaml reads it as bool): ${json}`);
  assert.equal(errorOf(cm('"~"')), `cm.yaml:6:10: annotation key "~" of ConfigMap c ${tail} (go-yaml reads it as nil): ${json}`);
  assert.equal(errorOf(cm('"2001-01-01"')), `cm.yaml:6:19: annotation key "2001-01-01" of ConfigMap c ${tail} (go-yaml reads it as time.Time): ${json}`);
  assert.equal(errorOf(cm('""')), 'cm.yaml:6:9: annotation key "" of ConfigMap c: kustomize writes the annotations back and panics: wrong node kind: expected ScalarNode but got MappingNode');
  for (const key of ['"yes"', 'a.b/c', '"on"', "'-'"]) {
    const r = renderKustomization(tree(cm(key)), { cache: new RenderCache() });
    assert.deepEqual(r.errors, [], key);
  }
  const patched = (value: string) => ({
    'kustomization.yaml': `resources:\n- cm.yaml\npatches:\n- target:\n    kind: ConfigMap\n  patch: |\n    - op: replace\n      path: /metadata/annotations\n      value: ${value}\n`,
    'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    x: "1"\n',
  });
  assert.equal(
    errorOf(patched('[a, b, c]')),
    'kustomization.yaml:7:7: metadata.annotations of ConfigMap.v1.[noGrp]/c.[noNs] is a list of 3 items after this JSON patch: kustomize reads its items as key/value pairs and panics on an odd count (runtime error: index out of range [3] with length 3)',
  );
  // An even count is read as pairs (expected bytes from kubectl kustomize).
  const r = renderKustomization(tree(patched('[a, 2, b, {c: d}]')), { cache: new RenderCache() });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.resources[0]!.object.metadata, { name: 'c', annotations: { a: '2', b: '' } });
});

test('previous ids kustomize cannot keep as three equal lists (a comma in a name, a name a patch removed) are refused where kustomize panics', () => {
  const words = 'number of previous names, number of previous namespaces, number of previous kinds not equal';
  assert.equal(errorOf({ 'kustomization.yaml': 'resources:\n- cm.yaml\nnamePrefix: p-\n', 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a,b\n' }), `cm.yaml:1:1: ${words}`);
  assert.equal(
    errorOf({
      'kustomization.yaml': 'resources:\n- cm.yaml\npatches:\n- target:\n    kind: ConfigMap\n  patch: |\n    - {op: remove, path: /metadata/name}\nnamePrefix: p-\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    }),
    `cm.yaml:1:1: ${words}`,
  );
  // Without a second rename the lists stay equal: built.
  const r = renderKustomization(tree({ 'kustomization.yaml': 'resources:\n- cm.yaml\n', 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a,b\n' }), { cache: new RenderCache() });
  assert.deepEqual(r.errors, []);
});
