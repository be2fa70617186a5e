// Render Environment, and the tree's two object actions (open source, open rendered).
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { ObjectNode } from '../views/environmentTree';
import { pickEnvironment } from './pick';

export const renderEnvironment = (ctx: Ctx) => async (arg?: unknown) => {
  const env = await pickEnvironment(ctx, arg, 'Render Environment');
  if (env) await ctx.renders.open(env.name);
};

export const openSource = () => async (node: ObjectNode) => {
  const o = node.object.origin;
  // The start of the defining line (the origin's range may cover only a value on it).
  const start = new vscode.Position(o.range.start.line, 0);
  await vscode.window.showTextDocument(vscode.Uri.file(o.file), { selection: new vscode.Range(start, start), preview: true });
};

export const openRendered = (ctx: Ctx) => async (node: ObjectNode) => {
  await ctx.renders.open(node.environment.name, node.object);
};
