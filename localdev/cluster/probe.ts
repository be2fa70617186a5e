// Readiness probes for the control-plane components: a GET with a short
// timeout, and a bounded wait whose timeout error says what it waited for.
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
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
export async function waitUntil(
  what: string,
  deadline: number,
  check: () => Promise<boolean>,
  context = () => '',
  /** A reason to stop waiting now (a component that exited will not become ready). */
  gone: () => string | undefined = () => undefined,
): Promise<void> {
  let last = '';
  for (;;) {
    const dead = gone();
    if (dead) {
      const extra = context();
      throw new Error(`control plane not ready: ${dead} while waiting for ${what}${extra ? `\n${extra}` : ''}`);
    }
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

/**
 * The first port of the kernel's ephemeral range: outbound connections (the
 * apiserver's to etcd, every client's) take their local port from that range,
 * so a listening port chosen inside it can be taken between the check and
 * the component's bind (CI saw kube-controller-manager fail with "address
 * already in use"). Ports below it are only ever taken by listeners.
 */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 12_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

const handedOut = new Set<number>();
// Ports browsers refuse to open ("net::ERR_UNSAFE_PORT" in Chromium; Firefox
// blocks the same): code-server's and npm start's editor is opened in one. Of
// Chromium's restricted ports, only 10080 lies in the range picked from (a CI
// run's activation e2e drew it and failed).
const BROWSER_REFUSED = new Set([10080]);

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A TCP port free on 127.0.0.1 right now, below the ephemeral range (see
 * ephemeralLow) and never handed out twice by this process. Another process
 * may still pick the same one (1 in ~20,000 per pair): starters retry on
 * "address already in use" (ControlPlane.start).
 */
export async function freePort(): Promise<number> {
  const low = 10_000;
  const high = ephemeralLow();
  for (let i = 0; i < 200; i++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (handedOut.has(port) || BROWSER_REFUSED.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free TCP port on 127.0.0.1 between ${low} and ${high} after 200 tries`);
}
