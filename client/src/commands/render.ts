// Render Environment, and the tree's two object actions (open source, open rendered).
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { Environment } from '../project';
import type { TreeModel } from '../treeTargets';
import { objectOf } from './treeArgs';
import { pickEnvironment } from './pick';

export const renderEnvironment = (ctx: Ctx) => async (arg?: unknown) => {
  const env = await pickEnvironment(ctx, arg, 'Render Environment');
  if (env) await ctx.renders.open(env.name);
};

export const openSource = (ctx: Ctx, model: TreeModel<Environment>) => async (row?: unknown) => {
  const node = await objectOf(ctx, model, 'Open Source', row, 'object');
  if (!node) return;
  const o = node.object.origin;
  // The start of the defining line (the origin's range may cover only a value on it).
  const start = new vscode.Position(o.range.start.line, 0);
  await vscode.window.showTextDocument(vscode.Uri.file(o.file), { selection: new vscode.Range(start, start), preview: true });
};

export const openRendered = (ctx: Ctx, model: TreeModel<Environment>) => async (row?: unknown) => {
  const node = await objectOf(ctx, model, 'Open Rendered', row, 'object');
  if (!node) return;
  await ctx.renders.open(node.environment.name, node.object);
};
