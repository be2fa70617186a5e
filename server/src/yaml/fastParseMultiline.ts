// Values that span lines, for the fast parser (fastParseBlock.ts): plain
// scalars continued on more-indented lines, quoted scalars closed on a later
// line, and literal (`|`, `|-`) and folded (`>`, `>-`) block scalars. CRDs are full of them (long `description:`
// texts), and one of them used to send a whole megabyte document to the
// library's parser. Only the common forms are read; anything whose comments,
// indentation or folding the library treats in a way not modelled here throws
// BAIL (keep chomping `|+`, an indentation indicator, a comment on the header, a tab
// after a line's leading spaces,
// leading blank lines, more-indented lines of a folded scalar, a comment line
// right after the value, a continuation line starting with an indicator (`- `,
// a lone `-`, `?`, `:`), an empty first or last line in a quoted scalar, a
// blank line after an escaped line break).
import { Scalar } from 'yaml';
import { BAIL, ESCAPES, keyColon, plainScalarOf, scanPlain, stringScalar, type ScalarContext } from './fastParseScalar';

export interface LineContext extends ScalarContext {
  /** End of the document's text (exclusive). */
  to: number;
  /** End of the last line a multi-line value took: its line end and the offset after its newline. */
  valEol: number;
  valNl: number;
  /**
   * The caller places a comment line right after a multi-line value itself:
   * the engine's direct decoder (kustomize/yaml/fastDecode.ts) keeps no
   * comments, and places the line for its ranges as after a one-line value
   * (the library's parser gets the same tokens after either). Else such a
   * value bails: where the comment goes in the library's nodes is not modelled.
   */
  commentAfterRead?: boolean;
}

const enum C {
  Tab = 9,
  Space = 32,
  Hash = 35,
  Dash = 45,
  Question = 63,
  Colon = 58,
  CR = 13,
  LF = 10,
}

// Scratch for lineAt (one line at a time; no allocation per line).
let lineEol = 0;
let lineNl = 0;
let lineFirst = 0;

/** The line starting at `p`: sets lineEol (before `\r\n`/`\n`), lineNl (after it) and lineFirst (first non-space). */
function lineAt(src: string, p: number, to: number): void {
  const nl = src.indexOf('\n', p);
  lineNl = nl < 0 || nl >= to ? to : nl + 1;
  let e = lineNl;
  if (e > p && src.charCodeAt(e - 1) === C.LF) {
    e--;
    if (e > p && src.charCodeAt(e - 1) === C.CR) e--;
  }
  lineEol = e;
  let c = p;
  while (c < e && src.charCodeAt(c) === C.Space) c++;
  lineFirst = c;
}

/** The library places a comment line after a multi-line value in ways not modelled here: leave those to it. */
function bailOnCommentAfter(st: LineContext, p: number): void {
  if (st.commentAfterRead) return;
  while (p < st.to) {
    lineAt(st.src, p, st.to);
    if (lineFirst < lineEol) {
      if (st.src.charCodeAt(lineFirst) === C.Hash) throw BAIL;
      return;
    }
    p = lineNl;
  }
}

/**
 * A plain scalar value starting at `start` whose first line ends at `end`
 * (only spaces after it) and that continues on the lines after `nlEnd` indented
 * more than `parentIndent`; undefined when the next content line does not
 * continue it. Lines fold as YAML folds them: one line break is a space, each
 * blank line a line break. Sets st.valEol/valNl to its last line.
 */
export function plainContinued(st: LineContext, start: number, end: number, nlEnd: number, parentIndent: number): Scalar | undefined {
  const src = st.src;
  let value = '';
  let last = -1;
  let blank = 0;
  let p = nlEnd;
  while (p < st.to) {
    lineAt(src, p, st.to);
    const c = lineFirst;
    const eol = lineEol;
    const next = lineNl;
    if (c === eol) {
      blank++;
      p = next;
      continue;
    }
    if (c - p <= parentIndent || src.charCodeAt(c) === C.Hash) break;
    // Some indicators at a continuation's start (`- x`, a lone `-`, `? x`, `: x`): the library's reading
    // is not modelled. A `-` before a non-blank (`--dry-run`, `-foo`) starts no sequence item: it is text,
    // as quotes, brackets, `&`, `*`, `!`, … are there (CRD descriptions wrap before command-line flags).
    const ch = src.charCodeAt(c);
    if (ch === C.Dash ? c + 1 === eol || src.charCodeAt(c + 1) === C.Space : ch === C.Question || ch === C.Colon) throw BAIL;
    const le = scanPlain(src, c, eol);
    if (le === c || keyColon(src, le, eol) >= 0) throw BAIL;
    if (last < 0) value = src.slice(start, end);
    value += blank > 0 ? '\n'.repeat(blank) : ' ';
    value += src.slice(c, le);
    blank = 0;
    last = le;
    st.valEol = eol;
    st.valNl = next;
    p = next;
    // A comment after it ends the scalar (and becomes its comment).
    let k = le;
    while (k < eol && src.charCodeAt(k) === C.Space) k++;
    if (k < eol) break;
  }
  if (last < 0) return undefined;
  bailOnCommentAfter(st, st.valNl);
  return plainScalarOf(st, value, start, last, false);
}

/**
 * A block scalar whose header (`|`, `|-`, `>`, `>-`) is at `pos` on a line
 * ending at `eol`/`nlEnd`, its content indented more than `parentIndent`.
 * Its range ends after the newline of its last non-blank line (blank lines
 * after it belong to what follows). Sets st.valEol/valNl to that line.
 */
export function blockScalar(st: LineContext, pos: number, eol: number, nlEnd: number, parentIndent: number): Scalar {
  const src = st.src;
  const literal = src[pos] === '|';
  let h = pos + 1;
  const strip = src[h] === '-';
  if (strip) h++;
  while (h < eol && src.charCodeAt(h) === C.Space) h++;
  if (h !== eol || nlEnd === eol) throw BAIL;
  const lines: string[] = [];
  let contentLines = 0;
  let indent = -1;
  let end = -1;
  let p = nlEnd;
  while (p < st.to) {
    lineAt(src, p, st.to);
    const n = lineFirst - p;
    // A tab after a line's leading spaces: go-yaml refuses it where the indentation is not yet known
    // (kustomize fails), the library reads content; the full decoder asks go-yaml's port.
    if (src.charCodeAt(lineFirst) === C.Tab) throw BAIL;
    if (lineFirst === lineEol) {
      if (indent < 0) throw BAIL;
      if (n > indent) {
        // Spaces past the indentation are content (of a literal; folding them is not modelled).
        if (!literal || lineNl === lineEol) throw BAIL;
        lines.push(src.slice(p + indent, lineEol));
        contentLines = lines.length;
        end = lineNl;
        st.valEol = lineEol;
        st.valNl = lineNl;
      } else lines.push('');
      p = lineNl;
      continue;
    }
    if (indent < 0) {
      if (n <= parentIndent) throw BAIL;
      indent = n;
    }
    if (n < indent) break;
    if (!literal && n > indent) throw BAIL;
    // The last line of the text without a newline: the library's and goyaml's values differ there.
    if (lineNl === lineEol) throw BAIL;
    lines.push(src.slice(p + indent, lineEol));
    contentLines = lines.length;
    end = lineNl;
    st.valEol = lineEol;
    st.valNl = lineNl;
    p = lineNl;
  }
  if (indent < 0) throw BAIL;
  lines.length = contentLines;
  let value: string;
  if (literal) value = lines.join('\n');
  else {
    value = lines[0]!;
    let breaks = 0;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '') {
        breaks++;
        continue;
      }
      value += breaks > 0 ? '\n'.repeat(breaks) : ' ';
      value += line;
      breaks = 0;
    }
  }
  if (!strip) value += '\n';
  bailOnCommentAfter(st, end);
  return stringScalar(st, pos, end, value, literal ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED);
}

/**
 * The offset of the quote closing a quoted scalar on the line from `from` to
 * `eol` (`'` not doubled; `"` not escaped), or -1.
 */
function closingQuote(src: string, q: string, from: number, eol: number): number {
  for (let i = from; i < eol; i++) {
    const ch = src[i];
    if (q === "'") {
      if (ch !== "'") continue;
      if (i + 1 < eol && src[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
    if (ch === '\\') i++;
    else if (ch === '"') return i;
  }
  return -1;
}

/** A double-quoted line's text with its escapes resolved (the library's rules; what it reports bails). */
function unescapeDouble(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = s[i + 1];
    const cc = next === undefined ? undefined : ESCAPES[next];
    if (cc !== undefined) {
      out += cc;
      i++;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + length);
      if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw BAIL;
      out += String.fromCodePoint(code);
      i += 1 + length;
    } else throw BAIL;
  }
  return out;
}

/**
 * A quoted scalar opening at `pos` on a line ending at `eol`/`nlEnd` and
 * closed on a later line, its lines indented more than `parentIndent`. Lines
 * fold as YAML folds flow scalars: spaces around a line break go, one break
 * is a space, each blank line a line break. Its range[1] is the offset after
 * the closing quote; st.valEol/valNl are that line's.
 */
export function quotedContinued(st: LineContext, pos: number, eol: number, nlEnd: number, parentIndent: number): Scalar {
  const src = st.src;
  const q = src[pos]!;
  const double = q === '"';
  if (closingQuote(src, q, pos + 1, eol) >= 0 || nlEnd === eol) throw BAIL;
  const unescape = (raw: string): string => {
    // An escaped trailing space (cut by the trim): not modelled.
    if (double ? escapedBreak(raw) : false) throw BAIL;
    return double ? unescapeDouble(raw) : raw.replaceAll("''", "'");
  };
  // A double-quoted line ending in an odd number of backslashes escapes its line break:
  // the break and the next line's indentation go, without a space.
  const escapedBreak = (line: string): boolean => {
    if (!double) return false;
    let n = 0;
    while (n < line.length && line[line.length - 1 - n] === '\\') n++;
    return n % 2 === 1;
  };
  const firstRaw = src.slice(pos + 1, eol);
  let joined = escapedBreak(firstRaw);
  const first = joined ? firstRaw.slice(0, -1) : firstRaw.trimEnd();
  if (first === '') throw BAIL;
  let value = joined ? unescapeDouble(first) : unescape(first);
  let breaks = 0;
  let p = nlEnd;
  while (p < st.to) {
    lineAt(src, p, st.to);
    const c = lineFirst;
    const e = lineEol;
    const next = lineNl;
    if (c === e) {
      if (joined) throw BAIL;
      breaks++;
      p = next;
      continue;
    }
    if (c - p <= parentIndent) throw BAIL;
    const close = closingQuote(src, q, c, e);
    const line = close < 0 ? src.slice(c, e) : src.slice(c, close);
    const escaped = close < 0 && escapedBreak(line);
    const raw = escaped ? line.slice(0, -1) : line.trimEnd();
    if (raw === '' || (close < 0 && next === e)) throw BAIL;
    // Without the trimmed spaces before a closing quote: those are content the library keeps.
    if (close >= 0 && src.charCodeAt(close - 1) === C.Space) throw BAIL;
    value += joined ? '' : breaks > 0 ? '\n'.repeat(breaks) : ' ';
    value += escaped ? unescapeDouble(raw) : unescape(raw);
    joined = escaped;
    breaks = 0;
    p = next;
    if (close >= 0) {
      st.valEol = e;
      st.valNl = next;
      bailOnCommentAfter(st, next);
      return stringScalar(st, pos, close + 1, value, double ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE);
    }
  }
  throw BAIL;
}
