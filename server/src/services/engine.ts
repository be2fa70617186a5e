// Binds the language server's projects to the real config loader: an open
// thebot.yaml is read from its editor buffer; without one, environments are
// discovered over the workspace folder holding the file (as `thebot check
// <folder>` does), once per folder until reset.
import { sep } from 'node:path';
import { defaultProjectConfig, findConfigFile, loadProjectConfig, parseProjectConfig, type ProjectConfig } from '../config';
import type { ConfigSource } from './project';

export function createConfigSource(workspaceFolders: () => string[]): ConfigSource & { reset(): void } {
  const discovered = new Map<string, ProjectConfig>();
  return {
    load: (dir, files, parse) => {
      const file = findConfigFile(dir);
      if (file) return files.isOpen(file) ? parseProjectConfig(file, files.readFile(file) ?? '') : loadProjectConfig(dir);
      const folder = workspaceFolders()
        .filter((f) => dir === f || dir.startsWith(f + sep))
        .sort((a, b) => b.length - a.length)[0];
      const key = folder ?? dir;
      let config = discovered.get(key);
      if (!config) discovered.set(key, (config = loadProjectConfig(dir, { ...(folder ? { root: folder } : {}), parseFile: parse })));
      return config;
    },
    empty: (dir) => defaultProjectConfig(dir, []),
    reset: () => discovered.clear(),
  };
}
