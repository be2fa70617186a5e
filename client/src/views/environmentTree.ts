// The "Environments" tree of the THE_BOT activity-bar container:
//   environment (context · namespace, protected marker, problem counts, live summary)
//     kind (count)
//       object (live ready/desired and rollout state for workloads, health for
//       CronJobs, PVCs, Ingresses, HPAs, PDBs and Certificates; drift)
//     Revisions (when the cluster is reachable): #N state · user · time · commit,
//       the live one marked; Rollback to this Revision / Diff with Live on each
// Clicking an object opens its source at the defining line; the inline action
// opens its rendered form. Refreshes on project and live-status events only.
import * as vscode from 'vscode';
import type { RenderedObjectInfo } from '../../../server/src/protocol';
import type { Environment, Project } from '../project';
import { clock } from '../cluster/connection';
import { isNotDeployed, isStale, summarize, workloadKey, workloadText, type LiveStatus, type WorkloadStatus } from '../liveStatus';
import { liveRevision, type RevisionInfo } from '../cluster/revisions';
import { driftSummary, driftText, environmentDrift, liveKey, shownLiveState, type ObjectDrift } from '../liveDrift';
import { failingObjects, healthText, objectHealth } from '../liveHealth';
import { environmentId, kindId, objectId, revisionDescription, revisionId, revisionsId, type ObjectTarget, type RevisionTarget, type TreeModel } from '../treeTargets';

export type EnvironmentTreeNode = EnvironmentNode | KindNode | ObjectNode | MessageNode | RevisionsNode | RevisionNode;

interface RevisionsNode {
  type: 'revisions';
  environment: Environment;
}
export type RevisionNode = RevisionTarget<Environment>;

/** Where the tree gets revisions from (commands/revisions.ts), and when they change. */
export interface RevisionSource {
  list(env: Environment): Promise<RevisionInfo[] | string>;
  onDidChange: vscode.Event<string>;
}

export interface EnvironmentNode {
  type: 'environment';
  environment: Environment;
}
interface KindNode {
  type: 'kind';
  environment: Environment;
  kind: string;
  objects: RenderedObjectInfo[];
  drifts: Map<string, ObjectDrift>;
}
export type ObjectNode = ObjectTarget<Environment>;
interface MessageNode {
  type: 'message';
  message: string;
  tooltip?: string;
  /** Codicon id (default: warning). */
  icon?: string;
}

/** Icon colour per environment: green for dev-like, yellow for staging, red for protected production. */
function environmentColor(e: Environment): vscode.ThemeColor {
  if (/prod/i.test(e.name)) return new vscode.ThemeColor('charts.red');
  if (e.protected) return new vscode.ThemeColor('charts.orange');
  if (/stag/i.test(e.name)) return new vscode.ThemeColor('charts.yellow');
  return new vscode.ThemeColor('charts.green');
}

function workloadIcon(w: WorkloadStatus, stale: boolean): vscode.ThemeIcon {
  // A stale state keeps its shape but loses its colour: nobody knows it is still true.
  const color = (id: string) => (stale ? new vscode.ThemeColor('disabledForeground') : new vscode.ThemeColor(id));
  if (w.foreign !== undefined) return new vscode.ThemeIcon('circle-slash', color('charts.orange'));
  switch (w.state) {
    case 'complete':
      return new vscode.ThemeIcon('pass-filled', color('testing.iconPassed'));
    case 'failed':
      return new vscode.ThemeIcon('error', color('testing.iconFailed'));
    default:
      return new vscode.ThemeIcon(stale ? 'sync' : 'sync~spin', color('charts.yellow'));
  }
}

function driftIcon(d: ObjectDrift, stale: boolean): vscode.ThemeIcon {
  const color = (id: string) => (stale ? new vscode.ThemeColor('disabledForeground') : new vscode.ThemeColor(id));
  switch (d.state) {
    case 'in-sync':
      return new vscode.ThemeIcon('check', color('testing.iconPassed'));
    case 'drifted':
      return new vscode.ThemeIcon('diff-modified', color('charts.yellow'));
    case 'missing':
      return new vscode.ThemeIcon('diff-removed', color('testing.iconFailed'));
    case 'not-ours':
      return new vscode.ThemeIcon('circle-slash', color('charts.orange'));
  }
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
const SCALABLE_KINDS = new Set(['Deployment', 'StatefulSet']);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The tree and, for its commands, the model it draws (treeTargets.ts): a
 * command looks its row up here by id instead of trusting the node it got.
 */
export class EnvironmentTree implements vscode.TreeDataProvider<EnvironmentTreeNode>, TreeModel<Environment>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EnvironmentTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly project: Project,
    private readonly live: LiveStatus,
    private readonly revisions?: RevisionSource,
  ) {
    this.disposables = [
      this.changed,
      project.onDidChange(() => {
        this.shown.clear();
        this.refresh();
      }),
      live.onDidChange((env) => this.liveChanged(env)),
    ];
    if (revisions) {
      this.disposables.push(
        revisions.onDidChange((env) => {
          this.revisionCache.delete(env);
          this.refresh();
        }),
      );
    }
  }

  /** Revisions per environment, read once per deploy or rollback (not at every live-status refresh). */
  private readonly revisionCache = new Map<string, Promise<RevisionInfo[] | string>>();

  environments(): Promise<Environment[]> {
    return this.project.environments();
  }

  /** The environment's rendered objects and their drift, as the tree draws them now. */
  async objects(env: Environment): Promise<{ objects: RenderedObjectInfo[]; drifts: Map<string, ObjectDrift>; failing: Map<string, string> } | string> {
    const rendered = await this.project.render(env.name).catch((e: Error) => e.message);
    if (typeof rendered === 'string') return `${env.name} does not render: ${rendered}`;
    if (rendered.errors.length) return `${env.name} does not render: ${rendered.errors[0]!.message}`;
    const state = this.live.get(env.name);
    return { objects: rendered.objects, drifts: environmentDrift(env, rendered.objects.map((o) => o.object), state), failing: failingObjects(rendered.objects, state) };
  }

  /** The environment's revisions, newest first (the tree's copy, read again after a deploy or rollback). */
  async revisionList(env: Environment): Promise<RevisionInfo[] | string> {
    if (!this.revisions) return 'revisions are not available';
    let p = this.revisionCache.get(env.name);
    if (!p) {
      p = this.revisions.list(env);
      this.revisionCache.set(env.name, p);
    }
    const list = await p;
    if (typeof list === 'string') this.revisionCache.delete(env.name);
    return list;
  }

  private async revisionChildren(env: Environment): Promise<EnvironmentTreeNode[]> {
    const list = await this.revisionList(env);
    if (typeof list === 'string') return [{ type: 'message', message: `Revisions unavailable: ${list}`, tooltip: list }];
    if (list.length === 0) return [{ type: 'message', message: 'not deployed (no revision recorded)', icon: 'info' }];
    const live = liveRevision(list);
    return list.map((revision) => ({ type: 'revision', environment: env, revision, live: revision === live }));
  }

  private revisionItem(node: RevisionNode): vscode.TreeItem {
    const r = node.revision;
    const item = new vscode.TreeItem(`#${r.number}${node.live ? ' (live)' : ''}`, vscode.TreeItemCollapsibleState.None);
    item.id = revisionId(node.environment.name, r.number);
    const what = r.rollbackOf !== undefined ? `rollback to #${r.rollbackOf}` : 'deploy';
    item.description = revisionDescription(r);
    item.iconPath = new vscode.ThemeIcon(
      r.state === 'deployed' ? (node.live ? 'circle-filled' : 'history') : r.state === 'undeployed' ? 'circle-slash' : 'error',
      r.state === 'deployed' || r.state === 'undeployed' ? undefined : new vscode.ThemeColor('testing.iconFailed'),
    );
    item.tooltip = `Revision ${r.number} of ${node.environment.name}: ${r.state}${r.reason ? ` — ${r.reason}` : ''}\n${what} by ${r.user} at ${r.time}\n${r.objectCount} objects, ${r.digest}\ncommit ${r.commit ?? '-'}${r.dirty ? ' (uncommitted changes)' : ''}`;
    item.contextValue = node.live ? 'revision.live' : 'revision';
    return item;
  }

  /** What the tree last showed of each environment's live state (shownLiveState). */
  private readonly shown = new Map<string, string>();
  private liveQueue = Promise.resolve();

  /** A watch event: the tree is redrawn only when what it shows changed (in event order). */
  private liveChanged(name: string): void {
    this.liveQueue = this.liveQueue.then(async () => {
      const env = await this.project.environment(name);
      const rendered = env ? await this.project.render(name).catch(() => undefined) : undefined;
      const now = env && rendered && !rendered.errors.length ? shownLiveState(env, rendered.objects.map((o) => o.object), this.live.get(name)) : undefined;
      if (now !== undefined && this.shown.get(name) === now) return;
      if (now === undefined) this.shown.delete(name);
      else this.shown.set(name, now);
      this.refresh();
    }).catch(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: EnvironmentTreeNode): Promise<EnvironmentTreeNode[]> {
    if (!node) {
      // A failure says so on a row: an empty view would show the welcome text or nothing at all.
      const envs = await this.project.environments().catch((e: unknown) => e instanceof Error ? e : new Error(String(e)));
      if (envs instanceof Error) return [{ type: 'message', message: `Could not read the project: ${envs.message}` }];
      if (envs.length === 0) return [{ type: 'message', message: 'No environments (thebot.yaml or overlays/*) found.' }];
      return envs.map((environment) => ({ type: 'environment', environment }));
    }
    if (node.type === 'environment') {
      const state = this.live.get(node.environment.name);
      // First, and on its own line: the cluster is away, what follows is the last known state.
      const banner: EnvironmentTreeNode[] = state?.disconnectedSince
        ? [{ type: 'message', message: `Disconnected since ${clock(state.disconnectedSince)}: ${state.error ?? 'the cluster does not answer'}`, tooltip: 'Live states below are the last known (stale); the watch reconnects by itself.', icon: 'debug-disconnect' }]
        : [];
      const rendered = await this.project.render(node.environment.name);
      if (rendered.errors.length) {
        return [...banner, ...rendered.errors.map((e): EnvironmentTreeNode => ({ type: 'message', message: `Render failed: ${e.message}`, tooltip: e.file }))];
      }
      const byKind = new Map<string, RenderedObjectInfo[]>();
      for (const o of rendered.objects) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
      const revisions: EnvironmentTreeNode[] = this.revisions ? [{ type: 'revisions', environment: node.environment }] : [];
      const drifts = environmentDrift(node.environment, rendered.objects.map((o) => o.object), state);
      return [...banner, ...revisions, ...[...byKind.keys()].sort().map((kind): EnvironmentTreeNode => ({ type: 'kind', environment: node.environment, kind, objects: byKind.get(kind)!, drifts }))];
    }
    if (node.type === 'revisions') return this.revisionChildren(node.environment);
    if (node.type === 'kind') {
      return node.objects.map((object): ObjectNode => {
        const drift = node.drifts.get(liveKey(object.object));
        return { type: 'object', environment: node.environment, object, ...(drift ? { drift } : {}) };
      });
    }
    return [];
  }

  async getTreeItem(node: EnvironmentTreeNode): Promise<vscode.TreeItem> {
    switch (node.type) {
      case 'environment':
        return this.environmentItem(node.environment);
      case 'kind': {
        const item = new vscode.TreeItem(node.kind, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = kindId(node.environment.name, node.kind);
        const drift = driftSummary(node.objects.flatMap((o) => node.drifts.get(liveKey(o.object)) ?? []));
        item.description = drift ? `${node.objects.length} · ${drift}` : String(node.objects.length);
        item.iconPath = new vscode.ThemeIcon('symbol-class');
        return item;
      }
      case 'object':
        return this.objectItem(node);
      case 'revisions': {
        const item = new vscode.TreeItem('Revisions', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = revisionsId(node.environment.name);
        item.iconPath = new vscode.ThemeIcon('history');
        item.contextValue = 'revisions';
        return item;
      }
      case 'revision':
        return this.revisionItem(node);
      case 'message': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon(node.icon ?? 'warning', node.icon ? new vscode.ThemeColor('errorForeground') : undefined);
        item.tooltip = node.tooltip;
        return item;
      }
    }
  }

  private async environmentItem(e: Environment): Promise<vscode.TreeItem> {
    const item = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = environmentId(e.name);
    const counts = (await this.project.problemCounts())[e.name];
    const parts = [`${e.context} · ${e.namespace}`];
    if (counts && (counts.errors || counts.warnings)) parts.push(`${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`);
    const live = summarize(this.live.get(e.name));
    if (live) parts.push(live);
    // Not deployed: every object would count as missing, which says nothing more.
    const drift = isNotDeployed(this.live.get(e.name)) ? undefined : await this.environmentDrift(e);
    if (drift) parts.push(drift);
    item.description = parts.join(' — ');
    const disconnected = !!this.live.get(e.name)?.disconnectedSince;
    item.iconPath = disconnected
      ? new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('errorForeground'))
      : new vscode.ThemeIcon(e.protected ? 'shield' : 'server-environment', environmentColor(e));
    item.contextValue = e.protected ? 'environment.protected' : 'environment';
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${e.name}**${e.protected ? ' — protected' : ''}\n\n`);
    md.appendMarkdown(`- context: \`${e.context}\`${e.context !== e.configuredContext ? ` (thebot.yaml: \`${e.configuredContext}\`)` : ''}\n`);
    md.appendMarkdown(`- namespace: \`${e.namespace}\`\n- overlay: \`${e.overlay}\`\n`);
    if (counts) md.appendMarkdown(`- problems: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}\n`);
    const state = this.live.get(e.name);
    if (state?.disconnectedSince) md.appendMarkdown(`- cluster: **disconnected since ${clock(state.disconnectedSince)}**: ${state.error ?? ''} (states shown are the last known)\n`);
    else if (state?.error) md.appendMarkdown(`- cluster: ${state.error}\n`);
    item.tooltip = md;
    return item;
  }

  /** "2 drifted, 1 missing" over the environment's objects the watches know, when not all in sync. */
  private async environmentDrift(e: Environment): Promise<string | undefined> {
    const state = this.live.get(e.name);
    if (!state?.objects.size) return undefined;
    const rendered = await this.project.render(e.name).catch(() => undefined);
    if (!rendered || rendered.errors.length) return undefined;
    return driftSummary(environmentDrift(e, rendered.objects.map((o) => o.object), state).values());
  }

  private objectItem(node: ObjectNode): vscode.TreeItem {
    const o = node.object;
    const item = new vscode.TreeItem(o.name, vscode.TreeItemCollapsibleState.None);
    item.id = objectId(node.environment.name, o);
    const state = this.live.get(node.environment.name);
    const key = workloadKey(o.kind, o.namespace, o.name);
    const w = state?.workloads.get(key);
    const stale = isStale(state, key);
    const d = node.drift;
    // Another kind with a health check (CronJob, PVC, HPA, PDB, Certificate…): its health from the same watches.
    const h = w || d?.state === 'not-ours' ? undefined : objectHealth(state, key, o.kind);
    // A workload's rollout (or another object's health) first; then whether the live object is what the render says.
    const texts = [w ? workloadText(w, stale) : h ? healthText(h) : undefined, d && w?.foreign === undefined ? driftText(d) : undefined].filter(Boolean);
    item.description = texts.length ? texts.join(' · ') + (d && !w && stale ? ' (stale)' : '') : o.namespace;
    const unhealthy = h && h.state !== 'healthy' ? new vscode.ThemeIcon(h.state === 'degraded' ? 'warning' : 'loading', new vscode.ThemeColor(stale ? 'disabledForeground' : h.state === 'degraded' ? 'charts.orange' : 'charts.blue')) : undefined;
    item.iconPath = w ? workloadIcon(w, stale) : (unhealthy ?? (d ? driftIcon(d, stale) : new vscode.ThemeIcon('symbol-field')));
    const driftLine = d?.state === 'drifted' ? `\nchanged in the cluster: ${d.fields.join(', ')} (Show Drift: live ↔ render)` : d ? `\n${driftText(d)}` : '';
    item.tooltip = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}\ndefined in ${o.origin.file}:${o.origin.range.start.line + 1}${w?.reason ? `\n${w.reason}` : ''}${h ? `\nhealth: ${healthText(h)}` : ''}${driftLine}`;
    // object;<drift state>[;workload]: the menus offer Show Drift, Events, Logs, Restart, Scale by these.
    item.contextValue = `object;${d?.state ?? 'unknown'}${WORKLOAD_KINDS.has(o.kind) ? ';workload' : ''}${SCALABLE_KINDS.has(o.kind) ? ';scalable' : ''}`;
    item.command = {
      command: 'thebot.openSource',
      title: 'Open Source',
      arguments: [node],
    };
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
