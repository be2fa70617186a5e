// Binds the language server's projects to the real config loader: an open
// thebot.yaml is read from its editor buffer.
import { defaultProjectConfig, findConfigFile, loadProjectConfig, parseProjectConfig } from '../config';
import type { ConfigSource } from './project';

export function createConfigSource(): ConfigSource {
  return {
    load: (dir, files) => {
      const file = findConfigFile(dir);
      return file && files.isOpen(file) ? parseProjectConfig(file, files.readFile(file) ?? '') : loadProjectConfig(dir);
    },
    empty: (dir) => defaultProjectConfig(dir, []),
  };
}
