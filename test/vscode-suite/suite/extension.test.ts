// The extension inside a desktop VS Code: activation on the manifests
// workspace, the command table registered, an environment rendered into a
// read-only document, the seeded diagnostics carrying environment labels.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'thebot.thebot-platform';

/** Resolves when `check` returns a value, re-checking on every diagnostics change (no sleeps). */
function whenDiagnostics<T>(check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check();
    if (first !== undefined) return resolve(first);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('timed out waiting for diagnostics'));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const v = check();
      if (v === undefined) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    });
  });
}

export const cases: [string, () => Promise<void>][] = [
  [
    'activates on the manifests workspace and registers every command',
    async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is installed`);
      await ext.activate();
      const all = await vscode.commands.getCommands(true);
      const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
      for (const id of contributed) assert.ok(all.includes(id), id);
    },
  ],
  [
    'renders dev into a read-only document',
    async () => {
      await vscode.commands.executeCommand('thebot.renderEnvironment', 'dev');
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), 'thebot-render:/dev.yaml');
      assert.match(editor!.document.getText(), /^kind: Deployment$/m);
    },
  ],
  [
    'labels diagnostics of a base file with the environments they apply to',
    async () => {
      const folder = vscode.workspace.workspaceFolders![0]!.uri;
      const file = vscode.Uri.joinPath(folder, 'base', '06-backend-deployment.yaml');
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      const text = doc.getText();
      const at = text.search(/imagePullPolicy: \w+/);
      assert.ok(at >= 0);
      const start = doc.positionAt(at + 'imagePullPolicy: '.length);
      const end = doc.lineAt(start.line).range.end;
      await editor.edit((e) => e.replace(new vscode.Range(start, end), 'Sometimes'));
      const d = await whenDiagnostics(() => vscode.languages.getDiagnostics(file).find((x) => x.message.includes('Sometimes')));
      assert.match(d.message, /^dev, staging, production: /);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    },
  ],
];
