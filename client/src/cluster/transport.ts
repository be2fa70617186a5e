// Raw JSON requests to the API server, authenticated by @kubernetes/client-node's
// KubeConfig (certificates, tokens, exec plugins, proxies: applyToHTTPSOptions).
//
// Why not KubernetesObjectApi: it (de)serializes through its typed models,
// which drops fields it does not know (so a typo would never reach the server's
// strict field validation) and turns timestamps into Date objects. Apply,
// dry-run and diff need the exact JSON in and out.
import https from 'node:https';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import { CredentialError, credentialFailure, credentialTimeout } from './credentials';

export interface Response<T = unknown> {
  status: number;
  body: T;
  /** The seconds of a `Retry-After` header (an integer, as client-go reads it), when there is one. */
  retryAfter?: number;
}

/** client-go's rest client: a 429, or any 5xx, with a Retry-After is sent again, up to 10 times. */
export const MAX_RETRIES = 10;
/** The longest wait taken from a Retry-After: a server asking for more is asked again sooner (a user is waiting). */
export const MAX_RETRY_AFTER_S = 10;

/** Seconds to wait before sending a request again, or undefined: the answer stands. */
export function retryWait(r: Response): number | undefined {
  if (r.retryAfter === undefined || (r.status !== 429 && r.status < 500)) return undefined;
  return Math.min(r.retryAfter, MAX_RETRY_AFTER_S);
}

/** A Kubernetes `Status` object (the body of every API error). */
export interface ApiStatus {
  kind?: 'Status';
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

/** The cluster could not be reached at all (no HTTP answer). */
export class UnreachableError extends Error {
  constructor(
    readonly server: string,
    readonly context: string,
    cause: string,
  ) {
    super(`cannot reach the cluster of context '${context}' at ${server}: ${cause}`);
    this.name = 'UnreachableError';
  }
}

/** The server answered with an error status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly apiStatus: ApiStatus,
  ) {
    super(apiStatus.message || `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class Transport {
  readonly server: string;
  readonly context: string;

  constructor(
    private readonly kc: KubeConfig,
    private readonly defaultTimeoutMs = 30_000,
    /** How long an exec credential plugin may take (a browser login takes a while; a hung one must not hang us). */
    private readonly credentialTimeoutMs = CREDENTIAL_TIMEOUT_MS,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error(`context '${kc.getCurrentContext()}' has no cluster in the kubeconfig`);
    this.server = cluster.server.replace(/\/+$/, '');
    this.context = kc.getCurrentContext();
  }

  get kubeConfig(): KubeConfig {
    return this.kc;
  }

  /**
   * Sends a request; resolves with any HTTP answer (errors included), rejects
   * only when there is none. An answer that says when to ask again (429 Too
   * Many Requests from API Priority and Fairness, a 5xx of a server shutting
   * down or losing etcd, each with Retry-After) is asked again then, up to
   * MAX_RETRIES times, as client-go does for kubectl.
   */
  async send<T = unknown>(method: string, path: string, o: RequestOptions = {}): Promise<Response<T>> {
    for (let retries = 0; ; retries++) {
      const r = await this.exchange<T>(method, path, o);
      const wait = retryWait(r);
      if (wait === undefined || retries >= MAX_RETRIES) return r;
      await sleep(wait * 1000, undefined, o.signal ? { signal: o.signal } : {});
    }
  }

  /** One request and its answer. */
  protected async exchange<T>(method: string, path: string, o: RequestOptions): Promise<Response<T>> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const opts: https.RequestOptions = { method, headers: { accept: o.accept ?? 'application/json' } };
    await authenticate(this.kc, opts, this.credentialTimeoutMs);
    const payload = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    if (payload !== undefined) {
      opts.headers = { ...opts.headers, 'content-type': o.contentType ?? 'application/json', 'content-length': Buffer.byteLength(payload) };
    }
    const timeoutMs = o.timeoutMs ?? this.defaultTimeoutMs;
    const lib = url.protocol === 'http:' ? http : https;
    return new Promise<Response<T>>((resolve, reject) => {
      const req = lib.request(url, { ...opts, signal: o.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new UnreachableError(this.server, this.context, e.message)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON: keep the text */
          }
          const after = res.headers['retry-after'];
          const seconds = typeof after === 'string' && /^\d+$/.test(after.trim()) ? Number(after.trim()) : undefined;
          resolve({ status: res.statusCode ?? 0, body: body as T, ...(seconds !== undefined ? { retryAfter: seconds } : {}) });
        });
      });
      const noAnswer = () => req.destroy(new Error(`no answer within ${timeoutMs / 1000}s`));
      // A deadline for the answer to start, from now: the socket's idle
      // timeout alone lets a TLS handshake nobody answers run twice as long
      // (Node re-arms it when the TCP connection is up).
      const deadline = setTimeout(noAnswer, timeoutMs);
      req.on('response', () => clearTimeout(deadline));
      req.on('close', () => clearTimeout(deadline));
      req.setTimeout(timeoutMs, noAnswer);
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e.name === 'AbortError') reject(e);
        else reject(new UnreachableError(this.server, this.context, e.message));
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Like send, but a status >= 400 rejects with ApiError. */
  async request<T = unknown>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const r = await this.send<T>(method, path, o);
    if (r.status >= 400) throw new ApiError(r.status, toStatus(r.status, r.body));
    return r.body;
  }
}

export const CREDENTIAL_TIMEOUT_MS = 60_000;

/**
 * Adds the context's credential to `opts` (client-node: certificates, tokens,
 * exec plugins, proxy agent). A failure becomes one CredentialError line
 * naming the context and the plugin; client-node puts no bound on a plugin,
 * so one is put here.
 */
export async function authenticate(kc: KubeConfig, opts: https.RequestOptions, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(credentialTimeout(kc, timeoutMs)), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([kc.applyToHTTPSOptions(opts), late]);
  } catch (e) {
    throw e instanceof CredentialError ? e : credentialFailure(kc, e);
  } finally {
    clearTimeout(timer);
  }
}

export function toStatus(status: number, body: unknown): ApiStatus {
  if (body && typeof body === 'object' && (body as ApiStatus).kind === 'Status') return body as ApiStatus;
  return { code: status, message: typeof body === 'string' && body ? body.trim() : `HTTP ${status}` };
}
