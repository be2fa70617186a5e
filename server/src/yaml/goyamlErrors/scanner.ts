// A port of go-yaml's scanner (scannerc.go of gopkg.in/yaml.v3 v3.0.1, and
// of v2.4.0 where the two differ), used only to word YAML syntax errors the
// way kustomize prints them. go-yaml is itself a port of libyaml; scannerc.go
// is Copyright (c) 2011-2019 Canonical Ltd, Copyright (c) 2006-2010 Kirill
// Simonov, under the MIT license (go-yaml's LICENSE; its NOTICE puts the
// rest of the package under the Apache License 2.0).
//
// What is ported: every check that can fail, the token queue, simple keys,
// indentation and flow levels, the marks (index, line, column) each token and
// error carries, in the order go-yaml does them. What is not: scalar values
// (nothing here needs them), comment attachment (v3 collects comments for its
// nodes; only the way it consumes them is kept, which decides what is read as
// a token), the reader (encoding and control characters are checked before,
// kustomize/yaml/encoding.ts). v3's BLOCK-END marks move to a comment's start
// when a comment sits at the block's column: not ported (those marks name a
// line only when an error has no other line).
//
// The input is a string of code points (go-yaml's index and column count
// characters, not bytes). Every loop advances through the text or stops:
// linear in the text, as go-yaml is.

export const T = {
  STREAM_START: 1,
  STREAM_END: 2,
  VERSION_DIRECTIVE: 3,
  TAG_DIRECTIVE: 4,
  DOCUMENT_START: 5,
  DOCUMENT_END: 6,
  BLOCK_SEQUENCE_START: 7,
  BLOCK_MAPPING_START: 8,
  BLOCK_END: 9,
  FLOW_SEQUENCE_START: 10,
  FLOW_SEQUENCE_END: 11,
  FLOW_MAPPING_START: 12,
  FLOW_MAPPING_END: 13,
  BLOCK_ENTRY: 14,
  FLOW_ENTRY: 15,
  KEY: 16,
  VALUE: 17,
  ALIAS: 18,
  ANCHOR: 19,
  TAG: 20,
  SCALAR: 21,
} as const;
export type TokenType = (typeof T)[keyof typeof T];

export interface Mark {
  index: number;
  line: number;
  column: number;
}

export interface Token {
  type: TokenType;
  start: Mark;
  end: Mark;
  /** Anchor/alias name, tag handle, %TAG handle. */
  value?: string;
  /** A tag's suffix. */
  suffix?: string;
  /** A %TAG directive's prefix. */
  prefix?: string;
  plain?: boolean;
  /** A block or quoted scalar's value, when the scanner was asked for them (values). */
  text?: string;
  major?: number;
  minor?: number;
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

/** go-yaml's error: a scanner or a parser error, with its context. */
export interface GoYamlProblem {
  kind: 'scanner' | 'parser';
  context: string;
  contextMark: Mark;
  problem: string;
  problemMark: Mark;
}

const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;

const copy = (m: Mark): Mark => ({ index: m.index, line: m.line, column: m.column });

/** A set of ASCII characters, tested by code point. */
function charSet(chars: string): (x: number) => boolean {
  const set = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return (x) => x < 128 && set[x] === 1;
}
/** Characters that cannot start a plain scalar (with blanks, breaks and the end). */
const INDICATOR = charSet('-?:,[]{}#&*!|>\'"%@`');
/** What may follow an anchor or alias name (with blanks, breaks and the end). */
const AFTER_ANCHOR = charSet('?:,]}%@`');
/** Tag URI characters besides letters, digits, `_` and `-`. */
const URI = charSet(";/?:@&=+$,.!~*'()[]%");
/** What ends a plain scalar in a flow collection. */
const FLOW_INDICATOR = charSet(',?[]{}');

const c = (s: string): number => s.charCodeAt(0);
const SP = c(' ');
const TAB = c('\t');
const CR = c('\r');
const LF = c('\n');

/** Thrown to unwind when go-yaml's function would return false. */
export class Stop extends Error {}

/** What each one-character escape of a double-quoted scalar stands for (scannerc.go). */
const ESCAPED: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', "'": "'", '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

export class Scanner {
  /** The text's code points, followed by zeros (go-yaml's end of input is a NUL). */
  private readonly b: Uint32Array;
  pos = 0;
  mark: Mark = { index: 0, line: 0, column: 0 };
  error?: GoYamlProblem;

  private streamStartProduced = false;
  streamEndProduced = false;
  private flowLevel = 0;
  tokens: Token[] = [];
  tokensHead = 0;
  tokensParsed = 0;
  tokenAvailable = false;
  private indent = -1;
  private indents: number[] = [];
  private simpleKeyAllowed = false;
  private simpleKeys: SimpleKey[] = [];
  private simpleKeysByTok = new Map<number, number>();
  /** v3: line breaks since the last non-blank character (skip/read/skip_line/read_line). */
  private newlines = 0;

  constructor(
    text: string,
    /** 3: gopkg.in/yaml.v3 (kyaml); 2: yaml.v2 (sigs.k8s.io/yaml's YAMLToJSON). */
    readonly version: 2 | 3,
    /** Build each block and quoted scalar's value (Token.text), as go-yaml's scanner does; else only their places. */
    private readonly values = false,
  ) {
    // The reader drops a UTF-8 byte order mark at the start without moving the mark.
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const cps = new Uint32Array(text.length + 8);
    let n = 0;
    while (i < text.length) {
      const cp = text.codePointAt(i)!;
      cps[n++] = cp;
      i += cp > 0xffff ? 2 : 1;
    }
    this.b = cps.subarray(0, n + 8);
  }

  // ---- character classes (yamlprivateh.go), at pos + k ----
  private at(k = 0): number {
    return this.b[this.pos + k] ?? 0;
  }
  private isAlpha(k = 0): boolean {
    const x = this.at(k);
    return (x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x5a) || (x >= 0x61 && x <= 0x7a) || x === 0x5f || x === 0x2d;
  }
  private isDigit(k = 0): boolean {
    const x = this.at(k);
    return x >= 0x30 && x <= 0x39;
  }
  private isHex(k = 0): boolean {
    const x = this.at(k);
    return (x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66);
  }
  private asHex(k: number): number {
    const x = this.at(k);
    return x >= 0x61 ? x - 0x61 + 10 : x >= 0x41 ? x - 0x41 + 10 : x - 0x30;
  }
  private isZ(k = 0): boolean {
    return this.at(k) === 0;
  }
  private isBlank(k = 0): boolean {
    const x = this.at(k);
    return x === SP || x === TAB;
  }
  private isBreak(k = 0): boolean {
    const x = this.at(k);
    return x === CR || x === LF || x === 0x85 || x === 0x2028 || x === 0x2029;
  }
  private isBreakZ(k = 0): boolean {
    return this.isBreak(k) || this.isZ(k);
  }
  private isBlankZ(k = 0): boolean {
    return this.isBlank(k) || this.isBreakZ(k);
  }
  private is(ch: string, k = 0): boolean {
    return this.at(k) === ch.charCodeAt(0);
  }

  // ---- advancing (skip, skip_line, read, read_line) ----
  private skip(): void {
    if (!this.isBlank()) this.newlines = 0;
    this.mark.index++;
    this.mark.column++;
    this.pos++;
  }
  private skipLine(): void {
    if (this.is('\r') && this.is('\n', 1)) {
      this.mark.index += 2;
      this.mark.column = 0;
      this.mark.line++;
      this.pos += 2;
      this.newlines++;
    } else if (this.isBreak()) {
      this.mark.index++;
      this.mark.column = 0;
      this.mark.line++;
      this.pos++;
      this.newlines++;
    }
  }
  /** read(): the same moves as skip (values are not kept). */
  private read(): string {
    const ch = String.fromCodePoint(this.at());
    this.skip();
    return ch;
  }
  /** read_line's text: `\n` for CR LF, CR, LF and NEL; a line or paragraph separator itself. */
  private readLineText(): string {
    const x = this.at();
    const text = x === 0x2028 || x === 0x2029 ? String.fromCharCode(x) : this.isBreak() ? '\n' : '';
    this.readLine();
    return text;
  }
  private readLine(): void {
    if (this.is('\r') && this.is('\n', 1)) {
      this.pos += 2;
      this.mark.index++;
    } else if (this.isBreak()) {
      this.pos++;
    } else return;
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
    this.newlines++;
  }

  private fail(context: string, contextMark: Mark, problem: string): never {
    this.error = { kind: 'scanner', context, contextMark: copy(contextMark), problem, problemMark: copy(this.mark) };
    throw new Stop();
  }

  private tagFail(directive: boolean, contextMark: Mark, problem: string): never {
    return this.fail(directive ? 'while parsing a %TAG directive' : 'while parsing a tag', contextMark, problem);
  }

  /** yaml_insert_token: append, or insert `pos` tokens after the head (moving only the tokens after it). */
  private insert(pos: number, token: Token): void {
    // Drop what the parser has consumed, now and then (go-yaml reuses its slice the same way).
    if (this.tokensHead > 1024 && this.tokensHead * 2 > this.tokens.length) {
      this.tokens = this.tokens.slice(this.tokensHead);
      this.tokensHead = 0;
    }
    const q = this.tokens;
    q.push(token);
    if (pos < 0) return;
    const at = this.tokensHead + pos;
    for (let i = q.length - 1; i > at; i--) q[i] = q[i - 1]!;
    q[at] = token;
  }

  private tok(type: TokenType, start: Mark, end: Mark = start): Token {
    return { type, start: copy(start), end: copy(end) };
  }

  // ---- the token queue ----
  /** yaml_parser_fetch_more_tokens. */
  fetchMoreTokens(): void {
    for (;;) {
      // v3 keeps two more tokens in the queue than v2 does before it stops.
      const queued = this.version === 3 ? this.tokensHead < this.tokens.length - 2 : this.tokensHead !== this.tokens.length;
      if (queued) {
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined) break;
        if (!this.simpleKeyIsValid(this.simpleKeys[idx]!)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) {
      this.fetchStreamStart();
      return;
    }
    const scanMark = copy(this.mark);
    this.scanToNextToken();
    this.unrollIndent(this.mark.column, scanMark);
    if (this.isZ()) {
      this.fetchStreamEnd();
      return;
    }
    if (this.mark.column === 0 && this.is('%')) {
      this.fetchDirective();
      return;
    }
    if (this.mark.column === 0 && this.is('-') && this.is('-', 1) && this.is('-', 2) && this.isBlankZ(3)) {
      this.fetchDocumentIndicator(T.DOCUMENT_START);
      return;
    }
    if (this.mark.column === 0 && this.is('.') && this.is('.', 1) && this.is('.', 2) && this.isBlankZ(3)) {
      this.fetchDocumentIndicator(T.DOCUMENT_END);
      return;
    }
    this.fetchToken();
    // v3 reads a comment that follows a token on its line (yaml_parser_scan_line_comment).
    if (this.version === 3 && this.tokens[this.tokens.length - 1]?.type !== T.BLOCK_ENTRY) this.scanLineComment();
  }

  private fetchToken(): void {
    const x = this.at();
    if (x === c('[')) return this.fetchFlowCollectionStart(T.FLOW_SEQUENCE_START);
    if (x === c('{')) return this.fetchFlowCollectionStart(T.FLOW_MAPPING_START);
    if (x === c(']')) return this.fetchFlowCollectionEnd(T.FLOW_SEQUENCE_END);
    if (x === c('}')) return this.fetchFlowCollectionEnd(T.FLOW_MAPPING_END);
    if (x === c(',')) return this.fetchFlowEntry();
    if (x === c('-') && this.isBlankZ(1)) return this.fetchBlockEntry();
    if (x === c('?') && (this.flowLevel > 0 || this.isBlankZ(1))) return this.fetchKey();
    if (x === c(':') && (this.flowLevel > 0 || this.isBlankZ(1))) return this.fetchValue();
    if (x === c('*')) return this.fetchAnchor(T.ALIAS);
    if (x === c('&')) return this.fetchAnchor(T.ANCHOR);
    if (x === c('!')) return this.fetchTag();
    if (x === c('|') && this.flowLevel === 0) return this.fetchBlockScalar(true);
    if (x === c('>') && this.flowLevel === 0) return this.fetchBlockScalar(false);
    if (x === c("'")) return this.fetchFlowScalar(true);
    if (x === c('"')) return this.fetchFlowScalar(false);
    if (
      !(this.isBlankZ() || INDICATOR(x)) ||
      (x === c('-') && !this.isBlank(1)) ||
      (this.flowLevel === 0 && (x === c('?') || x === c(':')) && !this.isBlankZ(1))
    ) {
      return this.fetchPlainScalar();
    }
    this.fail('while scanning for the next token', this.mark, 'found character that cannot start any token');
  }

  // ---- simple keys ----
  private simpleKeyIsValid(key: SimpleKey): boolean {
    if (!key.possible) return false;
    if (key.mark.line < this.mark.line || key.mark.index + 1024 < this.mark.index) {
      if (key.required) this.fail('while scanning a simple key', key.mark, "could not find expected ':'");
      key.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (this.simpleKeyAllowed) {
      const key: SimpleKey = { possible: true, required, tokenNumber: this.tokensParsed + (this.tokens.length - this.tokensHead), mark: copy(this.mark) };
      this.removeSimpleKey();
      this.simpleKeys[this.simpleKeys.length - 1] = key;
      this.simpleKeysByTok.set(key.tokenNumber, this.simpleKeys.length - 1);
    }
  }

  private removeSimpleKey(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (key.possible) {
      if (key.required) this.fail('while scanning a simple key', key.mark, "could not find expected ':'");
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: this.tokensParsed + (this.tokens.length - this.tokensHead), mark: copy(this.mark) });
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL) {
      this.fail('while increasing flow level', this.simpleKeys[this.simpleKeys.length - 1]!.mark, `exceeded max depth of ${MAX_FLOW_LEVEL}`);
    }
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const last = this.simpleKeys.pop()!;
      this.simpleKeysByTok.delete(last.tokenNumber);
    }
  }

  // ---- indentation ----
  private rollIndent(column: number, number: number, type: TokenType, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > MAX_INDENTS) {
        this.fail('while increasing indent level', this.simpleKeys[this.simpleKeys.length - 1]!.mark, `exceeded max depth of ${MAX_INDENTS}`);
      }
      this.insert(number > -1 ? number - this.tokensParsed : number, this.tok(type, mark));
    }
  }

  private unrollIndent(column: number, scanMark: Mark): void {
    if (this.flowLevel > 0) return;
    // v3 marks a BLOCK-END where the scan for the next token began (one index back); v2 where it ended.
    const blockMark = this.version === 3 ? { ...scanMark, index: scanMark.index - 1 } : copy(this.mark);
    while (this.indent > column) {
      this.insert(-1, this.tok(T.BLOCK_END, blockMark));
      this.indent = this.indents.pop()!;
    }
  }

  // ---- fetchers ----
  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: copy(this.mark) });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    this.insert(-1, this.tok(T.STREAM_START, this.mark));
  }

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1, this.mark);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.tok(T.STREAM_END, this.mark));
  }

  private fetchDirective(): void {
    this.unrollIndent(-1, this.mark);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: TokenType): void {
    this.unrollIndent(-1, this.mark);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = copy(this.mark);
    this.skip();
    this.skip();
    this.skip();
    this.insert(-1, this.tok(type, start, this.mark));
  }

  private fetchFlowCollectionStart(type: TokenType): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    const start = copy(this.mark);
    this.skip();
    this.insert(-1, this.tok(type, start, this.mark));
  }

  private fetchFlowCollectionEnd(type: TokenType): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    const start = copy(this.mark);
    this.skip();
    this.insert(-1, this.tok(type, start, this.mark));
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = copy(this.mark);
    this.skip();
    this.insert(-1, this.tok(T.FLOW_ENTRY, start, this.mark));
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.fail('', this.mark, 'block sequence entries are not allowed in this context');
      this.rollIndent(this.mark.column, -1, T.BLOCK_SEQUENCE_START, this.mark);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = copy(this.mark);
    this.skip();
    this.insert(-1, this.tok(T.BLOCK_ENTRY, start, this.mark));
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.fail('', this.mark, 'mapping keys are not allowed in this context');
      this.rollIndent(this.mark.column, -1, T.BLOCK_MAPPING_START, this.mark);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const start = copy(this.mark);
    this.skip();
    this.insert(-1, this.tok(T.KEY, start, this.mark));
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (this.simpleKeyIsValid(key)) {
      this.insert(key.tokenNumber - this.tokensParsed, this.tok(T.KEY, key.mark));
      this.rollIndent(key.mark.column, key.tokenNumber, T.BLOCK_MAPPING_START, key.mark);
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.fail('', this.mark, 'mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, T.BLOCK_MAPPING_START, this.mark);
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = copy(this.mark);
    this.skip();
    this.insert(-1, this.tok(T.VALUE, start, this.mark));
  }

  private fetchAnchor(type: TokenType): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanAnchor(type));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanTag());
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insert(-1, this.scanBlockScalar(literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanPlainScalar());
  }

  // ---- whitespace and comments ----
  private scanToNextToken(): void {
    for (;;) {
      // A byte order mark may start a line.
      if (this.mark.column === 0 && this.at() === 0xfeff) this.skip();
      while (this.is(' ') || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.is('\t'))) this.skip();
      if (this.is('#')) {
        if (this.version === 3) this.scanComments();
        else while (!this.isBreakZ()) this.skip();
      }
      if (this.isBreak()) {
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else break;
    }
  }

  /**
   * v3's yaml_parser_scan_comments, as far as it moves through the text: it
   * reads a comment line and every comment line after it (blank lines and
   * blanks, tabs too, between them), peeking at most 512 characters ahead
   * for the next one; it stops at the line break ending the last.
   */
  private scanComments(): void {
    for (let peek = 0; peek < 512; peek++) {
      if (this.isBlank(peek)) continue;
      const x = this.at(peek);
      const closeFlow = this.flowLevel > 0 && (x === c(']') || x === c('}'));
      if (closeFlow || this.isBreakZ(peek)) {
        if (!this.isBreak(peek)) break;
        continue;
      }
      if (x !== c('#')) break;
      const seen = this.mark.index + peek;
      for (;;) {
        if (this.isBreakZ()) {
          if (this.mark.index >= seen) break;
          this.skipLine();
        } else this.skip();
      }
      peek = 0;
    }
  }

  /** v3's yaml_parser_scan_line_comment, as far as it moves: a comment after a token on its line. */
  private scanLineComment(): void {
    if (this.newlines > 0) return;
    for (let peek = 0; peek < 512; peek++) {
      if (this.isBlank(peek)) continue;
      if (this.is('#', peek)) {
        const seen = this.mark.index + peek;
        for (;;) {
          if (this.isBreakZ()) {
            if (this.mark.index >= seen) break;
            this.skipLine();
          } else this.skip();
        }
      }
      break;
    }
  }

  // ---- directives ----
  private scanDirective(): Token {
    const start = copy(this.mark);
    this.skip();
    const name = this.scanDirectiveName(start);
    let token: Token;
    if (name === 'YAML') {
      while (this.isBlank()) this.skip();
      const major = this.scanVersionNumber(start);
      if (!this.is('.')) this.fail('while scanning a %YAML directive', start, "did not find expected digit or '.' character");
      this.skip();
      const minor = this.scanVersionNumber(start);
      token = { ...this.tok(T.VERSION_DIRECTIVE, start, this.mark), major, minor };
    } else if (name === 'TAG') {
      while (this.isBlank()) this.skip();
      const handle = this.scanTagHandle(true, start);
      if (!this.isBlank()) this.fail('while scanning a %TAG directive', start, 'did not find expected whitespace');
      while (this.isBlank()) this.skip();
      const prefix = this.scanTagUri(true, '', start);
      if (!this.isBlankZ()) this.fail('while scanning a %TAG directive', start, 'did not find expected whitespace or line break');
      token = { ...this.tok(T.TAG_DIRECTIVE, start, this.mark), value: handle, prefix };
    } else {
      this.fail('while scanning a directive', start, 'found unknown directive name');
    }
    while (this.isBlank()) this.skip();
    if (this.is('#')) while (!this.isBreakZ()) this.skip();
    if (!this.isBreakZ()) this.fail('while scanning a directive', start, 'did not find expected comment or line break');
    if (this.isBreak()) this.skipLine();
    return token;
  }

  private scanDirectiveName(start: Mark): string {
    let s = '';
    while (this.isAlpha()) s += this.read();
    if (s === '') this.fail('while scanning a directive', start, 'could not find expected directive name');
    if (!this.isBlankZ()) this.fail('while scanning a directive', start, 'found unexpected non-alphabetical character');
    return s;
  }

  private scanVersionNumber(start: Mark): number {
    let value = 0;
    let length = 0;
    while (this.isDigit()) {
      if (++length > 2) this.fail('while scanning a %YAML directive', start, 'found extremely long version number');
      value = value * 10 + (this.at() - 0x30);
      this.skip();
    }
    if (length === 0) this.fail('while scanning a %YAML directive', start, 'did not find expected version number');
    return value;
  }

  // ---- anchors and tags ----
  private scanAnchor(type: TokenType): Token {
    const start = copy(this.mark);
    this.skip();
    let s = '';
    while (this.isAlpha()) s += this.read();
    const end = copy(this.mark);
    if (s === '' || !(this.isBlankZ() || AFTER_ANCHOR(this.at()))) {
      this.fail(type === T.ANCHOR ? 'while scanning an anchor' : 'while scanning an alias', start, 'did not find expected alphabetic or numeric character');
    }
    return { ...this.tok(type, start, end), value: s };
  }

  private scanTag(): Token {
    const start = copy(this.mark);
    let handle: string;
    let suffix: string;
    if (this.is('<', 1)) {
      handle = '';
      this.skip();
      this.skip();
      suffix = this.scanTagUri(false, '', start);
      if (!this.is('>')) this.fail('while scanning a tag', start, "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle[0] === '!' && handle.length > 1 && handle[handle.length - 1] === '!') {
        suffix = this.scanTagUri(false, '', start);
      } else {
        suffix = this.scanTagUri(false, handle, start);
        handle = '!';
        if (suffix.length === 0) [handle, suffix] = [suffix, handle];
      }
    }
    if (!this.isBlankZ()) this.fail('while scanning a tag', start, 'did not find expected whitespace or line break');
    return { ...this.tok(T.TAG, start, this.mark), value: handle, suffix };
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
    if (!this.is('!')) this.tagFail(directive, start, "did not find expected '!'");
    let s = this.read();
    while (this.isAlpha()) s += this.read();
    if (this.is('!')) s += this.read();
    else if (directive && s !== '!') this.tagFail(directive, start, "did not find expected '!'");
    return s;
  }

  private scanTagUri(directive: boolean, head: string, start: Mark): string {
    let s = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    while (this.isAlpha() || URI(this.at())) {
      if (this.is('%')) s += this.scanUriEscapes(directive, start);
      else s += this.read();
      hasTag = true;
    }
    if (!hasTag) this.tagFail(directive, start, 'did not find expected tag URI');
    return s;
  }

  private scanUriEscapes(directive: boolean, start: Mark): string {
    let w = 1024;
    let s = '';
    while (w > 0) {
      if (!(this.is('%') && this.isHex(1) && this.isHex(2))) this.tagFail(directive, start, 'did not find URI escaped octet');
      const octet = (this.asHex(1) << 4) + this.asHex(2);
      if (w === 1024) {
        w = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
        if (w === 0) this.tagFail(directive, start, 'found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) {
        this.tagFail(directive, start, 'found an incorrect trailing UTF-8 octet');
      }
      s += String.fromCharCode(octet);
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
    return s;
  }

  // ---- scalars ----
  private scanBlockScalar(literal: boolean): Token {
    const start = copy(this.mark);
    this.skip();
    let increment = 0;
    let chomping = 0;
    const zeroIndicator = () => this.fail('while scanning a block scalar', start, 'found an indentation indicator equal to 0');
    if (this.is('+') || this.is('-')) {
      chomping = this.is('+') ? 1 : -1;
      this.skip();
      if (this.isDigit()) {
        if (this.is('0')) zeroIndicator();
        increment = this.at() - 0x30;
        this.skip();
      }
    } else if (this.isDigit()) {
      if (this.is('0')) zeroIndicator();
      increment = this.at() - 0x30;
      this.skip();
      if (this.is('+') || this.is('-')) {
        chomping = this.is('+') ? 1 : -1;
        this.skip();
      }
    }
    while (this.isBlank()) this.skip();
    if (this.is('#')) {
      if (this.version === 3) this.scanLineComment();
      while (!this.isBreakZ()) this.skip();
    }
    if (!this.isBreakZ()) this.fail('while scanning a block scalar', start, 'did not find expected comment or line break');
    if (this.isBreak()) this.skipLine();
    let end = copy(this.mark);
    let indent = 0;
    if (increment > 0) indent = this.indent >= 0 ? this.indent + increment : increment;
    // The value, as go-yaml builds it (only when asked: the error path needs the places alone).
    const values = this.values;
    let value = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    const breaks = (): void => {
      end = copy(this.mark);
      let maxIndent = 0;
      for (;;) {
        while ((indent === 0 || this.mark.column < indent) && this.is(' ')) this.skip();
        if (this.mark.column > maxIndent) maxIndent = this.mark.column;
        if ((indent === 0 || this.mark.column < indent) && this.is('\t')) {
          this.fail('while scanning a block scalar', start, 'found a tab character where an indentation space is expected');
        }
        if (!this.isBreak()) break;
        if (values) trailingBreaks += this.readLineText();
        else this.readLine();
        end = copy(this.mark);
      }
      if (indent === 0) {
        indent = maxIndent;
        if (indent < this.indent + 1) indent = this.indent + 1;
        if (indent < 1) indent = 1;
      }
    };
    breaks();
    let leadingBlank = false;
    while (this.mark.column === indent && !this.isZ()) {
      if (values) {
        const trailingBlank = this.isBlank();
        // A line break between two lines that do not start with a blank folds (into a space when it is alone).
        if (!literal && !leadingBlank && !trailingBlank && leadingBreak[0] === '\n') {
          if (trailingBreaks.length === 0) value += ' ';
        } else value += leadingBreak;
        value += trailingBreaks;
        trailingBreaks = '';
        leadingBlank = this.isBlank();
        while (!this.isBreakZ()) value += this.read();
        leadingBreak = this.readLineText();
      } else {
        while (!this.isBreakZ()) this.skip();
        this.readLine();
      }
      breaks();
    }
    const token: Token = { ...this.tok(T.SCALAR, start, end), plain: false, value: literal ? '|' : '>' };
    if (values) token.text = value + (chomping !== -1 ? leadingBreak : '') + (chomping === 1 ? trailingBreaks : '');
    return token;
  }

  private scanFlowScalar(single: boolean): Token {
    const start = copy(this.mark);
    this.skip();
    // The value, as yaml_parser_scan_flow_scalar builds it (only when asked).
    const values = this.values;
    let value = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    for (;;) {
      if (
        this.mark.column === 0 &&
        ((this.is('-') && this.is('-', 1) && this.is('-', 2)) || (this.is('.') && this.is('.', 1) && this.is('.', 2))) &&
        this.isBlankZ(3)
      ) {
        this.fail('while scanning a quoted scalar', start, 'found unexpected document indicator');
      }
      if (this.isZ()) this.fail('while scanning a quoted scalar', start, 'found unexpected end of stream');
      let leadingBlanks = false;
      while (!this.isBlankZ()) {
        if (single && this.is("'") && this.is("'", 1)) {
          if (values) value += "'";
          this.skip();
          this.skip();
        } else if (single && this.is("'")) {
          break;
        } else if (!single && this.is('"')) {
          break;
        } else if (!single && this.is('\\') && this.isBreak(1)) {
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && this.is('\\')) {
          let codeLength = 0;
          const e = String.fromCodePoint(this.at(1));
          if (e === 'x') codeLength = 2;
          else if (e === 'u') codeLength = 4;
          else if (e === 'U') codeLength = 8;
          else if (!'0abt\tnvfre "\'\\N_LP'.includes(e) || this.at(1) === 0) {
            this.fail('while parsing a quoted scalar', start, 'found unknown escape character');
          } else if (values) value += ESCAPED[e]!;
          this.skip();
          this.skip();
          if (codeLength > 0) {
            let code = 0;
            for (let k = 0; k < codeLength; k++) {
              if (!this.isHex(k)) this.fail('while parsing a quoted scalar', start, 'did not find expected hexdecimal number');
              code = code * 16 + this.asHex(k);
            }
            if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
              this.fail('while parsing a quoted scalar', start, 'found invalid Unicode character escape code');
            }
            if (values) value += String.fromCodePoint(code);
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else if (values) {
          value += this.read();
        } else {
          this.skip();
        }
      }
      if (single ? this.is("'") : this.is('"')) break;
      while (this.isBlank() || this.isBreak()) {
        if (this.isBlank()) {
          if (values && !leadingBlanks) whitespaces += this.read();
          else this.skip();
        } else if (!values) {
          this.readLine();
        } else if (!leadingBlanks) {
          whitespaces = '';
          leadingBreak = this.readLineText();
          leadingBlanks = true;
        } else {
          trailingBreaks += this.readLineText();
        }
      }
      if (!values) continue;
      if (leadingBlanks) {
        // A line break folds into a space, or into the line breaks after it; an escaped one into nothing.
        if (leadingBreak[0] === '\n') value += trailingBreaks.length === 0 ? ' ' : trailingBreaks;
        else value += leadingBreak + trailingBreaks;
        leadingBreak = '';
        trailingBreaks = '';
      } else {
        value += whitespaces;
        whitespaces = '';
      }
    }
    this.skip();
    const token: Token = { ...this.tok(T.SCALAR, start, this.mark), plain: false };
    if (values) token.text = value;
    return token;
  }

  private scanPlainScalar(): Token {
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = copy(this.mark);
    let end = start;
    let endIndex = -1;
    for (;;) {
      if (
        this.mark.column === 0 &&
        ((this.is('-') && this.is('-', 1) && this.is('-', 2)) || (this.is('.') && this.is('.', 1) && this.is('.', 2))) &&
        this.isBlankZ(3)
      ) {
        break;
      }
      if (this.is('#')) break;
      while (!this.isBlankZ()) {
        if ((this.is(':') && this.isBlankZ(1)) || (this.flowLevel > 0 && FLOW_INDICATOR(this.at()))) break;
        leadingBlanks = false;
        this.skip();
        endIndex = this.mark.index;
      }
      if (endIndex === this.mark.index) end = copy(this.mark);
      if (!(this.isBlank() || this.isBreak())) break;
      while (this.isBlank() || this.isBreak()) {
        if (this.isBlank()) {
          if (leadingBlanks && this.mark.column < indent && this.is('\t')) {
            this.fail('while scanning a plain scalar', start, 'found a tab character that violates indentation');
          }
          this.skip();
        } else {
          this.readLine();
          leadingBlanks = true;
        }
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { ...this.tok(T.SCALAR, start, end), plain: true };
  }
}
