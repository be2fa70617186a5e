// The name references walk only the entries with a renamed target, unless a
// referrer looks misshapen (transformers/nameReferenceShapes.ts); kustomize
// walks every entry for every referrer and fails on a shape its walk cannot
// cross. The shortcut must fail exactly where the whole walk fails, with the
// same message: every object and list node of every rendered object of the
// platform and of the corpus's build cases is replaced, one at a time, by a
// scalar, by a list holding a scalar and by a map without `name`, and the
// two walks are compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderKustomization } from '../../server/src/kustomize';
import { defaultConfig } from '../../server/src/kustomize/transformerConfig';
import { fixNameReferences } from '../../server/src/kustomize/transformers/nameReference';
import { Resource } from '../../server/src/kustomize/resource';
import type { Obj, Value } from '../../server/src/kustomize/values';
import { listCases } from '../kustomize/oracle';

const repo = join(__dirname, '..', '..');
const at = { file: 'r.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, by: 'resource' as const };

/** A copy without the engine's origins (structuredClone: numbers beyond 2^53 are bigints). */
function plain(v: unknown): Value {
  return structuredClone(v) as Value;
}

/** Paths of every object and list node below the root (not the root itself). */
function containerPaths(v: Value, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return out;
  const entries: [string | number, Value][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  for (const [k, x] of entries) {
    if (x !== null && typeof x === 'object') {
      out.push([...path, k]);
      containerPaths(x, [...path, k], out);
    }
  }
  return out;
}

function replaced(obj: Obj, path: (string | number)[], by: Value): Obj {
  const copy = plain(obj) as Obj;
  let cur = copy as Record<string | number, Value>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, Value>;
  cur[path[path.length - 1]!] = by;
  return copy;
}

function outcome(objects: Obj[], walkAll: boolean): string {
  const resources = objects.map((o) => new Resource(plain(o) as Obj, at));
  try {
    fixNameReferences(resources, defaultConfig().nameReference, walkAll);
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
}

function renders(): Obj[][] {
  const roots = ['dev', 'staging', 'production'].map((o) => join(repo, 'manifests', 'overlays', o));
  for (const c of listCases()) if (!c.expectError) roots.push(c.root);
  const out: Obj[][] = [];
  for (const root of roots) {
    const r = renderKustomization(root);
    if (!r.errors.length) out.push(r.resources.map((x) => plain(x.object) as Obj));
  }
  return out;
}

test('the shortcut fails where walking every entry fails, in the same words, and only there', () => {
  let mutations = 0;
  let failures = 0;
  for (const objects of renders()) {
    assert.equal(outcome(objects, false), outcome(objects, true));
    objects.forEach((obj, i) => {
      for (const path of containerPaths(obj)) {
        // metadata stays: the walks find referrers by kind and name.
        if (path[0] === 'metadata' || path[0] === 'kind' || path[0] === 'apiVersion') continue;
        for (const by of [5, [5], { other: 'x' }] as Value[]) {
          const mutated = objects.map((o, j) => (j === i ? replaced(o, path, by) : o));
          const whole = outcome(mutated, true);
          assert.equal(outcome(mutated, false), whole, `${String(obj.kind)} ${JSON.stringify(path)} = ${JSON.stringify(by)}`);
          mutations++;
          if (whole !== 'ok') failures++;
        }
      }
    });
  }
  // Both answers occur (the comparison is not of two walks that never fail).
  assert.ok(mutations > 10_000, `${mutations} mutations`);
  assert.ok(failures > 100 && failures < mutations, `${failures} failures of ${mutations}`);
});
