import { LspClient } from './test/server/lspClient';
import { SERVER_NODE_FLAGS } from './server/src/launch';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
const mode = process.argv[2];
const root = join(__dirname, 'manifests');
async function one() {
  const t0 = performance.now();
  const command = [...SERVER_NODE_FLAGS, mode, '--stdio'];
  const c = await LspClient.start({ root, command });
  const t1 = performance.now();
  const file = join(root, 'base', '06-backend-deployment.yaml');
  const uri = URI.file(file).toString();
  const p = (c as any).waitForDiagnostics ? null : null;
  await c.connection.sendNotification('initialized', {});
  const d = new Promise<void>((r) => { const h = setInterval(() => { if (c.diagnostics.has(uri)) { clearInterval(h); r(); } }, 1); });
  await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') } });
  await d;
  const t2 = performance.now();
  await new Promise((r) => setTimeout(r, 100));
  await c.stop();
  return [t1 - t0, t2 - t0];
}
(async () => { const out = []; for (let i = 0; i < Number(process.argv[3] || 5); i++) out.push((await one()).map((x) => x.toFixed(0)).join('/')); console.log(mode, out.join(' ')); process.exit(0); })();
