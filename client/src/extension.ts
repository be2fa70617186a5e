// Extension entry: activate/deactivate only.
import type { ExtensionContext } from 'vscode';
import { startLanguageClient, type Client } from './context';

let client: Client | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  client = await startLanguageClient(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
