// The language server's entry (dist/server.js, which the extension forks):
// runs the server's bundle (dist/server-main.js) through V8's code cache
// (codeCache.ts), so a server started after the first no longer parses and
// compiles 1.9 MB of JavaScript before it can answer. Measured on this
// machine with `valgrind --tool=callgrind` (instructions, independent of the
// load), the server started with its Node flags until it has set up its
// connection (stdin closed): 542-548M without the cache, 332-333M with it.
// The cache is saved 10 s after start (the first analysis of a project has
// run by then, so its functions are in it) or at exit, whichever comes first;
// THEBOT_CODE_CACHE=0 turns it off.
import { basename, dirname, join } from 'node:path';
import { codeCacheDir, installCodeCache } from './codeCache';

const main = join(__dirname, 'server-main.js');
const dir = codeCacheDir();
// The libraries it loads on first use (dist/lib-*.js, esbuild.mjs) too.
const library = (filename: string): boolean => dirname(filename) === __dirname && /^lib-[a-z0-9]+\.js$/.test(basename(filename));
if (dir !== undefined) installCodeCache({ match: (filename) => filename === main || library(filename), dir, saveAfterMs: 10_000 });
// A computed path: esbuild leaves it alone, so the server stays its own bundle.
require(main);
