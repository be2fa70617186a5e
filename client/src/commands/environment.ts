// Environment-level commands: choose the active environment (status bar),
// bind an environment to a kube context, refresh the views.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { kubeconfigFiles, setEnvironmentContext } from '../config';
import { pickEnvironment } from './pick';

export const selectEnvironment = (ctx: Ctx) => async (arg?: unknown) => {
  await pickEnvironment(ctx, arg, 'Active THE_BOT Environment');
};

export const selectKubeContext = (ctx: Ctx) => async (arg?: unknown, contextArg?: string) => {
  const env = await pickEnvironment(ctx, arg, 'Select Kube Context for Environment');
  if (!env) return;
  let context = contextArg;
  if (!context) {
    const files = kubeconfigFiles();
    let contexts: string[] = [];
    try {
      contexts = ctx.cluster.contexts(files);
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot read kubeconfig ${files.join(', ')}: ${(e as Error).message}`);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      contexts.map((c) => ({
        label: c,
        description: [c === env.configuredContext ? 'thebot.yaml' : '', c === env.context ? 'current' : ''].filter(Boolean).join(', '),
      })),
      { title: `Kube context for ${env.name}`, placeHolder: files.join(', ') },
    );
    context = picked?.label;
  }
  if (!context) return;
  await setEnvironmentContext(env.name, context);
  ctx.output.appendLine(`${env.name}: bound to context ${context}${context === env.configuredContext ? '' : ` (thebot.yaml says ${env.configuredContext})`}`);
};

export const refresh = (ctx: Ctx) => async () => {
  ctx.project.invalidate();
  await ctx.watcher.restart();
};
