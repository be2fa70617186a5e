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
 * milliseconds for it).
 */
const ANCHORED_LITERAL = /^\^\(\?:([A-Za-z0-9_-]*)\)\$$/;

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
    if (literal !== undefined) re = { test: (s: string) => s === literal };
    else re = compileRe2(pattern);
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
