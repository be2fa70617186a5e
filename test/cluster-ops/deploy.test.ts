// Against a real control plane: deploy dev and watch it become available, an
// idempotent re-deploy, diff, an image change watched from progressing to
// complete (in-process and by `thebot status --watch`), a field-manager conflict, an immutable-field change rejected on its
// source line, an apiserver restart in the middle of a watch, and --prune.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { applySetOf, fromPlain, membershipOf, PART_OF, readRecord, run, watchRollouts, workloadsOf, diff, type ClusterSession, type WorkloadStatus } from '../../client/src/cluster';
import type { RenderedResource } from '../../server/src/kustomize/model';
import { reportFailure } from '../../client/src/cluster/atomic';
import { deployCommand } from '../../server/src/cli/deploy';
import { diffCommand } from '../../server/src/cli/diff';
import { statusCommand } from '../../server/src/cli/status';
import { capture, environment, FIXTURES, groupAlive, MANIFESTS, open, render, scrub, spawnCli, useControlPlane } from './harness';

const h = useControlPlane();
const env = environment('dev');
const resources = render(env.overlay);
const workloads = workloadsOf(resources.map((r) => r.object), 'thebot');

/** The rendered set with one object changed (a deep copy; origins kept). */
function withChange(kind: string, name: string, change: (o: any) => void): RenderedResource[] {
  return resources.map((r) => {
    const meta = r.object.metadata as { name: string };
    if (r.object.kind !== kind || meta.name !== name) return r;
    const object = JSON.parse(JSON.stringify(r.object));
    change(object);
    return { ...r, object };
  });
}

function container(o: any, name: string): any {
  return o.spec.template.spec.containers.find((c: { name: string }) => c.name === name);
}

let session: ClusterSession;

test('deploy dev with --wait: every object created, every workload available', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const io = capture();
  const started = Date.now();
  const code = await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig, '--wait', '--timeout', '240'], io);
  process.stderr.write(`# deploy dev → all available: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  // Opened before the assertions: the tests after this one use it, and a
  // failure here must not turn into theirs.
  session = await open(h.cp, env);
  assert.equal(code, 0, io.stdout + io.stderr);
  const out = scrub(io.stdout, h.cp).trimEnd().split('\n');
  assert.ok(out.includes('deploy dev: 67 created, 0 configured, 0 unchanged, 0 failed'), io.stdout);
  assert.equal(out.at(-1), `rollout dev: every workload available (${workloads.length}/${workloads.length} complete) after Ns`);
});

test('a second deploy changes nothing', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const io = capture();
  const code = await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], io);
  assert.equal(code, 0, io.stderr);
  const lines = io.stdout.trimEnd().split('\n');
  assert.equal(lines.at(-1), 'deploy dev: 0 created, 0 configured, 67 unchanged, 0 failed');
  assert.ok(lines.slice(0, -1).every((l) => l.startsWith('unchanged ')), io.stdout);
});

// The Status kube-apiserver's quota admission answered a create with in a CI
// run (its own retries lost to kube-controller-manager's recount of the
// namespace's quota). The race cannot be provoked on demand, so it is injected
// in front of the real apiserver: the named object's applies get this answer
// `times` times, every other request goes through.
const QUOTA_CONFLICT = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Operation cannot be fulfilled on resourcequotas "thebot-quota": the object has been modified; please apply your changes to the latest version and try again',
  reason: 'Conflict',
  details: { name: 'thebot-quota', kind: 'resourcequotas' },
  code: 409,
};

async function withQuotaConflicts<T>(path: string, times: number, body: () => Promise<T>): Promise<{ result: T; sent: number }> {
  const t = session.transport;
  const real = t.send.bind(t);
  let sent = 0;
  t.send = (async (method: string, p: string, o?: object) => {
    if (method !== 'PATCH' || p !== path) return real(method, p, o);
    sent++;
    return sent <= times ? { status: 409, body: QUOTA_CONFLICT } : real(method, p, o);
  }) as typeof t.send;
  try {
    return { result: await body(), sent };
  } finally {
    delete (t as { send?: unknown }).send;
  }
}

test("a quota admission's optimistic-lock conflict is applied again; after client-go's four retries it is reported as the server's, not as a field-manager conflict", async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const path = '/api/v1/namespaces/thebot/persistentvolumeclaims/static-files';
  const once = await withQuotaConflicts(path, 1, () => run(session, resources, { dryRun: false }));
  assert.equal(once.sent, 2);
  assert.deepEqual(
    once.result.filter((o) => o.action !== 'unchanged').map((o) => `${o.action} ${o.ref.kind}/${o.ref.name}`),
    [],
  );
  const started = Date.now();
  const always = await withQuotaConflicts(path, Infinity, () => run(session, resources, { dryRun: false }));
  const waited = Date.now() - started;
  assert.equal(always.sent, 5);
  const failed = always.result.filter((o) => o.action !== 'unchanged');
  assert.deepEqual(
    failed.map((o) => [o.action, o.ref.name, o.status, o.conflict, o.message]),
    [['failed', 'static-files', 409, undefined, QUOTA_CONFLICT.message]],
  );
  assert.ok(waited >= 1560, `${waited} ms: the four waits are 10 + 50 + 250 + 1250 ms`);
});

// API Priority and Fairness's rejection (a 429 with Retry-After) and a 5xx
// without one, injected the same way, one layer down: under the Transport's
// retries, which are what is tested.
const TOO_MANY = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Too many requests, please try again later.',
  reason: 'TooManyRequests',
  details: { retryAfterSeconds: 1 },
  code: 429,
};

test('a 429 with Retry-After is sent again after those seconds (as client-go does); a 500 without Retry-After is the answer', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const path = '/api/v1/namespaces/thebot/services/backend';
  const tr = session.transport as unknown as { exchange: (m: string, p: string, o: object) => Promise<{ status: number; body: unknown; retryAfter?: number }> };
  const real = tr.exchange.bind(tr);
  const answers: ({ status: number; body: unknown; retryAfter?: number } | undefined)[] = [];
  let sent = 0;
  tr.exchange = async (m, p, o) => {
    if (m !== 'PATCH' || p !== path) return real(m, p, o);
    return answers[sent++] ?? real(m, p, o);
  };
  try {
    answers.push({ status: 429, body: TOO_MANY, retryAfter: 1 }, { status: 429, body: TOO_MANY, retryAfter: 1 });
    const started = Date.now();
    const retried = await run(session, resources, { dryRun: false });
    const waited = Date.now() - started;
    assert.equal(sent, 3);
    assert.deepEqual(retried.filter((o) => o.action !== 'unchanged'), []);
    assert.ok(waited >= 2000, `${waited} ms: two waits of the 1 s the server named`);

    sent = 0;
    answers.length = 0;
    const overloaded = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'etcdserver: request timed out', code: 500 };
    answers.push({ status: 500, body: overloaded });
    const failed = await run(session, resources, { dryRun: false });
    assert.equal(sent, 1);
    assert.deepEqual(
      failed.filter((o) => o.action !== 'unchanged').map((o) => [o.action, `${o.ref.kind}/${o.ref.name}`, o.status, o.message]),
      [['failed', 'Service/backend', 500, 'etcdserver: request timed out']],
    );

    // Ten retries, then the 429 is the answer.
    sent = 0;
    answers.length = 0;
    for (let i = 0; i < 12; i++) answers.push({ status: 429, body: TOO_MANY, retryAfter: 0 });
    const exhausted = await run(session, resources, { dryRun: false });
    assert.equal(sent, 11);
    assert.deepEqual(
      exhausted.filter((o) => o.action !== 'unchanged').map((o) => [o.action, `${o.ref.kind}/${o.ref.name}`, o.status, o.message]),
      [['failed', 'Service/backend', 429, 'Too many requests, please try again later.']],
    );
  } finally {
    delete (tr as { exchange?: unknown }).exchange;
  }
});

test('diff after deploy: nothing to change; status: all available', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const io = capture();
  assert.equal(await diffCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], io), 0, io.stdout);
  assert.equal(io.stdout, 'diff dev: 0 to create, 0 changed, 67 unchanged, 0 rejected\n');
  const st = capture();
  assert.equal(await statusCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], st), 0, st.stdout);
  assert.equal(st.stdout.trimEnd().split('\n').at(-1), `status dev: ${workloads.length}/${workloads.length} workloads available`);
});

test('diff of an image change: the one changed line, secrets masked', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const changed = withChange('Deployment', 'backend', (o) => (container(o, 'backend').image = 'localhost:5000/thebot/backend:v2'));
  const diffs = (await diff(session, changed)).filter((d) => d.change !== 'unchanged');
  assert.equal(diffs.length, 1);
  assert.equal(diffs[0]!.ref.name, 'backend');
  const changes = diffs[0]!.patch.split('\n').filter((l) => /^[-+][^-+]/.test(l));
  assert.deepEqual(changes, ['-          image: localhost:5000/thebot/backend:latest', '+          image: localhost:5000/thebot/backend:v2']);
  // Every Secret's values are masked in the output, changed or not.
  const secret = withChange('Secret', 'django-secrets', (o) => (o.stringData.SECRET_KEY = 'new-value'));
  const sd = (await diff(session, secret)).filter((d) => d.change !== 'unchanged');
  assert.deepEqual(sd.map((d) => d.ref.name), ['django-secrets']);
  const lines = sd[0]!.patch.split('\n');
  assert.deepEqual(lines.filter((l) => /^[-+][^-+]/.test(l)), ['-  SECRET_KEY: "*** (before)"', '+  SECRET_KEY: "*** (after)"']);
  // Every data line shows the mask, never a value.
  const data = lines.slice(lines.indexOf(' data:') + 1).filter((l) => /^[ +-]  [A-Z_]+:/.test(l));
  assert.equal(data.length, 5);
  assert.ok(data.every((l) => /: "\*\*\*( \((before|after)\))?"$/.test(l)), data.join('\n'));
});

test('image-tag change: watched from progressing to complete', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const changed = withChange('Deployment', 'backend', (o) => (container(o, 'backend').image = 'localhost:5000/thebot/backend:v2'));
  const seen: WorkloadStatus[] = [];
  const ctrl = new AbortController();
  // Watch first (everything complete), then deploy: the whole progression is observed.
  let connected!: () => void;
  const established = new Promise<void>((r) => (connected = r));
  const watching = watchRollouts(session.transport, session.discovery, workloads.filter((w) => w.name === 'backend'), {
    timeoutMs: 120_000,
    untilAborted: true,
    signal: ctrl.signal,
    onEvent: (m) => m.startsWith('watching ') && connected(),
    onStatus: (s) => {
      seen.push(s);
      if (s.state === 'complete' && seen.some((x) => x.state === 'progressing')) ctrl.abort();
    },
  });
  await established;
  const outcomes = await run(session, changed, { dryRun: false });
  assert.deepEqual(outcomes.filter((o) => o.action !== 'unchanged').map((o) => `${o.action} ${o.ref.kind} ${o.ref.name}`), ['configured Deployment backend']);
  const report = await watching;
  assert.equal(report.outcome, 'aborted');
  assert.equal(seen[0]!.message, 'deployment "backend" successfully rolled out');
  assert.ok(seen.some((s) => s.state === 'progressing'), JSON.stringify(seen.map((s) => s.message)));
  assert.equal(seen.at(-1)!.message, 'deployment "backend" successfully rolled out');
});

test('a watch whose signal was aborted before it began (a restarted tree watch) ends at once and reports nothing', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const ctrl = new AbortController();
  ctrl.abort();
  const heard: string[] = [];
  const report = await watchRollouts(session.transport, session.discovery, workloads, {
    timeoutMs: 5_000,
    untilAborted: true,
    signal: ctrl.signal,
    onEvent: (m) => heard.push(`event ${m}`),
    onStatus: (s) => heard.push(`status ${s.name}`),
    onConnection: (c) => heard.push(`connection ${c.state}`),
    objects: { refs: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'thebot', name: 'nginx-config', key: 'nginx-config' }], onLive: (k) => heard.push(`live ${k}`) },
  });
  // Before the fix it ran on beside its replacement until the timeout, feeding the same tree.
  assert.equal(report.outcome, 'aborted');
  assert.deepEqual(heard, []);
});

test('status --watch follows a change past completion until SIGINT, then exits 0 leaving no process', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const cli = spawnCli(['status', 'dev', '--watch', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig]);
  try {
    const line = (state: string) => (l: string) => l.startsWith(`${state.padEnd(11)} Deployment thebot/backend `);
    const first = await cli.waitFor(line('complete'));
    // The stream is live (the CLI reports it on stderr) before anything changes.
    await cli.waitForErr((l) => l.startsWith('  watching deployments in thebot from resourceVersion '));
    const changed = withChange('Deployment', 'backend', (o) => (container(o, 'backend').image = 'localhost:5000/thebot/backend:v3'));
    const applied = await run(session, changed, { dryRun: false });
    assert.deepEqual(applied.filter((o) => o.action !== 'unchanged').map((o) => `${o.action} ${o.ref.name}`), ['configured backend']);
    const progressing = await cli.waitFor(line('progressing'), first + 1);
    const complete = await cli.waitFor(line('complete'), progressing + 1);
    assert.equal(cli.lines[complete], 'complete    Deployment thebot/backend 1/1: deployment "backend" successfully rolled out');
    // Complete, and still following: only the interrupt ends it.
    assert.ok(groupAlive(cli.pid));
    process.kill(cli.pid, 'SIGINT');
    assert.equal(await cli.exited, 0, cli.stderr());
    assert.equal(cli.lines.at(-1), `status dev: ${workloads.length}/${workloads.length} workloads available (watch ended)`);
    // A helper the CLI's process may have had (tsx's esbuild service) exits when its pipe closes, just after.
    for (let i = 0; i < 50 && groupAlive(cli.pid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(groupAlive(cli.pid), false, 'processes left in the CLI\'s group');
    // With --timeout the watch ends by itself; all available then: exit 0.
    const timed = capture();
    assert.equal(await statusCommand(['dev', '--watch', '--timeout', '1', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], timed), 0, timed.stderr);
    assert.equal(timed.stdout.trimEnd().split('\n').at(-1), `status dev: ${workloads.length}/${workloads.length} workloads available (watch ended at --timeout 1s)`);
  } finally {
    if (groupAlive(cli.pid)) process.kill(-cli.pid, 'SIGKILL');
  }
});

test('a field owned by another manager: conflict reported, not forced; --force-conflicts takes it over', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  // Another tool takes over the frontend image (force, as `kubectl apply --server-side --force-conflicts` would).
  const r = await session.transport.send('PATCH', '/apis/apps/v1/namespaces/thebot/deployments/frontend', {
    query: { fieldManager: 'other-team', force: 'true' },
    contentType: 'application/apply-patch+yaml',
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'frontend', namespace: 'thebot' },
      spec: { template: { spec: { containers: [{ name: 'frontend', image: 'localhost:5000/thebot/frontend:hotfix' }] } } },
    },
  });
  assert.equal(r.status, 200);
  const io = capture();
  assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], io), 1);
  // Found by the dry-run pass: nothing is applied.
  assert.deepEqual(io.stdout.trimEnd().split('\n'), [...CONFLICT_LINES, 'deploy dev: 1 of 67 objects rejected by the server-side dry-run; nothing applied']);
  const forced = capture();
  assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig, '--force-conflicts'], forced), 0);
  assert.ok(forced.stdout.includes('configured  Deployment thebot/frontend\n'), forced.stdout);
});

test('an immutable-field change (Deployment selector) is rejected on its source line', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  // Selector and template labels changed together: valid, but the selector is immutable.
  const changed = withChange('Deployment', 'celery-worker', (o) => {
    o.spec.selector.matchLabels.extra = 'x';
    o.spec.template.metadata.labels.extra = 'x';
  });
  const outcomes = await run(session, changed, { dryRun: true });
  const failed = outcomes.filter((o) => o.action === 'failed');
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.ref.name, 'celery-worker');
  assert.equal(failed[0]!.message, IMMUTABLE_MESSAGE);
  const selectorOrigin = resources.find((r) => r.object.kind === 'Deployment' && (r.object.metadata as any).name === 'celery-worker')!.originOf(['spec', 'selector']);
  assert.deepEqual(failed[0]!.origin, selectorOrigin);
});

test('apiserver restarted during a watch: the watch resumes and reports completion', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  // Pods that cannot be scheduled until a node gets a label: the rollout is
  // still in progress when the apiserver goes away.
  const pinned = withChange('Deployment', 'frontend', (o) => (o.spec.template.spec.nodeSelector = { 'thebot.dev/pool': 'late' }));
  const events: string[] = [];
  const outcomes = await run(session, pinned, { dryRun: false, force: true });
  assert.equal(outcomes.filter((o) => o.action === 'failed').length, 0);
  let connected!: () => void;
  const established = new Promise<void>((r) => (connected = r));
  const watching = watchRollouts(session.transport, session.discovery, workloads.filter((w) => w.name === 'frontend'), {
    timeoutMs: 180_000,
    onEvent: (m) => {
      events.push(m.replace(/resourceVersion \d+/, 'resourceVersion N').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT'));
      if (m.startsWith('watching ')) connected();
    },
  });
  // Restart only once the watch stream is live, so it is the watch that drops.
  await established;
  await h.cp.restartApiserver();
  const core = h.cp.kubeConfig().makeApiClient(k8s.CoreV1Api);
  await core.patchNode(
    { name: 'kwok-node-1', body: { metadata: { labels: { 'thebot.dev/pool': 'late' } } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  const report = await watching;
  assert.equal(report.outcome, 'complete', JSON.stringify(report.workloads));
  assert.ok(report.reconnects >= 1, events.join('\n'));
  assert.equal(events[0], 'watching deployments in thebot from resourceVersion N');
  // The reason depends on how the stream was cut ("Premature close" when the apiserver stops mid-chunk).
  assert.match(events[1]!, /^watch of deployments in thebot dropped( \([^)]+\))?; resuming from resourceVersion N$/);
  // Then retries while the apiserver is away, and a live watch again (resumed, or relisted after 410 Gone).
  assert.equal(events.at(-1), 'watching deployments in thebot from resourceVersion N');
});

test('a watch resumed from a resourceVersion that is too old relists (410 Gone) and completes', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const events: string[] = [];
  const report = await watchRollouts(session.transport, session.discovery, workloads, {
    timeoutMs: 60_000,
    fromResourceVersion: '1',
    onEvent: (m) => events.push(m),
  });
  assert.equal(report.outcome, 'complete');
  assert.ok(events.includes('watch of deployments in thebot: resourceVersion 1 is too old (410 Gone); relisting'), events.join('\n'));
});

test('a stuck rollout: status names the pods and why they do not run; deploy --wait times out', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const stuck = withChange('Deployment', 'celery-beat', (o) => (o.spec.template.spec.nodeSelector = { 'thebot.dev/pool': 'none' }));
  const applied = await run(session, stuck, { dryRun: false });
  assert.equal(applied.find((o) => o.ref.name === 'celery-beat' && o.ref.kind === 'Deployment')!.action, 'configured');
  const io = capture();
  assert.equal(await statusCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], io), 1);
  const lines = io.stdout.replace(/celery-beat-[a-z0-9]+-[a-z0-9]+/g, 'celery-beat-POD').split('\n');
  const at = lines.findIndex((l) => l.startsWith('progressing Deployment thebot/celery-beat'));
  // celery-beat is a singleton (Recreate): its old pod is gone, the new one cannot be placed.
  assert.equal(lines[at], STUCK_STATUS);
  assert.match(lines[at + 1]!, STUCK_REASON);
  assert.equal(lines.at(-2), `status dev: ${workloads.length - 1}/${workloads.length} workloads available`);
  // While watching, a workload that stops moving gets its pods' reasons attached.
  const ctrl = new AbortController();
  let withReason: WorkloadStatus | undefined;
  await watchRollouts(session.transport, session.discovery, workloads.filter((w) => w.name === 'celery-beat'), {
    timeoutMs: 60_000,
    stuckAfterMs: 500,
    signal: ctrl.signal,
    onStatus: (st) => {
      if (st.reason) {
        withReason = st;
        ctrl.abort();
      }
    },
  });
  assert.match(`    ${withReason!.reason!.replace(/celery-beat-[a-z0-9]+-[a-z0-9]+/g, 'celery-beat-POD')}`, STUCK_REASON);
  assert.equal(withReason!.state, 'progressing');
  // A project that pins celery-beat: deploy --wait gives up at --timeout and says why.
  const wait = capture();
  const project = join(FIXTURES, 'stuck-project');
  assert.equal(await deployCommand(['dev', '--project', project, '--kubeconfig', h.cp.kubeconfig, '--force-conflicts', '--wait', '--timeout', '3'], wait), 1);
  const tail = scrub(wait.stdout, h.cp).replace(/celery-beat-[a-z0-9]+-[a-z0-9]+/g, 'celery-beat-POD').trimEnd().split('\n').slice(-3);
  assert.equal(tail[0], STUCK_STATUS);
  assert.match(tail[1]!, STUCK_REASON);
  assert.equal(tail[2], `rollout dev: timed out (${workloads.length - 1}/${workloads.length} complete) after Ns`);
  // Back to the real manifests: everything available again.
  const back = capture();
  assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig, '--wait', '--timeout', '60'], back), 0, back.stdout);
});

test('a Job and a DaemonSet are watched to completion too', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const pod = (name: string) => ({ metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'localhost:5000/thebot/backend:latest' }] } });
  const objects = fromPlain([
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'thebot' }, spec: { template: { ...pod('migrate'), spec: { ...pod('migrate').spec, restartPolicy: 'Never' } } } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'node-agent', namespace: 'thebot' }, spec: { selector: { matchLabels: { app: 'node-agent' } }, template: pod('node-agent') } },
  ]);
  const outcomes = await run(session, objects, { dryRun: false });
  assert.deepEqual(outcomes.map((o) => `${o.action} ${o.ref.kind}`), ['created Job', 'created DaemonSet']);
  const report = await watchRollouts(session.transport, session.discovery, workloadsOf(objects.map((o) => o.object), 'thebot'), { timeoutMs: 60_000 });
  assert.equal(report.outcome, 'complete');
  assert.deepEqual(report.workloads.map((w) => `${w.ready}/${w.desired} ${w.message}`), [
    '1/1 job "migrate" completed',
    '4/4 daemon set "node-agent" successfully rolled out',
  ]);
});

test('an atomic watch (untilFailure) ends at the first workload past its deadline, not waiting for one still progressing', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  // Both pinned to a node pool that does not exist: one gives up after 5 s, the other after the default 600 s.
  const stuck = (name: string, deadline?: number) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'thebot' },
    spec: {
      ...(deadline ? { progressDeadlineSeconds: deadline } : {}),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { nodeSelector: { 'thebot.dev/pool': 'none' }, containers: [{ name, image: 'localhost:5000/thebot/backend:latest' }] } },
    },
  });
  const objects = fromPlain([stuck('gives-up', 5), stuck('keeps-trying')]);
  assert.deepEqual((await run(session, objects, { dryRun: false })).map((o) => o.action), ['created', 'created']);
  try {
    const started = Date.now();
    const report = await watchRollouts(session.transport, session.discovery, workloadsOf(objects.map((o) => o.object), 'thebot'), { timeoutMs: 120_000, untilFailure: true });
    process.stderr.write(`# atomic watch ended after ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    assert.equal(report.outcome, 'failed');
    assert.deepEqual(report.workloads.map((w) => `${w.name} ${w.state} ${w.message}`), [
      'gives-up failed deployment "gives-up" exceeded its progress deadline',
      'keeps-trying progressing Waiting for deployment "keeps-trying" rollout to finish: 0 of 1 updated replicas are available...',
    ]);
    // Why, once: the controller's condition, then the pod's reason (the scheduler's words).
    assert.match(
      reportFailure(report, 120),
      /^Deployment thebot\/gives-up: deployment "gives-up" exceeded its progress deadline \(ReplicaSet "gives-up-[a-z0-9]+" has timed out progressing\.; pod gives-up-[a-z0-9]+-[a-z0-9]+: Unschedulable: 0\/4 nodes are available: 4 node\(s\) didn't match Pod's node affinity\/selector\. [^;]*\)$/,
    );
  } finally {
    for (const name of ['gives-up', 'keeps-trying']) await session.transport.send('DELETE', `/apis/apps/v1/namespaces/thebot/deployments/${name}`);
  }
});

// The field's source is the `newTag:` of the dev overlay's `images:` entry that set it.
const IMAGES_ENTRY =
  readFileSync(join(MANIFESTS, 'overlays/dev/kustomization.yaml'), 'utf8')
    .split('\n')
    .indexOf('  - name: thebot/frontend') + 3;
const CONFLICT_LINES = [
  'failed      Deployment thebot/frontend',
  `    manifests/overlays/dev/kustomization.yaml:${IMAGES_ENTRY}:13: Apply failed with 1 conflict: conflict with "other-team": ` +
    '.spec.template.spec.containers[name="frontend"].image (another field manager owns these fields; --force-conflicts takes them over)',
];
const IMMUTABLE_MESSAGE =
  'Deployment.apps "celery-worker" is invalid: spec.selector: Invalid value: ' +
  '{"matchLabels":{"app.kubernetes.io/component":"worker","app.kubernetes.io/name":"celery","extra":"x"}}: field is immutable';

const STUCK_STATUS =
  'progressing Deployment thebot/celery-beat 0/1: Waiting for deployment "celery-beat" rollout to finish: 0 of 1 updated replicas are available...';
// The scheduler's own words; its tail lists what each plugin tried (varies by plugin set).
const STUCK_REASON = /^    pod celery-beat-POD: Unschedulable: 0\/4 nodes are available: 4 node\(s\) didn't match Pod's node affinity\/selector\. /;

test('deploy --prune deletes what dev no longer renders, only objects this environment applied, never a Namespace', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const set = applySetOf(env);
  const configMap = (name: string, labels: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'thebot', labels },
    data: { a: 'b' },
  });
  // Applied by us once (labelled and recorded like every deploy), then dropped from the manifests.
  const gone = await run(session, fromPlain([configMap('thebot-extra'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'thebot-old' } }]), { dryRun: false });
  assert.deepEqual(gone.map((o) => `${o.action} ${o.ref.kind}`), ['created Namespace', 'created ConfigMap']);
  // Not ours: another manager's object, even one that copies our label.
  for (const [name, labels] of [['unrelated', {}], ['impostor', { [PART_OF]: set.id }]] as const) {
    const r = await session.transport.send('PATCH', `/api/v1/namespaces/thebot/configmaps/${name}`, {
      query: { fieldManager: 'other-team' },
      contentType: 'application/apply-patch+yaml',
      body: configMap(name, labels),
    });
    assert.equal(r.status, 201);
  }
  const exists = async (name: string) => (await session.transport.send('GET', `/api/v1/namespaces/thebot/configmaps/${name}`)).status === 200;
  // Off by default.
  const plain = capture();
  assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], plain), 0, plain.stderr);
  assert.equal(plain.stdout.trimEnd().split('\n').at(-1), 'deploy dev: 0 created, 0 configured, 67 unchanged, 0 failed');
  assert.ok(await exists('thebot-extra'));
  // diff --prune says what would go, and changes nothing.
  const preview = capture();
  assert.equal(await diffCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig, '--prune'], preview), 1, preview.stderr);
  assert.deepEqual(preview.stdout.trimEnd().split('\n'), [
    'to prune    ConfigMap thebot/thebot-extra',
    'to prune    DaemonSet thebot/node-agent',
    'to prune    Job thebot/migrate',
    ...KEPT_NAMESPACE,
    'diff dev: 0 to create, 0 changed, 67 unchanged, 0 rejected, 3 to prune',
  ]);
  assert.ok(await exists('thebot-extra'));
  const io = capture();
  assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig, '--prune'], io), 0, io.stderr);
  // The earlier test's Job and DaemonSet were applied through the same operations: members too.
  assert.deepEqual(io.stdout.trimEnd().split('\n').slice(-6), [
    'pruned      ConfigMap thebot/thebot-extra',
    'pruned      DaemonSet thebot/node-agent',
    'pruned      Job thebot/migrate',
    ...KEPT_NAMESPACE,
    'deploy dev: 0 created, 0 configured, 67 unchanged, 0 failed, 3 pruned, 1 kept',
  ]);
  assert.equal(await exists('thebot-extra'), false);
  assert.ok(await exists('unrelated'));
  assert.ok(await exists('impostor'));
  assert.equal((await session.transport.send('GET', '/api/v1/namespaces/thebot-old')).status, 200);
  // The record now holds exactly what dev renders (Namespace among them).
  const record = await readRecord(session.transport, set);
  assert.deepEqual(record, membershipOf(resources, set, 'thebot', session.discovery));
  assert.ok(!record!.groupKinds.includes('Job.batch') && record!.groupKinds.includes('Deployment.apps'), record!.groupKinds.join(','));
  const again = capture();
  assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig, '--prune'], again), 0);
  assert.equal(again.stdout.trimEnd().split('\n').at(-1), 'deploy dev: 0 created, 0 configured, 67 unchanged, 0 failed, 0 pruned, 1 kept');
});

// Ours and no longer rendered, but never deleted by a prune.
const KEPT_NAMESPACE = [
  'kept        Namespace thebot-old',
  '    not pruned: deleting a Namespace deletes every object in it; delete it yourself if that is meant',
];

// kubectl as an oracle for the applyset format (optional: a fresh machine may
// have no kubectl; the set-up step builds a standalone kustomize instead).
test('kubectl reads our applyset parent as its own (same id) and sees our objects as members', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  let version: string;
  try {
    version = (JSON.parse(execFileSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' })) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
  } catch {
    return t.skip('kubectl is not installed');
  }
  const kubectl = (...args: string[]) =>
    execFileSync('kubectl', ['--kubeconfig', h.cp!.kubeconfig, '--context', 'thebot-dev', '-n', 'thebot', ...args], {
      encoding: 'utf8',
      env: { ...process.env, KUBECTL_APPLYSET: 'true' },
      stdio: ['pipe', 'pipe', 'pipe'],
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: via-kubectl\ndata:\n  a: b\n',
    });
  const { name } = applySetOf(env);
  // kubectl only takes over a parent marked with its own tooling; the id it checks is computed by kubectl itself.
  kubectl('annotate', '--overwrite', 'configmap', name, `applyset.kubernetes.io/tooling=kubectl/${version}`);
  const out = kubectl('apply', '--server-side', '--field-manager', 'thebot', `--applyset=configmap/${name}`, '--prune', '--dry-run=server', '-f', '-');
  const lines = out.trimEnd().split('\n');
  assert.equal(lines[0], 'configmap/via-kubectl serverside-applied (server dry run)');
  // Everything dev deploys (but the Namespace, outside kubectl's namespace here) would be pruned by kubectl in favour of that one ConfigMap.
  assert.ok(lines.includes('deployment.apps/backend pruned (server dry run)'), out);
  assert.ok(lines.includes('servicemonitor.monitoring.coreos.com/backend pruned (server dry run)'), out);
  // Our next deploy takes the parent back.
  const back = capture();
  assert.equal(await deployCommand(['dev', '--project', MANIFESTS, '--kubeconfig', h.cp.kubeconfig], back), 0, back.stderr);
  const parent = (await session.transport.request<{ metadata: { annotations: Record<string, string> } }>('GET', `/api/v1/namespaces/thebot/configmaps/${name}`)).metadata;
  assert.equal(parent.annotations['applyset.kubernetes.io/tooling'], 'thebot/v1');
});
