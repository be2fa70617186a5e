// Until a workspace has something for THE_BOT to check, the extension stays
// dormant: `onLanguage:yaml` activates it in any workspace with a YAML file
// (CI workflows, compose files, Helm values), and there it must cost nothing —
// no language server process, no renders, no cluster watches, no watcher on
// every YAML file. It wakes (starts everything, once) when the workspace has
// a kustomization or thebot.yaml — at activation, or when one is created — or
// when a file our server validates (a Kubernetes manifest) is opened.
// Meanwhile the contributed commands answer that there is no project, and the
// views show their welcome text.
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { validatedByThebot } from './coexistence';

/** What makes a workspace a THE_BOT project (the glob findProjectDir and the server look for). */
const PROJECT_FILES = '**/{kustomization.yaml,kustomization.yml,Kustomization,thebot.yaml,thebot.yml}';
const EXCLUDE = '**/{node_modules,.git}/**';

/** The names PROJECT_FILES matches. */
const PROJECT_FILE_NAMES = ['thebot.yaml', 'thebot.yml', 'kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Whether the workspace or an open editor already holds something to check. */
export async function hasSomethingToCheck(): Promise<boolean> {
  if (vscode.workspace.textDocuments.some(isOurs)) return true;
  // A project file at a folder's root answers with a few stats; the workspace
  // search, which would find it too, starts a file search over the whole tree
  // (seconds on a large workspace, all of it before the language server starts).
  if (await projectFileAtARoot()) return true;
  return (await vscode.workspace.findFiles(PROJECT_FILES, EXCLUDE, 1)).length > 0;
}

async function projectFileAtARoot(): Promise<boolean> {
  const stats = (vscode.workspace.workspaceFolders ?? []).flatMap((folder) =>
    PROJECT_FILE_NAMES.map((name) => isFile(vscode.Uri.joinPath(folder.uri, name))),
  );
  return (await Promise.all(stats)).some(Boolean);
}

/** A local file is asked of the file system directly: through vscode.workspace.fs, the first stats of a starting window took over half a second in code-server. */
function isFile(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme === 'file') return stat(uri.fsPath).then((s) => s.isFile(), () => false);
  return Promise.resolve(vscode.workspace.fs.stat(uri)).then((s) => (s.type & vscode.FileType.File) !== 0, () => false);
}

function isOurs(d: vscode.TextDocument): boolean {
  return d.uri.scheme === 'file' && d.languageId === 'yaml' && validatedByThebot(d.uri.path, d.getText());
}

/** Empty views (their viewsWelcome text shows) and no-project commands until `wake` runs; then they are disposed. */
export function stayDormant(context: vscode.ExtensionContext, wake: () => Promise<void>): void {
  const parts: vscode.Disposable[] = [];
  let woken = false;
  // The views' welcome text ("No THE_BOT project found") shows only while this
  // is known: not while a project's activation is still starting its server
  // (a slow start under load used to show it over a real project).
  void vscode.commands.executeCommand('setContext', 'thebot.dormant', true);
  const wakeOnce = (): void => {
    if (woken) return;
    woken = true;
    void vscode.commands.executeCommand('setContext', 'thebot.dormant', false);
    for (const p of parts) p.dispose();
    void wake();
  };
  const empty: vscode.TreeDataProvider<never> = { getTreeItem: (e) => e, getChildren: () => [] };
  const commands = (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
  const watcher = vscode.workspace.createFileSystemWatcher(PROJECT_FILES, false, true, true);
  parts.push(
    vscode.window.createTreeView('thebot.environments', { treeDataProvider: empty }),
    vscode.window.createTreeView('thebot.images', { treeDataProvider: empty }),
    ...commands.map((c) =>
      vscode.commands.registerCommand(c.command, () =>
        vscode.window.showInformationMessage('No THE_BOT project in this workspace: open a folder with thebot.yaml or a kustomization.yaml.'),
      ),
    ),
    watcher,
    watcher.onDidCreate(wakeOnce),
    vscode.workspace.onDidOpenTextDocument((d) => isOurs(d) && wakeOnce()),
  );
  context.subscriptions.push({ dispose: () => parts.forEach((p) => p.dispose()) });
}
