// Server-side apply of one object (real or dry-run) and reading live objects.
import { setTimeout as sleep } from 'node:timers/promises';
import { objectPath, type ResourceMapping } from './discovery';
import { ApiError, toStatus, type ApiStatus, type RequestOptions, type Response, type Transport } from './transport';

export const FIELD_MANAGER = 'thebot';

export interface ApplyOptions {
  dryRun?: boolean;
  /** Take over fields another manager owns (kubectl's --force-conflicts). */
  force?: boolean;
  fieldManager?: string;
  signal?: AbortSignal;
  /** Waits before re-sending after an optimistic-lock conflict (default CONFLICT_BACKOFF_MS). */
  conflictBackoffMs?: readonly number[];
}

export type ApplyResponse =
  | { ok: true; created: boolean; object: Record<string, unknown> }
  | { ok: false; status: number; error: ApiStatus };

/** The object as it is sent: namespace filled in (namespaced kinds) or removed (cluster-scoped). */
export function prepare(object: Record<string, unknown>, m: ResourceMapping, defaultNamespace: string): Record<string, unknown> {
  const meta = { ...((object.metadata ?? {}) as Record<string, unknown>) };
  if (m.namespaced) meta.namespace = meta.namespace || defaultNamespace;
  else delete meta.namespace;
  return { ...object, metadata: meta };
}

export function namespaceOf(object: Record<string, unknown>): string | undefined {
  return ((object.metadata ?? {}) as { namespace?: string }).namespace || undefined;
}

export function nameOf(object: Record<string, unknown>): string {
  return String(((object.metadata ?? {}) as { name?: string }).name ?? '');
}

/**
 * A 409 that names fields another manager owns: server-side apply's refusal,
 * which only `force` changes. Any other 409 on an apply is an optimistic-lock
 * conflict inside the server (its quota admission updating a ResourceQuota a
 * controller just updated: "Operation cannot be fulfilled on resourcequotas
 * …"), which says to try again.
 */
export function isFieldManagerConflict(status: number, s: ApiStatus): boolean {
  return status === 409 && (s.details?.causes ?? []).some((c) => c.reason === 'FieldManagerConflict');
}

/** The waits before each retry of a conflicting write: client-go's retry.DefaultBackoff (10 ms, ×5, four steps). */
export const CONFLICT_BACKOFF_MS: readonly number[] = [10, 50, 250, 1250];

/**
 * Sends an apply patch; a 409 that is not a field-manager conflict is sent
 * again after each of CONFLICT_BACKOFF_MS (an apply patch carries no
 * resourceVersion, so sending it again is safe), then returned as it is.
 */
export async function sendApply<T>(t: Transport, path: string, o: RequestOptions, backoffMs: readonly number[] = CONFLICT_BACKOFF_MS): Promise<Response<T>> {
  for (let attempt = 0; ; attempt++) {
    const r = await t.send<T>('PATCH', path, o);
    if (r.status !== 409 || attempt >= backoffMs.length || isFieldManagerConflict(r.status, toStatus(r.status, r.body))) return r;
    await sleep(backoffMs[attempt], undefined, o.signal ? { signal: o.signal } : {});
  }
}

export async function apply(t: Transport, m: ResourceMapping, object: Record<string, unknown>, o: ApplyOptions = {}): Promise<ApplyResponse> {
  const r = await sendApply<Record<string, unknown>>(t, objectPath(m, namespaceOf(object), nameOf(object)), {
    query: {
      fieldManager: o.fieldManager ?? FIELD_MANAGER,
      // Unknown or duplicate fields are errors, as with kubectl apply.
      fieldValidation: 'Strict',
      dryRun: o.dryRun ? 'All' : undefined,
      force: o.force ? 'true' : undefined,
    },
    // JSON is YAML: the apply patch is the object itself.
    contentType: 'application/apply-patch+yaml',
    body: object,
    signal: o.signal,
  }, o.conflictBackoffMs);
  if (r.status >= 400) return { ok: false, status: r.status, error: toStatus(r.status, r.body) };
  return { ok: true, created: r.status === 201, object: r.body };
}

/** The live object, or undefined when it does not exist. */
export async function readLive(t: Transport, m: ResourceMapping, object: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
  const r = await t.send<Record<string, unknown>>('GET', objectPath(m, namespaceOf(object), nameOf(object)), { signal });
  if (r.status === 404) return undefined;
  if (r.status >= 400) throw new ApiError(r.status, toStatus(r.status, r.body));
  return r.body;
}
