// Quick fixes: findings that carry a fix (analysis attaches one where the
// offending value is literal source text) become code actions on their range.
import { CodeActionKind, type CodeAction, type TextEdit } from 'vscode-languageserver/node';
import type { Finding } from '../findings';
import type { AnalysisFinding } from '../analysis/map';
import { fileOf, uriOf, type ServerContext } from './context';
import { toDiagnostic, type DiagnosticsPublisher } from './diagnostics';

const overlaps = (f: Finding, r: { start: { line: number }; end: { line: number } }): boolean =>
  f.range.start.line <= r.end.line && f.range.end.line >= r.start.line;

export function registerCodeActions(ctx: ServerContext, diagnostics: DiagnosticsPublisher): void {
  ctx.connection.onCodeAction((p) => {
    const file = fileOf(p.textDocument.uri);
    const actions: CodeAction[] = [];
    for (const f of (diagnostics.findings.get(file) ?? []) as AnalysisFinding[]) {
      if (!f.fix || !overlaps(f, p.range)) continue;
      const changes: Record<string, TextEdit[]> = {};
      for (const e of f.fix.edits) (changes[uriOf(e.file)] ??= []).push({ range: e.range, newText: e.newText });
      actions.push({ title: f.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [toDiagnostic(f)], edit: { changes } });
    }
    return actions;
  });
}
