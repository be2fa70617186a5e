// Revisions of an environment, recorded in its own namespace at every deploy
// (Helm's release Secrets are the model): number, time, who deployed, the git
// state of the source, a digest of the rendered set, and the rendered objects
// themselves, gzip-compressed in Secrets of type `thebot.dev/revision`, split
// into parts when large. Secret objects of the set are stored without their
// values: only their metadata and a digest of the values, so no value ever
// leaves the Secret it belongs to (a rollback re-applies the current ones).
//
// Layout: Secret `thebot-revision-<env>-<n>` (part 0) holds the summary as
// annotations (so `history` reads no payload) and the first chunk; parts 1…
// are `thebot-revision-<env>-<n>-<i>`. The newest `keep` revisions are kept.
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { refOf, type ClusterObject, type ObjectRef } from './objects';
import { sendRetryingConflicts } from './conflicts';
import { ApiError, toStatus, type Transport } from './transport';

export const REVISION_TYPE = 'thebot.dev/revision';
export const REVISION_OF = 'thebot.dev/revision-of';
export const REVISION_NUMBER = 'thebot.dev/revision';
export const REVISION_PART = 'thebot.dev/revision-part';
const INFO = 'thebot.dev/revision-info';
const STATUS = 'thebot.dev/revision-status';
const PAYLOAD_KEY = 'revision.json.gz';
/** Bytes of compressed payload per Secret (a Secret holds at most 1 MiB, base64 in JSON included). */
export const PART_BYTES = 512 * 1024;
export const DEFAULT_KEEP = 10;

/** undeployed: was live until `undeploy` deleted the environment's objects (nothing is live then). */
export type RevisionState = 'deployed' | 'failed' | 'rolled-back' | 'undeployed';

/** What `history` shows of one revision. */
export interface RevisionInfo {
  number: number;
  /** ISO 8601, UTC. */
  time: string;
  /** Who deployed: the identity the cluster authenticated (SelfSubjectReview), else the kubeconfig user. */
  user: string;
  /** The source's git commit, when it is in a git work tree. */
  commit?: string;
  /** Uncommitted changes under the project root at deploy time. */
  dirty?: boolean;
  /** sha256 of the stored objects (Secret values as digests). */
  digest: string;
  objectCount: number;
  /** This revision re-applied revision N (`rollback`, `deploy --atomic`). */
  rollbackOf?: number;
  state: RevisionState;
  /** Why it failed or was rolled back. */
  reason?: string;
}

/** One object of a revision. Secrets: metadata and type only, `valuesDigest` in place of data/stringData. */
export interface StoredObject {
  object: Record<string, unknown>;
  valuesDigest?: string;
}

export interface Revision extends RevisionInfo {
  environment: string;
  objects: StoredObject[];
}

type Obj = Record<string, any>;

export function isSecret(o: Record<string, unknown>): boolean {
  return o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined);
}

/** The values of a Secret as base64 `data` (stringData folded in, as the API server does), keys sorted. */
function secretValues(o: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((o.data ?? {}) as Record<string, string>)) out[k] = String(v);
  for (const [k, v] of Object.entries((o.stringData ?? {}) as Record<string, string>)) out[k] = Buffer.from(String(v), 'utf8').toString('base64');
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}

/**
 * A digest of a Secret's values that is the same for the rendered Secret
 * (stringData or data) and the live one (data), so a rollback can tell
 * whether the live values are those of the revision.
 */
export function secretDigest(o: Record<string, unknown>): string {
  return 'sha256:' + createHash('sha256').update(JSON.stringify(secretValues(o))).digest('hex');
}

/** The stored form of a rendered object: Secrets lose their values. */
export function toStored(o: Record<string, unknown>): StoredObject {
  if (!isSecret(o)) return { object: o };
  const { data: _d, stringData: _s, ...rest } = o;
  return { object: rest, valuesDigest: secretDigest(o) };
}

export function setDigest(objects: StoredObject[]): string {
  return 'sha256:' + createHash('sha256').update(JSON.stringify(objects)).digest('hex');
}

export function revisionName(env: string, n: number, part = 0): string {
  return `thebot-revision-${env}-${n}${part ? `-${part}` : ''}`;
}

/** The Secrets of one revision (pure: what `record` writes). */
export function encodeRevision(r: Revision, namespace: string, partBytes = PART_BYTES): Obj[] {
  const payload = gzipSync(JSON.stringify({ format: 'thebot.dev/revision/v1', ...r }));
  const parts: Buffer[] = [];
  for (let i = 0; i < payload.length || i === 0; i += partBytes) parts.push(payload.subarray(i, i + partBytes));
  const info: RevisionInfo = infoOf(r);
  return parts.map((chunk, i) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: REVISION_TYPE,
    metadata: {
      name: revisionName(r.environment, r.number, i),
      namespace,
      labels: {
        'app.kubernetes.io/managed-by': 'thebot',
        [REVISION_OF]: r.environment,
        [REVISION_NUMBER]: String(r.number),
        [REVISION_PART]: String(i),
      },
      ...(i === 0
        ? {
            annotations: {
              [INFO]: JSON.stringify({ ...info, state: undefined, reason: undefined }),
              [STATUS]: JSON.stringify({ state: info.state, ...(info.reason ? { reason: info.reason } : {}) }),
              'thebot.dev/revision-parts': String(parts.length),
              'thebot.dev/payload-digest': 'sha256:' + createHash('sha256').update(payload).digest('hex'),
            },
          }
        : {}),
    },
    data: { [PAYLOAD_KEY]: chunk.toString('base64') },
  }));
}

function infoOf(r: RevisionInfo): RevisionInfo {
  return {
    number: r.number,
    time: r.time,
    user: r.user,
    ...(r.commit !== undefined ? { commit: r.commit } : {}),
    ...(r.dirty !== undefined ? { dirty: r.dirty } : {}),
    digest: r.digest,
    objectCount: r.objectCount,
    ...(r.rollbackOf !== undefined ? { rollbackOf: r.rollbackOf } : {}),
    state: r.state,
    ...(r.reason ? { reason: r.reason } : {}),
  };
}

/** The summary of a revision from its part-0 Secret. */
export function decodeInfo(secret: Obj): RevisionInfo {
  const a = (secret.metadata?.annotations ?? {}) as Record<string, string>;
  const info = JSON.parse(a[INFO] ?? '{}') as RevisionInfo;
  const status = JSON.parse(a[STATUS] ?? '{}') as { state?: RevisionState; reason?: string };
  return { ...info, state: status.state ?? 'deployed', ...(status.reason ? { reason: status.reason } : {}) };
}

/** A whole revision from its Secrets in part order (pure). */
export function decodeRevision(parts: Obj[]): Revision {
  const first = parts[0];
  if (!first) throw new Error('a revision without Secrets');
  const a = (first.metadata?.annotations ?? {}) as Record<string, string>;
  const payload = Buffer.concat(parts.map((p) => Buffer.from(String(p.data?.[PAYLOAD_KEY] ?? ''), 'base64')));
  const expected = a['thebot.dev/payload-digest'];
  const actual = 'sha256:' + createHash('sha256').update(payload).digest('hex');
  if (expected && expected !== actual) throw new Error(`revision ${first.metadata?.name}: the stored manifests are damaged (digest ${actual}, recorded ${expected})`);
  const body = JSON.parse(gunzipSync(payload).toString('utf8')) as Revision & { format?: string };
  if (body.format !== 'thebot.dev/revision/v1') throw new Error(`revision ${first.metadata?.name}: unknown format ${String(body.format)}`);
  const { format: _f, ...rev } = body;
  // The status annotation is updated after the fact (failed, rolled back); it wins.
  return { ...rev, ...decodeInfo(first), environment: rev.environment, objects: rev.objects };
}

const secretsPath = (ns: string, name?: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets${name ? `/${encodeURIComponent(name)}` : ''}`;

/** Every revision of the environment (summaries), newest first. */
export async function listRevisions(t: Transport, env: string, namespace: string, signal?: AbortSignal): Promise<RevisionInfo[]> {
  const r = await t.send<{ items: Obj[] }>('GET', secretsPath(namespace), {
    query: { labelSelector: `${REVISION_OF}=${env},${REVISION_PART}=0` },
    signal,
  });
  if (r.status === 404) return [];
  if (r.status >= 400) throw new ApiError(r.status, toStatus(r.status, r.body));
  return r.body.items
    .filter((s) => s.type === REVISION_TYPE)
    .map(decodeInfo)
    .sort((a, b) => b.number - a.number);
}

/** One whole revision, or undefined when it is not (or no longer) recorded. */
export async function loadRevision(t: Transport, env: string, namespace: string, n: number): Promise<Revision | undefined> {
  const first = await t.send<Obj>('GET', secretsPath(namespace, revisionName(env, n)));
  if (first.status === 404) return undefined;
  if (first.status >= 400) throw new ApiError(first.status, toStatus(first.status, first.body));
  const count = Number(first.body.metadata?.annotations?.['thebot.dev/revision-parts'] ?? '1');
  const parts = [first.body];
  for (let i = 1; i < count; i++) parts.push(await t.request<Obj>('GET', secretsPath(namespace, revisionName(env, n, i))));
  return decodeRevision(parts);
}

export interface RecordInput {
  environment: string;
  namespace: string;
  /** What was applied, as rendered (Secrets with their values: they are reduced to digests here). */
  objects: ClusterObject[] | StoredObject[];
  user: string;
  commit?: string;
  dirty?: boolean;
  state: RevisionState;
  reason?: string;
  rollbackOf?: number;
  /** Revisions to keep, this one included (default 10). */
  keep?: number;
  now?: Date;
}

/**
 * Writes the next revision. Its number is one above the highest recorded; a
 * concurrent deploy that took the number first makes the create fail with
 * 409 AlreadyExists, and the next number is tried (any other conflict is the
 * server's own and the same create is sent again: conflicts.ts). Then the oldest beyond `keep` go.
 */
export async function recordRevision(t: Transport, input: RecordInput): Promise<Revision> {
  const stored = input.objects.map((o) => ('valuesDigest' in o && o.valuesDigest ? (o as StoredObject) : toStored(o.object)));
  let number = ((await listRevisions(t, input.environment, input.namespace))[0]?.number ?? 0) + 1;
  for (let attempt = 0; ; attempt++) {
    const rev: Revision = {
      environment: input.environment,
      number,
      time: (input.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      user: input.user,
      ...(input.commit !== undefined ? { commit: input.commit } : {}),
      ...(input.dirty !== undefined ? { dirty: input.dirty } : {}),
      digest: setDigest(stored),
      objectCount: stored.length,
      ...(input.rollbackOf !== undefined ? { rollbackOf: input.rollbackOf } : {}),
      state: input.state,
      ...(input.reason ? { reason: input.reason } : {}),
      objects: stored,
    };
    const secrets = encodeRevision(rev, input.namespace);
    // Later parts first: a part 0 (what `history` lists) never points at missing parts.
    let taken = false;
    for (const s of [...secrets.slice(1), secrets[0]!]) {
      const res = await sendRetryingConflicts(t, 'POST', secretsPath(input.namespace), { body: s });
      if (res.status === 409 && toStatus(res.status, res.body).reason === 'AlreadyExists' && s === secrets[0] && attempt < 5) {
        taken = true;
        break;
      }
      if (res.status >= 400) throw new ApiError(res.status, toStatus(res.status, res.body));
    }
    if (taken) {
      number++;
      continue;
    }
    await forget(t, input.environment, input.namespace, number - (input.keep ?? DEFAULT_KEEP));
    return rev;
  }
}

/** Deletes every revision numbered `upTo` or lower (all parts). */
async function forget(t: Transport, env: string, namespace: string, upTo: number): Promise<void> {
  if (upTo < 1) return;
  const all = await t.request<{ items: Obj[] }>('GET', secretsPath(namespace), { query: { labelSelector: REVISION_OF + '=' + env } });
  for (const s of all.items) {
    const n = Number(s.metadata?.labels?.[REVISION_NUMBER]);
    if (s.type !== REVISION_TYPE || !(n <= upTo)) continue;
    const r = await t.send('DELETE', secretsPath(namespace, s.metadata.name));
    if (r.status >= 400 && r.status !== 404) throw new ApiError(r.status, toStatus(r.status, r.body));
  }
}

/**
 * The revision that is live: the newest, unless the environment was
 * undeployed since (then nothing is). A failed one is still what the
 * cluster has (as much of it as was applied).
 */
export function liveRevision<R extends Pick<RevisionInfo, 'state'>>(newestFirst: R[]): R | undefined {
  const newest = newestFirst[0];
  return newest && newest.state !== 'undeployed' ? newest : undefined;
}

/**
 * Where an atomic deploy that failed as revision `failed` goes back to: the
 * newest deployed revision before it. When the environment had been
 * undeployed before it (the newest earlier revision that is not a failure is
 * undeployed), nothing was live to go back to: `undefined`, as with no
 * earlier revision at all.
 */
export function atomicTarget<R extends Pick<RevisionInfo, 'number' | 'state'>>(newestFirst: R[], failed: number | undefined): R | undefined {
  const before = newestFirst.filter((r) => failed === undefined || r.number < failed).find((r) => r.state === 'deployed' || r.state === 'undeployed');
  return before?.state === 'deployed' ? before : undefined;
}

/** Marks a revision failed, rolled back or undeployed, with the reason. */
export async function setRevisionState(t: Transport, env: string, namespace: string, n: number, state: RevisionState, reason?: string): Promise<void> {
  await t.request('PATCH', secretsPath(namespace, revisionName(env, n)), {
    contentType: 'application/merge-patch+json',
    body: { metadata: { annotations: { [STATUS]: JSON.stringify({ state, ...(reason ? { reason } : {}) }) } } },
  });
}

/** The refs of a revision's objects. */
export function revisionRefs(r: Revision): ObjectRef[] {
  return r.objects.map((o) => refOf(o.object));
}
