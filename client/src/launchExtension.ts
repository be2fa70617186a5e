// The extension's entry (package.json "main", dist/client.js): runs the
// extension's bundle (dist/client-main.js, 5.8 MB with @kubernetes/client-node)
// through V8's code cache (server/src/codeCache.ts), so that from its second
// start on the editor no longer parses and compiles it before activate() can
// run. Measured with Node 20 on this machine (`new vm.Script` of the bundle):
// 177 ms to compile it cold, 23-30 ms with the cache. Saved 10 s after load
// (the extension has activated and shown its views by then) or at exit;
// THEBOT_CODE_CACHE=0 turns it off. `require('vscode')` in the bundle goes
// through the module's own require, which the editor intercepts as usual.
import { join } from 'node:path';
import { codeCacheDir, installCodeCache } from '../../server/src/codeCache';

const main = join(__dirname, 'client-main.js');
const dir = codeCacheDir();
if (dir !== undefined) installCodeCache({ match: (filename) => filename === main, dir, saveAfterMs: 10_000 });
// A computed path: esbuild leaves it alone, so the extension stays its own bundle.
module.exports = require(main);
