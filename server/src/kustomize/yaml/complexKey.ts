// A mapping key that is itself a mapping or a sequence (`x: {{ .tpl }}`, a
// helm template left in a manifest; `? [a, b]`). goyaml reads it into its node
// tree, so kustomize loads such a resource and builds with it; only when it
// encodes the resource as JSON (its output, resWrangler.AsYaml) does decoding
// into a Go map fail: `map[string]interface {}(nil): yaml: invalid map key:
// <the key as Go's %#v prints it>`. The decoder stores the pair under a
// placeholder key that carries that message and where the key is, and the
// build reports the first one left in the output.
import type { Range } from '../../findings';
import { goQuote } from '../goQuote';
import { isObj, type Value } from '../values';

/** A decoded key as Go holds it: what %#v needs to print it. */
export type GoValue =
  | { t: 'nil' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: string }
  | { t: 'float'; v: number }
  | { t: 'str'; v: string }
  | { t: 'seq'; items: GoValue[] }
  | { t: 'map'; entries: [GoValue, GoValue][] };

/** Go's %v of a float64 (strconv 'g', shortest: exponent form below 1e-4 and from 1e6). */
function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, e] = x.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(x);
}

/**
 * Go's %#v of a value decoded into interface{} (maps print sorted by key):
 * go-yaml v3 makes map[string]interface {} when every key is a string, v2
 * always map[interface {}]interface {}.
 */
export function goSharpV(g: GoValue, version: 2 | 3 = 3): string {
  switch (g.t) {
    case 'nil':
      return 'interface {}(nil)';
    case 'bool':
      return String(g.v);
    case 'int':
      return g.v;
    case 'float':
      return goFloat(g.v);
    case 'str':
      return goQuote(g.v);
    case 'seq':
      return `[]interface {}{${g.items.map((x) => goSharpV(x, version)).join(', ')}}`;
    case 'map': {
      const allStrings = version === 3 && g.entries.every(([k]) => k.t === 'str');
      const entries = g.entries.map(([k, v]) => [goSharpV(k, version), goSharpV(v, version)] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return `map[${allStrings ? 'string' : 'interface {}'}]interface {}{${entries.map(([k, v]) => `${k}:${v}`).join(', ')}}`;
    }
  }
}

const MARK = '\u0000complex-key';

export interface ComplexKey {
  message: string;
  file: string;
  range: Range;
}

/** The placeholder key of a collection key (unique per place: it names the range). */
export function complexKeyPlaceholder(key: GoValue, file: string, range: Range): string {
  const message = `map[string]interface {}(nil): yaml: invalid map key: ${goSharpV(key)}`;
  return `${MARK}${JSON.stringify({ message, file, range })}`;
}

/** The first placeholder key in `v`, in document order (goyaml decodes depth first). */
export function firstComplexKey(v: Value): ComplexKey | undefined {
  if (Array.isArray(v)) {
    for (const x of v) {
      const found = firstComplexKey(x);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObj(v)) return undefined;
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith(MARK)) return JSON.parse(k.slice(MARK.length)) as ComplexKey;
    const found = firstComplexKey(x);
    if (found) return found;
  }
  return undefined;
}
