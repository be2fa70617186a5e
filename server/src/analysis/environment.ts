// The findings of one rendered environment: render errors, schema validation
// of every rendered object and the rules, mapped to the source lines that set
// each value and labelled with the environment.
import { relative } from 'node:path';
import picomatch from 'picomatch';
import type { Environment, ProjectConfig } from '../config/types';
import type { Finding } from '../findings';
import type { RenderResult, RenderedResource } from '../kustomize/model';
import { loadKustomizations } from '../rules/lib/kustomizations';
import { RULES } from '../rules';
import { runRules } from '../rules/run';
import type { Rule } from '../rules/types';
import { hitToFinding, type AnalysisFinding } from './map';
import { parseOnce, SourcePlacer } from './place';
import type { ParsedYaml } from '../documents/parse';

/** Schema validation of one rendered object, as findings-in-the-object (path + message). */
export type ObjectValidator = (
  resource: RenderedResource,
  kubernetesVersion: string,
) => { path: (string | number)[]; message: string; code: string; severity: Finding['severity']; target?: 'key' | 'value' }[];

export interface EnvironmentChecks {
  /** Schema validation; omitted = rules only. */
  validate?: ObjectValidator;
  /** Reads files for kustomization rules (the language server passes unsaved buffers). */
  read?: (file: string) => string | undefined;
  /** Parsed YAML of a file (shared with file-level checks); places findings on keys. */
  parse?: (file: string) => ParsedYaml | undefined;
  /** Ignore `ignore-check.thebot.dev/*` annotations (CI). */
  noSuppressions?: boolean;
  rules?: Rule[];
}

/** Rules (and schema validation) over an already rendered environment. */
export function analyzeRendered(config: ProjectConfig, env: Environment, render: RenderResult, options: EnvironmentChecks): AnalysisFinding[] {
  const findings: AnalysisFinding[] = [];
  const parse = options.parse ?? parseOnce(options.read);
  for (const e of render.errors) {
    findings.push({
      file: e.file,
      range: e.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 'error',
      code: 'render',
      source: 'thebot',
      message: e.message,
      environments: [env.name],
    });
  }
  if (options.validate) {
    const placer = new SourcePlacer(parse);
    for (const r of render.resources) {
      for (const p of options.validate(r, config.kubernetesVersion)) {
        const o = r.originOf(p.path) ?? r.origin;
        findings.push({ file: o.file, range: placer.rangeFor(o, p.target ?? 'value'), severity: p.severity, code: p.code, source: 'thebot', message: p.message, environments: [env.name] });
      }
    }
  }
  const hits = runRules({
    config,
    env,
    resources: render.resources,
    kustomizations: loadKustomizations(render.files, options.read),
    rules: options.rules ?? RULES,
    noSuppressions: options.noSuppressions ?? false,
    ...(render.patchMatches ? { patchMatches: render.patchMatches } : {}),
    ...(parse ? { parse } : {}),
  });
  for (const h of hits) findings.push(hitToFinding(h, env.name));
  return dropIgnored(config, findings);
}

/** Findings outside the config's `ignorePaths`. */
export function dropIgnored<F extends Finding>(config: ProjectConfig, findings: F[]): F[] {
  if (!config.ignorePaths.length) return findings;
  const ignored = picomatch(config.ignorePaths, { dot: true });
  return findings.filter((f) => !ignored(relative(config.root, f.file)));
}
