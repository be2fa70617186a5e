// The nesting bound on untrusted YAML. The yaml library composes documents
// recursively, and so do our walkers (decode, merge, emit, validation): past
// about 1,300 levels the stack runs out ("Maximum call stack size exceeded").
// kustomize allows 10,000 levels; we allow MAX_NESTING, found by one linear
// scan of the text before the library's parser sees it, and report the place
// where the limit is passed. Real manifests nest a few dozen levels. The fast
// parser (fastParse.ts, fastParseGuarded) counts the levels it builds and
// gives up past MAX_NESTING, so only the text it leaves to the library is
// scanned.

export const MAX_NESTING = 500;

export function nestingMessage(): string {
  return `exceeded max depth of ${MAX_NESTING} (thebot's nesting limit; kustomize's is 10000)`;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Offset of the first collection nested deeper than `limit` (block mappings
 * and sequences by their indentation, `- - -` compact sequences, flow
 * collections by their brackets; quoted scalars, comments and block scalars
 * skipped), or -1. An upper bound of the true nesting: it never misses a
 * deep document, and counts a well-formed one exactly.
 */
export function deepNestingAt(text: string, limit = MAX_NESTING): number {
  // Cheap exit: a document cannot nest deeper than its indentation plus its
  // brackets and dashes allow.
  if (!couldNestDeeper(text, limit)) return -1;
  const block: { indent: number; seq: boolean }[] = [];
  let flow = 0;
  let quote = 0; // 0, or the quote character of an open multi-line quoted scalar
  let scalarIndent = -1; // > -1 inside a block scalar: its parent's indentation
  const n = text.length;
  let i = 0;
  while (i < n) {
    // One line: [i, eol).
    let eol = text.indexOf('\n', i);
    if (eol < 0) eol = n;
    let p = i;
    while (p < eol && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
    const indent = p - i;
    const blank = p >= eol || text.charCodeAt(p) === CR;
    if (scalarIndent >= 0) {
      if (blank || indent > scalarIndent) {
        i = eol + 1;
        continue;
      }
      scalarIndent = -1;
    }
    if (blank) {
      i = eol + 1;
      continue;
    }
    if (quote === 0 && flow === 0) {
      const c = text.charCodeAt(p);
      if (c === 0x23 /* # */) {
        i = eol + 1;
        continue;
      }
      if (indent === 0 && (text.startsWith('---', p) || text.startsWith('...', p) || c === 0x25 /* % */)) {
        block.length = 0;
        i = eol + 1;
        continue;
      }
      // Close the block collections this line is outside of.
      while (block.length && block[block.length - 1]!.indent > indent) block.pop();
      const dash = c === 0x2d && (p + 1 >= eol || text.charCodeAt(p + 1) === SPACE || text.charCodeAt(p + 1) === TAB || text.charCodeAt(p + 1) === CR);
      const top = block[block.length - 1];
      if (top && top.indent === indent && top.seq && !dash) block.pop();
      // Compact sequences: `- - - x`, each dash a level.
      while (p < eol && text.charCodeAt(p) === 0x2d && (p + 1 >= eol || text.charCodeAt(p + 1) === SPACE || text.charCodeAt(p + 1) === TAB || text.charCodeAt(p + 1) === CR)) {
        const t = block[block.length - 1];
        if (!(t && t.indent === p - i && t.seq)) block.push({ indent: p - i, seq: true });
        if (block.length + flow > limit) return p;
        p++;
        while (p < eol && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
      }
      if (p < eol && isMappingKey(text, p, eol)) {
        const t = block[block.length - 1];
        if (!(t && t.indent === p - i && !t.seq)) block.push({ indent: p - i, seq: false });
        if (block.length + flow > limit) return p;
      }
    }
    // The rest of the line: quotes, flow brackets, comments, a block scalar header.
    let last = 0;
    for (; p < eol; p++) {
      const c = text.charCodeAt(p);
      if (quote !== 0) {
        if (c === quote) {
          if (quote === 0x27 && text.charCodeAt(p + 1) === 0x27) p++;
          else quote = 0;
        } else if (c === 0x5c /* \ */ && quote === 0x22) p++;
        continue;
      }
      if (c === 0x22 || c === 0x27) {
        // A quote opens a quoted scalar only where a scalar may begin.
        if (last === 0 || last === SPACE || last === TAB || last === 0x5b || last === 0x7b || last === 0x2c || last === 0x3a) quote = c;
      } else if (c === 0x23 && (last === 0 || text.charCodeAt(p - 1) === SPACE || text.charCodeAt(p - 1) === TAB)) break;
      // (A comment starts at a `#` after a space or a tab. `last` never holds one, so it cannot tell: a
      // comment was scanned as text, and a quote in it after `:` hid the lines below from this bound.)
      else if (c === 0x5b || c === 0x7b) {
        if (block.length + ++flow > limit) return p;
      } else if ((c === 0x5d || c === 0x7d) && flow > 0) flow--;
      if (c !== SPACE && c !== TAB && c !== CR) last = c;
    }
    if (quote === 0 && flow === 0 && (last === 0x7c /* | */ || last === 0x3e /* > */ || isBlockHeaderEnd(text, i, eol))) scalarIndent = indent;
    i = eol + 1;
  }
  return -1;
}

/** `key:` followed by a space or the end of the line, before any quote, bracket or comment. */
function isMappingKey(text: string, p: number, eol: number): boolean {
  const first = text.charCodeAt(p);
  if (first === 0x5b || first === 0x7b || first === 0x23 || first === 0x7c || first === 0x3e) return false;
  let q = 0;
  for (let j = p; j < eol; j++) {
    const c = text.charCodeAt(j);
    if (q !== 0) {
      if (c === q) q = 0;
      continue;
    }
    if (j === p && (c === 0x22 || c === 0x27)) {
      q = c;
      continue;
    }
    if (c === 0x3a && (j + 1 >= eol || text.charCodeAt(j + 1) === SPACE || text.charCodeAt(j + 1) === TAB || text.charCodeAt(j + 1) === CR)) return true;
    if (c === 0x23 && j > p && (text.charCodeAt(j - 1) === SPACE || text.charCodeAt(j - 1) === TAB)) return false;
  }
  return false;
}

/** A block scalar header with indicators (`|-`, `>+2`, `|2-`) ends the line. */
function isBlockHeaderEnd(text: string, lineStart: number, eol: number): boolean {
  let e = eol;
  while (e > lineStart && (text.charCodeAt(e - 1) === SPACE || text.charCodeAt(e - 1) === CR || text.charCodeAt(e - 1) === TAB)) e--;
  let j = e;
  while (j > lineStart && /[-+0-9]/.test(text[j - 1]!)) j--;
  if (j === e || j === lineStart) return false;
  const c = text.charCodeAt(j - 1);
  if (c !== 0x7c && c !== 0x3e) return false;
  const before = j - 2 >= lineStart ? text.charCodeAt(j - 2) : SPACE;
  return before === SPACE || before === TAB;
}

/** Whether indentation, brackets and dashes together could pass `limit` (a linear bound without tokenizing). */
function couldNestDeeper(text: string, limit: number): boolean {
  let brackets = 0;
  let maxIndent = 0;
  let maxDashes = 0;
  const n = text.length;
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      lineStart = true;
      indent = 0;
      dashes = 0;
      continue;
    }
    if (c === 0x5b || c === 0x7b) brackets++;
    if (lineStart) {
      if (c === SPACE) {
        indent++;
        if (indent > maxIndent) maxIndent = indent;
        continue;
      }
      if (c === 0x2d) {
        dashes++;
        if (dashes > maxDashes) maxDashes = dashes;
        continue;
      }
      lineStart = false;
    }
  }
  // Each indentation column holds at most a mapping and a sequence.
  return 2 * (maxIndent + 1) + 2 * maxDashes + brackets > limit;
}
