// YAML text → plain JSON values with origins, read the way kustomize reads
// its inputs (goyaml.v3 into interface{}, then JSON): only true/false are
// booleans, Go's ParseInt base 0 for integers (`017` is 15, `_` ignored),
// unquoted timestamps become RFC 3339 strings, annotations keep their raw
// scalar text (kustomize re-sets them as map[string]string).
// Hostile input is bounded: file size, nesting depth, and alias expansion by
// goyaml's own rule ("document contains excessive aliasing"). Aliases are
// resolved through one map built per document: the library's Alias.resolve
// walks the document each time, quadratic in the number of aliases.
import { LineCounter, visit, type Alias, type Document, type Node, type Scalar } from 'yaml';
import { isAlias, isMap, isNode, isPair, isScalar, isSeq } from '../../yaml/nodeTypes';
import type { Range } from '../../findings';
import { GoYamlSyntaxError, KustomizeError, ReaderError } from '../errors';
import { markEmptyNull, markStyled, noteOrigin, put, type Obj, type Value } from '../values';
import { goParseIntBase0, parseGoTimestamp } from './resolve11';
import { complexKeyPlaceholder, goSharpV, type GoValue } from './complexKey';
import { fastParseGuarded } from '../../yaml/fastParse';
import { MAX_NESTING, deepNestingAt, nestingMessage } from '../../yaml/nesting';
import { parseAllDocumentsGo } from '../../yaml/goyamlParse';
import { isTimestampRefusal, timestampMessage } from '../../yaml/timestamp';
import { goScalarValue, goyamlSyntaxError } from '../../yaml/goyamlErrors';
import { fastDecodeChunk } from './fastDecode';
import { blockAllowedV3 } from './emit';

export const LIMITS = { maxBytes: 16 * 1024 * 1024, maxDepth: MAX_NESTING };

/** How many repeated keys a document's error lists at most. */
const MAX_REPEATED_KEYS = 1000;

/**
 * goyaml's allowedAliasRatio: small documents may be 99% alias expansion,
 * documents of over 4,000,000 decoded nodes 10%, scaled linearly between.
 */
function allowedAliasRatio(decodeCount: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

/**
 * A scalar written as nothing at all (`k:`, `{k: }`, `[&a]`): null to
 * goyaml.v3. kustomize re-encodes each document before it decodes it into
 * interface{}, and go-yaml's emitter cannot write an empty plain scalar inside
 * a flow collection (yaml_emitter_analyze_scalar), so it quotes it: there it
 * decodes as "", in a block collection as null.
 */
function isAbsentScalar(n: Node | null): boolean {
  return n === null || (isScalar(n) && !n.tag && n.type === 'PLAIN' && n.source === '');
}

/** Every alias of the document → the node it names (the last one anchored before it, as YAML says). */
function aliasTargets(doc: Document): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  visit(doc, (_key, node) => {
    if (!isNode(node)) return;
    if (isAlias(node)) {
      const t = anchors.get(node.source);
      if (t) targets.set(node, t);
    } else if (node.anchor) anchors.set(node.anchor, node);
  });
  return targets;
}

// Annotation values are read as raw strings (kustomize stores them as strings),
// but in a patch `key: null` deletes: remember which were null.
const NULL_ANNOTATIONS = new WeakMap<Obj, Set<string>>();

/** Remembers that annotation `key` of `annotations` was null in the YAML. */
export function noteNullAnnotation(annotations: Obj, key: string): void {
  let keys = NULL_ANNOTATIONS.get(annotations);
  if (!keys) NULL_ANNOTATIONS.set(annotations, (keys = new Set()));
  keys.add(key);
}

/** Keys of a decoded metadata.annotations map whose YAML value was null. */
export function nullAnnotationKeys(annotations: Obj): ReadonlySet<string> | undefined {
  return NULL_ANNOTATIONS.get(annotations);
}

/** An error kustomize reports as is, not as a YAML syntax error of the file. */
export class UnmarshalError extends KustomizeError {}

export interface DecodedDoc {
  value: Value;
  range: Range;
  /**
   * The first string holding a character kustomize cannot carry through its
   * internal JSON → YAML round trip (Go's JSON writes DEL and C1 controls raw,
   * the YAML reader then refuses them): such a resource is an error.
   */
  control?: Range;
  /** The first mapping key that is a mapping or a sequence (complexKey.ts): kept under a placeholder key. */
  complexKey?: Range;
  /** That key as go-yaml v2 and v3 print it (`invalid map key: <Go's %#v>`), for a reader that refuses it. */
  complexKeyWords?: { v2: string; v3: string };
  /** The first mapping key go-yaml v3 reads as no string (`9000:`, `true:`): a resource holding one is refused (nonStringKeyMessage). */
  nonStringKey?: { range: Range; text: string; type: string };
}

/**
 * Why a resource with a mapping key go-yaml v3 reads as another type than a
 * string is refused. go-yaml decodes that mapping into map[interface {}]
 * interface {}, which kustomize's JSON writer cannot encode when it prints the
 * resource: `<the resource as Go's %#v>: json: unsupported type: map[interface
 * {}]interface {}`. kubectl apply reads the same file (it turns such keys into
 * strings); kustomize, and Argo CD or Flux through it, fail. The ConfigMap of
 * ingress-nginx's TCP services is the known case (`9000: "default/app:8080"`).
 */
export function nonStringKeyMessage(k: { text: string; type: string }): string {
  return `mapping key ${k.text} is not a string (go-yaml reads it as ${k.type}): kustomize fails to write the resource with json: unsupported type: map[interface {}]interface {}; quote the key: "${k.text}"`;
}

/**
 * Whether go-yaml v3 reads this plain mapping key as a string (the direct
 * decoder leaves the others to decode.ts). resolvePlainV3 hands back a plain
 * string itself, and a timestamp (a time.Time key to go-yaml) as another one,
 * its RFC 3339 text: no second look at the key on the direct decoder's path.
 */
export function plainKeyIsStringV3(key: string): boolean {
  return resolvePlainV3(key) === key;
}

/** The Go type go-yaml v3 decodes a mapping key into, when it is not a string. */
function goKeyType(n: Scalar, text: string): string | undefined {
  switch (n.tag) {
    case undefined:
      break;
    case 'tag:yaml.org,2002:int':
      return 'int';
    case 'tag:yaml.org,2002:float':
      return 'float64';
    case 'tag:yaml.org,2002:bool':
      return 'bool';
    case 'tag:yaml.org,2002:timestamp':
      return 'time.Time';
    default:
      return undefined;
  }
  if (n.type !== 'PLAIN') return undefined;
  // A null key (`~:`, an absent key) is not refused: kustomize builds with it (yaml-explicit-empty-key).
  return goKeyTypeV3(text, false);
}

/**
 * The Go type go-yaml v3 decodes an untagged plain mapping key into when it
 * is not a string (undefined for a string); a null one is 'nil' when `nulls`.
 */
export function goKeyTypeV3(text: string, nulls = true): string | undefined {
  const v = resolvePlainV3(text);
  // A timestamp resolves to its RFC 3339 text here (plainKeyIsStringV3), to a time.Time in go-yaml.
  if (typeof v === 'string') return v === text ? undefined : 'time.Time';
  if (v === null) return nulls ? 'nil' : undefined;
  if (typeof v === 'boolean') return 'bool';
  return goParseIntBase0(text.replace(/_/g, '')) !== undefined ? 'int' : 'float64';
}

export const UNREADABLE = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/;

export interface DecodedFile {
  docs: DecodedDoc[];
}

const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** goyaml.v3's resolution of an untagged plain scalar. */
export function resolvePlainV3(s: string): Value {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return Infinity;
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return -Infinity;
    case '.nan':
    case '.NaN':
    case '.NAN':
      return NaN;
  }
  const c = s[0]!;
  if (c === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? Number(s) : s;
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    const ts = parseGoTimestamp(s);
    if (ts !== undefined) return ts;
    const plain = s.replace(/_/g, '');
    const i = goParseIntBase0(plain);
    if (i !== undefined && i >= -(2n ** 63n) && i < 2n ** 64n) {
      return i >= BigInt(Number.MIN_SAFE_INTEGER) && i <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(i) : i;
    }
    if (FLOAT_RE.test(plain)) return Number(plain);
    if (/^-0b[01]+$/.test(plain)) return -Number('0b' + plain.slice(3));
  }
  return s;
}

/** An untagged plain scalar read the YAML 1.1 way (goyaml.v2 via sigs.k8s.io/yaml). */
export function resolvePlainV2(text: string): Value {
  // goyaml.v2 reads a plain timestamp into interface{} as its text.
  if (parseGoTimestamp(text) !== undefined) return text;
  // YAML 1.1 also reads yes/no/on/off/y/n as booleans.
  if (YAML11_TRUE.has(text)) return true;
  if (YAML11_FALSE.has(text)) return false;
  return resolvePlainV3(text);
}

function toRange(lc: LineCounter, start: number, end: number): Range {
  const a = lc.linePos(start);
  const b = lc.linePos(end);
  return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
}

class Decoder {
  control?: Range;
  complexKey?: Range;
  complexKeyWords?: { v2: string; v3: string };
  nonStringKey?: { range: Range; text: string; type: string };
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private targets?: Map<Alias, Node>;
  private outerAlias?: Alias;
  /** Anchored nodes being expanded (an alias inside its own anchor is a loop). */
  private expanding = new Set<Node>();
  /** Repeated mapping keys found so far (goyaml's unmarshal errors) and where the first is. */
  private repeated: string[] = [];
  private repeatedAt?: Range;
  constructor(
    private file: string,
    private lc: LineCounter,
    private doc: Document,
    private yaml11 = false,
    /** The text the node offsets refer to. */
    private text = '',
    /** Set once go-yaml's port was asked about the text and accepts it (see AskGoYaml). */
    private goyamlAccepts = false,
  ) {}

  /** A node whose anchor or alias name go-yaml would not scan whole: go-yaml decides (AskGoYaml). */
  private checkName(n: Node): void {
    if (this.goyamlAccepts) return;
    const name = isAlias(n) ? n.source : n.anchor;
    if (name !== undefined && !GO_ANCHOR_NAME.test(name)) throw new AskGoYaml(this.range(n));
  }

  /**
   * A plain scalar of a flow collection that go-yaml scans otherwise: there
   * `:` at the start is the value indicator and `?` ends a plain scalar (the
   * key indicator), so `[a, :b]` or `{a: b?c}` are refused (mostly 'did not
   * find expected node content') where the library read `:b`, `b?c`.
   */
  private checkFlowScalar(n: unknown): void {
    if (this.goyamlAccepts || !isScalar(n) || n.type !== 'PLAIN') return;
    const src = typeof n.source === 'string' ? n.source : '';
    if (src.startsWith(':') || src.includes('?')) throw new AskGoYaml(this.range(n));
  }

  /**
   * isAbsentScalar, through an alias: kustomize replaces each alias by a copy
   * of its anchored node before it re-encodes the document (kyaml's
   * DeAnchor), so the copy's place decides ("" in a flow collection).
   */
  private absent(n: Node | null): boolean {
    return isAbsentScalar(n && isAlias(n) ? (this.targets?.get(n) ?? n) : n);
  }

  /** The node an alias names; fails as goyaml does for an unknown anchor. */
  private target(n: Alias): Node {
    this.targets ??= aliasTargets(this.doc);
    const t = this.targets.get(n);
    // goyaml's parser names no line here (failf, not the parser's marks).
    if (!t) throw new ReaderError(`unknown anchor '${n.source}' referenced`, this.file, this.range(n));
    return t;
  }

  /** goyaml's count of decoded nodes, and its refusal of documents that are mostly alias expansion. */
  private count(n: Node | undefined): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      // Reported at the outermost alias being expanded (where the expansion began).
      const at = this.outerAlias ?? n;
      throw new ReaderError('yaml: document contains excessive aliasing', this.file, at ? this.range(at) : undefined);
    }
  }

  range(n: Node): Range {
    const r = n.range ?? [0, 0, 0];
    return toRange(this.lc, r[0], r[1]);
  }

  fail(n: Node | undefined, message: string): never {
    throw new KustomizeError(message, this.file, n ? this.range(n) : undefined);
  }

  value(n: Node | null | undefined, depth: number, rawStrings = false, ctx: '' | 'root' | 'meta' = ''): Value {
    this.count(n ?? undefined);
    // Nesting through aliases (the text itself was bounded by guardNesting).
    if (depth > LIMITS.maxDepth) throw new ReaderError(`yaml: ${nestingMessage()}`, this.file, n ? this.range(n) : undefined);
    if (n === null || n === undefined) return null;
    this.checkName(n);
    if (isAlias(n)) {
      const target = this.target(n);
      if (this.expanding.has(target)) throw new ReaderError(`yaml: anchor '${n.source}' value contains itself`, this.file, this.range(n));
      if (this.aliasDepth++ === 0) this.outerAlias = n;
      this.expanding.add(target);
      try {
        return this.value(target, depth + 1, rawStrings, ctx);
      } finally {
        this.expanding.delete(target);
        if (--this.aliasDepth === 0) this.outerAlias = undefined;
      }
    }
    if (isScalar(n)) {
      let text = n.value === null || n.value === undefined ? '' : String(n.value);
      // An escaped line break before a blank line: go-yaml's value (a line break; the library folds it into a space).
      if (n.type === 'QUOTE_DOUBLE' && n.range && ESCAPED_BREAK.test(this.text.slice(n.range[0], n.range[1]))) text = goScalarValue(this.text, n.range[0]) ?? text;
      if (this.control === undefined && UNREADABLE.test(text)) this.control = this.range(n);
      if (rawStrings) return n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED' ? this.blockText(n, text) : text;
      const tag = n.tag;
      if (tag) {
        switch (tag) {
          case 'tag:yaml.org,2002:timestamp': {
            // The library makes a Date of it; kustomize prints goyaml.v3's time
            // as RFC 3339, and goyaml.v2 (kustomizations) keeps the text.
            const src = typeof n.source === 'string' ? n.source : text;
            const ts = parseGoTimestamp(src);
            // goyaml.v2 refuses it too, its message naming no line ("invalid Kustomization: yaml: cannot decode …").
            if (ts === undefined && this.yaml11) throw new ReaderError(`yaml: ${timestampMessage(src)}`, this.file, this.range(n));
            if (this.yaml11) return src;
            if (ts === undefined) throw new UnmarshalError(`map[string]interface {}(nil): yaml: ${timestampMessage(src)}`, this.file, this.range(n));
            return ts;
          }
          case 'tag:yaml.org,2002:str':
          case 'tag:yaml.org,2002:binary':
            return text;
          case 'tag:yaml.org,2002:null':
            return null;
          case 'tag:yaml.org,2002:bool':
          case 'tag:yaml.org,2002:int':
          case 'tag:yaml.org,2002:float':
            return resolvePlainV3(text);
          default:
            return text;
        }
      }
      if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') return this.blockText(n, text);
      if (n.type !== 'PLAIN') return text;
      return this.yaml11 ? resolvePlainV2(text) : resolvePlainV3(text);
    }
    if (isSeq(n)) {
      const out: Value[] = [];
      n.items.forEach((item, i) => {
        if (n.flow) this.checkFlowScalar(isPair(item) ? item.key : item);
        // `!!omap`/`!!pairs`: the library holds pairs; goyaml a list of one-entry maps.
        if (isPair(item)) {
          const m: Obj = {};
          const kn = item.key as Node | null;
          put(m, kn === null ? 'null' : this.keyText(kn), this.value(item.value as Node | null, depth + 2));
          out.push(m);
          if (kn) noteOrigin(out, i, { file: this.file, range: this.range(kn), by: 'resource' });
          return;
        }
        // In a flow sequence an absent scalar (`[&a]`, `[!!str ]` aside) is "" (isAbsentScalar).
        const v = this.value(item as Node, depth + 1);
        out.push(v === null && n.flow && !this.yaml11 && this.absent(item as Node | null) ? '' : v);
        if (item) noteOrigin(out, i, { file: this.file, range: this.range(item as Node), by: 'resource' });
      });
      return out;
    }
    if (isMap(n)) {
      const out: Obj = {};
      const merges: Node[] = [];
      let mergeKeys = 0;
      // Keys first: goyaml.v3 checks a mapping's keys before it decodes any of its values.
      const keys = n.items.map((pair) => {
        const kn = pair.key as Node | null;
        if (n.flow) {
          this.checkFlowScalar(kn);
          this.checkFlowScalar(pair.value);
        }
        if (!this.goyamlAccepts && (kn === null || (isScalar(kn) && !kn.tag && kn.type === 'PLAIN' && kn.source === ''))) {
          const at = (kn ?? (pair.value as Node | null) ?? n) as Node;
          throw new AskGoYaml(this.range(at));
        }
        const key = kn === null ? 'null' : this.keyText(kn);
        if (key === '<<' && isScalar(kn) && kn.type === 'PLAIN') {
          // kyaml's DeAnchor takes one merge key a mapping (rnode.go getMergeTagValue).
          if (mergeKeys++ > 0 && !this.yaml11) this.fail(kn, 'duplicate merge key');
          if (pair.value) merges.push(pair.value as Node);
          return undefined;
        }
        return key;
      });
      // goyaml.v3 refuses a repeated key; the YAML 1.1 path (YAMLToJSON) keeps the last one.
      if (!this.yaml11 && this.repeatedKeys(n.items.map((pair) => pair.key as Node | null), keys)) return out;
      n.items.forEach((pair, i) => {
        const key = keys[i];
        if (key === undefined) return;
        const kn = pair.key as Node | null;
        const vn = pair.value as Node | null;
        // metadata.annotations values are kept verbatim (kustomize stores them as strings).
        let v =
          ctx === 'meta' && key === 'annotations'
            ? this.rawMap(vn, depth + 1)
            : this.value(vn, depth + 1, false, ctx === 'root' && key === 'metadata' ? 'meta' : '');
        // goyaml.v3 reads an absent value in a flow mapping (`{a, b: }`, a `!!set`) as "", in a block mapping as null.
        const flowEmpty = v === null && n.flow && !this.yaml11 && this.absent(vn);
        if (flowEmpty) v = '';
        put(out, key, v);
        if (flowEmpty || (v === null && (vn === null || (isScalar(vn) && vn.type === 'PLAIN' && vn.source === '')))) markEmptyNull(out, key);
        else if (typeof v === 'string' && isScalar(vn) && vn.type !== 'PLAIN') markStyled(out, key);
        const at = vn ?? kn;
        if (at) noteOrigin(out, key, { file: this.file, range: this.range(at), by: 'resource' });
      });
      for (const m of merges) {
        const srcs = isSeq(m) ? (m.items as Node[]) : [m];
        for (const s of srcs) {
          const mv = this.value(s, depth + 1);
          if (mv !== null && typeof mv === 'object' && !Array.isArray(mv)) {
            for (const k of Object.keys(mv)) if (!Object.hasOwn(out, k)) put(out, k, mv[k]!);
          } else this.fail(s, 'map merge requires map or sequence of maps as the value');
        }
      }
      return out;
    }
    return null;
  }

  /**
   * Every repeated key of a mapping, in goyaml.v3's words and order (each key
   * against every later one equal to it), kept for the document's error; a
   * mapping with one is not decoded further, as in goyaml. At most
   * MAX_REPEATED_KEYS are listed (hostile input: n equal keys make n²/2 pairs).
   */
  private repeatedKeys(nodes: (Node | null)[], keys: (string | undefined)[]): boolean {
    const at = new Map<string, number[]>();
    keys.forEach((k, i) => {
      if (k === undefined) return;
      const list = at.get(k);
      if (list) list.push(i);
      else at.set(k, [i]);
    });
    if (at.size === keys.filter((k) => k !== undefined).length) return false;
    // kustomize finds them when it decodes the re-encoded document into a map:
    // lines count within the document, blank lines gone.
    const line = (kn: Node | null): number => this.encodedLine(kn?.range?.[0] ?? 0);
    keys.forEach((k, i) => {
      if (k === undefined) return;
      for (const j of at.get(k)!) {
        if (j <= i || this.repeated.length >= MAX_REPEATED_KEYS) continue;
        const kn = nodes[j]!;
        this.repeatedAt ??= kn ? this.range(kn) : undefined;
        this.repeated.push(`line ${line(kn)}: mapping key "${k}" already defined at line ${line(nodes[i]!)}`);
      }
    });
    return true;
  }

  /** The document's repeated keys (goyaml's "unmarshal errors"), thrown once it is decoded. */
  throwRepeatedKeys(): void {
    if (this.repeated.length === 0) return;
    throw new UnmarshalError(`map[string]interface {}(nil): yaml: unmarshal errors:\n  ${this.repeated.join('\n  ')}`, this.file, this.repeatedAt);
  }

  /** 1-based line of `offset` in its document as go-yaml re-encodes it (without blank lines). */
  private encodedLine(offset: number): number {
    const before = this.text.slice(0, offset);
    const sep = /(^|\n)---[^\n]*\n(?![^]*\n---[^\n]*\n)/.exec(before);
    const start = sep ? sep.index + sep[0].length : 0;
    return before.slice(start).split('\n').filter((l, i, all) => i === all.length - 1 || l.trim() !== '').length;
  }

  /**
   * A block scalar whose last line ends the input without a line break has no
   * final line break to keep (goyaml), where the library adds one.
   */
  private blockText(n: Node, text: string): string {
    const start = n.range?.[0] ?? 0;
    const end = n.range?.[1] ?? 0;
    // A tab where go-yaml reads indentation: go-yaml refuses some (kustomize fails), the library reads content.
    if (!this.goyamlAccepts && this.text.slice(start, end).includes('\t')) throw new AskGoYaml(this.range(n));
    const last = this.text.charCodeAt(end - 1);
    let value = end > 0 && end === this.text.length && last !== 0x0a && last !== 0x0d && text.endsWith('\n') ? text.slice(0, -1) : text;
    // With an indentation indicator (`|2-`), go-yaml's value (lines of spaces past the indentation are content; the library drops some).
    if (INDENTATION_INDICATOR.test(this.text.slice(start, start + 3))) value = goScalarValue(this.text, start) ?? value;
    return isScalar(n) && n.type === 'BLOCK_FOLDED' && !this.yaml11 ? foldedV3(value) : value;
  }

  private rawMap(vn: Node | null, depth: number): Value {
    if (vn) this.checkName(vn);
    let n = vn;
    if (n && isAlias(n)) n = this.target(n);
    if (!n || !isMap(n)) return this.value(vn, depth);
    const out: Obj = {};
    for (const pair of n.items) {
      const kn = pair.key as Node | null;
      const key = kn === null ? 'null' : this.keyText(kn);
      const vn = pair.value as Node | null;
      const target = vn && isAlias(vn) ? this.target(vn) : vn;
      // kustomize holds annotations as map[string]string, from each value node's
      // text: a mapping or sequence (its keys never decoded) has none.
      const collection = target !== null && (isMap(target) || isSeq(target));
      put(out, key, collection ? '' : vn && isScalar(vn) ? this.value(vn, depth + 1, true) : this.value(vn, depth + 1));
      if (vn === null || (isScalar(vn) && this.value(vn, depth + 1) === null)) noteNullAnnotation(out, key);
      const at = vn ?? kn;
      if (at) noteOrigin(out, key, { file: this.file, range: this.range(at), by: 'resource' });
    }
    return out;
  }

  private keyText(kn: Node): string {
    let n = kn;
    this.count(kn);
    this.checkName(kn);
    if (isAlias(n)) n = this.target(n);
    if (isScalar(n)) {
      const text = n.value === null || n.value === undefined ? 'null' : String(n.value);
      if (!this.yaml11 && this.nonStringKey === undefined) {
        const type = goKeyType(n, text);
        if (type !== undefined) this.nonStringKey = { range: this.range(kn), text: typeof n.source === 'string' ? n.source : text, type };
      }
      return text;
    }
    // goyaml decodes the key before refusing it: a collection key inside it fails first.
    const failing = this.firstCollectionKey(n) ?? n;
    const range = this.range(failing);
    // The placeholder is for kyaml's readers (go-yaml v3); YAMLToJSON (v2) reads
    // scalars the YAML 1.1 way, an absent value as nil, every map as map[interface {}].
    const v3 = this.asVersion(false, () => this.goValue(failing));
    if (this.complexKey === undefined) {
      this.complexKey = range;
      this.complexKeyWords = { v2: `invalid map key: ${goSharpV(this.asVersion(true, () => this.goValue(failing)), 2)}`, v3: `invalid map key: ${goSharpV(v3)}` };
    }
    return complexKeyPlaceholder(v3, this.file, range);
  }

  /** `f()` with scalars read as go-yaml `v2` (YAML 1.1) or v3 does. */
  private asVersion<T>(v2: boolean, f: () => T): T {
    const saved = this.yaml11;
    this.yaml11 = v2;
    try {
      return f();
    } finally {
      this.yaml11 = saved;
    }
  }

  /** The first mapping key inside `node` that is a collection, in goyaml's decoding order. */
  private firstCollectionKey(node: Node | null): Node | undefined {
    let n = node;
    if (n && isAlias(n)) n = this.target(n);
    if (!n) return undefined;
    if (isSeq(n)) {
      for (const i of n.items) {
        const found = this.firstCollectionKey(isPair(i) ? (i.value as Node | null) : (i as Node | null));
        if (found) return found;
      }
    } else if (isMap(n)) {
      for (const p of n.items) {
        let k = p.key as Node | null;
        if (k && isAlias(k)) k = this.target(k);
        if (k && (isMap(k) || isSeq(k))) return this.firstCollectionKey(k) ?? k;
        const found = this.firstCollectionKey(p.value as Node | null);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** A node as goyaml.v3 decodes it into interface{} (in a flow mapping an absent value is ""). */
  private goValue(node: Node | null, inFlowMap = false): GoValue {
    let n = node;
    if (n && isAlias(n)) n = this.target(n);
    if (n === null || n === undefined) return inFlowMap && !this.yaml11 ? { t: 'str', v: '' } : { t: 'nil' };
    if (isSeq(n)) return { t: 'seq', items: n.items.map((i) => this.goValue(isPair(i) ? (i.value as Node | null) : (i as Node | null))) };
    if (isMap(n)) {
      const flow = n.flow === true;
      return { t: 'map', entries: n.items.map((p) => [this.goValue(p.key as Node | null), this.goValue(p.value as Node | null, flow)]) };
    }
    if (!isScalar(n)) return { t: 'nil' };
    const v = this.value(n, 0);
    if (v === null) return inFlowMap && !this.yaml11 && !n.tag && n.type === 'PLAIN' && n.source === '' ? { t: 'str', v: '' } : { t: 'nil' };
    if (typeof v === 'boolean') return { t: 'bool', v };
    if (typeof v === 'bigint') return { t: 'int', v: v.toString() };
    if (typeof v === 'number') {
      const src = String(n.source ?? '').replace(/_/g, '');
      return /^[-+]?(0[xX][0-9a-fA-F]+|0[oObB]?[0-7]+|[0-9]+)$/.test(src) ? { t: 'int', v: String(v) } : { t: 'float', v };
    }
    return { t: 'str', v: String(v) };
  }
}

/**
 * Parse every document of a YAML file. `yaml11`: resolve plain scalars the
 * YAML 1.1 way, as kustomize does for text it converts with YAMLToJSON
 * (JSON 6902 patches written in YAML).
 */
export function decodeYaml(text: string, file: string, yaml11 = false): DecodedFile {
  if (text.length > LIMITS.maxBytes) {
    throw new KustomizeError(`file too large: ${text.length} bytes (limit ${LIMITS.maxBytes})`, file);
  }
  guardNesting(text, file);
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocumentsGo(text, {
      lineCounter,
      schema: 'failsafe',
      prettyErrors: false,
      uniqueKeys: false,
      strict: false,
    });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    throw new KustomizeError(`cannot parse YAML: ${(e as Error).message}`, file);
  }
  // go-yaml accepts a lone `-` as a plain scalar inside flow collections
  // (`[a, -]`); the YAML spec (and our parser) do not. Quote it and retry.
  if (docs.some((d) => d.errors.some((e) => /Block collections are not allowed within flow collections/.test(e.message)))) {
    // Offsets in the fixed text of each inserted quote pair, to map positions back.
    const inserted: number[] = [];
    const fixed = text.replace(/([[,]\s*)-(?=\s*[,\]])/g, (_m, lead: string, offset: number) => {
      inserted.push(offset + lead.length + inserted.length * 2);
      return `${lead}"-"`;
    });
    if (fixed !== text) {
      const again = parseAllDocumentsGo(fixed, { schema: 'failsafe', prettyErrors: false, uniqueKeys: false, strict: false });
      const docs2 = Array.isArray(again) ? again : [];
      if (!docs2.some((d) => d.errors.length)) {
        // Positions are reported against the original text.
        const lc = new LineCounter();
        lc.addNewLine(0);
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
        const toOriginal = (off: number): number => {
          let shift = 0;
          for (const at of inserted) {
            if (off > at + 2) shift += 2;
            else if (off > at) shift += off - at;
          }
          return off - shift;
        };
        const linePos = lc.linePos.bind(lc);
        lc.linePos = (off: number) => linePos(toOriginal(off));
        return decodeDocs(docs2, lc, file, yaml11, fixed);
      }
    }
  }
  return decodeDocs(docs, lineCounter, file, yaml11, text);
}

const FAILSAFE = { schema: 'failsafe', prettyErrors: false, uniqueKeys: false, strict: false } as const;

/**
 * The documents of one `---` chunk of a file whose first line is
 * `firstLine`, decoded with the file's line numbers; undefined when the
 * chunk alone does not parse cleanly (the caller then decodes the whole file,
 * which reports errors in the whole file's terms). Decoder errors (a repeated
 * key) are thrown as decodeYaml would. Plain Kubernetes YAML takes the fast
 * path (server/src/yaml/fastParse.ts builds the library's own nodes); the rest the
 * library's parser. Without `origins` the fast path notes no value's position
 * (what RenderCache's `origins: false` is for); the library's path still does.
 */
export function decodeChunk(text: string, file: string, yaml11: boolean, firstLine: number, origins = true): DecodedDoc[] | undefined {
  // Most chunks: values straight from the text, no yaml nodes built (fastDecode.ts).
  const direct = fastDecodeChunk(text, file, firstLine, yaml11, origins);
  if (direct) return direct;
  return decodeChunkNodes(text, file, yaml11, firstLine);
}

/** decodeChunk through the yaml library's nodes (built by the fast parser, else by the library). */
export function decodeChunkNodes(text: string, file: string, yaml11: boolean, firstLine: number): DecodedDoc[] | undefined {
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  // Only the text the fast parser leaves to the library is scanned by the guard.
  const fast = fastParseGuarded(text, 0, text.length, FAILSAFE);
  if (fast) {
    docs = [fast];
    lc.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  } else {
    guardNesting(text, file, firstLine);
    const parsed = parseAllDocumentsGo(text, { lineCounter: lc, ...FAILSAFE });
    docs = Array.isArray(parsed) ? parsed : [];
  }
  if (docs.length === 0 || docs.some((d) => d.errors.length > 0)) return undefined;
  // Chunks start at a line start: only line numbers move, columns stay.
  const linePos = lc.linePos.bind(lc);
  lc.linePos = (off: number) => {
    const p = linePos(off);
    return { line: p.line + firstLine, col: p.col };
  };
  try {
    return decodeDocs(docs, lc, file, yaml11, text, true).docs;
  } catch (e) {
    if (e instanceof AskGoYaml) return undefined;
    throw e;
  }
}

/**
 * Text the yaml library reads and go-yaml may refuse, rare enough that
 * go-yaml's port (the error path's) is asked only then; a chunk of a file is
 * handed back to the whole-file decode, whose line numbers are the file's.
 * - A mapping key that is empty (`: web`, `{: web}`): the library reads it as
 *   the key "", go-yaml refuses most such texts ('did not find expected key',
 *   'did not find expected node content'), so kustomize never renders them.
 * - An anchor or alias name go-yaml does not scan: its names are ASCII
 *   letters, digits, `_` and `-` (scannerc.go's is_alpha), the library's any
 *   character but blanks and `,[]{}` (`&a.b`, `*é`); go-yaml then fails with
 *   'did not find expected alphabetic or numeric character'.
 * - A block scalar holding a tab: go-yaml refuses a tab after the leading
 *   spaces of a line while the block's indentation is not yet known (its
 *   first line, or blank lines before it, when there is no indentation
 *   indicator; any line inside the indentation when there is one) with
 *   'found a tab character where an indentation space is expected', where
 *   the library reads the tab as content (`Makefile: |` over a recipe line).
 */
class AskGoYaml extends Error {
  constructor(readonly at: Range) {
    super('text go-yaml may refuse');
  }
}

/** An escaped line break followed by a blank line (spaces or tabs only), in a double-quoted scalar's source. */
const ESCAPED_BREAK = /\\\r?\n[ \t]*\r?\n/;

/** A block scalar header with an indentation indicator (`|2`, `>-4`, `|1+`). */
const INDENTATION_INDICATOR = /^[|>](?:[1-9]|[-+][1-9])/;

/** An anchor or alias name go-yaml's scanner reads whole. */
const GO_ANCHOR_NAME = /^[0-9A-Za-z_-]+$/;

function decodeDocs(docs: Document.Parsed[], lineCounter: LineCounter, file: string, yaml11: boolean, text: string, chunk = false): DecodedFile {
  const out: DecodedDoc[] = [];
  for (const doc of docs) {
    // A !!timestamp that is no time: the decoder refuses it below, in goyaml's words.
    const err = doc.errors.find((e) => !isTimestampRefusal(e));
    if (err) {
      const range = toRange(lineCounter, err.pos[0], err.pos[1]);
      // The error path only: go-yaml's words (what kustomize prints) when go-yaml fails too, else the library's.
      const words = goyamlSyntaxError(text, yaml11);
      if (words) throw new GoYamlSyntaxError(words, file, range);
      throw new KustomizeError(`yaml: ${err.message.split('\n')[0]}`, file, range);
    }
    let d = new Decoder(file, lineCounter, doc, yaml11, text);
    const root = doc.contents as Node | null;
    let value: Value;
    try {
      try {
        value = rootValue(d, root);
      } catch (e) {
        if (!(e instanceof AskGoYaml) || chunk) throw e;
        const words = goyamlSyntaxError(text, yaml11);
        if (words) throw new GoYamlSyntaxError(words, file, e.at);
        d = new Decoder(file, lineCounter, doc, yaml11, text, true);
        value = rootValue(d, root);
      }
    } catch (e) {
      if (e instanceof RangeError) throw new ReaderError(`yaml: ${nestingMessage()}`, file, toRange(lineCounter, doc.range[0], doc.range[0]));
      throw e;
    }
    const r = doc.range;
    out.push({ value, range: toRange(lineCounter, r[0], r[1]), ...(d.control ? { control: d.control } : {}), ...(d.complexKey ? { complexKey: d.complexKey, complexKeyWords: d.complexKeyWords } : {}), ...(d.nonStringKey ? { nonStringKey: d.nonStringKey } : {}) });
  }
  return { docs: out };
}

function rootValue(d: Decoder, root: Node | null): Value {
  const v = d.value(root, 0, false, 'root');
  d.throwRepeatedKeys();
  return v;
}

/** Deep nesting is refused before the (recursive) parser sees it, at the place it passes the limit. */
function guardNesting(text: string, file: string, firstLine = 0): void {
  const at = deepNestingAt(text);
  if (at < 0) return;
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  const r = toRange(lc, at, at + 1);
  r.start.line += firstLine;
  r.end.line += firstLine;
  throw new ReaderError(`yaml: ${nestingMessage()}`, file, r);
}

/**
 * A folded block scalar as kustomize renders it: the spec's value (the
 * library's, which goyaml.v3 reads too) after goyaml.v3 has written it as a
 * folded scalar and read it back, as kustomize does with every resource.
 * Its writer puts a second line break after a line that does not start with a
 * blank whenever the value's first character that is not a line break is not
 * blank (yaml_emitter_write_folded_scalar looks from the value's start, not
 * from the next line), where the spec's writer does so only before a line
 * that does not start with a blank either. Read back:
 *  - a more-indented line (starting with a space or a tab) after one that is
 *    not gets one more line break before it: `>` over `a`, `  c` is
 *    "a\n\n  c\n" (grafana-operator's dashboards: `json: >` with JSON indented
 *    below its brace);
 *  - a value kept whole (`>+`, two or more final line breaks) whose last line
 *    does not start with a blank gets one more final line break;
 *  - when the value starts with a blank (`>2` over a more-indented first
 *    line), no line break is added anywhere, and a single line break between
 *    two lines that do not start with a blank folds into a space (n of them
 *    into n - 1).
 * A value the writer may not write as a block scalar (a space before a line
 * break or at the end, a character it does not print; a tab is allowed) is
 * written double-quoted instead and comes back unchanged: kyverno's policies
 * (`expression: >-` over CEL lines ending in `+ `) rendered with line breaks
 * kustomize does not print. goyaml.v2 (kustomization files) reads the spec's
 * value and writes nothing back.
 */
export function foldedV3(value: string): string {
  const c0 = value.charCodeAt(0);
  if (!(c0 === 0x20 || c0 === 0x09 || value.includes('\n ') || value.includes('\n\t') || value.endsWith('\n\n'))) return value;
  if (!blockAllowedV3(value)) return value;
  // Runs of line breaks and the lines between them, in order.
  const parts = value.match(/\n+|[^\n]+/g) ?? [];
  const normal = (line: string): boolean => line[0] !== ' ' && line[0] !== '\t';
  const firstLine = parts.find((p) => p[0] !== '\n');
  const extra = firstLine !== undefined && normal(firstLine) ? 1 : 0;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const before = parts[i - 1];
    if (part[0] !== '\n' || before === undefined) {
      out += part; // a line, or the line breaks before the first one (written and read as they are)
      continue;
    }
    const after = parts[i + 1];
    if (after === undefined) {
      // The final line breaks: the writer's second one stays only where the value is kept whole.
      out += part.length >= 2 && normal(before) ? part + '\n'.repeat(extra) : part;
    } else if (!normal(before)) {
      out += part;
    } else {
      const written = part.length + extra;
      // Read back between two lines that do not start with a blank, the first line break folds (into a space when it is alone).
      out += normal(after) ? (written === 1 ? ' ' : '\n'.repeat(written - 1)) : '\n'.repeat(written);
    }
  }
  return out;
}
