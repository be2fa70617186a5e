// Operating what was deployed, from an object of the Environments tree:
// Show Drift (live ↔ render, each changed field linked to the source line
// that sets it) with Deploy this Object / Open Source (accept the live value
// by editing the source); Events, Logs, Describe; Restart, Scale; and
// Undeploy for a whole environment. Every action that changes the cluster
// passes the pre-flight (bound context) and asks first — typing the name for
// a protected environment — and is refused for objects that are not the
// environment's own (cluster/day2.ts).
import * as vscode from 'vscode';
import { relative } from 'node:path';
import { stringify } from 'yaml';
import type { Ctx } from '../context';
import type { Environment } from '../project';
import type { ObjectNode } from '../views/environmentTree';
import { LocateRejectionsRequest, type OriginInfo } from '../../../server/src/protocol';
import { comparable } from '../cluster/day2';
import { projectOnto } from '../cluster/drift';
import { isSecret } from '../cluster/revisions';
import { hpaTargets, liveKey } from '../liveDrift';
import { describeLive, deployObject, events, logs, restart, scale, undeployEnvironment, type Target } from '../operateAdapter';
import type { DiffDocuments } from './cluster';
import type { RevisionEvents } from './revisions';
import { pickEnvironment } from './pick';
import { objectOf } from './treeArgs';
import type { TreeModel } from '../treeTargets';
import { preflight } from './preflight';

function targetOf(node: ObjectNode): Target {
  const o = node.object;
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace || node.environment.namespace, name: o.name };
}

const what = (t: Target) => `${t.kind} ${t.namespace}/${t.name}`;
const viewPath = (env: string, view: string, t: Target, ext: string) => `/${env}/${view}/${t.kind}-${t.namespace}-${t.name}.${ext}`;

/** Asks before changing the cluster; a protected environment's name must be typed. */
export async function confirmChange(env: Environment, question: string, button: string): Promise<boolean> {
  if (!env.protected) return (await vscode.window.showWarningMessage(question, { modal: true }, button)) === button;
  if ((await vscode.window.showWarningMessage(question, { modal: true, detail: `${env.name} is protected.` }, 'Continue')) !== 'Continue') return false;
  const typed = await vscode.window.showInputBox({
    title: `${button}: protected environment ${env.name}`,
    prompt: `Type ${env.name} to go ahead on ${env.context}`,
    ignoreFocusOut: true,
    validateInput: (v) => (v === env.name || v === '' ? undefined : `Type exactly: ${env.name}`),
  });
  return typed === env.name;
}

/** Runs `fn` with a checked target, or says why not. */
async function withTarget<T>(ctx: Ctx, env: Environment, fn: (t: Awaited<ReturnType<typeof preflight>> & { ok: true }) => Promise<T>): Promise<T | undefined> {
  const pre = await preflight(ctx, env);
  if (!pre.ok) return void vscode.window.showErrorMessage(pre.message);
  return fn(pre);
}

async function showView(docs: DiffDocuments, path: string, text: string): Promise<void> {
  await vscode.window.showTextDocument(docs.set(path, text), { preview: true });
}

const valueText = (v: unknown) => {
  const s = v === undefined ? '(none)' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

function at(o: unknown, path: (string | number)[]): unknown {
  let cur = o;
  for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[p] : undefined;
  return cur;
}

/** Where each drifted field is set in the sources (the language server maps it through the render's origins). */
async function fieldOrigins(ctx: Ctx, node: ObjectNode, fields: string[]): Promise<(OriginInfo | null)[]> {
  const root = (await ctx.project.project())?.root;
  if (!root || !fields.length) return fields.map(() => null);
  const o = node.object;
  return ctx.client.sendRequest(LocateRejectionsRequest.type, {
    dir: root,
    environment: node.environment.name,
    rejections: fields.map((f) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), message: f, fields: [f] })),
  });
}

export const showDrift = (ctx: Ctx, docs: DiffDocuments, model: TreeModel<Environment>) => async (row?: unknown) => {
  const arg = await objectOf(ctx, model, 'Show Drift', row, 'object');
  if (!arg) return;
  const env = arg.environment;
  const t = targetOf(arg);
  const state = ctx.live.get(env.name);
  const live = state?.objects.get(liveKey(arg.object.object));
  const drift = arg.drift;
  if (live === undefined || !drift) return void vscode.window.showInformationMessage(`${what(t)}: its live state is not known yet (the cluster is being watched).`);
  const root = (await ctx.project.project())?.root ?? '';
  const origins = await fieldOrigins(ctx, arg, drift.fields);
  const secret = isSecret(arg.object.object);
  const lines = drift.fields.map((f, i) => {
    const values = secret ? '' : ` — live ${valueText(at(live, drift.paths[i]!))}, render ${valueText(at(arg.object.object, drift.paths[i]!))}`;
    const o = origins[i];
    return `# ${f}${values}${o ? ` — set at ${relative(root, o.file)}:${o.range.start.line + 1}:${o.range.start.character + 1}` : ''}\n`;
  });
  const header = `# ${what(t)}: ${drift.state === 'drifted' ? `drifted (${drift.fields.length} field${drift.fields.length === 1 ? '' : 's'} changed in the cluster)` : drift.state === 'missing' ? 'missing from the cluster' : drift.state === 'not-ours' ? 'in the cluster but not deployed by this environment' : 'in sync'}\n${lines.join('')}`;
  // Live: only the fields the render sets, in its order (the rest is the server's and controllers').
  const shown = live ? comparable(projectOnto(live, arg.object.object) as Record<string, unknown>) : undefined;
  const left = docs.set(viewPath(env.name, 'drift', t, 'live.yaml'), header + (shown ? stringify(shown, { lineWidth: 0 }) : '# not in the cluster\n'));
  const right = docs.set(viewPath(env.name, 'drift', t, 'render.yaml'), header + stringify(comparable(arg.object.object), { lineWidth: 0 }));
  // Opened at the top: the header (each changed field, both values, the
  // source line that sets it) is what the view is for; without a selection
  // the diff editor scrolls to the first change and hides it.
  await vscode.commands.executeCommand('vscode.diff', left, right, `${env.name}: ${t.kind} ${t.name} live ↔ render`, { preview: true, selection: new vscode.Range(0, 0, 0, 0) });
  if (drift.state === 'in-sync') return;
  const choice = await vscode.window.showInformationMessage(
    `${what(t)} in ${env.name}: ${drift.state === 'drifted' ? `drifted: ${drift.fields.join(', ')}` : drift.state}. Deploy this object to put the render back, or change the source to keep the live value.`,
    'Deploy this Object',
    'Open Source',
  );
  if (choice === 'Deploy this Object') await vscode.commands.executeCommand('thebot.deployObject', arg);
  if (choice === 'Open Source') {
    const o = origins.find((x) => x) ?? arg.object.origin;
    const pos = new vscode.Position(o.range.start.line, o.range.start.character);
    await vscode.window.showTextDocument(vscode.Uri.file(o.file), { selection: new vscode.Range(pos, pos) });
  }
};

export const deployThisObject = (ctx: Ctx, docs: DiffDocuments, model: TreeModel<Environment>) => async (row?: unknown) => {
  const arg = await objectOf(ctx, model, 'Deploy this Object', row, 'object');
  if (!arg) return;
  const env = arg.environment;
  const t = targetOf(arg);
  await withTarget(ctx, env, async (pre) => {
    if (!(await confirmChange(env, `Deploy ${what(t)} to ${env.name} (context ${env.context}) as rendered, taking back the fields changed in the cluster?`, 'Deploy Object'))) return;
    const r = await deployObject(pre.target, arg.object.object);
    ctx.output.appendLine(`deploy ${what(t)} to ${env.name}: ${r.action}${r.message ? `: ${r.message}` : ''}`);
    docs.markStale(env.name, `${what(t)} was deployed`);
    if (r.action === 'failed') return void vscode.window.showErrorMessage(`Deploy of ${what(t)} failed: ${r.message ?? ''}`);
    void vscode.window.showInformationMessage(`Deployed ${what(t)} to ${env.name}: ${r.action}.`);
  });
};

export const showEvents = (ctx: Ctx, docs: DiffDocuments, model: TreeModel<Environment>) => async (row?: unknown) => {
  const arg = await objectOf(ctx, model, 'Show Events', row, 'object');
  if (!arg) return;
  const t = targetOf(arg);
  await withTarget(ctx, arg.environment, async (pre) => {
    const lines = await events(pre.target, t).catch((e: Error) => [`cannot read the events: ${e.message}`]);
    await showView(docs, viewPath(arg.environment.name, 'events', t, 'log'), `# Events of ${what(t)} in ${arg.environment.name} (and of its pods), oldest first\n${lines.length ? lines.join('\n') : 'no events'}\n`);
  });
};

export const showLogs = (ctx: Ctx, docs: DiffDocuments, model: TreeModel<Environment>) => async (row?: unknown) => {
  const arg = await objectOf(ctx, model, 'Show Logs', row, 'workload');
  if (!arg) return;
  const t = targetOf(arg);
  await withTarget(ctx, arg.environment, async (pre) => {
    const text = await logs(pre.target, t).catch((e: Error) => `# cannot read the logs: ${e.message}\n`);
    await showView(docs, viewPath(arg.environment.name, 'logs', t, 'log'), text);
  });
};

export const describeObject = (ctx: Ctx, docs: DiffDocuments, model: TreeModel<Environment>) => async (row?: unknown) => {
  const arg = await objectOf(ctx, model, 'Describe', row, 'object');
  if (!arg) return;
  const t = targetOf(arg);
  await withTarget(ctx, arg.environment, async (pre) => {
    const text = await describeLive(pre.target, t).catch((e: Error) => `# cannot describe it: ${e.message}\n`);
    await showView(docs, viewPath(arg.environment.name, 'describe', t, 'yaml'), `# ${what(t)} in ${arg.environment.name}, live\n${text}`);
  });
};

export const restartWorkload = (ctx: Ctx, docs: DiffDocuments, model: TreeModel<Environment>) => async (row?: unknown) => {
  const arg = await objectOf(ctx, model, 'Restart', row, 'workload');
  if (!arg) return;
  const env = arg.environment;
  const t = targetOf(arg);
  await withTarget(ctx, env, async (pre) => {
    if (!(await confirmChange(env, `Restart ${what(t)} in ${env.name} (context ${env.context})? Its pods are replaced one by one.`, 'Restart'))) return;
    try {
      const when = await restart(pre.target, t);
      ctx.output.appendLine(`restart ${what(t)} in ${env.name}: restartedAt ${when}`);
      docs.markStale(env.name, `${what(t)} was restarted`);
      void vscode.window.showInformationMessage(`Restarting ${what(t)} in ${env.name}.`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Restart of ${what(t)}: ${(e as Error).message}`);
    }
  });
};

export const scaleWorkload = (ctx: Ctx, docs: DiffDocuments, model: TreeModel<Environment>) => async (row?: unknown) => {
  const arg = await objectOf(ctx, model, 'Scale', row, 'scalable');
  if (!arg) return;
  const env = arg.environment;
  const t = targetOf(arg);
  const render = await ctx.project.render(env.name);
  if (hpaTargets(render.objects.map((o) => o.object), env.namespace).has(liveKey(arg.object.object))) {
    return void vscode.window.showErrorMessage(`${what(t)} is scaled by its HorizontalPodAutoscaler: change the HPA's bounds in the source instead.`);
  }
  const input = await vscode.window.showInputBox({
    title: `Scale ${what(t)} in ${env.name}`,
    prompt: 'Replicas until the next deploy (shown as drift until then)',
    validateInput: (v) => (/^\d+$/.test(v) ? undefined : 'A whole number of 0 or more'),
  });
  if (input === undefined) return;
  const replicas = Number(input);
  await withTarget(ctx, env, async (pre) => {
    if (env.protected && !(await confirmChange(env, `Scale ${what(t)} in ${env.name} to ${replicas}?`, 'Scale'))) return;
    try {
      const action = await scale(pre.target, t, replicas);
      ctx.output.appendLine(`scale ${what(t)} in ${env.name} to ${replicas}: ${action}`);
      docs.markStale(env.name, `${what(t)} was scaled`);
      void vscode.window.showInformationMessage(`Scaled ${what(t)} in ${env.name} to ${replicas} until the next deploy.`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Scale of ${what(t)}: ${(e as Error).message}`);
    }
  });
};

export const undeployEnvironmentCommand = (ctx: Ctx, docs: DiffDocuments, revisions: RevisionEvents) => async (arg?: unknown) => {
  const env = await pickEnvironment(ctx, arg, 'Undeploy Environment');
  if (!env) return;
  await withTarget(ctx, env, async (pre) => {
    const plan = await undeployEnvironment(pre.target, true);
    ctx.output.appendLine(`— Undeploy ${env.name} (${env.context}) —`);
    for (const d of plan.deleted) ctx.output.appendLine(`  would delete ${d}`);
    for (const k of plan.kept) ctx.output.appendLine(`  kept         ${k}`);
    if (!plan.deleted.length) return void vscode.window.showInformationMessage(`${env.name} owns nothing in the cluster to undeploy.`);
    const question = `Undeploy ${env.name} from context ${env.context}? ${plan.deleted.length} objects it deployed are deleted${plan.kept.length ? ` (${plan.kept.length} kept: ${plan.kept.map((k) => k.split(':')[0]).join(', ')})` : ''}. Its revisions stay, for a rollback.`;
    if (!(await confirmChange(env, question, 'Undeploy'))) return void ctx.output.appendLine('cancelled by the user');
    const done = await undeployEnvironment(pre.target, false);
    for (const d of done.deleted) ctx.output.appendLine(`  deleted      ${d}`);
    for (const f of done.failed) ctx.output.appendLine(`  failed       ${f}`);
    docs.markStale(env.name, `${env.name} was undeployed`);
    revisions.fire(env.name);
    if (done.failed.length) return void vscode.window.showErrorMessage(`Undeploy of ${env.name}: ${done.failed.length} objects could not be deleted (see the THE_BOT output).`);
    void vscode.window.showInformationMessage(`Undeployed ${env.name}: ${done.deleted.length} objects deleted.`);
  });
};
