// The "Images" tree: one node per image, one child per environment with the
// reference it runs there, and the workloads using it below that.
import * as vscode from 'vscode';
import type { Project } from '../project';
import { imageTable, imageTag, imageUses, type ImageRow, type ImageUse } from '../images';

type Node =
  | { type: 'image'; row: ImageRow; environments: string[] }
  | { type: 'environment'; row: ImageRow; environment: string }
  | { type: 'use'; use: ImageUse };

export class ImageTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly project: Project) {
    this.subscription = project.onDidChange(() => this.changed.fire(undefined));
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const envs = (await this.project.environments()).map((e) => e.name);
      const uses: ImageUse[] = [];
      for (const env of envs) {
        const r = await this.project.render(env).catch(() => undefined);
        if (r) uses.push(...imageUses(env, r.objects));
      }
      return imageTable(uses).map((row) => ({ type: 'image', row, environments: envs }));
    }
    if (node.type === 'image') {
      return node.environments.filter((e) => node.row.byEnvironment.has(e)).map((environment) => ({ type: 'environment', row: node.row, environment }));
    }
    if (node.type === 'environment') {
      return node.row.uses.filter((u) => u.environment === node.environment).map((use) => ({ type: 'use', use }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'image': {
        const item = new vscode.TreeItem(node.row.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `image/${node.row.name}`;
        // "dev latest · staging 1.1.0 · production 1.0.0"
        item.description = node.environments
          .filter((e) => node.row.byEnvironment.has(e))
          .map((e) => `${e} ${node.row.byEnvironment.get(e)!.map(imageTag).join(',')}`)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon('package');
        return item;
      }
      case 'environment': {
        const refs = node.row.byEnvironment.get(node.environment) ?? [];
        const item = new vscode.TreeItem(node.environment, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `image/${node.row.name}/${node.environment}`;
        item.description = refs.join(', ');
        item.iconPath = new vscode.ThemeIcon('server-environment');
        return item;
      }
      case 'use': {
        const item = new vscode.TreeItem(node.use.workload);
        item.description = node.use.container;
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
