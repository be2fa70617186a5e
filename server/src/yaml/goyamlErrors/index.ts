// go-yaml's words for a YAML syntax error, as kustomize prints them. Run only
// when our own parse of a file has failed (the error path): the scanner and
// parser ported in this folder read the same text the way kustomize's readers
// do and say what go-yaml says, `yaml: line N: <problem>`.
//
// Two readers, two go-yaml versions:
// - kyaml (resources, patches, most files): gopkg.in/yaml.v3 (kustomize
//   v5.5.0's kyaml v0.18.1 uses sigs.k8s.io/yaml v1.4.0's copy of v3.0.1).
//   kyaml's ByteReader (kio/byteio_reader.go) first turns `\r\n` into `\n`,
//   cuts the text at each `\n---…\n` line and decodes only the first document
//   of each piece, so the line is counted from the start of the piece.
// - YAMLToJSON (kustomization files, YAML 1.1 readings): sigs.k8s.io/yaml's
//   copy of yaml.v2 (v2.4.0), over the whole text, first document only.
// Where each version puts the line (decode.go, (*parser).fail): v3 takes the
// context mark's line when it is not 0, else the problem mark's; v2 the
// problem mark's first. Both count lines from 0 and add one only for scanner
// errors, so a parser error names the line before the one its mark is on
// ("did not find expected key" names the line before the enclosing block).
// A line of 0 is not printed.
import { Parser, E } from './parser';
import { Scanner, Stop, T, type GoYamlProblem } from './scanner';

/** The first document of `text` as go-yaml's Decode/Unmarshal reads it: its problem, or undefined. */
export function firstDocumentProblem(text: string, version: 2 | 3): GoYamlProblem | undefined {
  const scanner = new Scanner(text, version);
  const parser = new Parser(scanner);
  try {
    for (;;) {
      const e = parser.next();
      if (e === undefined || e === E.STREAM_END || e === E.DOCUMENT_END) return undefined;
    }
  } catch (e) {
    if (e instanceof Stop) return scanner.error;
    throw e;
  }
}

/** `yaml: line N: problem` as go-yaml's (*parser).fail composes it. */
export function wordProblem(p: GoYamlProblem, version: 2 | 3): string {
  const scannerError = p.kind === 'scanner' ? 1 : 0;
  let line = 0;
  if (version === 3) {
    if (p.contextMark.line !== 0) line = p.contextMark.line + scannerError;
    else if (p.problemMark.line !== 0) line = p.problemMark.line + scannerError;
  } else {
    if (p.problemMark.line !== 0) line = p.problemMark.line + scannerError;
    else if (p.contextMark.line !== 0) line = p.contextMark.line;
  }
  return `yaml: ${line !== 0 ? `line ${line}: ` : ''}${p.problem || 'unknown problem parsing YAML content'}`;
}

/** kyaml's ByteReader: the pieces it decodes one by one (undefined when it refuses a separator line). */
function kyamlPieces(text: string): string[] | undefined {
  return kyamlPiecesAt(text)?.map((p) => p.text);
}

/** kyamlPieces with the 0-based line each piece starts on. */
function kyamlPiecesAt(text: string): { text: string; line: number }[] | undefined {
  const s = text.replaceAll('\r\n', '\n');
  if (s.length === 0) return [];
  const pieces: { text: string; line: number }[] = [];
  const separator = /\n---[^\n]*\n/g;
  let prev = 0;
  let line = 0;
  for (let m = separator.exec(s); m; m = separator.exec(s)) {
    const after = m[0].slice(4).trim();
    if (after.length > 0 && after[0] !== '#') return undefined;
    const piece = s.slice(prev, m.index) + '\n';
    pieces.push({ text: piece, line });
    line += lineCount(piece) + 1; // the separator's own line
    prev = m.index + m[0].length;
  }
  pieces.push({ text: s.slice(prev), line });
  return pieces;
}

function lineCount(piece: string): number {
  let n = 0;
  for (let i = piece.indexOf('\n'); i >= 0; i = piece.indexOf('\n', i + 1)) n++;
  return n;
}

/** A piece of text go-yaml fails on, as lines of the whole text (0-based, `lastLine` included), and go-yaml's problem there. */
export interface PieceProblem {
  firstLine: number;
  lastLine: number;
  /** go-yaml's words without its `yaml: line N:` prefix (the finding already sits on a line). */
  problem: string;
}

/**
 * Each piece of `text` that kustomize's reader decodes on its own and go-yaml
 * fails on (kyaml: every `---`-separated piece; `yaml11`: the whole text, as
 * YAMLToJSON reads only its first document). For the editor's syntax
 * findings, which name every problem our parser finds, to say the first one
 * of each piece in the words kustomize prints for it. With `onLines`, only
 * the pieces holding one of those (0-based) lines are read.
 */
export function goyamlPieceProblems(text: string, yaml11: boolean, onLines?: readonly number[]): PieceProblem[] {
  const pieces = yaml11 ? [{ text: text.length === 0 ? '\n' : text, line: 0 }] : kyamlPiecesAt(text);
  const out: PieceProblem[] = [];
  for (const piece of pieces ?? []) {
    const lastLine = yaml11 ? Number.MAX_SAFE_INTEGER : piece.line + lineCount(piece.text);
    // Only the pieces holding one of the caller's problems: in a 1,200-document
    // file the port over every piece costs ~150 ms a keystroke, over one ~0.1 ms.
    if (onLines && !onLines.some((l) => piece.line <= l && l <= lastLine)) continue;
    const p = firstDocumentProblem(piece.text, yaml11 ? 2 : 3);
    if (p) out.push({ firstLine: piece.line, lastLine, problem: p.problem || 'unknown problem parsing YAML content' });
  }
  return out;
}

/**
 * What kustomize says about the YAML syntax of `text`: `yaml: line N: …`, or
 * undefined when go-yaml reads it without a syntax error (then our parser's
 * words stand). `yaml11`: read as YAMLToJSON does (yaml.v2), else as kyaml.
 */
export function goyamlSyntaxError(text: string, yaml11: boolean): string | undefined {
  // Not only the error path: a patch written as a YAML list is read by go-yaml
  // v2 to tell a JSON patch from a strategic-merge one, in every render of
  // every environment (~3% of a platform edit's CPU). The answer depends on
  // the text alone: the same patch text is answered from the memo.
  const memo = yaml11 ? MEMO_V2 : MEMO_V3;
  const hit = memo.get(text);
  if (hit !== undefined) return hit === OK ? undefined : hit;
  const words = syntaxError(text, yaml11);
  if (text.length <= MEMO_TEXT_MAX) {
    // Bounded: a file edited for hours leaves one entry per version it had.
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(text, words ?? OK);
  }
  return words;
}

/** Stands for `undefined` (no syntax error) in the memos. */
const OK = '';
const MEMO_ENTRIES = 256;
/** Longer texts (whole files on the error path) are not kept. */
const MEMO_TEXT_MAX = 16 * 1024;
const MEMO_V2 = new Map<string, string>();
const MEMO_V3 = new Map<string, string>();

function syntaxError(text: string, yaml11: boolean): string | undefined {
  if (yaml11) {
    const p = firstDocumentProblem(text.length === 0 ? '\n' : text, 2);
    return p && wordProblem(p, 2);
  }
  for (const piece of kyamlPieces(text) ?? []) {
    const p = firstDocumentProblem(piece, 3);
    if (p) return wordProblem(p, 3);
  }
  return undefined;
}

/**
 * The value go-yaml (v3, kyaml's) reads for the block or quoted scalar that
 * starts (its header `|`/`>`, or its opening quote) at `offset` of `text`, or
 * undefined when its scanner stops before it. For the forms where the yaml
 * library reads another value: a block scalar with an indentation indicator
 * (`|2-`), whose lines of spaces past the indentation are content to go-yaml
 * and which the library drops when they end the block or make all of it; a
 * double-quoted scalar with an escaped line break before a blank line, which
 * go-yaml keeps as a line break and the library folds into a space. Every
 * scalar of the text is read in one pass, kept for the next question about
 * the same text.
 */
export function goScalarValue(text: string, offset: number): string | undefined {
  if (scalarValuesOf?.text !== text) scalarValuesOf = { text, values: scalarValues(text) };
  // The scanner counts code points, after a byte order mark it drops.
  let index = offset - (text.charCodeAt(0) === 0xfeff ? 1 : 0);
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const h = text.charCodeAt(i - 1);
      if (h >= 0xd800 && h <= 0xdbff) index--;
    }
  }
  return scalarValuesOf.values.get(index);
}

let scalarValuesOf: { text: string; values: Map<number, string> } | undefined;

function scalarValues(text: string): Map<number, string> {
  const values = new Map<number, string>();
  const sc = new Scanner(text, 3, true);
  try {
    for (;;) {
      if (!sc.tokenAvailable) sc.fetchMoreTokens();
      const t = sc.tokens[sc.tokensHead]!;
      sc.tokenAvailable = false;
      sc.tokensParsed++;
      sc.tokensHead++;
      if (t.type === T.STREAM_END) break;
      if (t.type === T.SCALAR && t.text !== undefined) values.set(t.start.index, t.text);
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return values;
}
