// Differential test of the Kustomize engine against the real kustomize.
// For every case of test/fixtures/kustomize/cases (see its README):
//  - "kustomize": when kustomize is installed (kubectl kustomize, or the standalone
//    kustomize from scripts/setup.d/25-kustomize.sh), it still produces the
//    committed expectation, so the corpus cannot rot (in CI a missing oracle fails);
//  - "engine": renderKustomization(root).toYaml() equals expected.yaml byte for
//    byte, or, for error-* cases, fails with kustomize's phrases at the right file/line;
//  - "warnings": the engine's warnings equal kustomize's stderr (deprecated fields);
//  - "origins": every rendered value's origin names a real place in the case.
// The platform overlays are compared live against kustomize (output and origins).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RenderCache, renderKustomization } from '../../server/src/kustomize';
import { renderOutput } from '../../server/src/cli/render';
import type { Origin, PathSegment, RenderResult } from '../../server/src/kustomize/model';
import {
  EXPECTED_KUSTOMIZE_VERSION,
  findOracle,
  listCases,
  normalise,
  platformOverlays,
  readErrorSpec,
  REPO_ROOT,
  runKustomize,
  type CorpusCase,
} from './oracle';

// The oracle runs kustomize with this variable unset (an env-file line without
// `=` reads it); the engine must see the same environment.
delete process.env.EXPORTED_FROM_ENV;

const oracle = findOracle();
/** Without kustomize the oracle checks are skipped locally, and fail in CI. */
const noOracle = oracle ? false : process.env.CI === 'true' ? false : 'neither kubectl nor kustomize installed (bash scripts/setup.sh)';
const MISSING = 'no kustomize oracle (CI=true): run bash scripts/setup.sh, or set THEBOT_KUBECTL / THEBOT_KUSTOMIZE';

const read = (c: CorpusCase, name: string): string | undefined => {
  const p = join(c.dir, name);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
};

function describeErrors(r: RenderResult): string {
  return r.errors.map((e) => `${e.file}${e.range ? `:${e.range.start.line + 1}:${e.range.start.character + 1}` : ''}: ${e.message}`).join('\n');
}

const cases = listCases();
/** The engine's options for a case: its load restrictor, when it has one. */
const optionsOf = (c: CorpusCase) => (c.loadRestrictor ? { loadRestrictor: c.loadRestrictor } : {});

test('the corpus has at least 45 cases, each with its expectation', () => {
  assert.ok(cases.length >= 45, `only ${cases.length} cases`);
  for (const c of cases) {
    const needed = c.expectError ? ['expected.error', 'expected.exitcode', 'error.json'] : ['expected.yaml'];
    for (const f of needed) assert.ok(existsSync(join(c.dir, f)), `${c.id}: ${f} missing`);
  }
});

describe('kustomize (oracle) still produces the committed expectations', () => {
  test(`the oracle is kustomize ${EXPECTED_KUSTOMIZE_VERSION}`, { skip: noOracle || (oracle?.version === undefined && 'version not reported (THEBOT_KUSTOMIZE)') }, () => {
    assert.ok(oracle, MISSING);
    assert.equal(oracle.version, EXPECTED_KUSTOMIZE_VERSION, `${oracle.label} (${oracle.bin})`);
  });
  for (const c of cases) {
    test(c.id, { skip: noOracle }, () => {
      assert.ok(oracle, MISSING);
      const run = runKustomize(oracle, c.root, c.loadRestrictor);
      assert.equal(normalise(run.warnings, c), read(c, 'expected.stderr') ?? '', 'stderr warnings');
      if (!c.expectError) {
        assert.equal(run.error, undefined, 'kustomize failed');
        assert.equal(run.stdout, read(c, 'expected.yaml'));
        return;
      }
      assert.equal(`${run.code}\n`, read(c, 'expected.exitcode'));
      const spec = readErrorSpec(c);
      const message = normalise(run.error ?? '', c);
      for (const phrase of spec.phrases) assert.ok(message.includes(phrase), `kustomize no longer says ${JSON.stringify(phrase)}:\n${message}`);
      if (spec.compare !== 'phrases') assert.equal(`${message}\n`, read(c, 'expected.error'));
    });
  }
});

describe('engine output equals kustomize', () => {
  for (const c of cases) {
    test(c.id, () => {
      const result = renderKustomization(c.root, optionsOf(c));
      if (!c.expectError) {
        assert.equal(describeErrors(result), '', 'render errors');
        assert.equal(result.toYaml(), read(c, 'expected.yaml'));
        return;
      }
      const spec = readErrorSpec(c);
      // The phrases must be kustomize's own words (checked without kubectl too).
      for (const phrase of spec.phrases) assert.ok(read(c, 'expected.error')!.includes(phrase), `error.json phrase not in expected.error: ${phrase}`);
      assert.ok(result.errors.length > 0, 'the engine rendered a case kustomize refuses');
      const all = describeErrors(result);
      for (const phrase of spec.phrases) assert.ok(all.includes(phrase), `engine error lacks ${JSON.stringify(phrase)}:\n${all}`);
      if (spec.ownWords === undefined) {
        // kustomize's whole message, word for word.
        const words = read(c, 'expected.error')!.replace(/\n$/, '').split('$CASE').join(c.dir).replace(/ &\{0x<addr> <nil>\}/g, '');
        assert.equal(result.errors[0]!.message, words, 'the engine says what kustomize says (error.json ownWords: why not)');
      }
      if (spec.file !== undefined) {
        const first = result.errors[0]!;
        assert.equal(first.file, join(c.dir, spec.file), 'file of the first error');
        if (spec.line !== undefined && first.range) assert.equal(first.range.start.line, spec.line, 'line (0-based) of the first error');
      }
    });
  }
});

// `thebot render` without --origins decodes values without their positions
// (RenderCache's origins: false) and renders again with them when it fails.
describe('thebot render (renderOutput) equals the engine: the same bytes, the same errors at the same places', () => {
  for (const c of cases) {
    test(c.id, () => {
      const out = renderOutput(c.root, optionsOf(c));
      const full = renderKustomization(c.root, { ...optionsOf(c), cache: new RenderCache() });
      assert.equal(describeErrors(out), describeErrors(full));
      if (!c.expectError) assert.equal(out.toYaml(), read(c, 'expected.yaml'));
    });
  }
});

// An invariant over every rendered value: its origin (or the nearest known one)
// names an existing file under `dir`, and its range lies inside that file's text.
// Catches a file paired with another file's range, or shifted offsets.
const lineCache = new Map<string, string[]>();
function linesOf(file: string): string[] {
  let l = lineCache.get(file);
  // A lone carriage return ends a line too, as in the editor (yaml-lone-cr).
  if (!l) lineCache.set(file, (l = readFileSync(file, 'utf8').split(/\r(?!\n)|\n/)));
  return l;
}
function originProblems(result: RenderResult, dir: string): string[] {
  const problems: string[] = [];
  for (const r of result.resources) {
    const id = `${String(r.object.kind)}/${String((r.object.metadata as { name?: unknown } | undefined)?.name)}`;
    const check = (o: Origin | undefined, where: string) => {
      if (!o) return problems.push(`${id} ${where}: no origin`);
      if (!o.file.startsWith(dir + '/') || !existsSync(o.file)) return problems.push(`${id} ${where}: file ${o.file}`);
      const lines = linesOf(o.file);
      const inside = (p: { line: number; character: number }) => p.line < lines.length && p.character <= lines[p.line]!.length;
      if (!inside(o.range.start) || !inside(o.range.end)) {
        problems.push(`${id} ${where}: range ${JSON.stringify(o.range)} outside ${o.file.slice(dir.length + 1)}`);
      }
      return undefined;
    };
    check(r.origin, '(resource)');
    const walk = (v: unknown, path: PathSegment[]) => {
      check(r.originOf(path), path.join('.') || '(root)');
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(r.object, []);
  }
  return problems;
}

describe('engine origins point at real text inside the case', () => {
  for (const c of cases.filter((x) => !x.expectError)) {
    test(c.id, () => {
      assert.deepEqual(originProblems(renderKustomization(c.root, optionsOf(c)), c.dir), []);
    });
  }
});

describe('engine warnings equal kustomize stderr (deprecated fields)', () => {
  for (const c of cases.filter((x) => !x.expectError && existsSync(join(x.dir, 'expected.stderr')))) {
    test(c.id, () => {
      // `warnings` is the engine's addition to the RenderResult contract.
      const result = renderKustomization(c.root, optionsOf(c)) as RenderResult & { warnings?: { message: string }[] };
      assert.ok(result.warnings, 'the engine reports no warnings');
      assert.equal(result.warnings.map((w) => `# Warning: ${w.message}\n`).join(''), read(c, 'expected.stderr'));
    });
  }
});

describe('platform overlays: engine output equals kustomize (live)', () => {
  const overlays = platformOverlays();
  test('the platform overlays exist', { skip: overlays.length === 0 && process.env.CI !== 'true' ? 'manifests/overlays not written yet' : false }, () => {
    assert.deepEqual(
      overlays.map((o) => o.env),
      ['dev', 'staging', 'production'],
    );
  });
  for (const o of overlays) {
    test(o.env, { skip: noOracle }, () => {
      assert.ok(oracle, MISSING);
      const run = runKustomize(oracle, o.root);
      assert.equal(run.error, undefined, `${oracle.label} failed on the overlay`);
      const result = renderKustomization(o.root);
      assert.equal(describeErrors(result), '', 'render errors');
      assert.equal(result.toYaml(), run.stdout);
    });
    test(`${o.env}: origins point at real text under manifests/`, () => {
      assert.deepEqual(originProblems(renderKustomization(o.root), join(REPO_ROOT, 'manifests')), []);
    });
  }
});
