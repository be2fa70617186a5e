// Language-client lifecycle: starts the bundled server (dist/server.js) over IPC.
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export type Client = LanguageClient;

export async function startLanguageClient(context: ExtensionContext): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
  };
  const client = new LanguageClient('thebot', 'THE_BOT Platform', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
  return client;
}
