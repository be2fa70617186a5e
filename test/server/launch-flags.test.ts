// The Node flags the language server is started with (server/src/launch.ts):
// V8's background thread pool leaves one core to the thread that answers the
// editor, and every flag is one Node accepts (an unknown one would stop the
// server from starting at all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { SERVER_NODE_FLAGS, serverPoolFlags, withoutExtraCaCerts } from '../../server/src/launch';

test('the background pool gets every core but one, and Node\'s default of 4 from 5 cores on', () => {
  assert.deepEqual(serverPoolFlags(1, false), ['--v8-pool-size=1']);
  assert.deepEqual(serverPoolFlags(2, false), ['--v8-pool-size=1']);
  assert.deepEqual(serverPoolFlags(3, false), ['--v8-pool-size=2']);
  assert.deepEqual(serverPoolFlags(4, false), ['--v8-pool-size=3']);
  assert.deepEqual(serverPoolFlags(5, false), []);
  assert.deepEqual(serverPoolFlags(64, false), []);
});

test('no pool flag when the editor runs the server with Electron (desktop VS Code)', () => {
  assert.deepEqual(serverPoolFlags(2, true), []);
  assert.deepEqual(serverPoolFlags(2, false), ['--v8-pool-size=1']);
});

test('the server\'s flags on this machine: the heap flags and its pool, all accepted by Node', () => {
  assert.deepEqual(SERVER_NODE_FLAGS, ['--max-semi-space-size=64', '--min-semi-space-size=64', '--initial-old-space-size=160', ...serverPoolFlags(availableParallelism())]);
  // Started as the extension starts the server (client/src/context.ts): no CA bundle to warn about.
  const r = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '-e', 'process.stdout.write(process.execArgv.join(" "))'], { encoding: 'utf8', env: withoutExtraCaCerts(process.env) });
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  // execArgv ends with `-e` and its script.
  assert.equal(r.stdout, [...SERVER_NODE_FLAGS, '-e', 'process.stdout.write(process.execArgv.join(" "))'].join(' '));
});
