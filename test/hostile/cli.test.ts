// The hostile-input corpus (corpus.ts) through the `thebot` CLI: the exact
// findings, within 10 s of CPU and 1 GiB each (limits.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES } from './corpus';
import { CPU_LIMIT_MS, MEMORY_LIMIT_KIB, WALL_DEADLINE_MS } from './limits';

const repo = join(__dirname, '..', '..');
const cli = join(repo, 'bin', 'thebot.js');

for (const c of CASES) {
  test(`cli: ${c.name}`, () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'thebot-hostile-')));
    try {
      c.make(dir);
      const usageFile = join(dir, '.usage');
      const started = Date.now();
      const r = spawnSync(process.execPath, ['-r', join(__dirname, 'usage.cjs'), cli, 'check', '.'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: WALL_DEADLINE_MS,
        killSignal: 'SIGKILL',
        env: { ...process.env, THEBOT_USAGE_FILE: usageFile },
      });
      const took = Date.now() - started;
      assert.equal(r.signal, null, `killed after ${took} ms (deadline ${WALL_DEADLINE_MS} ms)`);
      assert.equal(r.stdout, c.check.stdout.replaceAll('$DIR', dir), r.stderr);
      assert.equal(r.status, c.check.code, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at |Error:/, 'no stack trace, no internal error');
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number; cpuMs: number };
      assert.ok(usage.cpuMs < CPU_LIMIT_MS, `CPU time ${usage.cpuMs} ms (limit ${CPU_LIMIT_MS} ms)`);
      assert.ok(usage.maxRSS < MEMORY_LIMIT_KIB, `peak RSS ${usage.maxRSS} KiB (limit ${MEMORY_LIMIT_KIB} KiB)`);
      if (c.render !== undefined) {
        const out = spawnSync(process.execPath, [cli, 'render', 'dev'], { cwd: dir, encoding: 'utf8', timeout: WALL_DEADLINE_MS, killSignal: 'SIGKILL', maxBuffer: 1 << 26 });
        assert.equal(out.stdout, c.render, out.stderr);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
