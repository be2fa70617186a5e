// helmCharts against the real kustomize: every case of
// test/fixtures/kustomize/helm (charts of our own) is built with
// `kubectl kustomize --enable-helm --helm-command <helm>` and with the engine
// given the same helm; the outputs must be the same bytes. helm is the v3
// that scripts/setup.d/35-helm.sh installs (missing: skipped locally, failing in CI).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { renderKustomization, RenderCache, type HelmOptions } from '../../server/src/kustomize';
import { findOracle, REPO_ROOT, splitStderr, oracleEnv } from './oracle';

const CASES = join(REPO_ROOT, 'test', 'fixtures', 'kustomize', 'helm');
const HELM = process.env.THEBOT_HELM ?? join(process.env.THEBOT_CACHE ?? join(homedir(), '.cache', 'thebot'), 'helm', 'current', 'helm');
const oracle = findOracle();
const missing = !existsSync(HELM) ? `no helm at ${HELM} (bash scripts/setup.d/35-helm.sh)` : oracle?.kind !== 'kubectl' ? 'no kubectl' : undefined;
const skip = missing && process.env.CI !== 'true' ? missing : false;

const out = mkdtempSync(join(tmpdir(), 'thebot-helm-test-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
const helm = (extra: Partial<HelmOptions> = {}): HelmOptions => ({ command: HELM, outputDir: join(out, 'outputs'), ...extra });

function kustomize(dir: string, args: string[] = ['--enable-helm', '--helm-command', HELM]) {
  assert.ok(!missing, missing);
  const r = spawnSync(oracle!.bin, ['kustomize', ...args, dir], { encoding: 'utf8', env: oracleEnv() });
  return { code: r.status, stdout: r.stdout, error: splitStderr(r.stderr).error };
}

const builds = ['inline-override', 'merge-files', 'globals-replace', 'base-overlay/overlay'];

describe('helmCharts: the same bytes as kubectl kustomize --enable-helm', { skip }, () => {
  for (const id of builds) {
    test(id, () => {
      const dir = join(CASES, id);
      const k = kustomize(dir);
      assert.equal(k.code, 0, k.error);
      const r = renderKustomization(dir, { helm: helm(), cache: new RenderCache() });
      assert.deepEqual(r.errors, []);
      assert.equal(r.toYaml(), k.stdout);
    });
  }

  test('without --enable-helm: refused with kustomize message, on the chart entry', () => {
    const dir = join(CASES, 'inline-override');
    const k = kustomize(dir, []);
    assert.notEqual(k.code, 0);
    const r = renderKustomization(dir, { cache: new RenderCache() });
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.message, k.error);
    assert.equal(r.errors[0]!.file, join(dir, 'kustomization.yaml'));
    assert.equal(r.errors[0]!.range?.start.line, 9);
  });

  test('a chart missing from the chart home without a repo: kustomize message', () => {
    const dir = mkdtempSync(join(out, 'missing-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'helmCharts:\n- name: absent\n');
    const k = kustomize(dir);
    const r = renderKustomization(dir, { helm: helm(), cache: new RenderCache() });
    assert.equal(r.errors[0]?.message, k.error);
  });

  test('a chart to pull from a repository: refused without --fetch-remote (no network use)', () => {
    const dir = mkdtempSync(join(out, 'pull-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'helmCharts:\n- name: absent\n  repo: https://charts.invalid/\n  version: 1.0.0\n');
    const r = renderKustomization(dir, { helm: helm(), cache: new RenderCache() });
    assert.equal(
      r.errors[0]?.message,
      `helmCharts: chart 'absent' is not in '${join(dir, 'charts', 'absent-1.0.0')}' and pulling it from 'https://charts.invalid/' needs the network: it is never fetched implicitly (run with --fetch-remote to let helm pull it)`,
    );
    assert.equal(r.errors[0]?.range?.start.line, 1);
  });

  test('cachedOnly (editor keystrokes) never starts helm: refused before, the same output after an inflation', () => {
    // A helm that counts its runs.
    const counter = join(out, 'runs.log');
    const wrapper = join(out, 'helm-counting');
    writeFileSync(wrapper, `#!/bin/sh\necho run >> '${counter}'\nexec '${HELM}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const runs = () => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0);
    const dir = join(CASES, 'merge-files');
    const opts = { command: wrapper, outputDir: join(out, 'counted') };
    const before = renderKustomization(dir, { helm: { ...opts, cachedOnly: true }, cache: new RenderCache() });
    assert.equal(before.errors.length, 1);
    assert.match(before.errors[0]!.message, /^helmCharts: chart 'web' has not been inflated with these inputs yet; helm runs only on request/);
    assert.equal(runs(), 0);
    const ran = renderKustomization(dir, { helm: opts, cache: new RenderCache() });
    assert.deepEqual(ran.errors, []);
    assert.equal(runs(), 2, 'helm version, helm template');
    const cached = renderKustomization(dir, { helm: { ...opts, cachedOnly: true }, cache: new RenderCache() });
    assert.deepEqual(cached.errors, []);
    assert.equal(cached.toYaml(), ran.toYaml());
    assert.equal(runs(), 2);
    // Another value: not the cached inputs any more.
    const edited = join(out, 'edited');
    spawnSync('cp', ['-r', dir, edited]);
    writeFileSync(join(edited, 'values', 'extra.yaml'), 'ports:\n- 1234\n');
    const stale = renderKustomization(edited, { helm: { ...opts, cachedOnly: true }, cache: new RenderCache() });
    assert.equal(stale.errors.length, 1);
  });

  test('inflated values point at the chart entry, their history at the inflated output', () => {
    const dir = join(CASES, 'merge-files');
    const r = renderKustomization(dir, { helm: helm(), cache: new RenderCache() });
    const dep = r.resources.find((x) => x.object.kind === 'Deployment')!;
    const o = dep.originOf(['spec', 'replicas'])!;
    assert.equal(o.file, join(dir, 'kustomization.yaml'));
    assert.equal(o.range.start.line, 1);
    assert.equal(o.by, 'helmCharts');
    const first = dep.historyOf(['spec', 'replicas'])[0]!;
    assert.ok(first.file.startsWith(join(out, 'outputs')), first.file);
    assert.equal(readFileSync(first.file, 'utf8').split('\n')[first.range.start.line], '  replicas: 2');
  });
});
