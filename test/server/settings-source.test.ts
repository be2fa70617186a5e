// One settings source: package.json's contributes.configuration and
// docs/settings.md are generated from server/src/settings/definition.ts
// (`npm run gen:settings`); editing either by hand fails here. Both sides read
// the settings through the same definition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS } from '../../server/src/settings/definition';
import { configurationContribution, renderSettingsDocs } from '../../server/src/settings/render';
import { readSettingValues, sectionGetter } from '../../server/src/settings/read';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/services/settings';

const ROOT = join(__dirname, '..', '..');

test('package.json contributes.configuration is generated from the definition (run `npm run gen:settings`)', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: unknown } };
  assert.deepEqual(pkg.contributes.configuration, configurationContribution());
  // Key order is the Settings UI's order: deepEqual ignores it, so compare it too.
  assert.deepEqual(
    Object.keys((pkg.contributes.configuration as { properties: object }).properties),
    Object.keys(SETTINGS).map((id) => `thebot.${id}`),
  );
});

test('docs/settings.md is generated from the definition (run `npm run gen:settings`)', () => {
  assert.equal(readFileSync(join(ROOT, 'docs', 'settings.md'), 'utf8'), renderSettingsDocs());
});

test('docs/settings.md is one markdown table, a row per setting', () => {
  const rows = renderSettingsDocs().split('\n').filter((l) => l.startsWith('| `thebot.'));
  assert.equal(rows.length, Object.keys(SETTINGS).length);
  for (const r of rows) assert.equal(r.split(/(?<!\\)\|/).length, 8, r);
});

test('every thebot.* setting the sources name is defined', () => {
  const named = new Set<string>();
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.ts'))
        for (const m of readFileSync(p, 'utf8').matchAll(/affectsConfiguration\('thebot\.([A-Za-z.]+)'\)/g)) named.add(m[1]!);
    }
  };
  walk(join(ROOT, 'client', 'src'));
  walk(join(ROOT, 'server', 'src'));
  assert.ok(named.size > 0);
  for (const id of named) assert.ok(id in SETTINGS, id);
});

test('the server reads validation.* and the helm settings from the section, invalid values falling back to the defaults', () => {
  assert.deepEqual(DEFAULT_SETTINGS, { validation: { enable: true, debounceMs: 0 }, helm: { enabled: false, command: 'helm' } });
  assert.deepEqual(normalizeSettings({ validation: { enable: false, debounceMs: 250 }, enableHelm: true, helmCommand: '/opt/helm' }), {
    validation: { enable: false, debounceMs: 250 },
    helm: { enabled: true, command: '/opt/helm' },
  });
  assert.deepEqual(normalizeSettings({ validation: { enable: 'no', debounceMs: 5001 }, enableHelm: 1, helmCommand: '' }), DEFAULT_SETTINGS);
  assert.deepEqual(normalizeSettings({ validation: { debounceMs: -1 } }), DEFAULT_SETTINGS);
  assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
});

test('the client-side reading applies the same types and ranges', () => {
  const raw: Record<string, unknown> = { rolloutTimeoutSeconds: 5, revisionHistoryLimit: 3, environmentContexts: { dev: 'ctx', bad: 1 }, kubeconfig: '/k' };
  const v = readSettingValues((id) => raw[id]);
  assert.equal(v.rolloutTimeoutSeconds, 300);
  assert.equal(v.revisionHistoryLimit, 3);
  assert.deepEqual(v.environmentContexts, {});
  assert.equal(v.kubeconfig, '/k');
  assert.equal(sectionGetter({ validation: { enable: false } })('validation.enable'), false);
});
