// One bundler, three programs: the extension client (vscode is provided by
// the host), the language server and the `thebot` CLI (both fully bundled, so
// the .vsix ships no node_modules). The CLI is a small dispatcher (dist/cli.js)
// plus one bundle per command group, which it requires only when that command
// runs: a process loads and compiles only the code its command needs.
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { toEsmOnce } from './scripts/bundle-to-esm.mjs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

// server/src/cli.ts requires these lazily; in the bundle they stay separate files.
const CLI_PARTS = { './cli/render': 'render', './cli/check': 'check', './cli/cluster-commands': 'cluster' };
const cliParts = {
  name: 'cli-parts',
  setup(b) {
    b.onResolve({ filter: /^\.\/cli\// }, (a) => {
      const part = a.importer.endsWith('server/src/cli.ts') ? CLI_PARTS[a.path] : undefined;
      return part ? { path: `./cli-${part}.js`, external: true } : undefined;
    });
  },
};

// Libraries only some inputs need, bundled on their own (dist/lib-<name>.js)
// and loaded on first use: re2js (Go's regular expressions, for the patterns
// of replacements, selectors and the like) is 273 KB of the 1.2 MB render
// bundle, and rendering or checking the platform never compiles a pattern.
// Each process read, decoded, held and copied its source for nothing: 630 of
// a `thebot render`'s 6,740 page faults, each 10-15 microseconds of kernel
// time on this project's machines (`perf stat -e page-faults`). Our modules
// import the library as before; they get a module whose exports are getters
// that require the library's bundle when first read.
const LAZY_LIBRARIES = { re2js: 'lib-re2js' };
const LAZY_BUNDLES = Object.values(LAZY_LIBRARIES).map((f) => `dist/${f}.js`);
/** A module whose exports are the names of `real` (an import specifier here), each a getter that requires `target` when first read. */
async function lazyModule(real, target) {
  const names = Object.keys(await import(real)).filter((n) => n !== 'default');
  const get = (n) => `Object.defineProperty(exports, ${JSON.stringify(n)}, { enumerable: true, get: () => load()[${JSON.stringify(n)}] });`;
  return { loader: 'js', contents: [`let loaded;`, `const load = () => loaded || (loaded = require(${JSON.stringify(target)}));`, ...names.map(get)].join('\n') };
}
const lazyLibraries = {
  name: 'lazy-libraries',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(LAZY_LIBRARIES).join('|')})$`);
    b.onResolve({ filter }, (a) => (a.importer.includes('/node_modules/') ? undefined : { path: a.path, namespace: 'lazy-library' }));
    b.onResolve({ filter: /^\.\/lib-[a-z0-9]+\.js$/ }, (a) => ({ path: a.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-library' }, (a) => lazyModule(a.path, `./${LAZY_LIBRARIES[a.path]}.js`));
  },
};
// Node's own modules that a library requires when it loads, for code the
// language server never runs: vscode-jsonrpc's Node entry requires node:crypto
// for generateRandomPipeName alone (pipe and socket transports; the server
// speaks over stdio), and loading it (with the fifteen modules it loads) was
// 6-8% of the server's start: on code-server's Node 24, a start with its
// flags and code cache that sets up its connection and exits 220-226M
// instructions -> 206-207M (valgrind --tool=callgrind, 3 runs each); on Node
// 20 324-328M -> 304-313M. That library gets a module whose
// exports are getters requiring node:crypto when first read; our own code and
// every other library get the real one.
const LAZY_BUILTINS = { crypto: /[\\/]node_modules[\\/]vscode-jsonrpc[\\/]/ };
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${Object.keys(LAZY_BUILTINS).join('|')})$`);
    b.onResolve({ filter }, (a) => {
      const name = a.path.replace(/^node:/, '');
      return LAZY_BUILTINS[name].test(a.importer) ? { path: name, namespace: 'lazy-builtin' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (a) => lazyModule(`node:${a.path}`, `node:${a.path}`));
  },
};

// The command bundles without blanks and comments, with the same names (stack
// traces still name functions): 1.2 MB -> 0.65 MB for render with the lazy
// libraries, which a command reads, decodes and copies on every start (300
// fewer page faults for a render). The .vsix is minified whole (--production).
const cliBundle = { ...common, plugins: [lazyLibraries], minifyWhitespace: true, minifySyntax: true };

await Promise.all([
  // `navigator` is defined to undefined in the client: oauth4webapi (pulled in by
  // @kubernetes/client-node) probes it at load, which the extension host reports
  // as a PendingMigrationError on every activation.
  build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client-main.js',
    external: ['vscode'],
    define: { navigator: 'undefined' },
  }),
  // The extension's entry (package.json "main"), which runs it through V8's code cache.
  build({ ...common, entryPoints: ['client/src/launchExtension.ts'], outfile: 'dist/client.js' }),
  // The server's launcher (what the extension forks) and the server itself, which the launcher runs through V8's code cache.
  build({ ...common, entryPoints: ['server/src/launchServer.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js', plugins: [lazyLibraries, lazyBuiltins] }),
  // The code cache on its own, for bin/thebot.js (plain JavaScript).
  build({ ...common, entryPoints: ['server/src/codeCache.ts'], outfile: 'dist/code-cache.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', plugins: [cliParts] }),
  build({ ...cliBundle, entryPoints: ['server/src/cli/render.ts'], outfile: 'dist/cli-render.js' }),
  build({ ...cliBundle, entryPoints: ['server/src/cli/check.ts'], outfile: 'dist/cli-check.js' }),
  ...Object.entries(LAZY_LIBRARIES).map(([name, file]) => build({ ...common, stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: '.' }, outfile: `dist/${file}.js` })),
  build({ ...common, entryPoints: ['server/src/cli/cluster-commands.ts'], outfile: 'dist/cli-cluster.js' }),
]);

// One copy of a CommonJS library's exports for all the modules of a bundle
// that import it (scripts/bundle-to-esm.mjs).
for (const file of ['dist/client.js', 'dist/client-main.js', 'dist/server.js', 'dist/server-main.js', 'dist/code-cache.js', 'dist/cli.js', 'dist/cli-render.js', 'dist/cli-check.js', 'dist/cli-cluster.js', ...LAZY_BUNDLES]) {
  const text = readFileSync(file, 'utf8');
  const wrapped = toEsmOnce(text, file);
  if (wrapped !== text) writeFileSync(file, wrapped);
}

// The bundles Node runs must be ASCII: a source with any other character is
// held as a two-byte string (twice the memory) and decoded from UTF-8 on every
// start, which cost a cold `thebot render` about 2% of its instructions.
// esbuild escapes strings, templates and identifiers; what remains is in
// comments (JSDoc of class fields), escaped here, which changes nothing else.
// Anything else stops the build, naming the line.
// (The cluster commands' bundle is left as it is: @kubernetes/client-node's
// dependencies have such comments after code, and it is not on the cold path.)
for (const file of ['dist/server.js', 'dist/server-main.js', 'dist/code-cache.js', 'dist/cli.js', 'dist/cli-render.js', 'dist/cli-check.js', ...LAZY_BUNDLES]) {
  const lines = readFileSync(file, 'utf8').split('\n');
  let changed = false;
  lines.forEach((line, i) => {
    if (!/[^\x00-\x7f]/.test(line)) return;
    if (!/^\s*(\/\/|\/\*|\*)/.test(line)) throw new Error(`${file}:${i + 1}: a character outside ASCII outside a comment: ${line.trim().slice(0, 120)}`);
    lines[i] = line.replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
    changed = true;
  });
  if (changed) writeFileSync(file, lines.join('\n'));
}

// The bundles the launchers run through V8's code cache (server/src/codeCache.ts)
// are compiled by vm.Script, where a dynamic import() throws
// ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING when it runs (Node 20 has no default
// loader to give it): `THEBOT_TRACE=… thebot check` once crashed that way. So
// none may hold one outside a comment.
for (const file of ['dist/client-main.js', 'dist/server-main.js', 'dist/cli-render.js', 'dist/cli-check.js', 'dist/cli-cluster.js', ...LAZY_BUNDLES]) {
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/(^|[^\w.$])import\(/.test(line) && !/^\s*(\/\/|\/\*|\*)/.test(line)) throw new Error(`${file}:${i + 1}: a dynamic import() in a bundle run through the code cache: ${line.trim().slice(0, 120)}`);
  });
}
