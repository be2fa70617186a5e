// Runs one rule over a fixture directory (test/fixtures/rules/<rule-id>/{bad,good})
// and prints its findings as `file:line:col severity rule-id message`, related
// information indented below. Resources come through the test adapter;
// kustomization.yaml files are handed to kustomization rules.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseProjectConfig, defaultProjectConfig, defaultFacts } from '../../server/src/config';
import type { Environment, ProjectConfig } from '../../server/src/config';
import { runRules } from '../../server/src/rules/run';
import { loadKustomizations, isKustomizationPath } from '../../server/src/rules/lib/kustomizations';
import { hitToFinding } from '../../server/src/analysis/map';
import type { Rule } from '../../server/src/rules/types';
import type { PatchMatch, RenderedResource } from '../../server/src/kustomize/model';
import { resourcesFromFile } from './adapter';
import { parseYaml } from '../../server/src/documents/parse';
import { renderKustomization, nodeFileReader, type FileReader } from '../../server/src/kustomize';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'rules');

/** The environment fixtures run in unless they bring a thebot.yaml: a protected production. */
export function fixtureConfig(dir: string): { config: ProjectConfig; env: Environment } {
  const file = join(dir, 'thebot.yaml');
  const facts = {
    ...defaultFacts(),
    debugAllowed: false,
    registries: ['registry.example.com'],
    hosts: ['example.com', 'api.example.com'],
    requiredLabels: ['app'],
    minReplicas: 2,
    hpa: { minReplicas: 2, maxReplicas: 10 },
    externalObjects: [{ kind: 'ClusterIssuer', name: 'letsencrypt-prod' }],
  };
  const env: Environment = { name: 'production', overlay: dir, context: 'production', namespace: 'default', protected: true, facts };
  if (!existsSync(file)) return { config: defaultProjectConfig(dir, [env]), env };
  const config = parseProjectConfig(file, readFileSync(file, 'utf8'));
  if (config.problems.length) throw new Error(`${file}: ${config.problems[0].message}`);
  return { config, env: config.environments[0] ?? { ...env, facts: config.facts } };
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, name.name);
    if (name.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name.name) && name.name !== 'thebot.yaml') out.push(p);
  }
  return out;
}

/**
 * A fixture without its own kustomization.yaml is rendered through a virtual
 * one listing its resource files, so the real engine (and its origins) runs.
 */
function fixtureReader(dir: string, resourceFiles: string[]): FileReader {
  const virtual = join(dir, 'kustomization.yaml');
  const text = `resources:\n${resourceFiles.map((f) => `  - ${relative(dir, f)}`).join('\n')}\n`;
  return {
    ...nodeFileReader,
    readFile: (p) => (p === virtual && !existsSync(virtual) ? text : nodeFileReader.readFile(p)),
    isDirectory: (p) => (p === virtual ? false : nodeFileReader.isDirectory(p)),
    version: (p) => (p === virtual ? text : nodeFileReader.version?.(p)),
  };
}

export type FixtureMode = 'engine' | 'adapter';

/** Resources of a fixture: through the Kustomize engine, or through the test adapter (yaml node ranges). */
export function fixtureResources(dir: string, files: string[], mode: FixtureMode): RenderedResource[] {
  return fixtureRender(dir, files, mode).resources;
}

/** The resources, and in engine mode what each targeted patch selected when applied. */
function fixtureRender(dir: string, files: string[], mode: FixtureMode): { resources: RenderedResource[]; patchMatches?: PatchMatch[] } {
  const resourceFiles = files.filter((f) => !isKustomizationPath(f));
  if (mode === 'adapter') return { resources: resourceFiles.flatMap((f) => resourcesFromFile(f)) };
  const render = renderKustomization(dir, { reader: fixtureReader(dir, resourceFiles) });
  if (render.errors.length) throw new Error(`${dir}: ${render.errors[0].message}`);
  return { resources: render.resources, patchMatches: render.patchMatches ?? [] };
}

export function runFixture(rule: Rule, dir: string, mode: FixtureMode = 'engine'): string {
  const files = yamlFiles(dir);
  const { resources, patchMatches } = fixtureRender(dir, files, mode);
  const { config, env } = fixtureConfig(dir);
  const parse = (file: string) => (existsSync(file) ? parseYaml(readFileSync(file, 'utf8')) : undefined);
  const hits = runRules({ config, env, resources, kustomizations: loadKustomizations(files), rules: [rule], parse, ...(patchMatches ? { patchMatches } : {}) });
  const lines: string[] = [];
  const pos = (file: string, r: { start: { line: number; character: number } }) => `${relative(dir, file)}:${r.start.line + 1}:${r.start.character + 1}`;
  const findings = hits.map((h) => hitToFinding(h, undefined));
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.message.localeCompare(b.message));
  for (const f of findings) {
    lines.push(`${pos(f.file, f.range)} ${f.severity} ${f.code} ${f.message}`);
    for (const r of f.related ?? []) lines.push(`  related ${pos(r.file, r.range)} ${r.message}`);
    if (f.fix) lines.push(`  fix ${f.fix.title}: ${JSON.stringify(f.fix.edits[0].newText)}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
