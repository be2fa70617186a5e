// What the editor knows about the THE_BOT project: its environments (from the
// language server's `thebot/project`), their rendered output and problem
// counts. Renders are cached per environment and dropped when the server says
// the project changed, so views refresh on events, never on a timer.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ProblemCountsRequest,
  ProjectChangedNotification,
  ProjectRequest,
  RenderRequest,
  type EnvironmentInfo,
  type ProblemCountsResult,
  type ProjectInfo,
  type RenderInfo,
} from '../../server/src/protocol';
import { readSettings } from './config';

/** An environment with the context it is actually deployed to (user override applied). */
export interface Environment extends EnvironmentInfo {
  /** The context from thebot.yaml, before any override. */
  configuredContext: string;
}

export class Project implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private info: Promise<ProjectInfo | undefined> | undefined;
  private renders = new Map<string, Promise<RenderInfo>>();
  private counts: Promise<ProblemCountsResult> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(
      client.onNotification(ProjectChangedNotification.type, () => this.invalidate()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('thebot.environmentContexts')) this.changed.fire();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (/\.ya?ml$/.test(d.fileName)) this.invalidate();
      }),
    );
  }

  /** Drops every cached answer and tells the views to ask again. */
  invalidate(): void {
    this.info = undefined;
    this.renders.clear();
    this.counts = undefined;
    this.changed.fire();
  }

  async project(): Promise<ProjectInfo | undefined> {
    if (!this.info) {
      const info = this.load();
      this.info = info;
      // A failed answer (the server still starting, a request cancelled) is not
      // kept: the next view that asks tries again instead of staying empty.
      info.catch(() => {
        if (this.info === info) this.info = undefined;
      });
    }
    return this.info;
  }

  async environments(): Promise<Environment[]> {
    const info = await this.project();
    const overrides = readSettings().environmentContexts;
    return (info?.environments ?? []).map((e) => ({ ...e, configuredContext: e.context, context: overrides[e.name] || e.context }));
  }

  async environment(name: string): Promise<Environment | undefined> {
    return (await this.environments()).find((e) => e.name === name);
  }

  async render(environment: string): Promise<RenderInfo> {
    const info = await this.project();
    if (!info) throw new Error('No THE_BOT project (thebot.yaml or overlays/) in this workspace.');
    let r = this.renders.get(environment);
    if (!r) {
      r = this.client.sendRequest(RenderRequest.type, { dir: info.root, environment });
      this.renders.set(environment, r);
      r.catch(() => this.renders.delete(environment));
    }
    return r;
  }

  async problemCounts(): Promise<ProblemCountsResult> {
    const info = await this.project();
    if (!info) return {};
    this.counts ??= this.client.sendRequest(ProblemCountsRequest.type, { dir: info.root }).catch(() => ({}));
    return this.counts;
  }

  private async load(): Promise<ProjectInfo | undefined> {
    const dir = await findProjectDir();
    if (!dir) return undefined;
    return this.client.sendRequest(ProjectRequest.type, { dir });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The directory of thebot.yaml in the workspace, else the folder holding overlays/. */
async function findProjectDir(): Promise<string | undefined> {
  const exclude = '**/{node_modules,.git,dist,test}/**';
  const [config] = await vscode.workspace.findFiles('**/thebot.yaml', exclude, 1);
  if (config) return vscode.Uri.joinPath(config, '..').fsPath;
  const [overlay] = await vscode.workspace.findFiles('**/overlays/*/kustomization.{yaml,yml}', exclude, 1);
  if (overlay) return vscode.Uri.joinPath(overlay, '..', '..', '..').fsPath;
  return undefined;
}
