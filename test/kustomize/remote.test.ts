// Remote bases against the real kustomize: a repository of our own is served
// by `git daemon` on 127.0.0.1, and the same URLs (with `?ref=`, `//subdir`,
// `?timeout=`, `?submodules=`) are given to `kubectl kustomize` and to the
// engine with --fetch-remote's options. kustomize does not take git:// URLs, so
// both are given http:// ones that git rewrites to the daemon (url.insteadOf,
// through GIT_CONFIG_* in the environment both inherit).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderKustomization, RenderCache } from '../../server/src/kustomize';
import { parseRepoSpec } from '../../server/src/kustomize/repoSpec';
import { findOracle, oracleEnv, splitStderr } from './oracle';

describe('parseRepoSpec: kustomize v5.5 NewRepoSpecFromURL', () => {
  const cases: [string, { host: string; repoPath: string; kustRootPath: string; ref: string; timeoutMs?: number; submodules?: boolean } | string][] = [
    ['../base', 'failed to parse scheme'],
    ['base/overlay', 'failed to parse scheme'],
    ['/abs/path', 'uri looks like abs path: /abs/path'],
    ['github.com/org/repo/deploy/base?ref=v1.2.3', { host: 'https://github.com/', repoPath: 'org/repo', kustRootPath: 'deploy/base', ref: 'v1.2.3' }],
    ['git@github.com:org/repo.git/deploy?version=main', { host: 'git@github.com:', repoPath: 'org/repo.git', kustRootPath: 'deploy', ref: 'main' }],
    ['https://git.example.com/team/repo.git//config/default?ref=abc&timeout=90&submodules=false', { host: 'https://git.example.com/', repoPath: 'team/repo.git', kustRootPath: 'config/default', ref: 'abc', timeoutMs: 90_000, submodules: false }],
    ['https://dev.example.com/org/project/_git/repo/path/to/root?timeout=1m30s', { host: 'https://dev.example.com/', repoPath: 'org/project/_git/repo', kustRootPath: 'path/to/root', ref: '', timeoutMs: 90_000 }],
    ['ssh://git@example.com/org/repo//sub?ref=x&version=y', { host: 'ssh://git@example.com/', repoPath: 'org/repo', kustRootPath: 'sub', ref: 'x' }],
    ['file:///srv/git/repo.git//base', { host: 'file://', repoPath: '/srv/git/repo.git', kustRootPath: 'base', ref: '' }],
    ['git::https://example.com/org/repo?timeout=bogus', { host: 'https://example.com/', repoPath: 'org/repo', kustRootPath: '', ref: '', timeoutMs: 27_000 }],
    ['https://example.com/org/repo.git//a/../../out', 'url path exits repo: org/repo.git//a/../../out'],
    ['https://example.com/only', 'failed to parse repo path segment'],
  ];
  for (const [url, want] of cases) {
    test(url, () => {
      const got = parseRepoSpec(url);
      if (typeof want === 'string') return assert.equal(got, want);
      assert.equal(typeof got, 'object', String(got));
      const s = got as Exclude<typeof got, string>;
      assert.deepEqual(
        { host: s.host, repoPath: s.repoPath, kustRootPath: s.kustRootPath, ref: s.ref, timeoutMs: s.timeoutMs, submodules: s.submodules },
        { timeoutMs: 27_000, submodules: true, ...want },
      );
    });
  }
});

const oracle = findOracle();
const haveGit = spawnSync('git', ['--version']).status === 0;
const missing = !haveGit ? 'no git' : oracle?.kind !== 'kubectl' ? 'no kubectl' : undefined;
const skip = missing && process.env.CI !== 'true' ? missing : false;

describe('remote bases: the same bytes as kubectl kustomize, served by git daemon', { skip }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'thebot-remote-test-'));
  let daemon: ChildProcess | undefined;
  let base = '';
  const env: NodeJS.ProcessEnv = {};
  const saved = { ...process.env };

  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  const write = (file: string, text: string) => {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  };
  const cm = (name: string, v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  version: ${v}\n`;

  before(async () => {
    assert.ok(!missing, missing);
    // The repository: a base and a component at tag v1, changed on main afterwards.
    const work = join(tmp, 'work');
    mkdirSync(work);
    git(work, 'init', '-q');
    write(join(work, 'deploy', 'base', 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
    write(join(work, 'deploy', 'base', 'cm.yaml'), cm('app', 'one'));
    write(join(work, 'kustomization.yaml'), 'resources:\n- deploy/base\nnamePrefix: root-\n');
    write(join(work, 'comp', 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  from: component\n');
    write(join(work, 'escape', 'kustomization.yaml'), 'resources:\n- ../../outside\n');
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'one');
    git(work, 'tag', 'v1');
    write(join(work, 'deploy', 'base', 'cm.yaml'), cm('app', 'two'));
    git(work, 'commit', '-qam', 'two');
    const srv = join(tmp, 'srv');
    mkdirSync(srv);
    git(tmp, 'clone', '-q', '--bare', work, join(srv, 'app.git'));
    // A free port, then the daemon on it; ready when it says so.
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    daemon = spawn('git', ['daemon', '--verbose', '--reuseaddr', '--export-all', `--base-path=${srv}`, `--port=${port}`, '--listen=127.0.0.1', srv], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error('git daemon did not start within 20 s')), 20_000);
      let text = '';
      daemon!.stderr!.on('data', (b: Buffer) => {
        text += b.toString();
        if (text.includes('Ready to rumble')) {
          clearTimeout(timer);
          ready();
        }
      });
      daemon!.on('exit', (code) => fail(new Error(`git daemon exited (${code}): ${text}`)));
    });
    base = `http://127.0.0.1:${port}/`;
    Object.assign(env, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.git://127.0.0.1:${port}/.insteadOf`, GIT_CONFIG_VALUE_0: base });
    Object.assign(process.env, env);
  });
  after(() => {
    daemon?.kill();
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
    rmSync(tmp, { recursive: true, force: true });
  });

  let n = 0;
  /** An overlay of ours using the URL; kubectl's and our render of it. */
  function both(kustomization: (url: string) => string) {
    const dir = join(tmp, `overlay-${++n}`);
    write(join(dir, 'kustomization.yaml'), kustomization(`${base}app.git`));
    const r = spawnSync(oracle!.bin, ['kustomize', dir], { encoding: 'utf8', env: { ...oracleEnv(), ...env }, timeout: 120_000 });
    const cache = join(tmp, 'cache');
    const ours = renderKustomization(dir, { cache: new RenderCache(), remote: { cacheDir: cache, fetch: true, refresh: true } });
    return { dir, kubectl: { code: r.status, stdout: r.stdout, error: splitStderr(r.stderr ?? '').error }, ours, cache };
  }

  const same = (kustomization: (url: string) => string) => () => {
    const { kubectl, ours } = both(kustomization);
    assert.equal(kubectl.code, 0, kubectl.error);
    assert.deepEqual(ours.errors, []);
    assert.equal(ours.toYaml(), kubectl.stdout);
  };

  test('//subdir at ?ref=<tag>', same((u) => `resources:\n- ${u}//deploy/base?ref=v1\nnamePrefix: x-\n`));
  test('no ref (HEAD), the repository root, ?timeout= and ?submodules=false', same((u) => `resources:\n- ${u}?timeout=45s&submodules=false\n`));
  test('?version= (a branch) and a remote component', same((u) => `resources:\n- ${u}//deploy/base?version=main\ncomponents:\n- ${u}//comp?ref=v1\n`));
  test('.git marker without //', same((u) => `resources:\n- ${u}/deploy/base?ref=v1\n`));

  test('a base inside the clone may not leave it', () => {
    const { ours } = both((u) => `resources:\n- ${u}//escape?ref=v1\n`);
    assert.equal(ours.errors.length, 1);
    assert.match(ours.errors[0]!.message, /security; bases in kustomizations found in cloned git repos must be within the repo, but base '..\/..\/outside' is outside /);
  });

  test('an unknown ref: both fail, naming the fetch', () => {
    const { kubectl, ours } = both((u) => `resources:\n- ${u}//deploy/base?ref=nope\n`);
    assert.notEqual(kubectl.code, 0);
    assert.match(kubectl.error ?? '', /git fetch --depth=1 .*app\.git nope/);
    // kustomize's words up to its network failure (a GET of the URL as a file), then the fetch.
    const frame = /^accumulating resources: accumulation err='accumulating resources from '[^']*': /.exec(kubectl.error ?? '')?.[0];
    assert.ok(frame, kubectl.error);
    assert.ok(ours.errors[0]!.message.startsWith(frame), ours.errors[0]!.message);
    assert.match(ours.errors[0]!.message, /: failed to run 'git fetch --depth=1 http:\/\/127\.0\.0\.1:\d+\/app\.git nope': /);
  });

  test('without --fetch-remote: refused on the line, nothing fetched; a cached clone is used only when allowed', () => {
    const dir = join(tmp, 'refused');
    write(join(dir, 'kustomization.yaml'), `namePrefix: a-\nresources:\n- ${base}app.git//deploy/base?ref=v1\n`);
    const r = renderKustomization(dir, { cache: new RenderCache() });
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.message, `accumulating resources: accumulation err='accumulating resources from '${base}app.git//deploy/base?ref=v1': not read over HTTP by this engine': remote resource '${base}app.git//deploy/base?ref=v1' in 'resources' is never fetched implicitly: run with --fetch-remote (CLI) or the 'THE_BOT: Fetch Remote Bases' command (editor)`);
    assert.equal(r.errors[0]!.range?.start.line, 2);
    const cache = join(tmp, 'cache-only');
    const notYet = renderKustomization(dir, { cache: new RenderCache(), remote: { cacheDir: cache, fetch: false } });
    assert.match(notYet.errors[0]!.message, /has not been fetched yet/);
    const fetched = renderKustomization(dir, { cache: new RenderCache(), remote: { cacheDir: cache, fetch: true } });
    assert.deepEqual(fetched.errors, []);
    daemon!.kill();
    const offline = renderKustomization(dir, { cache: new RenderCache(), remote: { cacheDir: cache, fetch: false } });
    assert.deepEqual(offline.errors, []);
    assert.equal(offline.toYaml(), fetched.toYaml());
  });
});
