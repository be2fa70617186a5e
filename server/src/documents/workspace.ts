// The files the engine reads: open editor buffers overlaid on the disk, so an
// unsaved edit is what gets rendered and validated. Implements the Kustomize
// engine's FileReader; everything else about the file system stays on disk.
//
// Every edit re-renders the environments that read the file, and each render
// reads every file of its environment: with `cacheDisk` on (the client tells
// us about changes on disk through watched-file events, see
// handlers/diagnostics.ts) what the disk said is kept until `diskChanged()`.
// Only YAML files (the watched ones) keep their text; other files (generator
// inputs, not watched) are read every time.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { KustomizeError } from '../kustomize/errors';
import { MAX_FILE_BYTES, nodeFileReader, realpathOf, tooLargeMessage, type FileReader } from '../kustomize/fs';

const WATCHED = /\.ya?ml$/;
const watched = (file: string): boolean => WATCHED.test(file) || basename(file) === 'Kustomization';

export class WorkspaceFiles implements FileReader {
  private readonly buffers = new Map<string, { version: number; text: string }>();
  /** Keep what the disk said until diskChanged() (set when the client reports file changes). */
  cacheDisk = false;
  private readonly texts = new Map<string, string | undefined>();
  private readonly dirs = new Map<string, boolean | undefined>();
  private readonly reals = new Map<string, string>();

  /** Something changed on disk (a watched-file event): forget everything read from it. */
  diskChanged(): void {
    this.texts.clear();
    this.dirs.clear();
    this.reals.clear();
  }

  /** Record the current text of an open document (absolute path). */
  setBuffer(file: string, version: number, text: string): void {
    this.buffers.set(file, { version, text });
  }

  deleteBuffer(file: string): void {
    this.buffers.delete(file);
    // Its text on disk may have been saved while it was open.
    this.texts.delete(file);
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
    if (b) {
      // An editor buffer gets the cap a file on disk gets (nodeFileReader), in UTF-8 bytes as on disk
      // (counted only when it could matter: a UTF-16 code unit is at most 3 bytes).
      const bytes = b.text.length * 3 > MAX_FILE_BYTES ? Buffer.byteLength(b.text, 'utf8') : 0;
      if (bytes > MAX_FILE_BYTES) throw new KustomizeError(tooLargeMessage(file, bytes), file);
      return b.text;
    }
    if (!this.cacheDisk || !watched(file)) return nodeFileReader.readFile(file);
    if (this.texts.has(file)) return this.texts.get(file);
    const text = nodeFileReader.readFile(file);
    this.texts.set(file, text);
    return text;
  }

  /** Bytes on disk (binary generator inputs); an open buffer has only its text. */
  readBytes(file: string): Uint8Array | undefined {
    return this.buffers.has(file) ? undefined : nodeFileReader.readBytes!(file);
  }

  isDirectory(path: string): boolean | undefined {
    if (this.buffers.has(path)) return false;
    if (!this.cacheDisk) return nodeFileReader.isDirectory(path);
    if (this.dirs.has(path)) return this.dirs.get(path);
    const dir = nodeFileReader.isDirectory(path);
    this.dirs.set(path, dir);
    return dir;
  }

  realpath(path: string): string {
    const known = this.cacheDisk ? this.reals.get(path) : undefined;
    if (known !== undefined) return known;
    // An unsaved buffer of a file not yet on disk: its name under its directory's real path.
    const real = realpathOf(path);
    if (this.cacheDisk) this.reals.set(path, real);
    return real;
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
