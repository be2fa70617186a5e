// Fault injection against the real control plane: the API server killed in
// the middle of a dry-run and of a deploy (exit codes, exactly what was and
// was not applied, nothing lost on the next deploy), stopped and restarted
// under the editor's live view (disconnected within seconds, last known state
// stale, back by itself), another field manager taking a field over between
// the dry-run and the apply (a rejection in the middle of a real apply), and
// two environments sharing one namespace (never overwriting each other).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySetOf, PART_OF } from '../../client/src/cluster';
import { createClusterPort } from '../../client/src/clusterAdapter';
import { preflight } from '../../client/src/commands/preflight';
import { LiveStatus, summarize } from '../../client/src/liveStatus';
import { keepWatching } from '../../client/src/watchLoop';
import type { Ctx } from '../../client/src/context';
import type { Environment } from '../../client/src/project';
import type { ControlPlane } from '../../localdev/cluster/controlPlane';
import { isRunning } from '../../localdev/cluster/processes';
import { deployCommand } from '../../server/src/cli/deploy';
import { dryRunCommand } from '../../server/src/cli/dry-run';
import { statusCommand } from '../../server/src/cli/status';
import { capture, environment, MANIFESTS, render, scrub, useControlPlane } from './harness';

const h = useControlPlane();
const dev = environment('dev');
const devObjects = render(dev.overlay).length;

/** SIGKILLs the apiserver and returns once it is gone (its listening socket closed): synchronous, for output hooks. */
function killApiserver(cp: ControlPlane): void {
  const p = cp.state.procs.find((q) => q.name === 'kube-apiserver')!;
  process.kill(-p.pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let state = 'gone';
    try {
      const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2)[0]!;
    } catch {
      /* reaped */
    }
    if (state === 'gone' || state === 'Z') return;
    if (Date.now() > deadline) throw new Error('kube-apiserver did not die');
    Atomics.wait(pause, 0, 0, 10);
  }
}

/** Output capture that runs `hook` once, synchronously, when a stdout line matches. */
function captureUntil(match: (line: string, count: number) => boolean, hook: () => void) {
  const io = capture();
  let count = 0;
  let fired = false;
  const out = io.out.bind(io);
  io.out = (t: string) => {
    out(t);
    for (const line of t.split('\n').filter(Boolean)) {
      if (!fired && match(line, ++count)) {
        fired = true;
        hook();
      }
    }
  };
  return io;
}

const args = (cp: ControlPlane, ...rest: string[]) => [...rest, '--project', MANIFESTS, '--kubeconfig', cp.kubeconfig];

test('dry-run: the API server killed after 5 objects → exit 3, "incomplete", the rest not checked', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const cp = h.cp;
  const io = captureUntil((l, n) => n === 5 && l.startsWith('created (dry run)'), () => killApiserver(cp));
  const code = await dryRunCommand(args(cp, 'dev'), io);
  await cp.startApiserver();
  assert.equal(code, 3, io.stdout + io.stderr);
  const lines = scrub(io.stdout, cp).trimEnd().split('\n');
  assert.equal(lines.filter((l) => l.startsWith('created (dry run)')).length, 5);
  assert.equal(lines[5], lines.find((l) => l.startsWith('failed')));
  // Refused (a new connection) or reset (a kept-alive one): either way no answer.
  assert.match(lines[6]!, /^ {4}\S+:\d+:\d+: cannot reach the cluster of context 'thebot-dev' at https:\/\/127\.0\.0\.1:PORT: (connect ECONNREFUSED 127\.0\.0\.1:\d+|read ECONNRESET|socket hang up)$/);
  assert.equal(lines.filter((l) => l.startsWith('skipped ')).length, devObjects - 6);
  assert.equal(lines.at(-1), `dry-run dev: incomplete: the cluster stopped answering after 5 of ${devObjects} objects; ${devObjects - 5} not checked`);
});

test('deploy: the API server killed after 10 objects → exit 1, the state printed exactly; the next deploy completes it', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const cp = h.cp;
  const io = captureUntil((l, n) => n === 10 && l.startsWith('created '), () => killApiserver(cp));
  const code = await deployCommand(args(cp, 'dev'), io);
  await cp.startApiserver();
  // Nothing lost, nothing doubled: the next deploy creates exactly the rest
  // (run first, so the tests after this one find dev deployed whatever happens here).
  const again = capture();
  const againCode = await deployCommand(args(cp, 'dev'), again);
  assert.equal(code, 1, io.stdout + io.stderr);
  const lines = scrub(io.stdout, cp).trimEnd().split('\n');
  const failedLine = lines.find((l) => l.startsWith('failed '))!;
  const failed = failedLine.slice('failed'.length).trim();
  assert.equal(lines.filter((l) => l.startsWith('created ')).length, 10);
  assert.equal(lines.filter((l) => l.startsWith('skipped ')).length, devObjects - 11);
  // A refused connection was certainly not applied; a reset one may have been.
  const refused = /ECONNREFUSED/.test(lines[lines.indexOf(failedLine) + 1]!);
  assert.deepEqual(lines.slice(-6), [
    `deploy dev: 10 created, 0 configured, 0 unchanged, 1 failed, ${devObjects - 11} not attempted`,
    'dev is now PARTLY deployed (nothing was rolled back):',
    `  10 of ${devObjects} objects are as rendered: 10 created, 0 configured, 0 unchanged`,
    refused ? `  1 failed and is as before: ${failed}` : `  1 got no answer and may or may not have been applied: ${failed}`,
    `  ${devObjects - 11} not attempted (the cluster had stopped answering) and are as before`,
    'Fix the cause and deploy dev again: only what differs is applied.',
  ]);
  assert.equal(againCode, 0, again.stdout + again.stderr);
  const last = again.stdout.trimEnd().split('\n').at(-1);
  // The object without an answer is 'created' or 'unchanged' now, depending on whether it had been applied.
  assert.ok(
    [`deploy dev: ${devObjects - 10} created, 0 configured, 10 unchanged, 0 failed`, `deploy dev: ${devObjects - 11} created, 0 configured, 11 unchanged, 0 failed`].includes(last!),
    last,
  );
});

test('live view (the editor\'s watch loop): disconnected within seconds of the API server stopping, last state stale, back by itself', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const cp = h.cp;
  const port = createClusterPort();
  const env: Environment = { name: 'dev', overlay: dev.overlay, context: 'thebot-dev', configuredContext: 'thebot-dev', namespace: 'thebot', protected: false };
  const ctx = { cluster: port, target: () => ({ environment: 'dev', protected: false, kubeconfigFiles: [cp.kubeconfig], context: 'thebot-dev', namespace: 'thebot' }) } as unknown as Ctx;
  const live = new LiveStatus();
  const seen: string[] = [];
  const waiters: { match: RegExp; resolve: () => void }[] = [];
  live.onDidChange(() => {
    const s = summarize(live.get('dev')) ?? '';
    if (seen.at(-1) !== s) seen.push(s);
    for (const w of [...waiters]) if (w.match.test(s)) waiters.splice(waiters.indexOf(w), 1), w.resolve();
  });
  // (The state may already be there: the change can fire while the stop is still in progress.)
  const until = (match: RegExp, ms: number) =>
    match.test(summarize(live.get('dev')) ?? '') ? Promise.resolve() : Promise.race([
      new Promise<void>((resolve) => waiters.push({ match, resolve })),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no "${match}" within ${ms} ms; seen: ${JSON.stringify(seen)}`)), ms).unref()),
    ]);
  const abort = new AbortController();
  const loop = keepWatching({
    environment: 'dev',
    live,
    signal: abort.signal,
    preflight: () => preflight(ctx, env),
    objects: async () => render(dev.overlay).map((r) => r.object),
    watch: (target, objects, onStatus, signal, onConnection) => port.watchStatus(target, objects, onStatus, signal, onConnection),
  });
  try {
    await until(/^all available$/, 60_000);
    const stopped = Date.now();
    await cp.stopApiserver();
    await until(/^disconnected since \d\d:\d\d \(last known: all available, stale\)$/, 15_000);
    const detected = Date.now() - stopped;
    process.stderr.write(`# live view: disconnected shown ${(detected / 1000).toFixed(1)}s after the apiserver stop began\n`);
    // A watch cut while the apiserver shuts down sees a reset or a hang-up (a request in flight when
    // the listener closed); one opened after it, a refusal. Which one comes first is a race.
    assert.match(live.get('dev')!.error!, /^cannot reach the cluster of context 'thebot-dev' at https:\/\/127\.0\.0\.1:\d+: (connect (ECONNREFUSED|ECONNRESET) 127\.0\.0\.1:\d+|read ECONNRESET|socket hang up)$/);
    const restarted = Date.now();
    await cp.startApiserver();
    await until(/^all available$/, 30_000);
    process.stderr.write(`# live view: all available again ${((Date.now() - restarted) / 1000).toFixed(1)}s after the restart began\n`);
    // Never a state nobody knew: between the two, only the disconnected line.
    assert.deepEqual(seen.slice(seen.indexOf('all available')), ['all available', seen.find((s) => s.startsWith('disconnected'))!, 'all available']);
  } finally {
    abort.abort();
    await loop;
    if (!isRunning(cp.state.procs.find((p) => p.name === 'kube-apiserver')!.pid)) await cp.startApiserver();
  }
});

test('a rejection in the middle of a real apply (a field taken over after the dry-run): that object as before, the rest applied, exit 1', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const cp = h.cp;
  // A changed project (a ConfigMap value: new generated name, Deployments re-pointed).
  const project = join(mkdtempSync(join(tmpdir(), 'thebot-faults-')), 'manifests');
  cpSync(MANIFESTS, project, { recursive: true });
  const k = join(project, 'overlays/dev/kustomization.yaml');
  writeFileSync(k, readFileSync(k, 'utf8').replace('LOG_LEVEL=DEBUG', 'LOG_LEVEL=INFO'));
  const takeOver = () =>
    execFileSync('kubectl', ['--kubeconfig', cp.kubeconfig, '--context', 'thebot-dev', 'apply', '--server-side', '--field-manager', 'other-team', '--force-conflicts', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'frontend', namespace: 'thebot' },
        spec: { template: { spec: { containers: [{ name: 'frontend', image: 'localhost:5000/thebot/frontend:hotfix' }] } } },
      }),
    });
  // After the dry-run (clean), at the first object applied.
  const io = captureUntil((l) => /^(created|configured) /.test(l), takeOver);
  const code = await deployCommand(['dev', '--project', project, '--kubeconfig', cp.kubeconfig], io);
  assert.equal(code, 1, io.stdout + io.stderr);
  const lines = io.stdout.trimEnd().split('\n');
  const i = lines.findIndex((l) => l.startsWith('failed '));
  assert.equal(lines[i], 'failed      Deployment thebot/frontend');
  assert.match(lines[i + 1]!, /conflict with "other-team".*\(another field manager owns these fields; --force-conflicts takes them over\)$/);
  assert.ok(lines.slice(i + 2).some((l) => /^(created|configured|unchanged) /.test(l)), 'the objects after it were still applied');
  const created = lines.filter((l) => l.startsWith('created ')).length;
  const configured = lines.filter((l) => l.startsWith('configured ')).length;
  const unchanged = lines.filter((l) => l.startsWith('unchanged ')).length;
  assert.equal(created + configured + unchanged + 1, devObjects);
  assert.deepEqual(lines.slice(-5), [
    `deploy dev: ${created} created, ${configured} configured, ${unchanged} unchanged, 1 failed`,
    'dev is now PARTLY deployed (nothing was rolled back):',
    `  ${devObjects - 1} of ${devObjects} objects are as rendered: ${created} created, ${configured} configured, ${unchanged} unchanged`,
    '  1 failed and is as before: Deployment thebot/frontend',
    'Fix the cause and deploy dev again: only what differs is applied.',
  ]);
  // Back to the bundled manifests (the take-over forced away again).
  const back = capture();
  assert.equal(await deployCommand(args(cp, 'dev', '--force-conflicts'), back), 0, back.stdout + back.stderr);
});

test('two environments in one namespace: staging never takes dev\'s objects without --take-over-from dev; status shows them as not staging\'s', async (t) => {
  if (!h.cp) return t.skip(h.skipReason);
  const cp = h.cp;
  const devSet = applySetOf(dev).id;
  const io = capture();
  assert.equal(await deployCommand(args(cp, 'staging', '--confirm', 'staging', '--context', 'thebot-staging'), io), 1, io.stdout + io.stderr);
  const lines = io.stdout.trimEnd().split('\n');
  const refusal = `belongs to environment 'dev' (label ${PART_OF}=${devSet}); not taken over: deploy with --take-over-from dev to take it over`;
  const refused = lines.filter((l) => l.endsWith(refusal)).length;
  assert.ok(refused > 40, io.stdout);
  assert.match(lines.at(-1)!, /^deploy staging: \d+ of \d+ objects rejected by the server-side dry-run; nothing applied$/);
  // dev's objects are untouched.
  const live = JSON.parse(execFileSync('kubectl', ['--kubeconfig', cp.kubeconfig, '--context', 'thebot-dev', '-n', 'thebot', 'get', 'deployment', 'backend', '-o', 'json'], { encoding: 'utf8' }));
  assert.equal(live.metadata.labels[PART_OF], devSet);
  assert.equal(live.metadata.labels['app.kubernetes.io/instance'], 'thebot-dev');
  // staging's status does not pass dev's workloads off as its own.
  const st = capture();
  assert.equal(await statusCommand(args(cp, 'staging', '--context', 'thebot-staging'), st), 1, st.stdout + st.stderr);
  assert.match(st.stdout, /^progressing Deployment thebot\/backend 0\/0: deployment "backend" exists but is another applyset's \(applyset\.kubernetes\.io\/part-of=applyset-[\w-]+-v1\), not this environment's$/m);
  assert.match(st.stdout.trimEnd().split('\n').at(-1)!, /^status staging: 0\/\d+ workloads available$/);
  // Named explicitly, the take-over is allowed (what else staging's dry-run rejects is its own business).
  const over = capture();
  await dryRunCommand(args(cp, 'staging', '--take-over-from', 'dev', '--context', 'thebot-staging'), over);
  assert.equal(over.stdout.includes("belongs to environment 'dev'"), false, over.stdout);
});
