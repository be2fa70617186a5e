// The check before anything of an environment is sent to a cluster (`thebot
// deploy` and `dry-run`, like the editor's deploy): the environment analysed
// as `thebot check` analyses it, and the error findings that concern it.
import type { Environment, ProjectConfig } from '../config/types';
import type { Finding } from '../findings';
import type { RenderResult } from '../kustomize/model';
import type { AnalysisFinding } from './map';
import { ProjectAnalysis, type AnalyzeOptions } from './project';

export interface EnvironmentGate {
  render: RenderResult;
  /** Every finding that concerns the environment. */
  findings: AnalysisFinding[];
  /** Those at error level: the reasons to refuse. */
  errors: AnalysisFinding[];
}

/**
 * Findings that concern one environment: labelled with it, or found in a file
 * it reads (a patch's own schema errors) or in thebot.yaml.
 */
export function findingsOfEnvironment<F extends Finding>(findings: F[], env: string, files: ReadonlySet<string>, configFile: string | undefined): F[] {
  return findings.filter((f) => (f.environments?.length ? f.environments.includes(env) : files.has(f.file) || f.file === configFile));
}

export function gateEnvironment(config: ProjectConfig, env: Environment, options: AnalyzeOptions = {}): EnvironmentGate {
  const project = new ProjectAnalysis(config, { ...options, environments: [env.name] });
  project.refreshAll();
  const state = project.environments[0]!;
  const findings = findingsOfEnvironment(project.findings(), env.name, state.files, config.file);
  return { render: state.render!, findings, errors: findings.filter((f) => f.severity === 'error') };
}
