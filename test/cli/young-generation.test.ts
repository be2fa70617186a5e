// bin/thebot.js keeps V8's young generation at its first size (1 MB a
// semi-space): each new page of a larger one is a page fault, which costs more
// than the scavenges it saves (figures in bin/thebot.js). A render of a few
// megabytes would grow it to 8 MB a semi-space under V8's default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const command = join(repo, 'bin', 'thebot.js');

test('a render of 4 MB keeps the young generation at 1 MB a semi-space; the same render with V8\'s growth grows it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-young-'));
  const docs: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const data = Array.from({ length: 40 }, (_, j) => `  key${j}: value ${i} ${j} of a ConfigMap`).join('\n');
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n${data}\n`);
  }
  writeFileSync(join(dir, 'cms.yaml'), docs.join('---\n'));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- cms.yaml\nnamePrefix: p-\n');
  // Prints the young generation's size as the process exits (by process.exit, or at the end of its event loop when stdout was full).
  const probe = join(dir, 'probe.js');
  writeFileSync(
    probe,
    `const v8 = require('v8');
process.on('exit', () => {
  const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
  require('fs').writeSync(2, 'new_space ' + s.space_size + '\\n');
});
if (process.env.PROBE_GROWTH) {
  // The launcher's own setting, undone as soon as it is made: V8's default growth.
  const set = v8.setFlagsFromString;
  v8.setFlagsFromString = (f) => set(f === '--semi-space-growth-factor=1' ? '--semi-space-growth-factor=2' : f);
}
`,
  );
  const env = { ...process.env, THEBOT_CODE_CACHE: '0' };
  const ours = spawnSync(process.execPath, ['-r', probe, command, 'render', dir], { cwd: repo, encoding: 'utf8', env, maxBuffer: 64 << 20 });
  assert.equal(ours.status, 0, ours.stderr);
  assert.equal(ours.stderr, `new_space ${2 * 1024 * 1024}\n`, 'two semi-spaces of 1 MB');
  assert.equal(ours.stdout.split('\n---\n').length, 2000);
  const grown = spawnSync(process.execPath, ['-r', probe, command, 'render', dir], { cwd: repo, encoding: 'utf8', env: { ...env, PROBE_GROWTH: '1' }, maxBuffer: 64 << 20 });
  assert.equal(grown.status, 0, grown.stderr);
  const size = Number(/^new_space (\d+)\n$/.exec(grown.stderr)?.[1]);
  assert.ok(size >= 8 * 1024 * 1024, `V8's default grows it: ${grown.stderr}`);
  assert.equal(grown.stdout, ours.stdout);
});
