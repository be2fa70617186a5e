// Against a real control plane: a deploy refused on an error finding sends
// nothing; with --ignore-findings REASON it goes ahead and the reason and the
// findings are recorded as annotations of the applyset parent; the next clean
// deploy removes them (server-side apply drops what it no longer applies).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { applySetOf } from '../../client/src/cluster';
import { deployCommand } from '../../server/src/cli/deploy';
import { IGNORED_FINDINGS, IGNORED_FINDINGS_REASON } from '../../server/src/cli/cluster-common';
import { capture, environment, MANIFESTS, useControlPlane } from './harness';

const h = useControlPlane();

/** The platform with `image-latest-tag` an error in dev (dev builds `latest` images on purpose). */
function platformWithErrors(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-gate-'));
  cpSync(MANIFESTS, dir, { recursive: true });
  const config = join(dir, 'thebot.yaml');
  const text = readFileSync(config, 'utf8');
  assert.ok(text.includes('image-latest-tag: "off"'));
  writeFileSync(config, text.replace('image-latest-tag: "off"', 'image-latest-tag: error'));
  return dir;
}

async function parentAnnotations(): Promise<Record<string, string> | undefined> {
  const set = applySetOf(environment('dev'));
  const core = h.cp!.kubeConfig().makeApiClient(k8s.CoreV1Api);
  try {
    return (await core.readNamespacedConfigMap({ name: set.name, namespace: set.namespace })).metadata?.annotations ?? {};
  } catch {
    return undefined;
  }
}

test('deploy refuses on error findings; --ignore-findings records why on the applyset parent; a clean deploy clears it', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const dir = platformWithErrors();
  const refused = capture();
  assert.equal(await deployCommand(['dev', '--project', dir, '--kubeconfig', h.cp.kubeconfig], refused), 3, refused.stderr);
  assert.match(refused.stderr, /^thebot: dev has \d+ error findings \(as `thebot check` reports them\); nothing was sent:\n/);
  assert.equal(refused.stdout, '');
  assert.equal(await parentAnnotations(), undefined, 'nothing was applied, not even the applyset parent');

  const reason = 'dev images are built as latest into the local registry';
  const forced = capture();
  assert.equal(await deployCommand(['dev', '--project', dir, '--kubeconfig', h.cp.kubeconfig, '--ignore-findings', reason], forced), 0, forced.stdout + forced.stderr);
  const recorded = (await parentAnnotations())!;
  assert.equal(recorded[IGNORED_FINDINGS_REASON], reason);
  // Each finding on the overlay's `newTag: latest` that set it (backend's image runs in four workloads).
  assert.equal(
    recorded[IGNORED_FINDINGS],
    '5 error finding(s): ' + [26, 26, 26, 26, 29].map((l) => `image-latest-tag overlays/dev/kustomization.yaml:${l}:13`).join(', '),
  );

  const clean = capture();
  assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], clean), 0, clean.stdout + clean.stderr);
  const after = (await parentAnnotations())!;
  assert.equal(after[IGNORED_FINDINGS_REASON], undefined);
  assert.equal(after[IGNORED_FINDINGS], undefined);
});
