// NODE_EXTRA_CA_CERTS is read by Node as it starts, whether or not a TLS
// connection ever needs it (server/src/launch.ts). `thebot render` and
// `thebot check`, run as the command users run, start without it and give it
// back to the programs they run; cluster commands keep it. A file that does
// not exist shows which: Node warns on stderr when it tries to read it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreExtraCaCerts, SAVED_EXTRA_CA_CERTS, withoutExtraCaCerts } from '../../server/src/launch';
import { LspClient } from '../server/lspClient';

const repo = join(__dirname, '..', '..');
const command = join(repo, 'bin', 'thebot.js');
const missing = join(tmpdir(), 'thebot-no-such-dir', 'extra.pem');
const warning = new RegExp(`^Warning: Ignoring extra certs from \`${missing.replace(/[.]/g, '\\.')}\`, load failed: `);
const overlay = 'test/fixtures/cli/project/overlays/dev';

function run(args: string[], viaNode = false) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: missing };
  delete env[SAVED_EXTRA_CA_CERTS];
  return spawnSync(viaNode ? process.execPath : command, viaNode ? [command, ...args] : args, { cwd: repo, encoding: 'utf8', env });
}

describe('NODE_EXTRA_CA_CERTS', () => {
  test('render and check start without it: no warning, the same output', () => {
    const viaNode = run(['render', overlay], true);
    assert.equal(viaNode.status, 0);
    assert.match(viaNode.stderr, warning, 'node bin/thebot.js is plain Node: it reads the file');
    const rendered = run(['render', overlay]);
    assert.equal(rendered.stderr, '');
    assert.equal(rendered.status, 0);
    assert.equal(rendered.stdout, viaNode.stdout);
    const checked = run(['check', 'test/fixtures/cli/project']);
    assert.equal(checked.stderr, 'thebot check: 2 environments (dev, production): 0 error(s), 2 warning(s), 0 info\n');
    assert.equal(checked.status, 0, checked.stdout);
    const help = run(['--help']);
    assert.equal(help.stderr, '');
    assert.match(help.stdout, /^usage: thebot <command>/);
  });

  test('cluster commands keep it', () => {
    const r = run(['status']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, warning);
    assert.match(r.stderr, /\nthebot: expected one environment\n/);
  });

  test('the programs render runs get it back (helm, with --enable-helm)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thebot-extra-ca-'));
    cpSync(join(repo, 'test', 'fixtures', 'kustomize', 'helm', 'base-overlay', 'base'), join(dir, 'base'), { recursive: true });
    const seen = join(dir, 'seen');
    const helm = join(dir, 'helm');
    writeFileSync(helm, `#!/bin/sh\nprintf '%s|%s' "\${NODE_EXTRA_CA_CERTS-unset}" "\${${SAVED_EXTRA_CA_CERTS}-unset}" > '${seen}'\nexit 1\n`);
    chmodSync(helm, 0o755);
    const r = run(['render', join(dir, 'base'), '--enable-helm', '--helm-command', helm]);
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stderr, /Ignoring extra certs/);
    assert.equal(readFileSync(seen, 'utf8'), `${missing}|unset`);
  });

  test('the language server starts without it (as the extension starts it)', async () => {
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = missing;
    try {
      const client = await LspClient.start({ root: join(repo, 'manifests') });
      await client.stop();
      assert.equal(client.errorOutput, '');
    } finally {
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
    }
  });

  test('withoutExtraCaCerts moves it aside, restoreExtraCaCerts puts it back', () => {
    const env = withoutExtraCaCerts({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ca.pem' });
    assert.deepEqual(env, { PATH: '/bin', NODE_EXTRA_CA_CERTS: undefined, [SAVED_EXTRA_CA_CERTS]: '/etc/ca.pem' });
    restoreExtraCaCerts(env);
    assert.deepEqual(env, { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ca.pem' });
    assert.deepEqual(withoutExtraCaCerts({ PATH: '/bin' }), { PATH: '/bin' });
    const untouched: NodeJS.ProcessEnv = { PATH: '/bin' };
    restoreExtraCaCerts(untouched);
    assert.deepEqual(untouched, { PATH: '/bin' });
  });
});
