// The "Environments" tree of the THE_BOT activity-bar container:
//   environment (context · namespace, protected marker, problem counts, live summary)
//     kind (count)
//       object (live ready/desired and rollout state for workloads)
// Clicking an object opens its source at the defining line; the inline action
// opens its rendered form. Refreshes on project and live-status events only.
import * as vscode from 'vscode';
import type { RenderedObjectInfo } from '../../../server/src/protocol';
import type { Environment, Project } from '../project';
import { clock } from '../cluster/connection';
import { isStale, summarize, workloadKey, workloadText, type LiveStatus, type WorkloadStatus } from '../liveStatus';

export type EnvironmentTreeNode = EnvironmentNode | KindNode | ObjectNode | MessageNode;

export interface EnvironmentNode {
  type: 'environment';
  environment: Environment;
}
interface KindNode {
  type: 'kind';
  environment: Environment;
  kind: string;
  objects: RenderedObjectInfo[];
}
export interface ObjectNode {
  type: 'object';
  environment: Environment;
  object: RenderedObjectInfo;
}
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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export class EnvironmentTree implements vscode.TreeDataProvider<EnvironmentTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EnvironmentTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly project: Project,
    private readonly live: LiveStatus,
  ) {
    this.disposables = [
      this.changed,
      project.onDidChange(() => this.refresh()),
      live.onDidChange(() => this.refresh()),
    ];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: EnvironmentTreeNode): Promise<EnvironmentTreeNode[]> {
    if (!node) {
      const envs = await this.project.environments();
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
      return [...banner, ...[...byKind.keys()].sort().map((kind): EnvironmentTreeNode => ({ type: 'kind', environment: node.environment, kind, objects: byKind.get(kind)! }))];
    }
    if (node.type === 'kind') return node.objects.map((object) => ({ type: 'object', environment: node.environment, object }));
    return [];
  }

  async getTreeItem(node: EnvironmentTreeNode): Promise<vscode.TreeItem> {
    switch (node.type) {
      case 'environment':
        return this.environmentItem(node.environment);
      case 'kind': {
        const item = new vscode.TreeItem(node.kind, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.environment.name}/${node.kind}`;
        item.description = String(node.objects.length);
        item.iconPath = new vscode.ThemeIcon('symbol-class');
        return item;
      }
      case 'object':
        return this.objectItem(node);
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
    item.id = `env/${e.name}`;
    const counts = (await this.project.problemCounts())[e.name];
    const parts = [`${e.context} · ${e.namespace}`];
    if (counts && (counts.errors || counts.warnings)) parts.push(`${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`);
    const live = summarize(this.live.get(e.name));
    if (live) parts.push(live);
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

  private objectItem(node: ObjectNode): vscode.TreeItem {
    const o = node.object;
    const item = new vscode.TreeItem(o.name, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.environment.name}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
    const state = this.live.get(node.environment.name);
    const key = workloadKey(o.kind, o.namespace, o.name);
    const w = state?.workloads.get(key);
    const stale = isStale(state, key);
    item.description = w ? workloadText(w, stale) : o.namespace;
    item.iconPath = w ? workloadIcon(w, stale) : new vscode.ThemeIcon('symbol-field');
    item.tooltip = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}\ndefined in ${o.origin.file}:${o.origin.range.start.line + 1}${w?.reason ? `\n${w.reason}` : ''}`;
    item.contextValue = 'object';
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
