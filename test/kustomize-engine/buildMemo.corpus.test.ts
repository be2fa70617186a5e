// The build memo (server/src/kustomize/buildMemo.ts) over the differential
// corpus: a render served from the memo, cold, warm, or after renders of the
// other kustomizations of the case that share its bases, is the render of a
// fresh cache in everything (bytes, errors, warnings, files, origins).
// The platform's three overlays, rendered with one cache, build the base once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderKustomization, RenderCache } from '../../server/src/kustomize';
import { KUSTOMIZATION_FILE_NAMES } from '../../server/src/kustomize/loader';
import { listCases, platformOverlays } from '../kustomize/oracle';
import { assertSameRender } from './memoCompare';

// As in the corpus test: an env-file line without `=` would read it.
delete process.env.EXPORTED_FROM_ENV;

/** Every directory of a case holding a kustomization, sorted. */
function kustomizationDirs(dir: string, out: string[] = []): string[] {
  if (KUSTOMIZATION_FILE_NAMES.some((n) => existsSync(join(dir, n)))) out.push(dir);
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) kustomizationDirs(p, out);
  }
  return out;
}

const fresh = (root: string) => renderKustomization(root, { cache: new RenderCache() });

let nested = 0;
for (const c of listCases()) {
  test(`memo: ${c.id}`, () => {
    const expected = fresh(c.root);
    const cache = new RenderCache();
    assertSameRender(renderKustomization(c.root, { cache }), expected, 'cold');
    const stored = cache.builds.stored;
    assertSameRender(renderKustomization(c.root, { cache }), expected, 'warm');
    // A render without error is served warm (an included kustomization's own includes come with it).
    if (stored && !expected.errors.length) assert.ok(cache.builds.hits > 0, 'no hit in the warm render');
    assert.equal(cache.builds.stored, stored, 'the warm render stored nothing');
    if (stored) nested++;
    for (const d of kustomizationDirs(c.dir)) {
      if (d !== c.root) assertSameRender(renderKustomization(d, { cache }), fresh(d), `sibling ${d.slice(c.dir.length)}`);
    }
    assertSameRender(renderKustomization(c.root, { cache }), expected, 'after the siblings');
  });
}

test('the corpus has cases with included kustomizations for the memo to serve', () => {
  assert.ok(nested >= 15, `only ${nested}`);
});

test('the three platform overlays rendered with one cache build the base once', () => {
  const overlays = platformOverlays();
  assert.equal(overlays.length, 3);
  const cache = new RenderCache();
  for (const o of overlays) assertSameRender(renderKustomization(o.root, { cache }), fresh(o.root), o.env);
  assert.deepEqual({ stored: cache.builds.stored, hits: cache.builds.hits }, { stored: 1, hits: 2 });
  // An edit elsewhere (here: none) leaves the base served from the memo.
  for (const o of overlays) renderKustomization(o.root, { cache });
  assert.deepEqual({ stored: cache.builds.stored, hits: cache.builds.hits }, { stored: 1, hits: 5 });
});
