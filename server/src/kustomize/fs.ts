// File access for the engine. The language server passes a reader that sees
// unsaved editor buffers; the CLI and tests use the plain file system.
//
// Files named in a kustomization come from whoever wrote it: only regular
// files are opened (a FIFO would block forever, /dev/zero never ends), and
// their size is checked before they are read (LIMITS.maxBytes).
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, sep } from 'node:path';
import { KustomizeError } from './errors';
import { relativePath } from './pathMemo';

export interface FileReader {
  /**
   * File text, or undefined if it does not exist / is a directory. Throws a
   * KustomizeError on the file itself when it is refused (not a regular
   * file, too large).
   */
  readFile(path: string): string | undefined;
  /** Raw bytes of a file (binary generator inputs); optional. Refusals as readFile. */
  readBytes?(path: string): Uint8Array | undefined;
  /** True for a directory, false for a file, undefined if missing. */
  isDirectory(path: string): boolean | undefined;
  /** Canonical path (symlinks resolved); the input if it cannot be resolved. */
  realpath(path: string): string;
  /** A version stamp for caching (mtime+size for files); undefined if unknown. */
  version?(path: string): string | undefined;
}

/**
 * kustomize's --load-restrictor values: RootOnly (its default) refuses a file
 * outside the kustomization's directory before it is opened; None reads it
 * (Flux's kustomize-controller builds so). Names and order as kustomize's
 * usage message gives them.
 */
export const LOAD_RESTRICTORS = ['LoadRestrictionsRootOnly', 'LoadRestrictionsNone'] as const;
export type LoadRestrictor = (typeof LOAD_RESTRICTORS)[number];

/** A project's LoadRestrictionsNone stops at its root: kustomize would read `file`; refused in its words, the project's root named. */
export function beyondProjectRoot(file: string, projectRoot: string): string {
  return `security; file '${file}' is not in or below the project root '${projectRoot}' (LoadRestrictionsNone)`;
}

/**
 * kustomize's load restrictor (LoadRestrictionsRootOnly): whether the path `p`
 * is `root` or below it. Both are real paths (symlinks resolved), compared
 * before anything at `p` is opened.
 */
export function within(root: string, p: string): boolean {
  const rel = relativePath(root, p);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The canonical path: symlinks resolved. A path that does not resolve (an
 * unsaved buffer's file, a dangling link) keeps its name under its
 * directory's real path, so the load restrictor compares like with like.
 */
export function realpathOf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    const dir = dirname(path);
    return dir === path ? path : join(realpathOf(dir), basename(path));
  }
}

/** The largest file (or editor buffer) the engine reads. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export const tooLargeMessage = (path: string, size: number): string =>
  `file '${path}' is too large: ${size} bytes (the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB)`;

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuseSpecial(path: string, st: Stats): never {
  throw new KustomizeError(`file '${path}' is ${kindOf(st)}: only regular files are read`, path);
}

/**
 * The bytes of a regular file; undefined when it does not exist (or is a
 * dangling or looping symlink) or is a directory. Anything else is refused
 * before it is read.
 */
export function readRegularFile(path: string): Buffer | undefined {
  let st: Stats | undefined;
  try {
    // A missing file is common (kustomization.yml, Kustomization tried beside kustomization.yaml): no exception for it.
    st = statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (st === undefined || st.isDirectory()) return undefined;
  if (!st.isFile()) refuseSpecial(path, st);
  if (st.size > MAX_FILE_BYTES) throw new KustomizeError(tooLargeMessage(path, st.size), path);
  let fd: number;
  try {
    // Non-blocking: should the path have become a FIFO since the stat, opening it must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) refuseSpecial(path, now);
    // The file may grow while it is read: never read past the limit.
    const buf = Buffer.allocUnsafe(Math.min(now.size, MAX_FILE_BYTES) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) {
        if (n > MAX_FILE_BYTES) throw new KustomizeError(tooLargeMessage(path, n), path);
        break;
      }
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Text of a file's bytes as kustomize's YAML reader sees it: UTF-16 with a
 * byte order mark (what PowerShell writes) is decoded as UTF-16; anything
 * else as UTF-8 (invalid sequences become U+FFFD; YAML readers check the
 * bytes, see yaml/encoding.ts). The byte order mark is kept.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

export const nodeFileReader: FileReader = {
  readFile(path) {
    const bytes = readRegularFile(path);
    return bytes && decodeText(bytes);
  },
  readBytes(path) {
    return readRegularFile(path);
  },
  isDirectory(path) {
    try {
      return statSync(path, { throwIfNoEntry: false })?.isDirectory();
    } catch {
      return undefined;
    }
  },
  realpath(path) {
    return realpathOf(path);
  },
  version(path) {
    try {
      const st = statSync(path, { throwIfNoEntry: false });
      return st && `${st.mtimeMs}:${st.size}`;
    } catch {
      return undefined;
    }
  },
};
