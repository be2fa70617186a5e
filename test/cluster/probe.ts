// Readiness probes for the control-plane components: a GET with a short
// timeout, and a bounded wait whose timeout error says what it waited for.
import http from 'node:http';
import https from 'node:https';
import { createServer } from 'node:net';

export interface ProbeOptions {
  ca?: string;
  token?: string;
  /** The controller-manager's and scheduler's self-signed health endpoints. */
  insecure?: boolean;
}

export function get(url: string, o: ProbeOptions = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.get(
      u,
      {
        timeout: 2000,
        ca: o.ca,
        rejectUnauthorized: !o.insecure,
        headers: o.token ? { authorization: `Bearer ${o.token}` } : {},
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after 2s: GET ${url}`)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls check until it returns true. Polling is the only option for a process
 * that is still starting (there is nothing to watch yet); the deadline keeps
 * it bounded and the error names the step and the last failure.
 */
export async function waitUntil(what: string, deadline: number, check: () => Promise<boolean>, context = () => ''): Promise<void> {
  let last = '';
  for (;;) {
    try {
      if (await check()) return;
      last = '';
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > deadline) {
      const extra = context();
      throw new Error(
        `control plane not ready: timed out waiting for ${what}${last ? ` (last error: ${last})` : ''}${extra ? `\n${extra}` : ''}`,
      );
    }
    await sleep(100);
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
