// Name-suffix hash of generated ConfigMaps/Secrets (kustomize api/hasher):
// SHA-256 of Go's json.Marshal of {data, kind, name:"" …}, first 10 hex
// characters with 0→g 1→h 3→k a→m e→t.
import { sha256Hex } from '../digest';
import { isObj, type Obj, type Value } from '../values';
import { compareUtf8 } from '../utf8Order';

/** encoding/json's string escaping (HTML-safe: <, >, & and U+2028/U+2029 as \u escapes). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

/** json.Marshal of generic data (maps with sorted keys). */
export function goJson(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return '[' + v.map(goJson).join(',') + ']';
  const keys = Object.keys(v).sort(compareUtf8);
  return '{' + keys.map((k) => goJsonString(k) + ':' + goJson(v[k]!)).join(',') + '}';
}

export function encodeHash(hex: string): string {
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return Array.from(hex.slice(0, 10), (c) => map[c] ?? c).join('');
}

export function hashOf(obj: Obj): string {
  const kind = obj.kind;
  const field = (k: string): Value => (obj[k] === undefined ? '' : obj[k]!);
  let m: Obj;
  if (kind === 'ConfigMap') {
    m = { kind: 'ConfigMap', name: '', data: field('data') };
    if (isObj(obj.binaryData)) m.binaryData = obj.binaryData;
  } else if (kind === 'Secret') {
    m = { kind: 'Secret', type: field('type'), name: '', data: field('data') };
    if (isObj(obj.stringData)) m.stringData = obj.stringData;
  } else {
    m = obj;
  }
  return encodeHash(sha256Hex(goJson(m)));
}
