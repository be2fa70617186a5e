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

type Restricted = { loadRestrictor?: 'LoadRestrictionsNone' | 'LoadRestrictionsRootOnly' };
const fresh = (root: string, o: Restricted = {}) => renderKustomization(root, { cache: new RenderCache(), ...o });
/** A case's own engine options (its load restrictor). */
const optionsOf = (c: { loadRestrictor?: Restricted['loadRestrictor'] }): Restricted => (c.loadRestrictor ? { loadRestrictor: c.loadRestrictor } : {});

let nested = 0;
for (const c of listCases()) {
  test(`memo: ${c.id}`, () => {
    const o = optionsOf(c);
    const expected = fresh(c.root, o);
    const cache = new RenderCache();
    assertSameRender(renderKustomization(c.root, { cache, ...o }), expected, 'cold');
    const stored = cache.builds.stored;
    assertSameRender(renderKustomization(c.root, { cache, ...o }), expected, 'warm');
    // A render without error is served warm (an included kustomization's own includes come with it).
    if (stored && !expected.errors.length) assert.ok(cache.builds.hits > 0, 'no hit in the warm render');
    assert.equal(cache.builds.stored, stored, 'the warm render stored nothing');
    if (stored) nested++;
    for (const d of kustomizationDirs(c.dir)) {
      if (d !== c.root) assertSameRender(renderKustomization(d, { cache, ...o }), fresh(d, o), `sibling ${d.slice(c.dir.length)}`);
    }
    assertSameRender(renderKustomization(c.root, { cache, ...o }), expected, 'after the siblings');
    // The same cache under the other restrictor: a refusal memoized under one is not the other's answer.
    if (o.loadRestrictor) {
      const rootOnly = fresh(c.root);
      assert.ok(rootOnly.errors.length, 'the case needs LoadRestrictionsNone');
      assertSameRender(renderKustomization(c.root, { cache }), rootOnly, 'root-only after none');
      assertSameRender(renderKustomization(c.root, { cache, ...o }), expected, 'none after root-only');
    }
  });
}

// The language server's last render after an edit takes what the memo stored
// during that refresh (RenderOptions.lastUse) and changes it as it builds:
// each kustomization of a case rendered last, taking, after all of them (it
// too: what it includes is then stored and fresh), then every one of them
// again, and it last again: each render is still the render of a fresh cache.
let taken = 0;
for (const c of listCases()) {
  test(`memo with a last-use render: ${c.id}`, () => {
    const dirs = kustomizationDirs(c.dir);
    const o = optionsOf(c);
    const expected = new Map(dirs.map((d) => [d, fresh(d, o)]));
    for (const last of dirs) {
      const cache = new RenderCache();
      const render = (d: string, lastUse: boolean, what: string) =>
        assertSameRender(renderKustomization(d, { cache, lastUse, ...o }), expected.get(d)!, `${what} ${d.slice(c.dir.length) || '.'} (last: ${last.slice(c.dir.length) || '.'})`);
      for (const d of dirs) render(d, false, 'before');
      render(last, true, 'taking');
      for (const d of dirs) render(d, false, 'after');
      render(last, true, 'last again');
      taken += cache.builds.taken;
    }
  });
}

test('the corpus has last-use renders that take what the memo stored', () => {
  assert.ok(taken >= 30, `only ${taken}`);
});

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
