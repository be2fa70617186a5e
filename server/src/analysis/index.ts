// analyzeProject: the one analysis behind the editor and the CLI. It renders
// every environment, validates it (schemas, rules), maps findings to source
// lines, adds the config's and each file's own findings, and merges the same
// finding across environments (project.ts). `thebot check`, `deploy` and
// `dry-run` call it once; the language server keeps a ProjectAnalysis per
// project and refreshes it incrementally (services/project.ts).
import type { Environment, ProjectConfig } from '../config/types';
import type { RenderResult } from '../kustomize/model';
import { engineOptions } from './engine';
import { analyzeRendered } from './environment';
import type { AnalysisFinding } from './map';
import { ProjectAnalysis, type AnalyzeOptions, type Renderer } from './project';

export type { AnalysisFinding, TextEdit } from './map';
export type { ObjectValidator, EnvironmentChecks } from './environment';
export type { AnalyzeOptions, Renderer, EnvironmentState } from './project';
export { ProjectAnalysis } from './project';
export { analyzeRendered } from './environment';
export { mergeEnvironments } from './merge';
export { gateEnvironment, findingsOfEnvironment, type EnvironmentGate } from './gate';

export interface EnvironmentAnalysis {
  env: string;
  findings: AnalysisFinding[];
  render: RenderResult;
}

/** Fills renderer, file reading and schema validation from the real engine where not given. */
function withEngine(options: AnalyzeOptions): AnalyzeOptions & { render: Renderer } {
  if (options.render) return options as AnalyzeOptions & { render: Renderer };
  const engine = engineOptions({ ...(options.reader ? { reader: options.reader } : {}), ...(options.cache ? { cache: options.cache } : {}) });
  return { ...engine, ...options, render: engine.render };
}

/** One environment's render and its rendered findings (no file-level or config findings). */
export function analyzeEnvironment(config: ProjectConfig, env: Environment, options: AnalyzeOptions = {}): EnvironmentAnalysis {
  const opts = withEngine(options);
  const render = opts.render(env.overlay);
  return { env: env.name, render, findings: analyzeRendered(config, env, render, opts) };
}

export interface ProjectResult {
  findings: AnalysisFinding[];
  renders: Map<string, RenderResult>;
}

/** Every finding of the project (or of `options.environments`), and each environment's render. */
export function analyzeProject(config: ProjectConfig, options: AnalyzeOptions = {}): ProjectResult {
  const project = new ProjectAnalysis(config, options);
  project.refreshAll();
  return {
    findings: project.findings({ files: options.files ?? [] }),
    renders: new Map(project.environments.map((s) => [s.env.name, s.render!])),
  };
}
