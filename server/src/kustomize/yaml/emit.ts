// Serializes plain JSON data exactly as kustomize prints a resource.
//
// kustomize prints each resource with `sigs.k8s.io/yaml.JSONToYAML`, i.e. the
// resource goes through JSON and is re-encoded by goyaml.v2 from an untyped
// map. So: map keys are sorted (yaml.v2's "natural" key order), every value
// is re-quoted by yaml.v2's rules (YAML 1.1 resolution: "yes", "on", "y" …
// get quoted), plain strings fold at column 80, and sequences are not
// indented under their key. This module is a port of the parts of goyaml.v2's
// emitter (emitterc.go) and encoder (encode.go) that such data reaches.
import type { Value } from '../values';
import { goFormatFloat, resolvesToNonString } from './resolve11';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

type Style = 'plain' | 'single' | 'double' | 'literal';

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const isBreakCp = (c: number): boolean => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isPrintableCp = (c: number): boolean =>
  c === 0x0a ||
  (c >= 0x20 && c <= 0x7e) ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
const isBlankCp = (c: number): boolean => c === 0x20 || c === 0x09;

/**
 * yaml_emitter_analyze_scalar over the code points of `s` (the emitter counts
 * columns per character; a lone surrogate stands for itself, as in
 * Array.from), read with codePointAt: no code point array nor a string per
 * character (String.fromCodePoint per character was most of this function).
 */
function analyze(s: string, v3 = false): ScalarAnalysis {
  const len = s.length;
  if (len === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWs = true;
  let prevSpace = false;
  let prevBreak = false;
  if (len >= 3 && (s.startsWith('---') || s.startsWith('...'))) blockIndicators = true;
  for (let i = 0; i < len; ) {
    const c = s.codePointAt(i)!;
    const ni = c > 0xffff ? i + 2 : i + 1;
    const last = ni >= len;
    const next = last ? -1 : s.codePointAt(ni)!;
    const followedByWs = last || isBlankCp(next) || isBreakCp(next);
    if (i === 0) {
      if (FIRST_INDICATORS.includes(s[0]!)) blockIndicators = true;
      else if ((c === 0x3f || c === 0x3a || c === 0x2d) && followedByWs) blockIndicators = true;
    } else {
      if (c === 0x3a && followedByWs) blockIndicators = true;
      else if (c === 0x23 && precededByWs) blockIndicators = true;
    }
    // goyaml.v3 sets a tab apart (plain and single-quoted styles only); for v2 it is a special character.
    if (!isPrintableCp(c) && !(v3 && c === 0x09)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreakCp(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankCp(c) || isBreakCp(c);
    i = ni;
  }
  const a: ScalarAnalysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

/** Characters that may not start a plain scalar (an indicator wherever they stand first). */
const FIRST_INDICATORS = '#,[]{}&*!|>\'"%@`';

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const NON_ASCII = /[^\x00-\x7f]/;

/** Go's yaml.v2 key order (sorter.go keyList.Less) for string keys. */
export function goYamlKeyLess(a: string, b: string): boolean {
  // Nearly every Kubernetes key is ASCII: compare char codes without building
  // rune arrays or running Unicode regexes (this was the render's hottest
  // function). For ASCII, unicode.IsLetter is A-Z/a-z and IsDigit is 0-9.
  if (!NON_ASCII.test(a) && !NON_ASCII.test(b)) return asciiKeyLess(a, b);
  return runeKeyLess(a, b);
}

/** keyList.Less on runes, for any string (exported for the differential test). */
export function runeKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  const isLetter = (s: string): boolean => LETTER.test(s);
  const isDigit = (s: string | undefined): boolean => s !== undefined && DIGIT.test(s);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;

/** goYamlKeyLess for two ASCII strings (same steps, on char codes). */
function asciiKeyLess(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const al = isAsciiLetter(ca);
    const bl = isAsciiLetter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ca === 48 || cb === 48) {
      for (let j = i - 1; j >= 0 && isAsciiDigit(a.charCodeAt(j)); j--) {
        if (a.charCodeAt(j) !== 48) {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < a.length && isAsciiDigit(a.charCodeAt(ai)); ai++) an = an * 10 + (a.charCodeAt(ai) - 48);
    for (; bi < b.length && isAsciiDigit(b.charCodeAt(bi)); bi++) bn = bn * 10 + (b.charCodeAt(bi) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca < cb;
  }
  return a.length < b.length;
}

export function goYamlKeyCompare(a: string, b: string): number {
  if (a === b) return 0;
  return goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0;
}

// Renders repeat the same keys and values (every environment, every keystroke):
// remember each string's analysis, and each key set's order.
const MEMO_LIMIT = 50_000;

/** A scalar's text, analysed once. */
export interface Analyzed {
  a: ScalarAnalysis;
  /** Its number of code points (what the emitter counts as columns). */
  n: number;
  /** Its code points, made when a writer needs them one by one (not for a plain scalar written whole). */
  cps: number[] | undefined;
  /** The style yaml.v2's encoder asks for when the text is a string value (scalarOf). */
  style: Style;
  /** Whether it can be written as a simple key (no line break, at most 128 bytes). */
  simpleKey: boolean;
}

const analyzed = new Map<string, Analyzed>();
/** What Array.from(s) gives as code points (a lone surrogate stands for itself), without a callback per character. */
function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    out.push(c);
    if (c > 0xffff) i++;
  }
  return out;
}
function countCodePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point (codePointAt's pairing).
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
// Most of a manifest's strings (keys, names, image references, paths) are
// ASCII letters, digits and `_ . / = + - :`, not starting with an indicator
// (`-`, `.` of `...`, `:`) nor ending with `:`: analyze() finds nothing in
// them, and each character is one code point. A regular expression (native
// code from the first call) answers for them instead of analyze()'s loop,
// which a short-lived `thebot render` runs in V8's interpreter.
const SIMPLE = /^[A-Za-z0-9_/][A-Za-z0-9_./=+:-]*$/;
const SIMPLE_ANALYSIS: Readonly<ScalarAnalysis> = Object.freeze({ multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true });

/** The analysis of `s`, memoised (exported for its test, which compares the regular expression's answer with analyze()'s). */
export function analyzedOf(s: string): Analyzed {
  let e = analyzed.get(s);
  if (!e) {
    if (analyzed.size > MEMO_LIMIT) analyzed.clear();
    e =
      SIMPLE.test(s) && s.charCodeAt(s.length - 1) !== 0x3a
        ? { a: SIMPLE_ANALYSIS, n: s.length, cps: undefined, style: stringStyle(s), simpleKey: s.length <= 128 }
        : analyzedSlowly(s);
    analyzed.set(s, e);
  }
  return e;
}

const OLD_BOOL = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/**
 * Whether goyaml.v3's encoder writes the string `s` as a plain scalar (a
 * mapping's value in block style): it resolves as a string, is no YAML 1.1
 * bool or base-60 float, holds no line break, and the emitter allows it plain.
 */
export function writtenPlainV3(s: string, resolve: (s: string) => Value): boolean {
  if (s === '' || s.includes('\n') || OLD_BOOL.has(s) || BASE60_FLOAT.test(s) || resolve(s) !== s) return false;
  return analyze(s, true).blockPlainAllowed;
}

/** Whether goyaml.v3's emitter may write `s` as a block scalar (not memoised: a folded value is analysed once, where it is read). */
export function blockAllowedV3(s: string): boolean {
  return analyze(s, true).blockAllowed;
}

/** analyzedOf(s) by analyze() and the code-point count (exported for the fast path's test). */
export function analyzedSlowly(s: string): Analyzed {
  const a = analyze(s);
  // At most 3 UTF-8 bytes per UTF-16 unit (a pair is 4 bytes for 2 units).
  const simpleKey = !a.multiline && (s.length <= 42 || Buffer.byteLength(s, 'utf8') <= 128);
  return { a, n: countCodePoints(s), cps: undefined, style: stringStyle(s), simpleKey };
}
function cpsOf(s: string, e: Analyzed): number[] {
  return (e.cps ??= codePoints(s));
}
// Indentation, made once per width: a new string of spaces per line written was
// the largest single allocation of a large render (13% of kserve's, whose CRDs
// nest deeply); appended, a made one is only referenced.
const SPACES: string[] = [];
function spaces(n: number): string {
  return n < 256 ? (SPACES[n] ??= ' '.repeat(n)) : ' '.repeat(n);
}

const keyOrders = new Map<string, string[]>();
function sortedKeys(m: Record<string, Value>): string[] {
  const keys = Object.keys(m);
  if (keys.length < 2) return keys;
  const sig = keys.join('\u0000');
  let sorted = keyOrders.get(sig);
  if (!sorted) {
    if (keyOrders.size > MEMO_LIMIT) keyOrders.clear();
    sorted = [...keys].sort(goYamlKeyCompare);
    keyOrders.set(sig, sorted);
  }
  return sorted;
}

/**
 * Text appended piece by piece is a tree of pieces until read; a large document
 * kept that way until the end had all its pieces survive the young generation's
 * collections (copied, then promoted). Every FLUSH_AT characters the text so far
 * is made one string and the pieces are garbage at once.
 */
const FLUSH_AT = 16_384;

class Emitter {
  /** Flat texts of the lines written so far (flush), when there is no sink. */
  done: string[] = [];
  /** Where flushed text goes instead of `done` (emitYamlV2To). */
  constructor(private readonly sink?: (text: string) => void) {}
  out = '';
  column = 0;
  indent = -1;
  indents: number[] = [];
  whitespace = true;
  indention = true;
  openEnded = false;
  flowLevel = 0;
  rootContext = false;
  mappingContext = false;
  simpleKeyContext = false;

  private put(s: string): void {
    this.out += s;
    this.column += 1;
  }
  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    if (this.out.length >= FLUSH_AT) this.flush();
  }
  /** The text so far, handed to the sink or made flat now (see FLUSH_AT). */
  flush(): void {
    const s = this.out;
    this.out = '';
    // The sink encodes it at once: its pieces are garbage before any collection.
    if (this.sink) return this.sink(s);
    // A number read of the text makes V8 copy the pieces into one string (flatstr's way).
    void ((s as unknown as number) | 0);
    this.done.push(s);
  }
  private writeCp(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column += 1;
  }
  /**
   * Code points [i, j) of `s` (no line break among them): what writeCp
   * would write one by one, appended at once when `s` has no surrogate pairs
   * (then code point i is character i). A long output written a character at a
   * time cost most of a large render's garbage collection.
   */
  private writeRun(s: string, cps: number[], i: number, j: number): void {
    if (s.length === cps.length) {
      this.out += s.slice(i, j);
      this.column += j - i;
    } else for (let k = i; k < j; k++) this.writeCp(cps[k]!);
  }
  private writeBreakCp(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.out += String.fromCodePoint(c);
      this.column = 0;
    }
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }
  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.column < indent) {
      this.out += spaces(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }
  writeIndicator(ind: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(' ');
    // Indicators are ASCII: one column per character.
    this.out += ind;
    this.column += ind.length;
    this.whitespace = isWs;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }

  node(v: Value, root: boolean, mapping: boolean, simpleKey: boolean): void {
    this.rootContext = root;
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (Array.isArray(v)) return this.sequence(v);
    if (v !== null && typeof v === 'object') return this.mapping(v as Record<string, Value>);
    if (typeof v === 'string') {
      const e = analyzedOf(v);
      return this.scalarWith(e.style, v, e, root, mapping, simpleKey);
    }
    const s = scalarOf(v);
    return this.scalarWith('plain', s, analyzedOf(s), root, mapping, simpleKey);
  }

  private sequence(items: Value[]): void {
    if (items.length === 0 || this.flowLevel > 0) return this.emptyFlow('[', ']');
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, false, false, false);
    }
    this.popIndent();
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private mapping(m: Record<string, Value>): void {
    const keys = sortedKeys(m);
    if (keys.length === 0) return this.emptyFlow('{', '}');
    this.increaseIndent(false, false);
    for (const k of keys) {
      this.writeIndent();
      // The key's analysis once (it was looked up twice: here and by node()).
      const ke = analyzedOf(k);
      const v = m[k]!;
      if (ke.simpleKey) {
        this.scalarWith(ke.style, k, ke, false, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.scalarWith(ke.style, k, ke, false, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(v, false, true, false);
    }
    this.popIndent();
  }

  private scalarWith(
    requested: Style,
    s: string,
    e: Analyzed,
    root: boolean,
    mapping: boolean,
    simpleKey: boolean,
  ): void {
    this.rootContext = root;
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    const a = e.a;
    let style = requested;
    if (simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (e.n === 0 && simpleKey) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
    const allowBreaks = !simpleKey;
    if (style === 'plain' && (!allowBreaks || this.column + e.n <= BEST_WIDTH)) {
      // Most scalars: no line break (plain allows none) and no space past the
      // width to fold at, so writePlain would copy the text whole.
      if (!this.whitespace) this.put(' ');
      this.out += s;
      this.column += e.n;
      this.whitespace = false;
      this.indention = false;
      if (this.rootContext) this.openEnded = true;
      return;
    }
    this.increaseIndent(true, false);
    if (style === 'plain') this.writePlain(s, cpsOf(s, e), allowBreaks);
    else if (style === 'single') this.writeSingle(cpsOf(s, e), allowBreaks);
    else if (style === 'double') this.writeDouble(cpsOf(s, e), allowBreaks);
    else this.writeLiteral(s, cpsOf(s, e));
    this.popIndent();
  }

  private writePlain(s: string, v: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && v[i + 1] !== 0x20) this.writeIndent();
        else this.writeCp(c);
        spaces = true;
      } else if (isBreakCp(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        let j = i + 1;
        while (j < v.length && v[j] !== 0x20 && !isBreakCp(v[j]!)) j++;
        this.writeRun(s, v, i, j);
        i = j - 1;
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
    if (this.rootContext) this.openEnded = true;
  }

  private writeSingle(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1 && v[i + 1] !== 0x20) {
          this.writeIndent();
        } else this.writeCp(c);
        spaces = true;
      } else if (isBreakCp(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (!isPrintableCp(c) || (v[0] === 0xfeff) || isBreakCp(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const simple: Record<number, string> = {
          0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
          0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
        };
        const e = simple[c];
        if (e !== undefined) this.put(e);
        else {
          const [p, w] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(p);
          for (const d of c.toString(16).toUpperCase().padStart(w, '0')) this.put(d);
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (v[i + 1] === 0x20) this.put('\\');
        } else this.writeCp(c);
        spaces = true;
      } else {
        this.writeCp(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(s: string, v: number[]): void {
    this.writeIndicator('|', true, false, false);
    // block scalar hints
    if (v[0] === 0x20 || (v[0] !== undefined && isBreakCp(v[0]))) {
      this.writeIndicator(String(BEST_INDENT), false, false, false);
    }
    this.openEnded = false;
    let chomp = '';
    const last = v[v.length - 1];
    if (last === undefined || !isBreakCp(last)) chomp = '-';
    else if (v.length === 1) {
      chomp = '+';
      this.openEnded = true;
    } else if (isBreakCp(v[v.length - 2]!)) {
      chomp = '+';
      this.openEnded = true;
    }
    // Writing the chomping indicator clears open_ended again (as in goyaml.v2).
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (isBreakCp(c)) {
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        let j = i + 1;
        while (j < v.length && !isBreakCp(v[j]!)) j++;
        this.writeRun(s, v, i, j);
        i = j - 1;
        this.indention = false;
        breaks = false;
      }
    }
  }

  document(v: Value): void {
    this.node(v, true, false, false);
    // document end (implicit)
    this.indent = -1;
    this.writeIndent();
    // stream end
    if (this.openEnded) {
      this.writeIndicator('...', true, false, false);
      this.writeIndent();
    }
  }
}

/** The text of a scalar that is not a string (yaml.v2's encoder asks for the plain style). */
function scalarOf(v: Value): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return goFormatFloat(v);
  return String(v);
}

/** The style yaml.v2's encoder asks for a string. */
function stringStyle(s: string): Style {
  if (s.includes('\n')) return 'literal';
  return resolvesToNonString(s) ? 'double' : 'plain';
}

/**
 * emitYamlV2's text handed to `write` in pieces of about FLUSH_AT characters,
 * in order. A large document (a CRD's schema: 1.4 MB for argo-cd's
 * ApplicationSet) is never made one string, nor one buffer for the output:
 * each such copy was a megabyte of fresh memory, whose page faults cost more
 * than the copying.
 */
export function emitYamlV2To(v: Value, write: (text: string) => void): void {
  const e = new Emitter(write);
  e.document(v);
  if (e.out !== '') e.flush();
}

/** One resource as kustomize prints it (JSONToYAML). */
export function emitYamlV2(v: Value): string {
  const e = new Emitter();
  e.document(v);
  if (e.done.length === 0) return e.out;
  e.flush();
  return e.done.join('');
}
