// Parsed inputs reused across renders. Entries are keyed by path and checked
// against the file's content, so an edit to one file re-parses only that file
// (the language server re-renders every environment after each keystroke).
import type { DecodedFile } from './yaml/decode';
import { BuildMemo } from './buildMemo';
import { ComplexKeyError } from './errors';
import { checkReadable } from './yaml/encoding';
import { decodeIncremental, type ChunkMemo } from './yaml/chunks';

interface Entry {
  text: string;
  parsed?: DecodedFile;
  error?: unknown;
}

export class RenderCache {
  private entries = new Map<string, Entry>();
  /**
   * Decoded documents per `---` chunk of each file's last decode, for its next
   * version. Kept by invalidate(): the server invalidates every edited file,
   * and a chunk's documents depend only on its text and first line.
   */
  private chunks = new Map<string, ChunkMemo>();
  /** Number of YAML parses performed (for tests and benchmarks). */
  parses = 0;
  /** Kustomizations included through `resources:`, built once while their inputs are unchanged. */
  readonly builds: BuildMemo;

  /**
   * `origins: false`: values are decoded without noting where each was read
   * (about a tenth of a large render's CPU), for a render whose output alone
   * is wanted. Its errors then lack a line and column: render again with a
   * cache that notes them to report one (`thebot render` does).
   * `once`: the cache serves one render, whose resources may be the decoded
   * documents themselves (handOver), and whose included kustomizations are
   * not kept for another (BuildMemo).
   */
  constructor(private readonly options: { origins?: boolean; once?: boolean } = {}) {
    this.builds = new BuildMemo(!options.once);
  }

  /**
   * Whether the caller, about to change the documents parse() just gave for
   * `file`, may change them rather than a copy: with `once`, the cache forgets
   * them (a later parse of the file decodes it again). A copy of every input
   * was a twentieth of a large render's CPU, and kept the input alive twice.
   */
  handOver(file: string, yaml11 = false): boolean {
    if (!this.options.once) return false;
    const key = yaml11 ? `${file}\0yaml11` : file;
    this.entries.delete(key);
    this.chunks.delete(key);
    return true;
  }

  /**
   * Parsed documents of `file` whose current text is `text`. Throws the parse
   * error (also cached), or what kustomize's YAML reader refuses (`bytes`: the
   * file's bytes, to tell invalid UTF-8 from a replacement character).
   */
  parse(file: string, text: string, yaml11 = false, bytes?: () => Uint8Array | undefined, complexKeys = false): DecodedFile {
    const key = yaml11 ? `${file}\0yaml11` : file;
    let e = this.entries.get(key);
    if (!e || e.text !== text) {
      const previous = this.chunks.get(key);
      e = { text };
      this.entries.set(key, e);
      this.parses++;
      try {
        checkReadable(text, file, bytes);
        const { decoded, memo } = decodeIncremental(text, file, yaml11, previous, this.options.origins !== false);
        e.parsed = decoded;
        if (memo) this.chunks.set(key, memo);
        else this.chunks.delete(key);
      } catch (err) {
        e.error = err;
      }
    }
    if (e.error) throw e.error;
    // A collection as a mapping key is kept (complexKey.ts) only where the caller reads it as kustomize does.
    const complex = complexKeys ? undefined : e.parsed!.docs.find((d) => d.complexKey);
    if (complex?.complexKey && complex.complexKeyWords) {
      throw new ComplexKeyError(complex.complexKeyWords.v2, complex.complexKeyWords.v3, yaml11, file, complex.complexKey);
    }
    return e.parsed!;
  }

  private derived = new WeakMap<DecodedFile, Map<string, { value?: unknown; error?: unknown }>>();

  /**
   * A value computed from a parse result (e.g. the validated kustomization),
   * kept as long as that parse is, i.e. while the file's text is unchanged.
   * An error thrown by `make` is kept and thrown again.
   */
  derive<T>(parsed: DecodedFile, key: string, make: () => T): T {
    let m = this.derived.get(parsed);
    if (!m) this.derived.set(parsed, (m = new Map()));
    let e = m.get(key);
    if (!e) {
      e = {};
      try {
        e.value = make();
      } catch (err) {
        e.error = err;
      }
      m.set(key, e);
    }
    if (e.error) throw e.error;
    return e.value as T;
  }

  /** The last decode of `file` as YAML 1.2 and the text it was made from, if kept and not failed. */
  peek(file: string): { text: string; parsed: DecodedFile } | undefined {
    const e = this.entries.get(file);
    return e?.parsed ? { text: e.text, parsed: e.parsed } : undefined;
  }

  /** Forget a file (e.g. after it was deleted or renamed). */
  invalidate(file: string): void {
    this.entries.delete(file);
    this.entries.delete(`${file}\0yaml11`);
  }

  clear(): void {
    this.entries.clear();
    this.builds.clear();
    this.chunks.clear();
  }
}
