// The files the engine reads: open editor buffers overlaid on the disk, so an
// unsaved edit is what gets rendered and validated. Implements the Kustomize
// engine's FileReader; everything else about the file system stays on disk.
import { realpathSync, statSync } from 'node:fs';
import { nodeFileReader, type FileReader } from '../kustomize/fs';

export class WorkspaceFiles implements FileReader {
  private readonly buffers = new Map<string, { version: number; text: string }>();

  /** Record the current text of an open document (absolute path). */
  setBuffer(file: string, version: number, text: string): void {
    this.buffers.set(file, { version, text });
  }

  deleteBuffer(file: string): void {
    this.buffers.delete(file);
  }

  isOpen(file: string): boolean {
    return this.buffers.has(file);
  }

  openFiles(): string[] {
    return [...this.buffers.keys()];
  }

  /** Editor version of an open document. */
  editorVersion(file: string): number | undefined {
    return this.buffers.get(file)?.version;
  }

  readFile(file: string): string | undefined {
    const b = this.buffers.get(file);
    return b ? b.text : nodeFileReader.readFile(file);
  }

  isDirectory(path: string): boolean | undefined {
    if (this.buffers.has(path)) return false;
    return nodeFileReader.isDirectory(path);
  }

  realpath(path: string): string {
    // An unsaved buffer of a file not yet on disk has no real path but its own.
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  }

  /** Cache stamp: the editor version for open buffers, mtime and size on disk. */
  version(path: string): string | undefined {
    const b = this.buffers.get(path);
    if (b) return `buffer:${b.version}`;
    try {
      const st = statSync(path);
      return `${st.mtimeMs}:${st.size}`;
    } catch {
      return undefined;
    }
  }
}
