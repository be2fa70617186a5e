// Where the cursor is for completion, read from the lines above it (the
// document is usually incomplete while typing, so the parse tree cannot be
// trusted): typing a key or a value, and the key path of the enclosing map.
import type { Position } from '../findings';
import type { PathSegment } from '../kustomize/model';

export interface CompletionContext {
  /** 'key': typing a key in a map; 'value': after `key: `; 'item': after `- ` in a list. */
  mode: 'key' | 'value' | 'item';
  /** Path of the map being typed into ('key'), or of the value ('value'/'item'; list items as index 0). */
  path: PathSegment[];
  /** Text typed so far (the word being completed) and where it starts on the line. */
  prefix: string;
  prefixStart: number;
  /** Line of the document start (after the last `---` above the cursor). */
  documentStartLine: number;
  /** Whether the key starts a new list item (`- key`). */
  inNewItem: boolean;
}

const KEY_LINE = /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s:#'"-][^:#]*?|-[^\s:#][^:#]*?)\s*:(\s+(.*))?$/;

interface LineShape {
  /** Column of the key (after any `- `). */
  keyCol: number;
  /** Column of `- ` if the line starts a list item. */
  dashCol?: number;
  key?: string;
  /** Text after `key:` (empty when the value is a nested block). */
  value?: string;
}

function shape(line: string): LineShape | undefined {
  if (/^\s*(#.*)?$/.test(line)) return undefined;
  const m = KEY_LINE.exec(line);
  if (m) {
    const indent = m[1].length;
    const dash = m[2];
    const keyCol = indent + (dash ? dash.length : 0);
    return { keyCol, dashCol: dash ? indent : undefined, key: m[3].replace(/^["']|["']$/g, ''), value: (m[5] ?? '').replace(/\s+#.*$/, '').trim() };
  }
  const item = /^(\s*)-(\s+|$)(.*)$/.exec(line);
  if (item) return { keyCol: item[1].length + 1 + item[2].length, dashCol: item[1].length };
  return { keyCol: /^\s*/.exec(line)![0].length };
}

/**
 * Path of the block that content at column `col` on line `lineNo` belongs to.
 * With `newItem`, `col` is the column of a `- ` that starts an item (whose
 * list key may sit at the same column).
 */
function enclosingPath(lines: string[], lineNo: number, col: number, stopLine: number, newItem: boolean): PathSegment[] {
  const path: PathSegment[] = [];
  let indent = col;
  let afterItem = newItem;
  for (let i = lineNo - 1; i >= stopLine && (indent > 0 || afterItem); i--) {
    const s = shape(lines[i]);
    if (!s) continue;
    const opensBlock = s.key !== undefined && !s.value;
    if (opensBlock && (s.keyCol < indent || (afterItem && s.keyCol === indent))) {
      path.unshift(s.key!);
      indent = s.keyCol;
      afterItem = false;
      if (s.dashCol !== undefined) {
        path.unshift(0);
        indent = s.dashCol;
        afterItem = true;
      }
    } else if (s.dashCol !== undefined && s.dashCol < indent) {
      path.unshift(0);
      indent = s.dashCol;
      afterItem = true;
    } else if (afterItem && s.dashCol === undefined && s.keyCol <= indent) {
      // Something other than the list's key at the list's column: the list is top-level content.
      afterItem = false;
    }
  }
  return path;
}

export function completionContext(text: string, position: Position): CompletionContext {
  const lines = text.split(/\r?\n/);
  const line = (lines[position.line] ?? '').slice(0, position.character);
  let documentStartLine = 0;
  for (let i = position.line - 1; i >= 0; i--) {
    if (/^---(\s|$)/.test(lines[i])) {
      documentStartLine = i + 1;
      break;
    }
  }
  const value = /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)\s*:\s+(\S*)$/.exec(line);
  if (value) {
    const base = value[2]
      ? [...enclosingPath(lines, position.line, value[1].length, documentStartLine, true), 0]
      : enclosingPath(lines, position.line, value[1].length, documentStartLine, false);
    const prefix = value[4].replace(/^["']/, '');
    return {
      mode: 'value',
      path: [...base, value[3].replace(/^["']|["']$/g, '')],
      prefix,
      prefixStart: position.character - prefix.length,
      documentStartLine,
      inNewItem: !!value[2],
    };
  }
  const item = /^(\s*)-\s+([^\s:#]*)$/.exec(line);
  const key = /^(\s*)(-\s+)?([^\s:#]*)$/.exec(line);
  if (key) {
    const dashed = !!key[2];
    const path = dashed
      ? [...enclosingPath(lines, position.line, key[1].length, documentStartLine, true), 0]
      : enclosingPath(lines, position.line, key[1].length, documentStartLine, false);
    return {
      mode: item ? 'item' : 'key',
      path,
      prefix: key[3],
      prefixStart: position.character - key[3].length,
      documentStartLine,
      inNewItem: dashed,
    };
  }
  return { mode: 'value', path: [], prefix: '', prefixStart: position.character, documentStartLine, inNewItem: false };
}
