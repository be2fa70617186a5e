// Go regular expressions, as kustomize compiles them (patch targets, selectors,
// `images` names, replacement paths `[field=value]`). They come from the
// user's files, so they must not run on a backtracking engine: `(a+)+$` would
// take exponential time in JavaScript's RegExp. re2js is a port of RE2, the
// linear-time engine Go's regexp implements, with the same syntax and the
// same error messages ("error parsing regexp: …").
import { RE2JS } from 're2js';

export interface GoRegexp {
  /** Unanchored search, as Go's MatchString. */
  test(s: string): boolean;
}

/** Thrown with Go's own compile error text. */
export class GoRegexpError extends Error {}

// Each pattern is compiled once: every resource is tested against every target on each render.
const compiled = new Map<string, GoRegexp | GoRegexpError>();
const MAX_CACHED = 1024;

/**
 * An anchored selector field without any metacharacter (`^(?:web)$`, what
 * nearly every patch target is) matches exactly its own text: tested by
 * equality, without starting re2js's compiler (a cold render paid
 * milliseconds for it). With dots, whose only metacharacter is then `.` (any
 * character but a line break: an API group, `^(?:rbac.authorization.k8s.io)$`,
 * or a dotted name), character by character (dottedLiteral): loading and
 * starting re2js for such a target was about 5% of a render of argo-cd's HA
 * install.
 */
const ANCHORED_LITERAL = /^\^\(\?:([A-Za-z0-9_.-]*)\)\$$/;
const SURROGATE = /[\ud800-\udfff]/;

/**
 * Go's match of `^(?:lit)$` for `lit` of ASCII letters, digits, `_`, `-` and
 * `.`: one character of the text per character of `lit`, `.` any but `\n`.
 * Go's `.` is one code point: text with a surrogate goes to re2js (a lone one
 * is not a code point Go would see).
 */
function dottedLiteral(pattern: string, lit: string): GoRegexp {
  let re2: GoRegexp | undefined;
  // Letters, digits, `_`, `-` and `.` always compile.
  const go = (s: string): boolean => (re2 ??= compileRe2(pattern) as GoRegexp).test(s);
  return {
    test(s: string): boolean {
      // A text of more units than `lit` may still match when some are pairs (one code point each).
      if (s.length !== lit.length) return s.length > lit.length && SURROGATE.test(s) && go(s);
      for (let i = 0; i < lit.length; i++) {
        const p = lit.charCodeAt(i);
        const c = s.charCodeAt(i);
        if (p === 0x2e) {
          if (c === 0x0a) return false;
          if (c >= 0xd800 && c <= 0xdfff) return go(s);
        } else if (c !== p) return false;
      }
      return true;
    },
  };
}

function compileRe2(pattern: string): GoRegexp | GoRegexpError {
  try {
    const r = RE2JS.compile(pattern);
    return { test: (s: string) => r.test(s) };
  } catch (e) {
    return new GoRegexpError(e instanceof Error ? e.message : String(e));
  }
}

/** Compiles `pattern` with Go's syntax; throws GoRegexpError with Go's message when it does not compile. */
export function compileGo(pattern: string): GoRegexp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    const literal = ANCHORED_LITERAL.exec(pattern)?.[1];
    if (literal === undefined) re = compileRe2(pattern);
    else if (literal.includes('.')) re = dottedLiteral(pattern, literal);
    else re = { test: (s: string) => s === literal };
    // Patterns come from the user's files: keep the cache bounded.
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(pattern, re);
  }
  if (re instanceof GoRegexpError) throw re;
  return re;
}

/** Go's compile error for `pattern`, or undefined when it compiles. */
export function goRegexpError(pattern: string): string | undefined {
  try {
    compileGo(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** kustomize's anchorRegex: `^(?:pattern)$`. */
export const anchorRegex = (p: string): string => `^(?:${p})$`;
