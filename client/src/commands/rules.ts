// Open Rule Documentation: docs/rules.md (shipped in the extension) at the
// rule's heading. The rule comes from the argument, the THE_BOT diagnostic
// under the cursor, or a quick pick of the documented rules. A code action
// offers the same on every THE_BOT diagnostic.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { ruleHeadings } from '../ruleDocs';

function diagnosticRule(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const here = vscode.languages
    .getDiagnostics(editor.document.uri)
    .find((d) => d.source === 'thebot' && d.range.contains(editor.selection.active));
  const code = typeof here?.code === 'object' ? here.code.value : here?.code;
  return code === undefined ? undefined : String(code);
}

export const openRuleDocumentation = (ctx: Ctx) => async (arg?: unknown) => {
  const file = vscode.Uri.file(ctx.extension.asAbsolutePath('docs/rules.md'));
  const doc = await vscode.workspace.openTextDocument(file);
  const headings = ruleHeadings(doc.getText());
  let rule = typeof arg === 'string' ? arg : diagnosticRule();
  if (!rule || !headings.has(rule)) {
    rule = await vscode.window.showQuickPick([...headings.keys()].sort(), { title: 'Open Rule Documentation', placeHolder: rule ? `No documentation for '${rule}'; pick a rule` : 'Rule' });
  }
  const line = rule ? headings.get(rule) ?? 0 : 0;
  const pos = new vscode.Position(line, 0);
  const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
};

/** "Open documentation for rule X" on THE_BOT diagnostics. */
export class RuleDocumentationActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  provideCodeActions(_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const rules = new Set<string>();
    for (const d of context.diagnostics) {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      if (d.source === 'thebot' && code !== undefined) rules.add(String(code));
    }
    return [...rules].map((rule) => {
      const action = new vscode.CodeAction(`Open documentation for rule ${rule}`, vscode.CodeActionKind.QuickFix);
      action.command = { command: 'thebot.openRuleDocumentation', title: 'Open Rule Documentation', arguments: [rule] };
      return action;
    });
  }
}
