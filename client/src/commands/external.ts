// helm and remote bases on request: the only ways the editor runs helm
// (THE_BOT: Inflate Helm Charts, with the machine setting thebot.enableHelm)
// or clones a remote base with git (THE_BOT: Fetch Remote Bases). The server
// renders every environment once with that allowed; keystrokes afterwards use
// what was inflated or cloned.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { readSettings } from '../config';
import { FetchExternalRequest } from '../../../server/src/protocol';

const run = (ctx: Ctx, what: { helm: boolean; remote: boolean }, title: string) => async () => {
  const info = await ctx.project.project();
  if (!info) {
    void vscode.window.showErrorMessage('No THE_BOT project (thebot.yaml or overlays/) in this workspace.');
    return;
  }
  if (what.helm && !readSettings().enableHelm) {
    void vscode.window.showWarningMessage('helm is off: set thebot.enableHelm (user settings) to inflate helmCharts.');
    return;
  }
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () =>
    ctx.client.sendRequest(FetchExternalRequest.type, { dir: info.root, ...what }),
  );
  ctx.project.invalidate();
  const failed = result.environments.filter((e) => e.errors.length);
  for (const e of result.environments) ctx.output.appendLine(`${title}: ${e.name}: ${e.errors.length ? e.errors.join('; ') : 'renders'}`);
  if (failed.length) void vscode.window.showWarningMessage(`${title}: ${failed.map((e) => `${e.name}: ${e.errors[0]}`).join(' · ')}`);
  else void vscode.window.showInformationMessage(`${title}: every environment renders.`);
};

export const inflateHelmCharts = (ctx: Ctx) => run(ctx, { helm: true, remote: false }, 'Inflate Helm Charts');
export const fetchRemoteBases = (ctx: Ctx) => run(ctx, { helm: false, remote: true }, 'Fetch Remote Bases');
