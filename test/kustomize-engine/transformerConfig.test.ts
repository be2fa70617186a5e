// mergeFs is kustomize's FsSlice.MergeAll: an incoming spec joins unless the
// table already has one of its path that it selects (the first such decides a
// `create` conflict). Checked against that definition, written as kustomize
// writes it (a scan of the table per incoming spec), on generated tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeFs } from '../../server/src/kustomize/transformerConfig';
import type { FieldSpec } from '../../server/src/kustomize/fieldspecs';

function reference(s: readonly FieldSpec[], incoming: readonly FieldSpec[]): FieldSpec[] {
  const selects = (x: FieldSpec, sel: FieldSpec): boolean =>
    (!sel.group || sel.group === (x.group ?? '')) && (!sel.version || sel.version === (x.version ?? '')) && (!sel.kind || sel.kind === (x.kind ?? ''));
  const out = [...s];
  for (const x of incoming) {
    const i = out.findIndex((y) => selects(y, x) && y.path === x.path);
    if (i < 0) out.push(x);
    else if (!!out[i]!.create !== !!x.create) throw new Error('conflicting fieldspecs');
  }
  return out;
}

/** A small deterministic generator (the same tables on every run). */
function tables(seed: number): [FieldSpec[], FieldSpec[]] {
  let x = seed;
  const next = (n: number): number => ((x = (x * 1103515245 + 12345) % 2147483648), x % n);
  const spec = (): FieldSpec => {
    const fs: FieldSpec = { path: ['metadata/labels', 'spec/selector', 'spec/template/metadata/labels'][next(3)]! };
    const group = ['', 'apps', 'batch'][next(3)]!;
    const version = ['', 'v1'][next(2)]!;
    const kind = ['', 'Deployment', 'Service', 'Job'][next(4)]!;
    if (group) fs.group = group;
    if (version) fs.version = version;
    if (kind) fs.kind = kind;
    if (next(4) === 0) fs.create = true;
    return fs;
  };
  return [Array.from({ length: next(12) }, spec), Array.from({ length: next(12) }, spec)];
}

test('mergeFs: the same table, or the same conflict, as a scan of the table per incoming spec (2,000 generated pairs)', () => {
  let conflicts = 0;
  let merged = 0;
  for (let seed = 1; seed <= 2000; seed++) {
    const [s, incoming] = tables(seed);
    let want: FieldSpec[] | Error;
    try {
      want = reference(s, incoming);
    } catch (e) {
      want = e as Error;
    }
    if (want instanceof Error) {
      conflicts++;
      assert.throws(() => mergeFs(s, incoming), /^Error: conflicting fieldspecs$/, `seed ${seed}`);
    } else {
      merged++;
      const got = mergeFs(s, incoming);
      assert.deepEqual(got, want, `seed ${seed}`);
      // The very objects, in the same order (the sort after a merge is not stable for equal keys).
      got.forEach((g, i) => assert.equal(g, want[i], `seed ${seed}, spec ${i}`));
    }
  }
  // Both outcomes are exercised.
  assert.ok(conflicts > 20 && merged > 1000, `${conflicts} conflicts, ${merged} merges`);
});

test('mergeFs: an incoming spec is dropped when an earlier one of its path is selected by it, whatever its own kind', () => {
  const table: FieldSpec[] = [{ path: 'spec/selector', kind: 'Service', version: 'v1' }, { path: 'spec/selector', kind: 'Job' }];
  assert.deepEqual(mergeFs(table, [{ path: 'spec/selector', kind: 'Service' }]), table);
  assert.deepEqual(mergeFs(table, [{ path: 'spec/selector', group: 'apps' }]), [...table, { path: 'spec/selector', group: 'apps' }]);
  assert.throws(() => mergeFs(table, [{ path: 'spec/selector', create: true }]), /conflicting fieldspecs/);
});
