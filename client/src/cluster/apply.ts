// Server-side apply of one object (real or dry-run) and reading live objects.
import { objectPath, type ResourceMapping } from './discovery';
import { sendRetryingConflicts } from './conflicts';
import { ApiError, toStatus, type ApiStatus, type Transport } from './transport';

export const FIELD_MANAGER = 'thebot';

export interface ApplyOptions {
  dryRun?: boolean;
  /** Take over fields another manager owns (kubectl's --force-conflicts). */
  force?: boolean;
  fieldManager?: string;
  signal?: AbortSignal;
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

export async function apply(t: Transport, m: ResourceMapping, object: Record<string, unknown>, o: ApplyOptions = {}): Promise<ApplyResponse> {
  const r = await sendRetryingConflicts<Record<string, unknown>>(t, 'PATCH', objectPath(m, namespaceOf(object), nameOf(object)), {
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
  });
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
