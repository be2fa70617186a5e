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
const path = require('node:path');
// Programs a command runs (helm, git) get NODE_EXTRA_CA_CERTS back.
if (process.env.THEBOT_NODE_EXTRA_CA_CERTS !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = process.env.THEBOT_NODE_EXTRA_CA_CERTS;
  delete process.env.THEBOT_NODE_EXTRA_CA_CERTS;
}
// Usage (`thebot`, `thebot --help`, `thebot render --help`) prints text and
// exits: the tuning below (preloads, flags, the code cache) only costs it time,
// and a code cache written by such a run would hold a fraction of the bundle.
const args = process.argv.slice(2);
const usage = args.length === 0 || args[0] === 'help' || args.includes('--help') || args.includes('-h');
if (!usage) tune();

function tune() {
  const v8 = require('node:v8');

  // Node's built-in modules come with a code cache in the node binary, which V8
  // refuses once a flag is changed (the cache records the flags): every built-in
  // loaded after setFlagsFromString is parsed and compiled from source. So the
  // ones every command loads (and the standard streams, which load the stream
  // and socket modules) are loaded first. Measured: 2% fewer instructions for
  // a platform render (valgrind --tool=callgrind, which counts instructions
  // whatever the machine's load).
  require('node:fs');
  require('node:os');
  require('node:vm');
  require('node:module');
  void require('node:util').parseArgs;
  // render and check hash with @noble/hashes (server/src/kustomize/digest.ts):
  // node:crypto and the fifteen modules it loads are for the cluster commands.
  if (args[0] !== 'render' && args[0] !== 'check') require('node:crypto');
  require('node:process');
  void process.stdout;
  void process.stderr;

  // Tier up to the optimizing compiler later than V8's default (67,584): a render
  // of the platform is over before most optimized code would pay back its
  // compilation (which also runs on a second thread), while the hot loops of a
  // large build still get optimized. Measured: less CPU on both. V8 11 (Node
  // 20) only: later V8s tier up by invocation counts and print "unrecognized
  // flag" on stderr for this one (Node 24, code-server's); they keep their
  // default, not measured here.
  if (Number(process.versions.v8.split('.')[0]) < 12) v8.setFlagsFromString('--interrupt-budget=600000');

  // The young generation stays at its first size (1 MB a semi-space) instead
  // of doubling up to 16 MB as V8 grows it: each new page of memory is a page
  // fault, which costs this project's (virtual) machines 10-20 us of kernel
  // time, more than copying what survives the extra scavenges. Measured (fresh
  // processes alternating, CPU from wait4): argo-cd's HA install 12,100 ->
  // 8,900 page faults and about 10% less CPU, kserve and kuberay the same,
  // check 9,000 -> 6,600 faults and 7% less CPU, a platform render 5,150 ->
  // 4,650 faults; a 13 MB file 244 -> 195 MB peak memory. (Growing it to 16
  // MB at once, --semi-space-growth-factor=16, was slower for the same reason:
  // check 13,600 faults against 10,600.) Measured for these two: the cluster
  // commands wait on the network and keep V8's default.
  if (args[0] === 'render' || args[0] === 'check') v8.setFlagsFromString('--semi-space-growth-factor=1');

  // V8 code cache for the command bundles (dist/cli-*.js, and the libraries they
  // load on first use, dist/lib-*.js), saved at exit after a
  // command's first whole run (exit 0, or 1: findings, differences; not 2, a
  // usage or input error, nor 3, refused), so it holds every function that run compiled
  // (server/src/codeCache.ts, shared with the language server's launcher).
  // THEBOT_CODE_CACHE=0 turns it off.
  const codeCache = require('../dist/code-cache.js');
  const cacheDir = codeCache.codeCacheDir();
  if (cacheDir !== undefined) {
    const dist = path.join(__dirname, '..', 'dist');
    codeCache.installCodeCache({
      match: (filename) => path.dirname(filename) === dist && /^(cli|lib)-[a-z0-9]+\.js$/.test(path.basename(filename)),
      dir: cacheDir,
      saveAtExit: (code) => code <= 1,
    });
  }
}

require('../dist/cli.js');
