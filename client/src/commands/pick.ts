// Which environment a command acts on: the tree node it was invoked from, a
// name passed as argument (tests, keybindings), or a quick pick that
// preselects the active/default environment.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { Environment } from '../project';
import type { EnvironmentTreeNode } from '../views/environmentTree';

export async function pickEnvironment(ctx: Ctx, arg: unknown, title: string): Promise<Environment | undefined> {
  const envs = await ctx.project.environments();
  const named = typeof arg === 'string' ? arg : (arg as EnvironmentTreeNode | undefined)?.type && 'environment' in (arg as object) ? (arg as { environment: Environment }).environment.name : undefined;
  if (named) {
    const env = envs.find((e) => e.name === named);
    if (!env) void vscode.window.showErrorMessage(`No environment named '${named}' in the project config.`);
    else ctx.setActiveEnvironment(env.name);
    return env;
  }
  if (envs.length === 0) {
    void vscode.window.showErrorMessage('No THE_BOT environments found: add thebot.yaml or overlays/<env>/kustomization.yaml.');
    return undefined;
  }
  const active = ctx.activeEnvironment;
  const items = envs.map((e) => ({
    label: e.name,
    description: `${e.context} · ${e.namespace}`,
    detail: e.protected ? '$(shield) protected' : undefined,
    env: e,
  }));
  items.sort((a, b) => Number(b.env.name === active) - Number(a.env.name === active));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Environment' });
  if (picked) ctx.setActiveEnvironment(picked.env.name);
  return picked?.env;
}
