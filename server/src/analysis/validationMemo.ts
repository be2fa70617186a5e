// Schema validation of a re-rendered environment, reusing the problems of
// the objects that rendered exactly as before. After an edit of one
// resource file the language server renders every environment that reads it
// again, and every other object of each environment comes out the same: its
// schema walk (a tenth of a warm edit's CPU) gave the same problems last time.
//
// The schema validator reads nothing but the object's JSON value (the
// Kubernetes version aside, part of the memo): types, strings, numbers,
// booleans, keys in their order, list lengths. An object is reused only when
// it equals the one validated last time in all of these (Object.is on every
// scalar: NaN equals NaN, -0 differs from 0), at any depth the validator
// looks at; anything else is validated again. The previous render's objects
// are never changed after their render (every render builds fresh objects:
// copies of the build memo's, clones of parsed documents), and an object that
// is the very same one as before is validated again rather than trusted.
import type { RenderedResource } from '../kustomize/model';
import type { ObjectValidator } from './environment';

type Problems = ReturnType<ObjectValidator>;

export interface ValidationMemo {
  kubernetesVersion: string;
  /** The previous render's objects by apiVersion, kind, namespace and name (the first of each). */
  byId: Map<string, { object: unknown; problems: Problems }>;
}

/** Deeper than the validator walks (schema/walk.ts MAX_DEPTH): not compared, validated again. */
const MAX_DEPTH = 100;

/**
 * `validate` over one render, answering from `previous` what it can; with
 * `sameIsUnchanged` (a render that shares the previous one's objects it did not
 * copy, scalarEdit.ts), the very same object is known unchanged. `memo()`
 * is the memo of this render (for the next one), once every object was asked.
 */
export function reusingValidation(validate: ObjectValidator, previous: ValidationMemo | undefined, sameIsUnchanged = false): { validate: ObjectValidator; memo: () => ValidationMemo | undefined } {
  let next: ValidationMemo | undefined;
  // sameJson reads an object's keys as Object.keys: the validator's for-in sees the same only
  // while Object.prototype has no enumerable key (never, unless something polluted it: then nothing is reused).
  const reuse = !hasEnumerableKey(Object.prototype);
  const run: ObjectValidator = (r, kubernetesVersion) => {
    if (!next || next.kubernetesVersion !== kubernetesVersion) next = { kubernetesVersion, byId: new Map() };
    const id = idOf(r);
    const before = reuse && previous?.kubernetesVersion === kubernetesVersion ? previous.byId.get(id) : undefined;
    const problems = before && ((sameIsUnchanged && before.object === r.object) || sameJson(before.object, r.object, 0)) ? before.problems : validate(r, kubernetesVersion);
    if (!next.byId.has(id)) next.byId.set(id, { object: r.object, problems });
    // A copy: the caller owns the list it gets.
    return [...problems];
  };
  return { validate: run, memo: () => next };
}

function idOf(r: RenderedResource): string {
  const o = r.object;
  const md = o.metadata !== null && typeof o.metadata === 'object' ? (o.metadata as Record<string, unknown>) : {};
  return `${String(o.apiVersion)}\0${String(o.kind)}\0${String(md.namespace)}\0${String(md.name)}`;
}

function hasEnumerableKey(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** Whether the validator sees the same value in `a` and `b` (see above). */
function sameJson(a: unknown, b: unknown, depth: number): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  // The very same object: not known to be unchanged since it was validated.
  if (a === b || depth > MAX_DEPTH) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // The keys as the validator enumerates them (for-in), in the same order, with the same values.
  // For `b` they are Object.keys(b) when it inherits from Object.prototype alone (which has no
  // enumerable key, see reusingValidation): one key array per object instead of a second for-in
  // pushing onto a shared stack, a third less time over a platform render's 189 objects (min of
  // 15 x 100 comparisons: 0.31-0.35 ms against 0.46-0.78 ms).
  if (Object.getPrototypeOf(b) !== Object.prototype) return false;
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  const keys = Object.keys(ob);
  let n = 0;
  for (const k in oa) {
    if (keys[n] !== k) return false;
    n++;
  }
  if (n !== keys.length) return false;
  for (let j = 0; j < n; j++) {
    const k = keys[j]!;
    if (!sameJson(oa[k], ob[k], depth + 1)) return false;
  }
  return true;
}
