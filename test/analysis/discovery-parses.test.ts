// Discovery (a project without thebot.yaml) reads and parses every
// kustomization of the tree, and the project's analysis needs the same parses
// right after (which kustomization patches a file): both go through one memo,
// and the tree is walked once. In a monorepo of 230 kustomizations the second
// read, parse and walk were a quarter of a file's first diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findKustomizationFiles, loadProjectConfig, takeDiscoveredKustomizations, withEnvironments } from '../../server/src/config';
import { analyzeProject } from '../../server/src/analysis';
import { engineOptions } from '../../server/src/analysis/engine';
import { memoParse, parseMemoOf } from '../../server/src/analysis/parseMemo';
import { ProjectAnalysis } from '../../server/src/analysis/project';
import { RenderCache, nodeFileReader } from '../../server/src/kustomize';
import { ParseCache } from '../../server/src/documents/parse';
import { WorkspaceFiles } from '../../server/src/documents/workspace';
import { createFileValidators } from '../../server/src/analysis/files';
import { createConfigSource } from '../../server/src/services/engine';
import { Projects } from '../../server/src/services/project';
import { repoRoot } from '../server/lspClient';

const monorepo = join(repoRoot, 'test', 'fixtures', 'analysis', 'monorepo');
const kustomizations = findKustomizationFiles(monorepo);
const read = (file: string): string | undefined => nodeFileReader.readFile(file);

/** Parses made by a discovery and an analysis of the monorepo with one render cache; `shared`: discovery parses through the analysis' memo, as `thebot check` does. */
function parsesOf(shared: boolean): { discovery: number; total: number; findings: string[] } {
  const cache = new RenderCache();
  const memo = parseMemoOf(cache);
  const config = loadProjectConfig(monorepo, shared ? { parseFile: memoParse(read, memo) } : {});
  const discovery = memo.parses;
  const { findings } = analyzeProject(config, engineOptions({ cache }));
  return { discovery, total: memo.parses, findings: findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.code} ${f.message}`) };
}

test('discovery parses each kustomization into the analysis\' memo: the analysis parses none again, and finds the same', () => {
  assert.equal(kustomizations.length, 7);
  const alone = parsesOf(false);
  const shared = parsesOf(true);
  // Every kustomization of the tree, once, by discovery...
  assert.equal(alone.discovery, 0);
  assert.equal(shared.discovery, kustomizations.length);
  // ...and then not by the analysis: the same parses in all as when the analysis made them all itself.
  assert.ok(alone.total > kustomizations.length, `${alone.total} parses`);
  assert.equal(shared.total, alone.total);
  assert.deepEqual(shared.findings, alone.findings);
  assert.ok(shared.findings.length > 0);
});

test('the kustomization files discovery walked are taken once, by the analysis of the config it made', () => {
  const config = loadProjectConfig(monorepo);
  assert.deepEqual(takeDiscoveredKustomizations(config), kustomizations);
  assert.equal(takeDiscoveredKustomizations(config), undefined);
  const again = loadProjectConfig(monorepo);
  new ProjectAnalysis(again);
  assert.equal(takeDiscoveredKustomizations(again), undefined);
  // A copy with fewer environments (`thebot check --env`) lists the same tree: it takes the walk too.
  const whole = loadProjectConfig(monorepo);
  const narrowed = withEnvironments(whole, whole.environments.slice(0, 1));
  assert.equal(narrowed.environments.length, 1);
  assert.deepEqual(takeDiscoveredKustomizations(narrowed), kustomizations);
  assert.equal(takeDiscoveredKustomizations(narrowed), undefined);
  // A project with thebot.yaml is not discovered: nothing kept.
  assert.equal(takeDiscoveredKustomizations(loadProjectConfig(join(repoRoot, 'manifests'))), undefined);
});

test('the language server discovers environments through its own parses (the project\'s analysis then finds them there)', () => {
  const files = new WorkspaceFiles();
  const parses = new ParseCache();
  const asked = new Map<string, number>();
  const parse = (file: string) => {
    asked.set(file, (asked.get(file) ?? 0) + 1);
    const text = files.readFile(file);
    return text === undefined ? undefined : parses.get(file, text, text);
  };
  const projects = new Projects(createConfigSource(() => [monorepo]), files, parse, createFileValidators());
  const project = projects.forDir(join(monorepo, 'apps', 'api', 'base'));
  assert.ok(project.config.environments.length > 0);
  assert.deepEqual([...asked.keys()].sort(), kustomizations);
  assert.deepEqual([...asked.values()], kustomizations.map(() => 1));
});
