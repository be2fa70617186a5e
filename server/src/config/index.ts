// Project configuration: `loadProjectConfig(startDir)` finds thebot.yaml
// (upward, or in a direct child such as manifests/), else discovers
// environments (every kustomization of the tree no other one includes; when
// the tree has none, overlays/* upward) and applies defaults.
import { resolve } from 'node:path';
import type { ParsedYaml } from '../documents/parse';
import { defaultFacts, type Environment, type ProjectConfig } from './types';
import { findConfigFile, discoverOverlays, discover } from './discover';
import { defaultEnvironment, defaultProjectConfig, readProjectConfig, withEnvironments as withEnvironmentsOf } from './load';

export * from './types';
export { parseProjectConfig, defaultProjectConfig, readProjectConfig, isDevName, isProductionName } from './load';
export { findConfigFile, findConfigFileAbove, discoverOverlays, discoverEnvironments, findKustomizationFiles, kustomizationFile, isKustomizationDir, KUSTOMIZATION_FILE_NAMES } from './discover';

/**
 * `root`: where discovery looks when there is no thebot.yaml (the language
 * server passes the workspace folder; default: startDir, what `thebot check`
 * was asked to check). `parseFile`: how discovery reads and parses each
 * kustomization (see discoverEnvironments).
 */
export function loadProjectConfig(startDir: string, options: { root?: string; parseFile?: (file: string) => ParsedYaml | undefined } = {}): ProjectConfig {
  const file = findConfigFile(startDir);
  if (file) return readProjectConfig(file);
  const root = resolve(options.root ?? startDir);
  const { environments: discovered, files } = discover(root, options.parseFile);
  if (discovered.length) {
    const facts = defaultFacts();
    const config = defaultProjectConfig(root, discovered.map((d) => defaultEnvironment(d.name, d.dir, facts)));
    walked.set(config, files);
    return config;
  }
  // Started inside a tree without kustomizations (docs/ of a repository): the overlays/* layout above it.
  const found = discoverOverlays(startDir);
  if (!found) return defaultProjectConfig(resolve(startDir), []);
  const facts = defaultFacts();
  const environments: Environment[] = found.overlays.map((o) => defaultEnvironment(o.name, o.dir, facts));
  return defaultProjectConfig(found.root, environments);
}

// The kustomization files discovery walked, kept beside the config it made (configs are plain
// data): the project's analysis lists the same tree right after (its KustomizationIndex: which
// kustomization patches a file) and takes this list once rather than walking the tree again.
const walked = new WeakMap<ProjectConfig, string[]>();

/** The kustomization files discovery walked to make `config` (sorted), once; undefined after that, or for a config not discovered. */
export function takeDiscoveredKustomizations(config: ProjectConfig): string[] | undefined {
  const files = walked.get(config);
  walked.delete(config);
  return files;
}

/**
 * `config` with only these environments (`thebot check --env`, or the
 * environments a path narrows to). The tree is the same: the copy keeps the
 * kustomization files discovery walked, for its own analysis to take.
 */
export function withEnvironments(config: ProjectConfig, environments: Environment[]): ProjectConfig {
  const copy = withEnvironmentsOf(config, environments);
  const files = walked.get(config);
  if (files) walked.set(copy, files);
  return copy;
}

/** The environment with this name, or undefined. */
export function environmentByName(config: ProjectConfig, name: string): Environment | undefined {
  return config.environments.find((e) => e.name === name);
}
