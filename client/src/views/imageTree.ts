// The "Images" tree: one node per image, one child per environment with the
// reference it renders and the one the cluster runs (from the Environments
// tree's live watches: liveImages.ts), and the workloads using it below that.
import * as vscode from 'vscode';
import type { Environment, Project } from '../project';
import type { LiveStatus } from '../liveStatus';
import { imageTable, imageTag, imageUses, type ImageRow, type ImageUse } from '../images';
import { liveImage, liveImageNote, liveImageSummary, liveUseText } from '../liveImages';

type Node =
  | { type: 'image'; row: ImageRow; environments: Environment[] }
  | { type: 'environment'; row: ImageRow; environment: Environment }
  | { type: 'use'; use: ImageUse; environment: Environment };

export class ImageTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly project: Project,
    private readonly live: LiveStatus,
  ) {
    // Live events come from the watches (no polling); each redraws what runs where.
    this.subscriptions = [project.onDidChange(() => this.changed.fire(undefined)), live.onDidChange((env) => this.liveChanged(env))];
  }

  /** The environments and uses last shown, and what each environment's live images were then. */
  private shown: { envs: Environment[]; uses: ImageUse[] } | undefined;
  private readonly shownLive = new Map<string, string>();

  /** Redrawn only when what an environment runs changed, not at every watch event. */
  private liveChanged(name: string): void {
    const env = this.shown?.envs.find((e) => e.name === name);
    if (!env) return;
    const now = JSON.stringify(this.lives(this.shown!.uses.filter((u) => u.environment === name), env));
    if (this.shownLive.get(name) === now) return;
    this.shownLive.set(name, now);
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const envs = await this.project.environments();
      const uses: ImageUse[] = [];
      for (const env of envs) {
        const r = await this.project.render(env.name).catch(() => undefined);
        if (r) uses.push(...imageUses(env.name, r.objects));
      }
      this.shown = { envs, uses };
      return imageTable(uses).map((row) => ({ type: 'image', row, environments: envs }));
    }
    if (node.type === 'image') {
      return node.environments.filter((e) => node.row.byEnvironment.has(e.name)).map((environment) => ({ type: 'environment', row: node.row, environment }));
    }
    if (node.type === 'environment') {
      return this.uses(node.row, node.environment).map((use) => ({ type: 'use', use, environment: node.environment }));
    }
    return [];
  }

  private uses(row: ImageRow, env: Environment): ImageUse[] {
    return row.uses.filter((u) => u.environment === env.name);
  }

  private lives(uses: ImageUse[], env: Environment) {
    const state = this.live.get(env.name);
    return uses.map((u) => liveImage(env, u, state));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'image': {
        const item = new vscode.TreeItem(node.row.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `image/${node.row.name}`;
        // "dev latest · staging 1.1.0 (live: 1.0.0) · production 1.0.0 (live: not deployed)"
        item.description = node.environments
          .filter((e) => node.row.byEnvironment.has(e.name))
          .map((e) => {
            const uses = this.uses(node.row, e);
            return `${e.name} ${node.row.byEnvironment.get(e.name)!.map(imageTag).join(',')}${liveImageNote(uses, this.lives(uses, e))}`;
          })
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon('package');
        return item;
      }
      case 'environment': {
        const refs = node.row.byEnvironment.get(node.environment.name) ?? [];
        const uses = this.uses(node.row, node.environment);
        const item = new vscode.TreeItem(node.environment.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `image/${node.row.name}/${node.environment.name}`;
        // Rendered, then what the cluster runs.
        item.description = `${refs.join(', ')} · ${liveImageSummary(uses, this.lives(uses, node.environment))}`;
        item.iconPath = new vscode.ThemeIcon('server-environment');
        return item;
      }
      case 'use': {
        const item = new vscode.TreeItem(node.use.workload);
        item.description = `${node.use.container} · ${liveUseText(node.use, liveImage(node.environment, node.use, this.live.get(node.environment.name)))}`;
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        return item;
      }
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
