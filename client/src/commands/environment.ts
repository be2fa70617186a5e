// Environment-level commands: choose the active environment (status bar),
// bind an environment to a kube context, refresh the views.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { kubeconfigFiles, readSettings, setEnvironmentContexts } from '../config';
import { bindingWarning, contextItems, withBinding, type ContextItem } from '../contextChoice';
import type { Environment } from '../project';
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
    context = await pickContext(env, contextItems(contexts, env), files);
  }
  if (!context) return;
  const warning = bindingWarning(env, context);
  if (warning) {
    // Loud, modal, and the default button keeps thebot.yaml's binding.
    const keep = `Keep ${env.configuredContext}`;
    const bind = `Bind ${env.name} to ${context}`;
    const choice = await vscode.window.showWarningMessage(`Bind ${env.name} to ${context} instead of ${env.configuredContext}?`, { modal: true, detail: warning }, keep, bind);
    if (choice !== bind) {
      if (choice === keep) context = env.configuredContext;
      else return;
    }
  }
  await setEnvironmentContexts(withBinding(readSettings().environmentContexts, env, context));
  ctx.output.appendLine(`${env.name}: bound to context ${context}${context === env.configuredContext ? ' (thebot.yaml)' : ` for this user only (thebot.yaml says ${env.configuredContext})`}`);
};

/** A quick pick with thebot.yaml's context active, so Enter keeps it. */
async function pickContext(env: Environment, items: ContextItem[], files: string[]): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<ContextItem>();
  qp.title = `Kube context for ${env.name}${env.protected ? ' (protected)' : ''}`;
  qp.placeholder = `thebot.yaml binds ${env.configuredContext} · ${files.join(', ')}`;
  qp.items = items;
  const preselected = items.find((i) => i.configured);
  if (preselected) qp.activeItems = [preselected];
  return new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.label ?? qp.activeItems[0]?.label);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

export const refresh = (ctx: Ctx) => async () => {
  ctx.project.invalidate();
  await ctx.watcher.restart();
};
