// What is made from one document of a file, kept across edits. The parse
// cache hands back the same Document while its text is unchanged, wherever it
// moved in the file: what was made from it is kept on it (memoOn.ts) and moved
// by as many lines as the document moved, so that after a keystroke in a
// large file only the edited document is read again. The file's findings,
// folding ranges and document symbols are kept so.
import type { Document } from 'yaml';
import type { Range } from '../findings';
import type { ParsedYaml } from './parse';
import { memoOn, setMemoOn } from './memoOn';

interface Entry<T> {
  key: unknown;
  /** The document's first line when `value` was made or last moved. */
  line: number;
  value: T;
}

/**
 * `make()` for `doc`, kept on it for `owner` while `key` is the same (a string
 * or number: what else the value depends on), moved by `move` when the
 * document's first line changed.
 */
export function keptPerDocument<T>(owner: object, parsed: ParsedYaml, doc: Document.Parsed, key: unknown, make: () => T, move: (value: T, lines: number) => T): T {
  const line = parsed.lineCounter.linePos(doc.range[0]).line;
  const hit = memoOn<Entry<T>>(doc, owner);
  if (!hit || hit.key !== key) return setMemoOn<Entry<T>>(doc, owner, { key, line, value: make() }).value;
  if (hit.line !== line) {
    hit.value = move(hit.value, line - hit.line);
    hit.line = line;
  }
  return hit.value;
}

/** `r` moved down by `lines` (up when negative). */
export function rangeMoved(r: Range, lines: number): Range {
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}
