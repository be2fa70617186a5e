// Project configuration: `loadProjectConfig(startDir)` finds thebot.yaml
// (upward, or in a direct child such as manifests/), else discovers
// environments from overlays/* and applies defaults.
import { resolve } from 'node:path';
import { defaultFacts, type Environment, type ProjectConfig } from './types';
import { findConfigFile, discoverOverlays } from './discover';
import { defaultEnvironment, defaultProjectConfig, readProjectConfig } from './load';

export * from './types';
export { parseProjectConfig, defaultProjectConfig, readProjectConfig, isDevName, isProductionName } from './load';
export { findConfigFile, discoverOverlays, kustomizationFile, isKustomizationDir, KUSTOMIZATION_FILE_NAMES } from './discover';

export function loadProjectConfig(startDir: string): ProjectConfig {
  const file = findConfigFile(startDir);
  if (file) return readProjectConfig(file);
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
