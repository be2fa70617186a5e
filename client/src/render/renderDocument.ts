// Rendered environments as read-only virtual documents (`thebot-render:/dev.yaml`),
// with the origin of each line on hover and go-to-definition back to the
// source line that set it.
import * as vscode from 'vscode';
import type { OriginInfo, RenderInfo } from '../../../server/src/protocol';
import type { Project } from '../project';

export const RENDER_SCHEME = 'thebot-render';

export function renderUri(environment: string, object?: { kind: string; name: string }): vscode.Uri {
  const fragment = object ? `${object.kind}/${object.name}` : '';
  return vscode.Uri.from({ scheme: RENDER_SCHEME, path: `/${environment}.yaml`, fragment });
}

function environmentOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.yaml$/, '');
}

function originLink(o: OriginInfo, root: string | undefined): string {
  const uri = vscode.Uri.file(o.file).with({ fragment: `L${o.range.start.line + 1},${o.range.start.character + 1}` });
  const shown = root && o.file.startsWith(root + '/') ? o.file.slice(root.length + 1) : o.file;
  return `\`${o.by}\` — [${shown}:${o.range.start.line + 1}](${uri.toString()})`;
}

export class RenderDocuments implements vscode.TextDocumentContentProvider, vscode.HoverProvider, vscode.DefinitionProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The last render shown per environment, so hovers match the text on screen. */
  private readonly shown = new Map<string, RenderInfo>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly project: Project) {
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(RENDER_SCHEME, this),
      vscode.languages.registerHoverProvider({ scheme: RENDER_SCHEME }, this),
      vscode.languages.registerDefinitionProvider({ scheme: RENDER_SCHEME }, this),
      project.onDidChange(() => {
        for (const env of this.shown.keys()) this.changed.fire(renderUri(env));
      }),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const env = environmentOf(uri);
    const r = await this.project.render(env);
    this.shown.set(env, r);
    if (r.errors.length) return `# Render of ${env} failed:\n${r.errors.map((e) => `# ${e.file}: ${e.message}`).join('\n')}\n`;
    return r.yaml;
  }

  /** Opens the rendered environment, scrolled to one object when given. */
  async open(environment: string, object?: { kind: string; name: string }): Promise<vscode.TextEditor> {
    const uri = renderUri(environment);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const o = object && this.shown.get(environment)?.objects.find((x) => x.kind === object.kind && x.name === object.name);
    if (o) {
      const range = new vscode.Range(o.startLine, 0, o.startLine, 0);
      editor.selection = new vscode.Selection(range.start, range.start);
      editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
    }
    return editor;
  }

  private lineOrigin(doc: vscode.TextDocument, line: number): RenderInfo['lineOrigins'][number] | undefined {
    return this.shown.get(environmentOf(doc.uri))?.lineOrigins.find((l) => l.line === line);
  }

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const lo = this.lineOrigin(doc, pos.line);
    if (!lo) return undefined;
    const root = (await this.project.project())?.root;
    const md = new vscode.MarkdownString(`Set by ${originLink(lo.origin, root)}`);
    const before = lo.history.filter((h) => h.file !== lo.origin.file || h.range.start.line !== lo.origin.range.start.line);
    if (before.length) md.appendMarkdown(`\n\nEarlier:\n${before.map((h) => `- ${originLink(h, root)}`).join('\n')}`);
    return new vscode.Hover(md, doc.lineAt(pos.line).range);
  }

  provideDefinition(doc: vscode.TextDocument, pos: vscode.Position): vscode.Location | undefined {
    const lo = this.lineOrigin(doc, pos.line);
    if (!lo) return undefined;
    const r = lo.origin.range;
    return new vscode.Location(vscode.Uri.file(lo.origin.file), new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
