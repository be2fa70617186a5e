// Publishes diagnostics for open documents: look the document up, ask the
// service, convert findings to LSP diagnostics.
import { DiagnosticSeverity, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Finding } from '../findings';
import type { ParseCache } from '../documents/parse';
import { syntaxFindings } from '../services/syntax';

const severity: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding): Diagnostic {
  const label = f.environments && f.environments.length ? `${f.environments.join(', ')}: ` : '';
  return {
    range: f.range,
    severity: severity[f.severity],
    code: f.code,
    source: f.source,
    message: label + f.message,
    relatedInformation: f.related?.map((r) => ({
      location: { uri: URI.file(r.file).toString(), range: r.range },
      message: r.message,
    })),
  };
}

export function registerDiagnostics(connection: Connection, documents: TextDocuments<TextDocument>, cache: ParseCache): void {
  const validate = (doc: TextDocument): void => {
    const file = URI.parse(doc.uri).fsPath;
    const parsed = cache.get(doc.uri, doc.version, doc.getText());
    const diagnostics = syntaxFindings(file, parsed).map(toDiagnostic);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  };
  documents.onDidOpen((e) => validate(e.document));
  documents.onDidChangeContent((e) => validate(e.document));
  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
}
