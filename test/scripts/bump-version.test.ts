// `npm run version:bump`: the version in package.json and package-lock.json,
// CHANGELOG.md's Unreleased section released under the version and date, and
// the refusals (nothing to release, a version that does not go up) that write nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bump, BumpError } from '../../scripts/bump-version';

const PKG = '{\n  "name": "thebot-platform",\n  "version": "0.1.0",\n  "private": true\n}\n';
const LOCK = { name: 'thebot-platform', version: '0.1.0', lockfileVersion: 3, packages: { '': { name: 'thebot-platform', version: '0.1.0' }, 'node_modules/yaml': { version: '2.8.1' } } };

function project(changelog: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-bump-'));
  writeFileSync(join(dir, 'package.json'), PKG);
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(LOCK, null, 2) + '\n');
  writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
  return dir;
}
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

test('the first release: Unreleased becomes 0.1.0 with the date; package files keep their layout', () => {
  const dir = project('# Changelog\n\nIntro.\n\n## Unreleased\n\n- First.\n');
  assert.equal(bump(dir, '0.1.0', '2026-12-02'), '0.1.0 → 0.1.0');
  assert.equal(read(dir, 'CHANGELOG.md'), '# Changelog\n\nIntro.\n\n## Unreleased\n\n## 0.1.0 — 2026-12-02\n\n- First.\n');
  assert.equal(read(dir, 'package.json'), PKG);
});

test('minor after a release: versions bumped in both package files, the new section above the old', () => {
  const dir = project('# Changelog\n\n## Unreleased\n\n- Walkthrough.\n\n## 0.1.0 — 2026-12-02\n\n- First.\n');
  assert.equal(bump(dir, 'minor', '2027-01-15'), '0.1.0 → 0.2.0');
  assert.equal(read(dir, 'CHANGELOG.md'), '# Changelog\n\n## Unreleased\n\n## 0.2.0 — 2027-01-15\n\n- Walkthrough.\n\n## 0.1.0 — 2026-12-02\n\n- First.\n');
  assert.equal(read(dir, 'package.json'), PKG.replace('"0.1.0"', '"0.2.0"'));
  const lock = JSON.parse(read(dir, 'package-lock.json'));
  assert.deepEqual([lock.version, lock.packages[''].version, lock.packages['node_modules/yaml'].version], ['0.2.0', '0.2.0', '2.8.1']);
});

test('refusals write nothing', () => {
  const cases: [string, string, string][] = [
    ['# Changelog\n\n## Unreleased\n\n## 0.1.0 — 2026-12-02\n\n- First.\n', 'patch', "CHANGELOG.md: nothing under '## Unreleased' to release"],
    ['# Changelog\n\n- First.\n', 'patch', "CHANGELOG.md has no '## Unreleased' section"],
    ['# Changelog\n\n## Unreleased\n\n- x\n\n## 0.1.0 — 2026-12-02\n\n- First.\n', '0.1.0', '0.1.0 is not above the current version 0.1.0'],
    ['# Changelog\n\n## Unreleased\n\n- x\n', '0.0.9', '0.0.9 is not above the current version 0.1.0'],
    ['# Changelog\n\n## Unreleased\n\n- x\n', 'v1', "the requested version: 'v1' is not a version (X.Y.Z)"],
  ];
  for (const [changelog, spec, message] of cases) {
    const dir = project(changelog);
    assert.throws(() => bump(dir, spec, '2027-01-15'), (e: unknown) => e instanceof BumpError && e.message === message, spec);
    assert.equal(read(dir, 'CHANGELOG.md'), changelog);
    assert.equal(read(dir, 'package.json'), PKG);
  }
});
