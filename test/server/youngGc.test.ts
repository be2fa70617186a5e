// collectYoungIfFull (server/src/services/youngGc.ts): a scavenge only with a young
// generation over the given fraction, through V8's gc taken at run time (the
// server is started without --expose-gc), leaving no global gc and the flag unset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');

test('without --expose-gc: no scavenge below the fraction, one above it, and the young generation is emptied; many survivors are promoted at once', () => {
  const script = `
    const { getHeapSpaceStatistics } = require('node:v8');
    const { collectYoungIfFull } = require(${JSON.stringify(join(repo, 'server/src/services/youngGc.ts'))});
    const used = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
    const out = { nearlyEmpty: collectYoungIfFull(0.99) };
    let garbage = [];
    for (let i = 0; i < 100000; i++) garbage.push({ i, s: 'x' + i });
    const count = garbage.length;
    garbage = null;
    const before = used();
    out.full = collectYoungIfFull(0);
    out.emptied = used() < before;
    // Kept objects over a fifth of the young generation: a second scavenge promotes them at once.
    const kept = [];
    for (let i = 0; i < 400000; i++) kept.push({ i, s: 'y' + i });
    out.promoted = collectYoungIfFull(0) && used() < 1024 * 1024 && kept.length === 400000;
    out.noGlobal = typeof globalThis.gc === 'undefined' && require('node:vm').runInNewContext('typeof gc') === 'undefined';
    console.log(JSON.stringify(out), count);
  `;
  const r = spawnSync(process.execPath, ['--max-semi-space-size=64', '--min-semi-space-size=64', '--import', 'tsx', '-e', script], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '{"nearlyEmpty":false,"full":true,"emptied":true,"promoted":true,"noGlobal":true} 100000');
});
