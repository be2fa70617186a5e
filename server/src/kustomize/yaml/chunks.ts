// Incremental decoding of a file the engine has decoded before. The language
// server re-renders after every keystroke; one edited document of a
// multi-document file should not cost a parse of all the others. A file is
// cut at its `---` lines (yaml/documentStarts.ts); a chunk whose text and
// first line are unchanged decodes to exactly what it decoded to before
// (columns are line-relative, lines are the same), so its documents are
// reused as they are.
// Any doubt (directives, a chunk that does not parse alone) means a whole-file
// decode, so errors are always the whole-file decode's; the chunk-wise result
// equals the whole-file one (test/kustomize-engine/chunks.test.ts).
import { decodeChunk, decodeYaml, LIMITS, type DecodedDoc, type DecodedFile } from './decode';
import { LineCounter } from 'yaml';
import { documentStarts } from '../../yaml/documentStarts';
import { ownCopy } from '../../yaml/ownCopy';

/** Decoded documents of a file's chunks, keyed by first line and text. */
export type ChunkMemo = Map<string, DecodedDoc[]>;

interface Chunk {
  text: string;
  /** 0-based line of the chunk's first character. */
  line: number;
}

const memoKey = (c: Chunk): string => `${c.line}\0${c.text}`;

/** The file's chunks with their first lines, or undefined when documents are tied together (`%` directives). */
export function chunksOf(text: string): Chunk[] | undefined {
  const starts = documentStarts(text);
  if (!starts) return undefined;
  const chunks: Chunk[] = [];
  let line = 0;
  for (let i = 0; i < starts.length; i++) {
    const chunkText = text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : text.length);
    chunks.push({ text: chunkText, line });
    line += countNewlines(chunkText);
  }
  return chunks;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** A LineCounter of every line of `text`, as the yaml library's parser fills it (each line feed starts a line). */
export function lineCounterOf(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

/**
 * decodeYaml(text), reusing the documents of chunks unchanged since the
 * decode that produced `previous`. Returns the memo for the next call.
 */
export function decodeIncremental(text: string, file: string, yaml11: boolean, previous: ChunkMemo | undefined, origins = true): { decoded: DecodedFile; memo: ChunkMemo | undefined } {
  const chunks = chunksOf(text);
  // Over the size limit the whole-file decode reports it.
  if (!chunks || text.length > LIMITS.maxBytes) return { decoded: decodeYaml(text, file, yaml11), memo: undefined };
  const memo: ChunkMemo = new Map();
  const docs: DecodedDoc[] = [];
  for (const c of chunks) {
    const key = memoKey(c);
    let got = previous?.get(key) ?? memo.get(key);
    if (!got) {
      // After an edit, from its own copy: what it decodes to is kept in the memo, and a
      // slice of this version's text would keep all of it alive (ownCopy).
      got = decodeChunk(previous ? ownCopy(c.text) : c.text, file, yaml11, c.line, origins);
      // Not decodable on its own: the whole file decides (and reports its errors).
      if (!got) return { decoded: decodeYaml(text, file, yaml11), memo: undefined };
    }
    memo.set(key, got);
    docs.push(...got);
  }
  return { decoded: { docs }, memo };
}
