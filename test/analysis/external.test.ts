// helm and remote bases in the editor's analysis: while typing (cachedOnly)
// helm never runs and a chart without an inflated output is refused on its
// entry; the Inflate Helm Charts command's mode runs helm once; keystrokes
// afterwards render from that output (externalOptions, services/project.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectAnalysis } from '../../server/src/analysis/project';
import { defaultProjectConfig } from '../../server/src/config';
import { defaultEnvironment } from '../../server/src/config/load';
import { externalOptions, type ExternalMode } from '../../server/src/services/project';
import { REPO_ROOT } from '../kustomize/oracle';

const HELM = join(process.env.THEBOT_CACHE ?? join(homedir(), '.cache', 'thebot'), 'helm', 'current', 'helm');
const skip = !existsSync(HELM) && process.env.CI !== 'true' ? `no helm at ${HELM} (bash scripts/setup.d/35-helm.sh)` : false;

test('editor: helm only through the command, keystrokes from its output', { skip }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'thebot-external-'));
  const saved = process.env.THEBOT_CACHE;
  process.env.THEBOT_CACHE = tmp;
  try {
    const counter = join(tmp, 'runs.log');
    const wrapper = join(tmp, 'helm');
    writeFileSync(wrapper, `#!/bin/sh\necho run >> '${counter}'\nexec '${HELM}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const runs = () => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0);
    const overlay = join(REPO_ROOT, 'test', 'fixtures', 'kustomize', 'helm', 'merge-files');
    const config = defaultProjectConfig(overlay, [defaultEnvironment('dev', overlay, {} as never)]);
    const mode: ExternalMode = { helm: { enabled: false, command: wrapper }, fetching: { helm: false, remote: false } };
    const project = new ProjectAnalysis(config, { external: () => externalOptions(mode) });
    const state = project.environments[0]!;

    project.refreshEnvironment(state);
    assert.match(state.render!.errors[0]!.message, /must specify --enable-helm$/);

    mode.helm.enabled = true;
    project.invalidate([join(overlay, 'kustomization.yaml')]);
    project.refreshEnvironment(state);
    assert.match(state.render!.errors[0]!.message, /^helmCharts: chart 'web' has not been inflated with these inputs yet/);
    assert.equal(runs(), 0);

    mode.fetching = { helm: true, remote: false };
    project.invalidate([join(overlay, 'kustomization.yaml')]);
    project.refreshEnvironment(state);
    mode.fetching = { helm: false, remote: false };
    assert.deepEqual(state.render!.errors, []);
    assert.equal(runs(), 2);
    const inflated = state.render!.toYaml();

    project.invalidate([join(overlay, 'kustomization.yaml')]);
    project.refreshEnvironment(state);
    assert.deepEqual(state.render!.errors, []);
    assert.equal(state.render!.toYaml(), inflated);
    assert.equal(runs(), 2, 'a keystroke render never starts helm');
  } finally {
    if (saved === undefined) delete process.env.THEBOT_CACHE;
    else process.env.THEBOT_CACHE = saved;
    rmSync(tmp, { recursive: true, force: true });
  }
});
