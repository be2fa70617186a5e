// The kubeconfigs users really have, against the real control plane (token
// auth): an exec credential plugin (a script of ours printing an
// ExecCredential, as `aws eks get-token` or `gke-gcloud-auth-plugin` do) for
// dry-run, deploy and status; a plugin that fails, one that is not installed,
// one whose credential the cluster rejects (expired); several files in
// KUBECONFIG; a server that never answers. Every failure is one line naming
// the context and the command, from the CLI and from the editor's cluster
// layer (client/src/cluster, the ClusterPort over it), within 5 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ClusterSession, CredentialError, watchRollouts, workloadsOf } from '../../client/src/cluster';
import { createClusterPort } from '../../client/src/clusterAdapter';
import type { ClusterTarget } from '../../client/src/clusterPort';
import type { Connection } from '../../client/src/cluster/connection';
import { deployCommand } from '../../server/src/cli/deploy';
import { dryRunCommand } from '../../server/src/cli/dry-run';
import { statusCommand } from '../../server/src/cli/status';
import { capture, environment, MANIFESTS, render, scrub, useControlPlane } from './harness';

const h = useControlPlane();
const dev = environment('dev');
const dir = mkdtempSync(join(tmpdir(), 'thebot-kubeconfigs-'));

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  'current-context'?: string;
}

function script(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

// Prints the credential the apiserver accepts, valid for 10 minutes (client-node
// keeps it until then), counting its calls.
script('get-token.sh', `echo x >> "${dir}/calls"\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\\n' "$THEBOT_TEST_TOKEN" "$(date -u -d '+10 min' +%Y-%m-%dT%H:%M:%SZ)"`);
// As `aws eks get-token` does when the SSO session is over: exit 1, the reason on stderr.
script('failing.sh', `echo "Error when retrieving token from sso: Token has expired and refresh failed" >&2\necho "(run aws sso login)" >&2\nexit 1`);
// A credential past its expiry, as a plugin with a stale cache prints it.
script('expired.sh', `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"expired-0123456789","expirationTimestamp":"2020-01-01T00:00:00Z"}}\\n'`);
// Works until a budget is set, then for that many more calls (a session that ends while the editor watches).
script('works-then-fails.sh', `n=$(cat "${dir}/budget" 2>/dev/null || echo 1000000)\nif [ "$n" -le 0 ]; then echo "token refresh failed: session ended" >&2; exit 1; fi\necho $((n - 1)) > "${dir}/budget"\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\\n' "$THEBOT_TEST_TOKEN"`);

/** The control plane's kubeconfig with its user authenticating through `exec` instead of the token. */
function execKubeconfig(name: string, exec: Record<string, unknown>): string {
  const kc = parse(readFileSync(h.cp!.kubeconfig, 'utf8')) as Kubeconfig;
  const token = kc.users[0]!.user.token as string;
  kc.users = [
    {
      name: 'thebot-admin',
      user: {
        exec: { apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', env: [{ name: 'THEBOT_TEST_TOKEN', value: token }], ...exec },
      },
    },
  ];
  const file = join(dir, name);
  writeFileSync(file, stringify(kc), { mode: 0o600 });
  return file;
}

const calls = () => readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean).length;
const cli = (cmd: (a: string[], io: ReturnType<typeof capture>) => Promise<number>, file: string, ...rest: string[]) => {
  const io = capture();
  return cmd([...rest, '--project', MANIFESTS, '--kubeconfig', file], io).then((code) => ({ code, ...io }));
};
const target = (files: string[], context = 'thebot-dev'): ClusterTarget => ({ environment: 'dev', protected: false, kubeconfigFiles: files, context, namespace: dev.namespace });

test('exec plugin (relative command, args, env): dry-run, deploy and status go through it', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  // A relative command is resolved against the kubeconfig's directory, as kubectl does.
  const file = execKubeconfig('exec', { command: './get-token.sh', args: ['eks', 'get-token', '--cluster-name', 'thebot'] });
  const dry = await cli(dryRunCommand, file, 'dev');
  assert.equal(dry.code, 0, dry.stdout + dry.stderr);
  assert.equal(dry.stdout.trimEnd().split('\n').at(-1), `dry-run dev: ${render(dev.overlay).length} accepted (${render(dev.overlay).length} to create, 0 to configure, 0 unchanged), 0 rejected`);
  const before = calls();
  assert.ok(before > 0);
  const deploy = await cli(deployCommand, file, 'dev');
  assert.equal(deploy.code, 0, deploy.stdout + deploy.stderr);
  assert.equal(deploy.stdout.trimEnd().split('\n').at(-1), `deploy dev: ${render(dev.overlay).length} created, 0 configured, 0 unchanged, 0 failed`);
  // The deploy recorded the user the cluster authenticated from the plugin's token.
  assert.match(deploy.stderr, /^recorded revision 1 of dev \(sha256:[0-9a-f]{12}\)$/m);
  const status = await cli(statusCommand, file, 'dev');
  assert.ok(status.code === 0 || status.code === 1, status.stderr);
  assert.match(status.stderr, /^dev: context thebot-dev \(https:\/\/127\.0\.0\.1:\d+, Kubernetes v1\.\d+\.\d+\S*\), \d+ objects$/m);
  assert.ok(status.stdout.includes('Deployment thebot/backend'), status.stdout);
  assert.ok(calls() > before);
  // The editor's layer, through the same plugin.
  const port = createClusterPort();
  assert.deepEqual(await port.reachable(target([file])).then((r) => r.ok), true);
});

test('a failing exec plugin: one line naming the context and the command, from the CLI and the editor layer', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const file = execKubeconfig('failing', { command: join(dir, 'failing.sh'), args: ['get-token'] });
  const expected = `cannot get the credential of context 'thebot-dev': the exec plugin \`${dir}/failing.sh get-token\` failed: Error when retrieving token from sso: Token has expired and refresh failed (run aws sso login)`;
  for (const cmd of [statusCommand, dryRunCommand]) {
    const r = await cli(cmd, file, 'dev');
    assert.equal(r.code, 3);
    assert.equal(r.stderr, `thebot: ${expected}\n`);
  }
  const opened = ClusterSession.open({ environment: dev, kubeconfig: file });
  await assert.rejects(opened, (e: unknown) => e instanceof CredentialError && e.message === expected);
  assert.deepEqual(await createClusterPort().reachable(target([file])), { ok: false, error: expected });
});

test('an exec plugin that is not installed: its installHint is shown', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const file = execKubeconfig('missing', { command: 'gke-gcloud-auth-plugin-not-here', installHint: 'Install gke-gcloud-auth-plugin:\n  gcloud components install gke-gcloud-auth-plugin' });
  const r = await cli(statusCommand, file, 'dev');
  assert.equal(r.code, 3);
  assert.equal(
    r.stderr,
    "thebot: cannot get the credential of context 'thebot-dev': the exec plugin `gke-gcloud-auth-plugin-not-here` was not found: Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin\n",
  );
});

test('an expired credential from an exec plugin: the rejection names the context and the plugin', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const file = execKubeconfig('expired', { command: join(dir, 'expired.sh') });
  const expected = `the cluster of context 'thebot-dev' at https://127.0.0.1:PORT rejected the credential from the exec plugin \`${dir}/expired.sh\`: Unauthorized (HTTP 401)`;
  for (const cmd of [statusCommand, dryRunCommand]) {
    const r = await cli(cmd, file, 'dev');
    assert.equal(r.code, 3);
    assert.equal(scrub(r.stderr, h.cp), `thebot: ${expected}\n`);
  }
  const reach = await createClusterPort().reachable(target([file]));
  assert.equal(reach.ok ? '' : scrub(reach.error, h.cp), expected);
});

test('the editor live view: a plugin that starts failing mid-watch is reported as lost, nothing crashes or hangs', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const file = execKubeconfig('works-then-fails', { command: join(dir, 'works-then-fails.sh') });
  const session = await ClusterSession.open({ environment: dev, kubeconfig: file });
  // One workload: one list (the last credential the plugin gives), then its watch, which gets none.
  writeFileSync(join(dir, 'budget'), '1');
  const backend = render(dev.overlay).filter((r) => r.object.kind === 'Deployment' && (r.object.metadata as { name: string }).name === 'backend');
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(), 20_000);
  const events: Connection[] = [];
  const watching = watchRollouts(session.transport, session.discovery, workloadsOf(backend.map((r) => r.object as Record<string, unknown>), dev.namespace), {
    timeoutMs: 60_000,
    untilAborted: true,
    signal: abort.signal,
    onConnection: (c) => {
      events.push(c);
      abort.abort();
    },
  });
  const report = await watching;
  clearTimeout(deadline);
  assert.equal(report.outcome, 'aborted');
  assert.deepEqual(
    events.map((c) => (c.state === 'lost' ? c.error : c.state)),
    [`cannot get the credential of context 'thebot-dev': the exec plugin \`${dir}/works-then-fails.sh\` failed: token refresh failed: session ended`],
  );
});

test('several files in KUBECONFIG: merged as kubectl merges them (first definition and first current-context win)', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const kc = parse(readFileSync(h.cp.kubeconfig, 'utf8')) as Kubeconfig;
  // clusters.yaml: the clusters only, no current-context.
  const clusters = join(dir, 'clusters.yaml');
  writeFileSync(clusters, stringify({ apiVersion: 'v1', kind: 'Config', clusters: kc.clusters }));
  // users.yaml: the user, the contexts and the current context.
  const users = join(dir, 'users.yaml');
  writeFileSync(users, stringify({ apiVersion: 'v1', kind: 'Config', users: kc.users, contexts: kc.contexts, 'current-context': 'thebot-dev' }));
  // stale.yaml: a second definition of the same user and cluster (ignored: defined earlier), and an empty file.
  const stale = join(dir, 'stale.yaml');
  writeFileSync(stale, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'thebot-local', cluster: { server: 'https://127.0.0.1:1' } }], users: [{ name: 'thebot-admin', user: { token: 'stale' } }], 'current-context': 'other-cluster' }));
  const empty = join(dir, 'empty.yaml');
  writeFileSync(empty, '');
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = [empty, clusters, users, stale].join(':');
  try {
    const io = capture();
    const code = await statusCommand(['dev', '--project', MANIFESTS], io);
    assert.ok(code === 0 || code === 1, io.stderr);
    assert.match(io.stderr, /^dev: context thebot-dev \(https:\/\/127\.0\.0\.1:\d+, /m);
    // The editor's layer merges the same list the same way.
    const files = process.env.KUBECONFIG.split(':');
    assert.deepEqual(createClusterPort().contexts(files), ['thebot-dev', 'thebot-staging', 'thebot-production', 'other-cluster', 'unreachable']);
    assert.equal((await createClusterPort().reachable(target(files))).ok, true);
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
});

test('unreachable servers: the `unreachable` context (refused) and a server that never answers → one line within 5 s', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  // A listener that accepts and never answers (a black-holed load balancer).
  const sockets: Socket[] = [];
  const silent = createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as { port: number }).port;
  try {
    const kc = parse(readFileSync(h.cp.kubeconfig, 'utf8')) as Kubeconfig;
    kc.clusters.find((c) => c.name === 'thebot-local')!.cluster.server = `https://127.0.0.1:${silentPort}`;
    const file = join(dir, 'silent');
    writeFileSync(file, stringify(kc));
    const started = Date.now();
    const r = await cli(statusCommand, file, 'dev');
    const took = Date.now() - started;
    assert.equal(r.code, 3);
    assert.equal(r.stderr, `thebot: cannot reach the cluster of context 'thebot-dev' at https://127.0.0.1:${silentPort}: no answer within 4s\n`);
    assert.ok(took < 5000, `${took} ms`);

    const port = createClusterPort();
    const t0 = Date.now();
    const reach = await port.reachable(target([file]));
    assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
    assert.deepEqual(reach, { ok: false, error: `cannot reach the cluster of context 'thebot-dev' at https://127.0.0.1:${silentPort}: no answer within 4s` });

    // The control plane's own `unreachable` context (a port nobody listens on), bound to an environment of its own.
    const t1 = Date.now();
    const refused = await port.reachable({ ...target([h.cp.kubeconfig], 'unreachable') });
    assert.ok(Date.now() - t1 < 5000);
    const p = h.cp.state.ports.unreachable;
    assert.deepEqual(refused, { ok: false, error: `cannot reach the cluster of context 'unreachable' at https://127.0.0.1:${p}: connect ECONNREFUSED 127.0.0.1:${p}` });
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('proxy-url: requests go through the HTTP CONNECT proxy the kubeconfig names (client-node: hpagent)', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  // A minimal CONNECT proxy that records what it tunnelled to.
  const tunnels: string[] = [];
  const open: Socket[] = [];
  const proxy = createServer((client) => {
    open.push(client);
    client.once('data', (head) => {
      const m = /^CONNECT (\S+):(\d+) HTTP\/1\.1\r\n/.exec(head.toString('latin1'));
      if (!m) {
        client.destroy();
        return;
      }
      tunnels.push(`${m[1]}:${m[2]}`);
      const upstream = connect(Number(m[2]), m[1]!, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      open.push(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  try {
    const kc = parse(readFileSync(h.cp.kubeconfig, 'utf8')) as Kubeconfig;
    kc.clusters.find((c) => c.name === 'thebot-local')!.cluster['proxy-url'] = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const file = join(dir, 'proxied');
    writeFileSync(file, stringify(kc));
    const r = await cli(statusCommand, file, 'dev');
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.match(r.stderr, /^dev: context thebot-dev \(https:\/\/127\.0\.0\.1:\d+, /m);
    const apiserver = new URL(h.cp.server).port;
    assert.ok(tunnels.length > 0 && tunnels.every((x) => x === `127.0.0.1:${apiserver}`), tunnels.join(', '));
  } finally {
    for (const s of open) s.destroy();
    proxy.close();
  }
});
