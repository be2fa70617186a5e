// What a command of the Environments tree acts on. VS Code's extension host
// forgets the handles of a refreshed element's children until the view asks
// for them again (a full refresh forgets every row at once), so a context-menu
// action that lands while the tree redraws reaches its command with no row at
// all; one clicked on a row drawn before an edit or a watch event carries a
// node of the model as it was then. So no command trusts the row: every row
// has a stable id (TreeItem.id, made here), the command looks the id up in
// the current model (the environment's current context, the object's current
// render and drift), and when there is no row, or its object is gone, asks
// with a quick pick — the environment first when the row did not say — instead
// of failing. Pure (no `vscode`): the tests drive it with a fake model and UI.
import type { RenderedObjectInfo } from '../../server/src/protocol';
import { liveRevision, type RevisionInfo } from './cluster/revisions';
import { driftText, liveKey, type ObjectDrift } from './liveDrift';

// ---- Stable ids: the tree's TreeItem.id of each row, and their reading back.

export const environmentId = (env: string) => `env/${env}`;
export const revisionsId = (env: string) => `${env}/revisions`;
export const revisionId = (env: string, n: number) => `${env}/revision/${n}`;
export const kindId = (env: string, kind: string) => `${env}/${kind}`;
/** Kubernetes names, namespaces and kinds hold no '/', so the id reads back unambiguously. */
export const objectId = (env: string, o: { kind: string; namespace?: string; name: string }) => `${env}/${o.kind}/${o.namespace ?? ''}/${o.name}`;

/** What a row (or its id) names. */
export type TreeRef =
  | { type: 'environment'; environment: string }
  | { type: 'object'; environment: string; kind: string; namespace: string; name: string }
  | { type: 'revision'; environment: string; number: number };

/** Reads an id made above; a plain environment name names the environment. */
export function parseTreeId(id: string): TreeRef | undefined {
  const parts = id.split('/');
  if (parts.some((p, i) => p === '' && i !== 2)) return undefined;
  if (parts.length === 1) return { type: 'environment', environment: parts[0]! };
  // Kinds start with a capital letter: env/<name> is an environment row, <env>/<Kind> a kind row of <env>.
  if (parts.length === 2) return { type: 'environment', environment: parts[0] === 'env' && !/^[A-Z]/.test(parts[1]!) ? parts[1]! : parts[0]! };
  if (parts.length === 3 && parts[1] === 'revision' && /^[1-9]\d*$/.test(parts[2]!)) return { type: 'revision', environment: parts[0]!, number: Number(parts[2]) };
  if (parts.length === 4 && /^[A-Z]/.test(parts[1]!)) return { type: 'object', environment: parts[0]!, kind: parts[1]!, namespace: parts[2]!, name: parts[3]! };
  return undefined;
}

/** The rows the tree passes to commands (views/environmentTree.ts builds them). */
export interface ObjectTarget<E> {
  type: 'object';
  environment: E;
  object: RenderedObjectInfo;
  /** Live against the current render, once the watches know the object. */
  drift?: ObjectDrift;
}
export interface RevisionTarget<E> {
  type: 'revision';
  environment: E;
  revision: RevisionInfo;
  live: boolean;
}

const record = (a: unknown): Record<string, unknown> | undefined => (a && typeof a === 'object' ? (a as Record<string, unknown>) : undefined);

/** The id of what a command got: a tree node (current or from before a redraw), an id string, or nothing usable. */
export function refOf(arg: unknown): TreeRef | undefined {
  if (typeof arg === 'string') return parseTreeId(arg);
  const node = record(arg);
  const env = record(node?.environment)?.name;
  if (typeof env !== 'string') return undefined;
  const object = record(node!.object);
  if (node!.type === 'object' && object && typeof object.kind === 'string' && typeof object.name === 'string') {
    return parseTreeId(objectId(env, { kind: object.kind, namespace: typeof object.namespace === 'string' ? object.namespace : undefined, name: object.name }));
  }
  const n = record(node!.revision)?.number;
  if (typeof n === 'number') return parseTreeId(revisionId(env, n));
  return { type: 'environment', environment: env };
}

// ---- What each command needs.

export type ObjectNeed = 'object' | 'workload' | 'scalable';
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
const SCALABLE = new Set(['Deployment', 'StatefulSet']);

export function fits(need: ObjectNeed, kind: string): boolean {
  return need === 'object' || (need === 'workload' ? WORKLOADS : SCALABLE).has(kind);
}
const NOUN: Record<ObjectNeed, string> = { object: 'object', workload: 'workload', scalable: 'Deployment or StatefulSet' };

/** Revisions a command can act on: any, or any but the live one (a rollback to where it is changes nothing). */
export type RevisionNeed = 'any' | 'not-live';

// ---- The current model and the questions the fallback asks.

export interface TreeModel<E extends { name: string }> {
  environments(): Promise<E[]>;
  /**
   * The environment's rendered objects and their drift now, or why there are
   * none; `failing`: those the watches know to be failing, by live key, with
   * what the tree writes for them.
   */
  objects(env: E): Promise<{ objects: RenderedObjectInfo[]; drifts: Map<string, ObjectDrift>; failing?: Map<string, string> } | string>;
  /** The environment's revisions, newest first, or why there are none. */
  revisionList(env: E): Promise<RevisionInfo[] | string>;
}

export interface Choice<T> {
  label: string;
  description?: string;
  value: T;
}

export interface TargetUi<E> {
  /** Which environment (a quick pick); undefined when dismissed. */
  pickEnvironment(title: string): Promise<E | undefined>;
  /** Which one of these (a quick pick); undefined when dismissed. */
  pick<T>(title: string, choices: Choice<T>[]): Promise<T | undefined>;
  /** Why the command asks (the extension's output channel). */
  note(line: string): void;
  /** A reason to stop (an error message). */
  fail(message: string): void;
}

/**
 * The quick pick's choices: the objects that need attention first — failing
 * (`failing`: by live key, what the tree writes for them) or drifted, when the
 * watches know it — then the others, each group in render order.
 */
export function objectChoices(objects: RenderedObjectInfo[], drifts: Map<string, ObjectDrift>, need: ObjectNeed, failing: ReadonlyMap<string, string> = new Map()): Choice<RenderedObjectInfo>[] {
  const first: Choice<RenderedObjectInfo>[] = [];
  const rest: Choice<RenderedObjectInfo>[] = [];
  for (const o of objects) {
    if (!fits(need, o.kind)) continue;
    const key = liveKey(o.object);
    const d = drifts.get(key);
    const fails = failing.get(key);
    const choice = { label: `${o.kind} ${o.name}`, description: [o.namespace, fails, d ? driftText(d) : undefined].filter(Boolean).join(' · '), value: o };
    (fails !== undefined || d?.state === 'drifted' ? first : rest).push(choice);
  }
  return [...first, ...rest];
}

/** The text the tree shows beside a revision (and the quick pick too). */
export function revisionDescription(r: RevisionInfo): string {
  const commit = r.commit ? `${r.commit.slice(0, 8)}${r.dirty ? '+dirty' : ''}` : 'no commit';
  const what = r.rollbackOf !== undefined ? `rollback to #${r.rollbackOf}` : 'deploy';
  return `${r.state} · ${what} · ${r.user} · ${r.time.replace('T', ' ').replace('Z', ' UTC')} · ${commit}`;
}

export function revisionChoices(newestFirst: RevisionInfo[], need: RevisionNeed): Choice<RevisionInfo>[] {
  const live = liveRevision(newestFirst);
  return newestFirst.filter((r) => need === 'any' || r !== live).map((r) => ({ label: `#${r.number}${r === live ? ' (live)' : ''}`, description: revisionDescription(r), value: r }));
}

/** The environment a ref names, as the project has it now; else asked for (why: what the command got). */
async function environmentOf<E extends { name: string }>(model: TreeModel<E>, ui: TargetUi<E>, command: string, ref: TreeRef | undefined): Promise<E | undefined> {
  if (ref) {
    const env = (await model.environments()).find((e) => e.name === ref.environment);
    if (env) return env;
    ui.note(`${command}: environment ${ref.environment} is no longer in the project; asking which one`);
  } else {
    ui.note(`${command}: no row came with the command (the Environments tree was redrawing); asking which one`);
  }
  return ui.pickEnvironment(`${command}: which environment?`);
}

/** The object a command acts on: its row's object in the current render, else the one the user picks. */
export async function objectTarget<E extends { name: string }>(model: TreeModel<E>, ui: TargetUi<E>, command: string, arg: unknown, need: ObjectNeed): Promise<ObjectTarget<E> | undefined> {
  const ref = refOf(arg);
  const env = await environmentOf(model, ui, command, ref);
  if (!env) return undefined;
  const now = await model.objects(env);
  if (typeof now === 'string') return void ui.fail(`${command}: ${now}`);
  const target = (object: RenderedObjectInfo): ObjectTarget<E> => {
    const drift = now.drifts.get(liveKey(object.object));
    return { type: 'object', environment: env, object, ...(drift ? { drift } : {}) };
  };
  if (ref?.type === 'object') {
    const found = now.objects.find((o) => o.kind === ref.kind && (o.namespace ?? '') === ref.namespace && o.name === ref.name);
    if (found && fits(need, found.kind)) return target(found);
    ui.note(`${command}: ${ref.kind} ${ref.name} ${found ? `is not a ${NOUN[need]}` : `is no longer rendered in ${env.name}`}; asking which one`);
  }
  const choices = objectChoices(now.objects, now.drifts, need, now.failing);
  if (!choices.length) return void ui.fail(`${command}: ${env.name} renders no ${NOUN[need]}.`);
  const picked = await ui.pick(`${command}: which ${NOUN[need]} of ${env.name}?`, choices);
  return picked && target(picked);
}

/** The revision a command acts on: its row's revision number, else the one the user picks from the recorded ones. */
export async function revisionTarget<E extends { name: string }>(model: TreeModel<E>, ui: TargetUi<E>, command: string, arg: unknown, need: RevisionNeed): Promise<RevisionTarget<E> | undefined> {
  const ref = refOf(arg);
  const env = await environmentOf(model, ui, command, ref);
  if (!env) return undefined;
  const list = await model.revisionList(env);
  if (typeof list === 'string') return void ui.fail(`${command}: ${list}`);
  const live = liveRevision(list);
  if (ref?.type === 'revision') {
    const found = list.find((r) => r.number === ref.number);
    if (found && (need === 'any' || found !== live)) return { type: 'revision', environment: env, revision: found, live: found === live };
    ui.note(`${command}: revision ${ref.number} of ${env.name} ${found ? 'is the live one' : 'is no longer recorded'}; asking which one`);
  }
  const choices = revisionChoices(list, need);
  if (!choices.length) return void ui.fail(`${command}: ${env.name} has no ${need === 'any' ? '' : 'other '}revision recorded.`);
  const picked = await ui.pick(`${command}: which revision of ${env.name}?`, choices);
  return picked && { type: 'revision', environment: env, revision: picked, live: picked === live };
}
