// Whether a live object still is what the environment renders, from the
// object alone (what a watch delivers), without asking the server: every
// field the render sets must have the same value live. Fields the render does
// not set are someone else's (defaults, status, controllers, other field
// managers) and are ignored, as are `spec.replicas` of a workload an HPA
// scales and Secret values (compared by digest only, never printed).
// Pure: objects in, verdict out.
import { FIELD_MANAGER } from './apply';
import { PART_OF } from './applyset';
import { isSecret, secretDigest } from './revisions';
import { parseQuantity } from '../../../shared/quantity';

export type DriftState = 'in-sync' | 'drifted' | 'missing' | 'not-ours';

export interface Drift {
  state: DriftState;
  /** Drifted: the paths (as segments) whose live value differs from the render, in render order. */
  fields: (string | number)[][];
}

export interface DriftOptions {
  /** The environment's applyset id: a live object without it was not deployed by this environment. */
  applySetId: string;
  /** Set when an HPA of the environment scales this object: its spec.replicas is the HPA's. */
  scaledByHpa?: boolean;
}

type Obj = Record<string, unknown>;

/** Ours: labelled with the environment's applyset and applied by thebot (as applyset.ts prunes). */
export function isOurs(live: Obj, applySetId: string): boolean {
  const meta = (live.metadata ?? {}) as { labels?: Record<string, string>; managedFields?: { manager?: string; operation?: string }[] };
  return meta.labels?.[PART_OF] === applySetId && (meta.managedFields ?? []).some((f) => f.manager === FIELD_MANAGER && f.operation === 'Apply');
}

export function driftOf(desired: Obj, live: Obj | undefined, o: DriftOptions): Drift {
  if (!live) return { state: 'missing', fields: [] };
  if (!isOurs(live, o.applySetId)) return { state: 'not-ours', fields: [] };
  const fields: (string | number)[][] = [];
  if (isSecret(desired)) {
    if (secretDigest(desired) !== secretDigest(live)) fields.push(['data']);
    compare(strip(desired, ['data', 'stringData']), live, [], fields, o);
  } else {
    compare(desired, live, [], fields, o);
  }
  return { state: fields.length ? 'drifted' : 'in-sync', fields };
}

function strip(o: Obj, keys: string[]): Obj {
  const copy = { ...o };
  for (const k of keys) delete copy[k];
  return copy;
}

const SKIP_TOP = new Set(['status']);

function compare(want: unknown, have: unknown, path: (string | number)[], out: (string | number)[][], o: DriftOptions): void {
  if (path.length === 1 && SKIP_TOP.has(String(path[0]))) return;
  if (o.scaledByHpa && path.length === 2 && path[0] === 'spec' && path[1] === 'replicas') return;
  // Empty and zero values are omitted by the server (Go's omitempty): absent live is the same.
  if (have === undefined && isEmpty(want)) return;
  if (Array.isArray(want)) {
    if (!Array.isArray(have)) return void out.push(path);
    // Lists of keyed items (containers, env, ports, volumes by name; volume
    // mounts by mountPath) are matched by key, as the server merges them;
    // other lists are atomic.
    const key = mergeKey(want, have);
    if (key) {
      want.forEach((w, i) => {
        const match = have.find((h) => (h as Obj)[key] === (w as Obj)[key]);
        if (match === undefined) out.push([...path, i]);
        else compare(w, match, [...path, i], out, o);
      });
      return;
    }
    if (want.length !== have.length) return void out.push(path);
    want.forEach((w, i) => compare(w, have[i], [...path, i], out, o));
    return;
  }
  if (isObj(want)) {
    if (!isObj(have)) return void out.push(path);
    for (const [k, v] of Object.entries(want)) {
      if (v === null || v === undefined) continue;
      compare(v, have[k], [...path, k], out, o);
    }
    return;
  }
  if (!sameScalar(want, have, path)) out.push(path);
}

function isEmpty(v: unknown): boolean {
  return v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
}

/** The field keyed lists of this shape merge on, when every item has a distinct one. */
function mergeKey(want: unknown[], have: unknown[]): string | undefined {
  for (const key of ['mountPath', 'name']) {
    const keys = want.map((w) => (isObj(w) ? w[key] : undefined));
    if (keys.every((k) => typeof k === 'string') && new Set(keys).size === keys.length && have.every((h) => isObj(h) && typeof h[key] === 'string')) return key;
  }
  return undefined;
}

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

// Quantities come back in canonical form ("1000m" → "1", "0.5" → "500m"),
// and int-or-string fields may come back either way.
function sameScalar(want: unknown, have: unknown, path: (string | number)[]): boolean {
  if (want === have) return true;
  if (have === undefined) return false;
  if (String(want) === String(have)) return true;
  const a = parseQuantity(want);
  const b = parseQuantity(have);
  return a !== undefined && b !== undefined && Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(a)) && path.length > 0;
}

/**
 * The live object cut down to the fields the render sets, in the render's
 * order (keyed list items matched as the comparison matches them): what a
 * live ↔ render view shows, without the server's defaults and status.
 */
export function projectOnto(live: unknown, desired: unknown): unknown {
  if (Array.isArray(desired) && Array.isArray(live)) {
    const key = mergeKey(desired, live);
    if (!key) return desired.length === live.length ? live.map((h, i) => projectOnto(h, desired[i])) : live;
    return desired.flatMap((w) => {
      const match = live.find((h) => (h as Obj)[key] === (w as Obj)[key]);
      return match === undefined ? [] : [projectOnto(match, w)];
    });
  }
  if (isObj(desired) && isObj(live)) {
    const out: Obj = {};
    for (const k of Object.keys(desired)) if (k in live && k !== 'status') out[k] = projectOnto(live[k], desired[k]);
    return out;
  }
  return live;
}

/** "spec.template.spec.containers[0].image" */
export function pathText(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
