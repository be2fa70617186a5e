#!/bin/sh
':' //; case "$1" in render|check|help|--help|-h|'') if [ -n "${NODE_EXTRA_CA_CERTS+set}" ]; then THEBOT_NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS; export THEBOT_NODE_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS; fi;; esac; exec node "$0" "$@"
// The `thebot` command: a thin launcher for the bundled CLI (dist/cli.js), tuned
// for a short-lived process (figures: scripts/bench-cli.ts, README).
//
// The two lines above are read by sh as well as by Node (for Node, a string and
// a comment): run as a command, this file starts as a shell script that moves
// NODE_EXTRA_CA_CERTS aside for the commands that open no TLS connection, then
// runs itself with node. Node reads that file as it starts, whether or not a
// connection ever needs it; with the system bundle there that costs a render
// a third of its instructions (server/src/launch.ts has the figures). Cluster
// commands keep it: their connections may need it. `node bin/thebot.js` skips
// the shell part.
'use strict';
// Programs a command runs (helm, git) get NODE_EXTRA_CA_CERTS back.
if (process.env.THEBOT_NODE_EXTRA_CA_CERTS !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = process.env.THEBOT_NODE_EXTRA_CA_CERTS;
  delete process.env.THEBOT_NODE_EXTRA_CA_CERTS;
}
const v8 = require('node:v8');

// Node's built-in modules come with a code cache in the node binary, which V8
// refuses once a flag is changed (the cache records the flags): every built-in
// loaded after setFlagsFromString is parsed and compiled from source. So the
// ones every command loads (and the standard streams, which load the stream
// and socket modules) are loaded first. Measured: 2% fewer instructions for
// a platform render (valgrind --tool=callgrind, which counts instructions
// whatever the machine's load).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
void require('node:util').parseArgs;
require('node:crypto');
require('node:process');
void process.stdout;
void process.stderr;

// Tier up to the optimizing compiler later than V8's default (67,584): a render
// of the platform is over before most optimized code would pay back its
// compilation (which also runs on a second thread), while the hot loops of a
// large build still get optimized. Measured: less CPU on both.
v8.setFlagsFromString('--interrupt-budget=600000');

// V8 code cache for the command bundles (dist/cli-*.js): their compiled
// bytecode, saved after the first run of a command (so it holds every function
// that run compiled, not only the top level) under $THEBOT_CACHE/code-cache,
// keyed by the bundle's path, size and time and the Node version; V8 itself rejects a
// cache that does not fit the source or the flags, and then it is written
// again (replacing the caches of earlier builds of that bundle). THEBOT_CODE_CACHE=0 turns it off; a cache that cannot be read or
// written is skipped silently.
if (process.env.THEBOT_CODE_CACHE !== '0') {
  const dist = path.join(__dirname, '..', 'dist');
  const dir = path.join(process.env.THEBOT_CACHE || path.join(os.homedir(), '.cache', 'thebot'), 'code-cache');
  // Bundle name and a hash of its path: checkouts sharing the cache directory keep their own.
  const prefixOf = (filename) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < filename.length; i++) h = Math.imul(h ^ filename.charCodeAt(i), 0x01000193) >>> 0;
    return `${path.basename(filename, '.js')}-${h.toString(16).padStart(8, '0')}-`;
  };
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (path.dirname(filename) !== dist || !/^cli-[a-z]+\.js$/.test(path.basename(filename))) return compile.call(this, content, filename);
    let file;
    let cachedData;
    try {
      const st = fs.statSync(filename);
      file = path.join(dir, `${prefixOf(filename)}${process.version}-${process.arch}-${st.size}-${Math.floor(st.mtimeMs)}.bin`);
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (file && (!cachedData || script.cachedDataRejected)) {
      process.once('exit', () => {
        try {
          fs.mkdirSync(dir, { recursive: true });
          const tmp = `${file}.${process.pid}.tmp`;
          fs.writeFileSync(tmp, script.createCachedData());
          fs.renameSync(tmp, file);
          // Caches of earlier builds of this bundle are dead weight.
          const prefix = prefixOf(filename);
          for (const old of fs.readdirSync(dir)) if (old.startsWith(prefix) && old !== path.basename(file)) fs.rmSync(path.join(dir, old), { force: true });
        } catch {
          // no cache this time
        }
      });
    }
    const mod = this;
    const req = (id) => mod.require(id);
    req.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    req.main = require.main;
    req.cache = Module._cache;
    return script.runInThisContext({ displayErrors: true }).call(mod.exports, mod.exports, req, mod, filename, path.dirname(filename));
  };
}

require('../dist/cli.js');
