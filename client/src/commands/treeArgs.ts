// The row a tree command acts on, looked up by id in the tree's current model;
// when no row came with the command (the tree was redrawing) or its object is
// gone, the quick picks treeTargets.ts asks for, instead of an error.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { Environment } from '../project';
import { objectTarget, revisionTarget, type Choice, type ObjectNeed, type ObjectTarget, type RevisionNeed, type RevisionTarget, type TargetUi, type TreeModel } from '../treeTargets';
import { pickEnvironment } from './pick';

function ui(ctx: Ctx): TargetUi<Environment> {
  return {
    pickEnvironment: (title) => pickEnvironment(ctx, undefined, title),
    pick: async <T>(title: string, choices: Choice<T>[]) => (await vscode.window.showQuickPick(choices, { title, matchOnDescription: true }))?.value,
    note: (line) => ctx.output.appendLine(line),
    fail: (message) => void vscode.window.showErrorMessage(message),
  };
}

export const objectOf = (ctx: Ctx, model: TreeModel<Environment>, command: string, arg: unknown, need: ObjectNeed): Promise<ObjectTarget<Environment> | undefined> =>
  objectTarget(model, ui(ctx), command, arg, need);

export const revisionOf = (ctx: Ctx, model: TreeModel<Environment>, command: string, arg: unknown, need: RevisionNeed): Promise<RevisionTarget<Environment> | undefined> =>
  revisionTarget(model, ui(ctx), command, arg, need);
