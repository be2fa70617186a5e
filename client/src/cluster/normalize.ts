// What a person should compare: an object without the server's bookkeeping
// (status, managedFields, resourceVersion, uid, timestamps, generation,
// controller annotations), and with Secret values masked so they never reach
// a terminal or a log.

const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];
const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function stripNoise(object: Record<string, unknown>): Record<string, unknown> {
  const o = clone(object);
  delete o.status;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta) {
    for (const k of SERVER_METADATA) delete meta[k];
    const ann = meta.annotations as Record<string, string> | undefined;
    if (ann) {
      for (const k of SERVER_ANNOTATIONS) delete ann[k];
      if (Object.keys(ann).length === 0) delete meta.annotations;
    }
  }
  return o;
}

export const MASK = '***';

/**
 * Masks Secret values in both versions. Like `kubectl diff`, a changed value
 * shows as `*** (before)` / `*** (after)` so the change stays visible without
 * its content.
 */
export function maskSecrets(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): [Record<string, unknown> | undefined, Record<string, unknown> | undefined] {
  const isSecret = (o?: Record<string, unknown>) => o?.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined);
  if (!isSecret(before) && !isSecret(after)) return [before, after];
  const b = before ? clone(before) : undefined;
  const a = after ? clone(after) : undefined;
  for (const field of ['data', 'stringData']) {
    const bm = b?.[field] as Record<string, string> | undefined;
    const am = a?.[field] as Record<string, string> | undefined;
    for (const k of new Set([...Object.keys(bm ?? {}), ...Object.keys(am ?? {})])) {
      const changed = bm && am && k in bm && k in am && bm[k] !== am[k];
      if (bm && k in bm) bm[k] = changed ? `${MASK} (before)` : MASK;
      if (am && k in am) am[k] = changed ? `${MASK} (after)` : MASK;
    }
  }
  return [b, a];
}

/** Masks every Secret value of one object (for printing it alone). */
export function maskSecret(o: Record<string, unknown>): Record<string, unknown> {
  return maskSecrets(o, undefined)[0]!;
}
