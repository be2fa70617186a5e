// Scalar resolution of the two Go YAML libraries kustomize chains together:
// goyaml.v3 reads the inputs (YAML 1.2-ish: only true/false are booleans, but
// Go's ParseInt base 0 makes `017` octal and strips `_`), goyaml.v2 writes the
// output (YAML 1.1: yes/no/on/off/y/n are booleans, so such strings are quoted).

const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const V2_SPECIAL = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

/** Go's strconv.ParseInt/ParseUint(s, 0, 64) syntax (range ignored: out-of-range decimals are floats anyway). */
export function goParseIntBase0(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  let v: bigint;
  if (/^0[oO]/.test(body)) v = BigInt('0o' + body.slice(2));
  else if (/^0[0-7]+$/.test(body)) v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  return m[1] === '-' ? -v : v;
}

const daysIn = (y: number, mo: number): number => new Date(Date.UTC(y, mo, 0)).getUTCDate();

export interface GoTime {
  /** RFC3339Nano as Go's time.Time marshals it. */
  text: string;
}

/** goyaml's parseTimestamp with Go's time.Parse validation; returns the RFC3339Nano rendering. */
export function parseGoTimestamp(s: string): string | undefined {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?))?$/.exec(
      s,
    );
  if (!m) return undefined;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  const h = m[4] ?? m[9];
  const mi = m[5] ?? m[10];
  const se = m[6] ?? m[11];
  const frac = m[7] ?? m[12] ?? '';
  const zone = m[8] ?? 'Z';
  if (h !== undefined && (+h > 23 || +mi! > 59 || +se! > 59)) return undefined;
  const p2 = (n: string | number): string => String(n).padStart(2, '0');
  let f = frac.replace(/0+$/, '');
  if (f === '.') f = '';
  return `${m[1]}-${p2(mo)}-${p2(d)}T${p2(h ?? 0)}:${p2(mi ?? 0)}:${p2(se ?? 0)}${f}${zone === '+00:00' ? '+00:00' : zone}`;
}

/** Would goyaml.v2 read this plain scalar as something other than a string? (encode.go stringv) */
export function resolvesToNonString(s: string): boolean {
  if (V2_SPECIAL.has(s)) return true;
  const c = s[0];
  if (c === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (c === '+' || c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
    if (parseGoTimestamp(s) !== undefined) return true;
    const plain = s.replace(/_/g, '');
    if (goParseIntBase0(plain) !== undefined || FLOAT_RE.test(plain)) return true;
    if (/^-0b/.test(plain) && /^[01]+$/.test(plain.slice(3))) return true;
    return BASE60_RE.test(s);
  }
  return false;
}

/**
 * A number as goyaml.v2 prints it after the JSON round trip: integers as
 * integers; other floats with strconv.FormatFloat(f, 'g', -1, 64).
 */
export function goFormatFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    // Go's JSON writes such a float in decimal (shortest digits, as JS does);
    // goyaml.v2 reads that back as an int64/uint64 when it fits, else as a float.
    if (Object.is(n, -0)) return '0';
    const dec = n.toString();
    const big = BigInt(dec);
    if (big >= -(2n ** 63n) && big < 2n ** 64n) return dec;
  }
  const [mant, expS] = n.toExponential().split('e') as [string, string];
  const exp = Number(expS);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const frac = digits.slice(1);
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac ? '.' + frac : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  // %f with exactly the significant digits.
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return sign + digits + '0'.repeat(dp - digits.length);
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
