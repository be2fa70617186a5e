// analyzeProject: render every environment, validate it (schemas, rules), map
// findings to source lines and merge the same finding across environments.
// Used by `thebot check` and the language server (which re-runs single
// environments through analyzeEnvironment).
import { relative } from 'node:path';
import picomatch from 'picomatch';
import type { Finding } from '../findings';
import type { Environment, ProjectConfig } from '../config/types';
import type { RenderResult, RenderedResource } from '../kustomize/model';
import { loadKustomizations } from '../rules/lib/kustomizations';
import { RULES } from '../rules';
import { runRules } from '../rules/run';
import type { Rule } from '../rules/types';
import { hitToFinding, type AnalysisFinding } from './map';
import { mergeEnvironments } from './merge';
import { configFindings } from './config-findings';
import { engineOptions } from './engine';
import type { FileReader, RenderCache } from '../kustomize';

export type { AnalysisFinding, TextEdit } from './map';
export { mergeEnvironments } from './merge';

/** Renders one kustomization directory (the Kustomize engine, or a test double). */
export type Renderer = (dir: string) => RenderResult;

/** Schema validation of one rendered object, as findings-in-the-object (path + message). */
export type ObjectValidator = (
  resource: RenderedResource,
  kubernetesVersion: string,
) => { path: (string | number)[]; message: string; code: string; severity: Finding['severity'] }[];

export interface AnalyzeOptions {
  /** Renderer; default: the Kustomize engine over `reader` with `cache`. */
  render?: Renderer;
  /** Files as the engine sees them (the language server passes unsaved buffers). */
  reader?: FileReader;
  cache?: RenderCache;
  /** Schema validation; omitted = rules only. */
  validate?: ObjectValidator;
  /** Reads files for kustomization rules (the language server passes unsaved buffers). */
  read?: (file: string) => string | undefined;
  /** Names of the environments to analyse (default: all). */
  environments?: string[];
  /** Ignore `ignore-check.thebot.dev/*` annotations (CI). */
  noSuppressions?: boolean;
  rules?: Rule[];
}

export interface EnvironmentAnalysis {
  env: string;
  findings: AnalysisFinding[];
  render: RenderResult;
}

/** Rules (and schema validation) over an already rendered environment. */
export function analyzeRendered(config: ProjectConfig, env: Environment, render: RenderResult, options: Omit<AnalyzeOptions, 'render' | 'reader' | 'cache'>): AnalysisFinding[] {
  const findings: AnalysisFinding[] = [];
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
    for (const r of render.resources) {
      for (const p of options.validate(r, config.kubernetesVersion)) {
        const o = r.originOf(p.path) ?? r.origin;
        findings.push({ file: o.file, range: o.range, severity: p.severity, code: p.code, source: 'thebot', message: p.message, environments: [env.name] });
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
  });
  for (const h of hits) findings.push(hitToFinding(h, env.name));
  return dropIgnored(config, findings);
}

/** Fills renderer, file reading and schema validation from the real engine where not given. */
function withEngine(options: AnalyzeOptions): AnalyzeOptions & { render: Renderer } {
  if (options.render) return options as AnalyzeOptions & { render: Renderer };
  const engine = engineOptions({ ...(options.reader ? { reader: options.reader } : {}), ...(options.cache ? { cache: options.cache } : {}) });
  return { ...engine, ...options, render: engine.render };
}

export function analyzeEnvironment(config: ProjectConfig, env: Environment, options: AnalyzeOptions = {}): EnvironmentAnalysis {
  const opts = withEngine(options);
  const render = opts.render(env.overlay);
  return { env: env.name, render, findings: analyzeRendered(config, env, render, opts) };
}

export function analyzeProject(config: ProjectConfig, options: AnalyzeOptions = {}): { findings: AnalysisFinding[]; renders: Map<string, RenderResult> } {
  const wanted = options.environments;
  const envs = config.environments.filter((e) => !wanted || wanted.includes(e.name));
  const opts = withEngine(options);
  const per = envs.map((e) => analyzeEnvironment(config, e, opts));
  const findings = [...config.problems, ...configFindings(config, options.rules ?? RULES)];
  return {
    findings: [...findings, ...mergeEnvironments(per.map((p) => ({ env: p.env, findings: p.findings })))],
    renders: new Map(per.map((p) => [p.env, p.render])),
  };
}

function dropIgnored(config: ProjectConfig, findings: AnalysisFinding[]): AnalysisFinding[] {
  if (!config.ignorePaths.length) return findings;
  const ignored = picomatch(config.ignorePaths, { dot: true });
  return findings.filter((f) => !ignored(relative(config.root, f.file)));
}
