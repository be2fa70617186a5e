// The 409s a write may get, and which of them say "try again".
//  - A field-manager conflict (server-side apply: fields another manager
//    owns): only `force` changes the answer.
//  - AlreadyExists (a create of a name that is taken): the caller decides
//    (revisions.ts takes the next number).
//  - Any other 409 is an optimistic-lock conflict inside the server, such as
//    its quota admission updating a ResourceQuota a controller has just
//    recounted ("Operation cannot be fulfilled on resourcequotas …: the object
//    has been modified"); client-go's callers retry these (retry.RetryOnConflict).
import { setTimeout as sleep } from 'node:timers/promises';
import { toStatus, type ApiStatus, type RequestOptions, type Response, type Transport } from './transport';

export function isFieldManagerConflict(status: number, s: ApiStatus): boolean {
  return status === 409 && (s.details?.causes ?? []).some((c) => c.reason === 'FieldManagerConflict');
}

export function isRetryableConflict(status: number, s: ApiStatus): boolean {
  return status === 409 && s.reason !== 'AlreadyExists' && !isFieldManagerConflict(status, s);
}

/** The waits before each retry of a conflicting write: client-go's retry.DefaultBackoff (10 ms, ×5, four steps). */
export const CONFLICT_BACKOFF_MS: readonly number[] = [10, 50, 250, 1250];

/**
 * Sends a write that carries no resourceVersion (an apply patch, a create),
 * so sending it again is safe: a retryable conflict is sent again after each
 * of the waits, then returned as it is.
 */
export async function sendRetryingConflicts<T>(
  t: Transport,
  method: 'PATCH' | 'POST',
  path: string,
  o: RequestOptions,
  backoffMs: readonly number[] = CONFLICT_BACKOFF_MS,
): Promise<Response<T>> {
  for (let attempt = 0; ; attempt++) {
    const r = await t.send<T>(method, path, o);
    if (attempt >= backoffMs.length || !isRetryableConflict(r.status, toStatus(r.status, r.body))) return r;
    await sleep(backoffMs[attempt], undefined, o.signal ? { signal: o.signal } : {});
  }
}
