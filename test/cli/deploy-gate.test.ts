// `thebot deploy` and `dry-run` refuse on the error findings `thebot check`
// reports, before anything is contacted, listing them; --ignore-findings
// REASON goes ahead (the recording of REASON on the applyset parent is tested
// against the real control plane in test/cluster-ops/deploy-gate.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { deployCommand } from '../../server/src/cli/deploy';
import { dryRunCommand } from '../../server/src/cli/dry-run';

const fixture = join(__dirname, '..', 'fixtures', 'cli', 'project');

/** The CLI fixture project with `image-latest-tag` raised to an error: one error finding in dev. */
function projectWithError(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-gate-'));
  cpSync(fixture, dir, { recursive: true });
  const config = join(dir, 'thebot.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('rules:\n', 'rules:\n  severity: { image-latest-tag: error }\n'));
  return dir;
}

function capture() {
  const c = { stdout: '', stderr: '', out: (t: string) => void (c.stdout += t), err: (t: string) => void (c.stderr += t) };
  return c;
}

const finding = (dir: string) =>
  `${relative(process.cwd(), join(dir, 'base', 'web.yaml'))}:17:18 error image-latest-tag [dev] image 'example.com/web:latest' of container 'web' uses the 'latest' tag; pin a version`;

for (const [name, command] of [['deploy', deployCommand], ['dry-run', dryRunCommand]] as const) {
  test(`${name} refuses on an error finding, lists it, and contacts nothing`, async () => {
    const dir = projectWithError();
    const io = capture();
    // A kubeconfig that does not exist: the refusal comes before it is read.
    const code = await command(['dev', '--project', dir, '--kubeconfig', join(dir, 'no-such-kubeconfig')], io);
    assert.equal(code, 3);
    assert.equal(io.stdout, '');
    assert.equal(
      io.stderr,
      `thebot: dev has 1 error finding (as \`thebot check\` reports them); nothing was sent:\n${finding(dir)}\nfix them, or pass --ignore-findings "<reason>" to go ahead anyway (the reason is recorded)\n`,
    );
  });

  test(`${name} --ignore-findings REASON goes ahead with a note; an empty reason is a usage error`, async () => {
    const dir = projectWithError();
    const io = capture();
    const code = await command(['dev', '--project', dir, '--kubeconfig', join(dir, 'no-such-kubeconfig'), '--ignore-findings', 'hotfix approved in INC-42'], io);
    // It got as far as the kubeconfig, which does not exist.
    assert.equal(code, 3);
    const lines = io.stderr.split('\n');
    assert.deepEqual(lines.slice(0, 2), ['note: going ahead despite 1 error finding (--ignore-findings: hotfix approved in INC-42):', finding(dir)]);
    assert.match(lines[2]!, /^thebot: .*no-such-kubeconfig/);
    const empty = capture();
    assert.equal(await command(['dev', '--project', dir, '--ignore-findings', ' '], empty), 2);
    assert.equal(empty.stderr, 'thebot: --ignore-findings needs a reason (it is recorded with the deploy)\n');
  });
}

test('a project without error findings is not held back (the bundled platform)', async () => {
  const io = capture();
  const dir = mkdtempSync(join(tmpdir(), 'thebot-gate-'));
  const code = await dryRunCommand(['dev', '--project', join(__dirname, '..', '..', 'manifests'), '--kubeconfig', join(dir, 'no-such-kubeconfig')], io);
  assert.equal(code, 3);
  assert.doesNotMatch(io.stderr, /error finding/);
  assert.match(io.stderr, /no-such-kubeconfig/);
});
