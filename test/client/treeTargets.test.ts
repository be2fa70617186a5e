// What a command of the Environments tree acts on (client/src/treeTargets.ts):
// its row looked up by id in the current model (current environment, render
// and drift), and the quick picks it asks when no row came with the command
// (the tree-redraw race of VS Code's extension host) or the row's object or
// revision is gone — instead of an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RenderedObjectInfo } from '../../server/src/protocol';
import type { RevisionInfo } from '../../client/src/cluster/revisions';
import type { ObjectDrift } from '../../client/src/liveDrift';
import {
  environmentId,
  kindId,
  objectChoices,
  objectId,
  objectTarget,
  parseTreeId,
  refOf,
  revisionId,
  revisionsId,
  revisionTarget,
  type Choice,
  type TargetUi,
  type TreeModel,
} from '../../client/src/treeTargets';

interface Env {
  name: string;
  namespace: string;
  context: string;
}

const obj = (kind: string, name: string, namespace?: string): RenderedObjectInfo => ({
  apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
  kind,
  name,
  ...(namespace ? { namespace } : {}),
  object: { apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) } },
  origin: { file: `/p/base/${name}.yaml`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, by: 'resource' },
  startLine: 0,
  endLine: 4,
});
const beat = obj('Deployment', 'celery-beat', 'thebot');
const conf = obj('ConfigMap', 'nginx-config', 'thebot');
const job = obj('CronJob', 'backup', 'thebot');
const drifted: ObjectDrift = { state: 'drifted', fields: ['spec.replicas'], paths: [['spec', 'replicas']] };
const missing: ObjectDrift = { state: 'missing', fields: [], paths: [] };
const rev = (number: number, state: RevisionInfo['state'], rollbackOf?: number): RevisionInfo => ({
  number,
  time: `2026-12-02T10:0${number}:00Z`,
  user: 'admin',
  digest: `sha256:${number}`,
  objectCount: 67,
  state,
  ...(rollbackOf !== undefined ? { rollbackOf } : {}),
});

/** The project now: dev bound to another context than the rows drawn earlier say. */
const dev: Env = { name: 'dev', namespace: 'thebot', context: 'thebot-dev-2' };
const staging: Env = { name: 'staging', namespace: 'thebot', context: 'thebot-staging' };
function model(opts: { objects?: RenderedObjectInfo[]; revisions?: RevisionInfo[] | string; render?: string; drifts?: Map<string, ObjectDrift>; failing?: Map<string, string> } = {}): TreeModel<Env> {
  return {
    environments: async () => [dev, staging],
    objects: async (env) =>
      opts.render ?? {
        objects: opts.objects ?? [beat, conf, job],
        drifts: opts.drifts ?? new Map(env.name === 'dev' ? [['Deployment/thebot/celery-beat', drifted], ['ConfigMap/thebot/nginx-config', missing]] : []),
        ...(opts.failing ? { failing: opts.failing } : {}),
      },
    revisionList: async () => opts.revisions ?? [rev(3, 'deployed', 1), rev(2, 'failed'), rev(1, 'deployed')],
  };
}

/** A UI that answers from a script and records every call. */
function ui(answers: { environment?: string; pick?: string } = {}) {
  const calls: string[] = [];
  const u: TargetUi<Env> = {
    pickEnvironment: async (title) => {
      calls.push(`pickEnvironment ${title}`);
      return [dev, staging].find((e) => e.name === answers.environment);
    },
    pick: async <T>(title: string, choices: Choice<T>[]) => {
      calls.push(`pick ${title}`, ...choices.map((c) => `  ${c.label}${c.description ? ` — ${c.description}` : ''}`));
      return choices.find((c) => c.label === answers.pick)?.value;
    },
    note: (line) => void calls.push(`note ${line}`),
    fail: (message) => void calls.push(`fail ${message}`),
  };
  return { u, calls };
}

test('every row id reads back as what it names', () => {
  assert.deepEqual(parseTreeId(objectId('dev', beat)), { type: 'object', environment: 'dev', kind: 'Deployment', namespace: 'thebot', name: 'celery-beat' });
  assert.deepEqual(parseTreeId(objectId('dev', { kind: 'Namespace', name: 'thebot' })), { type: 'object', environment: 'dev', kind: 'Namespace', namespace: '', name: 'thebot' });
  assert.deepEqual(parseTreeId(revisionId('dev', 12)), { type: 'revision', environment: 'dev', number: 12 });
  assert.deepEqual(parseTreeId(environmentId('dev')), { type: 'environment', environment: 'dev' });
  // An environment named "env": its kind rows are still its own.
  assert.deepEqual(parseTreeId(environmentId('env')), { type: 'environment', environment: 'env' });
  assert.deepEqual(parseTreeId(kindId('env', 'Deployment')), { type: 'environment', environment: 'env' });
  assert.deepEqual(parseTreeId(kindId('dev', 'Deployment')), { type: 'environment', environment: 'dev' });
  assert.deepEqual(parseTreeId(revisionsId('dev')), { type: 'environment', environment: 'dev' });
  assert.deepEqual(parseTreeId('dev'), { type: 'environment', environment: 'dev' });
  for (const bad of ['', 'dev/revision/0', 'dev/revision/x', 'dev/Deployment/thebot/', '/Deployment/thebot/x', 'dev/a/b/c/d']) assert.equal(parseTreeId(bad), undefined, bad);
});

test('a tree node, an id or nothing: what the command got', () => {
  assert.deepEqual(refOf({ type: 'object', environment: { name: 'dev' }, object: beat, drift: missing }), { type: 'object', environment: 'dev', kind: 'Deployment', namespace: 'thebot', name: 'celery-beat' });
  assert.deepEqual(refOf({ type: 'revision', environment: { name: 'dev' }, revision: rev(2, 'failed'), live: false }), { type: 'revision', environment: 'dev', number: 2 });
  assert.deepEqual(refOf({ type: 'kind', environment: { name: 'staging' }, kind: 'Deployment', objects: [] }), { type: 'environment', environment: 'staging' });
  assert.deepEqual(refOf('dev/revision/3'), { type: 'revision', environment: 'dev', number: 3 });
  for (const none of [undefined, null, 3, {}, { type: 'object' }, { environment: 'dev' }, [beat]]) assert.equal(refOf(none), undefined, JSON.stringify(none));
});

test('a row from before a redraw: its object in the current render, with the current drift and environment; nothing asked', async () => {
  const { u, calls } = ui();
  const old = { type: 'object', environment: { ...dev, context: 'thebot-dev' }, object: { ...beat, object: { old: true } }, drift: { state: 'in-sync', fields: [], paths: [] } };
  assert.deepEqual(await objectTarget(model(), u, 'Show Drift', old, 'object'), { type: 'object', environment: dev, object: beat, drift: drifted });
  // By id too (keybindings, tests); an object the watches do not know yet has no drift.
  assert.deepEqual(await objectTarget(model(), u, 'Show Events', objectId('dev', job), 'workload'), { type: 'object', environment: dev, object: job });
  assert.deepEqual(calls, []);
});

test('no row (the tree was redrawing): which environment, then which object of it; only those the command acts on', async () => {
  const { u, calls } = ui({ environment: 'dev', pick: 'Deployment celery-beat' });
  assert.deepEqual(await objectTarget(model(), u, 'Show Drift', undefined, 'object'), { type: 'object', environment: dev, object: beat, drift: drifted });
  assert.deepEqual(calls, [
    'note Show Drift: no row came with the command (the Environments tree was redrawing); asking which one',
    'pickEnvironment Show Drift: which environment?',
    'pick Show Drift: which object of dev?',
    '  Deployment celery-beat — thebot · drifted: spec.replicas',
    '  ConfigMap nginx-config — thebot · missing',
    '  CronJob backup — thebot',
  ]);

  const scale = ui({ environment: 'staging', pick: 'Deployment celery-beat' });
  assert.deepEqual(await objectTarget(model(), scale.u, 'Scale', undefined, 'scalable'), { type: 'object', environment: staging, object: beat });
  assert.deepEqual(scale.calls.slice(1), ['pickEnvironment Scale: which environment?', 'pick Scale: which Deployment or StatefulSet of staging?', '  Deployment celery-beat — thebot']);

  const logs = ui({ environment: 'dev' });
  assert.equal(await objectTarget(model(), logs.u, 'Show Logs', undefined, 'workload'), undefined, 'the pick dismissed');
  assert.deepEqual(logs.calls.slice(2), ['pick Show Logs: which workload of dev?', '  Deployment celery-beat — thebot · drifted: spec.replicas', '  CronJob backup — thebot']);

  const dismissed = ui();
  assert.equal(await objectTarget(model(), dismissed.u, 'Restart', undefined, 'workload'), undefined);
  assert.deepEqual(dismissed.calls.slice(1), ['pickEnvironment Restart: which environment?'], 'no object pick after the environment pick is dismissed');
});

test('the object pick lists failing and drifted objects first, each group in render order; without live state, render order', async () => {
  const web = obj('Deployment', 'web', 'thebot');
  const api = obj('Deployment', 'api', 'thebot');
  const objects = [conf, web, beat, job, api];
  const failing = new Map([
    ['CronJob/thebot/backup', 'degraded: the last run did not succeed'],
    ['Deployment/thebot/api', '0/2 failed: ImagePullBackOff'],
  ]);
  const drifts = new Map([
    ['Deployment/thebot/celery-beat', drifted],
    ['ConfigMap/thebot/nginx-config', missing],
    ['Deployment/thebot/web', { state: 'in-sync', fields: [], paths: [] } as ObjectDrift],
  ]);
  const { u, calls } = ui({ environment: 'dev' });
  await objectTarget(model({ objects, drifts, failing }), u, 'Show Logs', undefined, 'workload');
  assert.deepEqual(calls.slice(2), [
    'pick Show Logs: which workload of dev?',
    '  Deployment celery-beat — thebot · drifted: spec.replicas',
    '  CronJob backup — thebot · degraded: the last run did not succeed',
    '  Deployment api — thebot · 0/2 failed: ImagePullBackOff',
    '  Deployment web — thebot · in sync',
  ]);
  // Missing is no drift of a live object: it keeps its place.
  assert.deepEqual(
    objectChoices(objects, drifts, 'object', failing).map((c) => c.label),
    ['Deployment celery-beat', 'CronJob backup', 'Deployment api', 'ConfigMap nginx-config', 'Deployment web'],
  );
  assert.deepEqual(
    objectChoices(objects, new Map(), 'object').map((c) => c.label),
    ['ConfigMap nginx-config', 'Deployment web', 'Deployment celery-beat', 'CronJob backup', 'Deployment api'],
    'the state unknown: render order',
  );
});

test('a row whose object is gone or does not fit asks within its environment; an environment gone asks which', async () => {
  const gone = ui({ pick: 'ConfigMap nginx-config' });
  assert.deepEqual(await objectTarget(model({ objects: [conf] }), gone.u, 'Deploy this Object', { type: 'object', environment: dev, object: beat }, 'object'), { type: 'object', environment: dev, object: conf, drift: missing });
  assert.deepEqual(gone.calls, ['note Deploy this Object: Deployment celery-beat is no longer rendered in dev; asking which one', 'pick Deploy this Object: which object of dev?', '  ConfigMap nginx-config — thebot · missing']);

  const unfit = ui();
  assert.equal(await objectTarget(model(), unfit.u, 'Scale', objectId('dev', conf), 'scalable'), undefined);
  assert.deepEqual(unfit.calls.slice(0, 2), ['note Scale: ConfigMap nginx-config is not a Deployment or StatefulSet; asking which one', 'pick Scale: which Deployment or StatefulSet of dev?']);

  const envGone = ui({ environment: 'staging', pick: 'CronJob backup' });
  assert.deepEqual(await objectTarget(model(), envGone.u, 'Describe', objectId('qa', job), 'object'), { type: 'object', environment: staging, object: job });
  assert.deepEqual(envGone.calls.slice(0, 2), ['note Describe: environment qa is no longer in the project; asking which one', 'pickEnvironment Describe: which environment?']);
});

test('an environment that does not render, or renders nothing the command acts on: said, nothing asked', async () => {
  const broken = ui();
  assert.equal(await objectTarget(model({ render: 'dev does not render: accumulating resources: missing.yaml' }), broken.u, 'Show Drift', objectId('dev', beat), 'object'), undefined);
  assert.deepEqual(broken.calls, ['fail Show Drift: dev does not render: accumulating resources: missing.yaml']);
  const none = ui();
  assert.equal(await objectTarget(model({ objects: [conf] }), none.u, 'Restart', 'dev', 'workload'), undefined);
  assert.deepEqual(none.calls, ['fail Restart: dev renders no workload.']);
});

test('revisions: the row\'s number in the current list (live or not), else a pick of the recorded ones', async () => {
  const { u, calls } = ui();
  const old = { type: 'revision', environment: { ...dev, context: 'thebot-dev' }, revision: rev(2, 'deployed'), live: true };
  assert.deepEqual(await revisionTarget(model(), u, 'Diff with Live', old, 'any'), { type: 'revision', environment: dev, revision: rev(2, 'failed'), live: false });
  assert.deepEqual(await revisionTarget(model(), u, 'Diff with Live', revisionId('dev', 3), 'any'), { type: 'revision', environment: dev, revision: rev(3, 'deployed', 1), live: true });
  assert.deepEqual(calls, []);

  const raced = ui({ environment: 'dev', pick: '#1' });
  assert.deepEqual(await revisionTarget(model(), raced.u, 'Rollback to this Revision', undefined, 'not-live'), { type: 'revision', environment: dev, revision: rev(1, 'deployed'), live: false });
  assert.deepEqual(raced.calls, [
    'note Rollback to this Revision: no row came with the command (the Environments tree was redrawing); asking which one',
    'pickEnvironment Rollback to this Revision: which environment?',
    'pick Rollback to this Revision: which revision of dev?',
    '  #2 — failed · deploy · admin · 2026-12-02 10:02:00 UTC · no commit',
    '  #1 — deployed · deploy · admin · 2026-12-02 10:01:00 UTC · no commit',
  ]);

  const any = ui({ pick: '#3 (live)' });
  assert.equal((await revisionTarget(model(), any.u, 'Diff with Live', revisionId('dev', 9), 'any'))?.revision.number, 3);
  assert.deepEqual(any.calls.slice(0, 3), ['note Diff with Live: revision 9 of dev is no longer recorded; asking which one', 'pick Diff with Live: which revision of dev?', '  #3 (live) — deployed · rollback to #1 · admin · 2026-12-02 10:03:00 UTC · no commit']);

  const live = ui();
  assert.equal(await revisionTarget(model({ revisions: [rev(1, 'deployed')] }), live.u, 'Rollback to this Revision', revisionId('dev', 1), 'not-live'), undefined);
  assert.deepEqual(live.calls, ['note Rollback to this Revision: revision 1 of dev is the live one; asking which one', 'fail Rollback to this Revision: dev has no other revision recorded.']);

  const unreachable = ui();
  assert.equal(await revisionTarget(model({ revisions: 'context thebot-dev-2: connect ECONNREFUSED 127.0.0.1:6443' }), unreachable.u, 'Diff with Live', revisionId('dev', 1), 'any'), undefined);
  assert.deepEqual(unreachable.calls, ['fail Diff with Live: context thebot-dev-2: connect ECONNREFUSED 127.0.0.1:6443']);
});
