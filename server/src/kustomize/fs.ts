// File access for the engine. The language server passes a reader that sees
// unsaved editor buffers; the CLI and tests use the plain file system.
import { readFileSync, realpathSync, statSync } from 'node:fs';

export interface FileReader {
  /** File text, or undefined if it does not exist / is not a file. */
  readFile(path: string): string | undefined;
  /** Raw bytes of a file (binary generator inputs); optional. */
  readBytes?(path: string): Uint8Array | undefined;
  /** True for a directory, false for a file, undefined if missing. */
  isDirectory(path: string): boolean | undefined;
  /** Canonical path (symlinks resolved); the input if it cannot be resolved. */
  realpath(path: string): string;
  /** A version stamp for caching (mtime+size for files); undefined if unknown. */
  version?(path: string): string | undefined;
}

export const nodeFileReader: FileReader = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  readBytes(path) {
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  },
  isDirectory(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return undefined;
    }
  },
  realpath(path) {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  },
  version(path) {
    try {
      const st = statSync(path);
      return `${st.mtimeMs}:${st.size}`;
    } catch {
      return undefined;
    }
  },
};
