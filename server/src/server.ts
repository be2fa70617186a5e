// Language server entry: connection, documents, capabilities, handler wiring.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParseCache } from './documents/parse';
import { registerDiagnostics } from './handlers/diagnostics';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const cache = new ParseCache();

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
  },
  serverInfo: { name: 'thebot-language-server', version: '0.1.0' },
}));

registerDiagnostics(connection, documents, cache);
documents.listen(connection);
connection.listen();
