// Project configuration: `loadProjectConfig(startDir)` finds thebot.yaml
// (upward, or in a direct child such as manifests/), else discovers
// environments (every kustomization of the tree no other one includes; when
// the tree has none, overlays/* upward) and applies defaults.
import { resolve } from 'node:path';
import { defaultFacts, type Environment, type ProjectConfig } from './types';
import { findConfigFile, discoverOverlays, discoverEnvironments } from './discover';
import { defaultEnvironment, defaultProjectConfig, readProjectConfig } from './load';

export * from './types';
export { parseProjectConfig, defaultProjectConfig, readProjectConfig, withEnvironments, isDevName, isProductionName } from './load';
export { findConfigFile, findConfigFileAbove, discoverOverlays, discoverEnvironments, findKustomizationFiles, kustomizationFile, isKustomizationDir, KUSTOMIZATION_FILE_NAMES } from './discover';

/**
 * `root`: where discovery looks when there is no thebot.yaml (the language
 * server passes the workspace folder; default: startDir, what `thebot check`
 * was asked to check).
 */
export function loadProjectConfig(startDir: string, options: { root?: string } = {}): ProjectConfig {
  const file = findConfigFile(startDir);
  if (file) return readProjectConfig(file);
  const root = resolve(options.root ?? startDir);
  const discovered = discoverEnvironments(root);
  if (discovered.length) {
    const facts = defaultFacts();
    return defaultProjectConfig(root, discovered.map((d) => defaultEnvironment(d.name, d.dir, facts)));
  }
  // Started inside a tree without kustomizations (docs/ of a repository): the overlays/* layout above it.
  const found = discoverOverlays(startDir);
  if (!found) return defaultProjectConfig(resolve(startDir), []);
  const facts = defaultFacts();
  const environments: Environment[] = found.overlays.map((o) => defaultEnvironment(o.name, o.dir, facts));
  return defaultProjectConfig(found.root, environments);
}

/** The environment with this name, or undefined. */
export function environmentByName(config: ProjectConfig, name: string): Environment | undefined {
  return config.environments.find((e) => e.name === name);
}
