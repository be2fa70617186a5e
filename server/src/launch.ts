// How the language server's Node process is started, shared by the extension
// (client/src/context.ts) and by the tests and benchmarks that start the server
// themselves, so that they measure the process users get.
import { availableParallelism } from 'node:os';

/**
 * A young generation of 64 MiB semi-spaces from the start (Node's default
 * starts at 1 MiB and grows to 16): every re-render allocates several MiB
 * that die before the next edit, and opening a 20,000-line file builds a node
 * tree of ~50 MiB that all survives. With small semi-spaces the scavenger runs
 * a dozen times during that open and copies the live tree over and over;
 * with these it does not run at all. Measured (same minute, 5 fresh
 * servers each): opening the 1,200-document file 155–190 ms → 128–140 ms;
 * resident memory +16 MiB idle, +46 MiB with the platform open.
 * The server scavenges after publishing diagnostics rather than in the
 * middle of the next render (services/youngGc.ts, which takes V8's `gc` at
 * run time: `--expose-gc` here made Node refuse its built-ins' code cache).
 * An old generation of 160 MiB before V8's first full collection: a fresh
 * server's first full collection came in its 12th–15th edit (9 ms, with a
 * scavenge before it), the slowest of its first 50 (a limit, not memory
 * taken: the big file's peak 155–161 → 162–173 MiB). Measured with the
 * first-render scavenge (handlers/diagnostics.ts), `bench-lsp --ours-only`,
 * 3 alternating pairs on Node 20 and on code-server's Node 24.21: first 50
 * edits max 32.2 / 35.6 / 28.4 → 29.4 / 27.0 / 25.2 ms and 25.5 / 25.3 /
 * 21.2 → 14.5 / 13.1 / 14.5 ms (the flag alone against none, 3 triples:
 * the 13th edit 28–36 ms → 14–22).
 */
const HEAP_FLAGS = ['--max-semi-space-size=64', '--min-semi-space-size=64', '--initial-old-space-size=160'];

/**
 * V8's background threads (concurrent compilation, concurrent marking and
 * sweeping) come from a pool of 4 whatever the machine (Node's default): on a
 * 2-core machine up to four of them take turns with the thread that answers
 * the editor, and a fresh server's edits, while its code is being compiled,
 * wait for the core. One core is left to that thread: the pool gets the
 * others, at most Node's 4 (so the flag is only given below 5 cores).
 * Measured on 2 cores, `bench-lsp --ours-only --times`, pool 1 / 2 / 4 in turn
 * (2026-12-06, load 1.4-2.9): first 50 edits max 13.3-18.1 / 25.3-26.9 /
 * 25.3-36.5 ms, median 6.0-7.6 / 7.8-8.7 / 11.8-12.7 ms; the big file's
 * fresh validation 104-140 / 96-118 / 137-171 ms; warm edits alike (p95
 * 10-13 ms). Code-server's Node 24.21 alike: max 17.4/19.6 against
 * 15.9/30.3 ms, big file 81-93 against 110-131 ms. The CLI's one-shot
 * renders are the same either way (a platform render 0.13-0.15 s). The cost:
 * a scavenge gets one helper thread, not four (median 9.3 -> 12.2 ms), so
 * edits sent back to back that each render again wait for it a little longer
 * (`--render-edit` p95 +1.5-5 ms); a typist's scavenge falls between keys.
 * Capping TurboFan's queue or the marking threads instead did not help.
 * Not given when the editor is Electron (desktop VS Code forks the server
 * with its own binary): Electron sizes its own pool, and a Node option it
 * did not take would keep the server from starting; not measured there.
 */
export function serverPoolFlags(cores: number, electron = process.versions.electron !== undefined): string[] {
  const pool = Math.max(1, cores - 1);
  return pool < 4 && !electron ? [`--v8-pool-size=${pool}`] : [];
}

export const SERVER_NODE_FLAGS: readonly string[] = [...HEAP_FLAGS, ...serverPoolFlags(availableParallelism())];

/**
 * Where NODE_EXTRA_CA_CERTS waits while a process that opens no TLS connection
 * runs. Node reads that file when it starts, not when a first connection needs
 * it, and builds its whole root store then: with the system bundle there
 * (as set on machines behind a TLS-inspecting proxy, this one among them) that
 * is about 410 million instructions, 4.6 times a bare `node -e 0` and a third
 * of a `thebot render` of the platform (valgrind --tool=callgrind). The language
 * server and `thebot render`/`check` never open a TLS connection themselves
 * (git and helm, which may, are other programs), so they start without it and
 * put it back for the programs they run (restoreExtraCaCerts).
 */
export const SAVED_EXTRA_CA_CERTS = 'THEBOT_NODE_EXTRA_CA_CERTS';

/** The environment for a Node process that opens no TLS connection: NODE_EXTRA_CA_CERTS moved aside (undefined values are left out by child_process). */
export function withoutExtraCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const value = env.NODE_EXTRA_CA_CERTS;
  if (value === undefined) return { ...env };
  return { ...env, NODE_EXTRA_CA_CERTS: undefined, [SAVED_EXTRA_CA_CERTS]: value };
}

/** In such a process: NODE_EXTRA_CA_CERTS back in its environment, so that the programs it runs get it as they would have. */
export function restoreExtraCaCerts(env: NodeJS.ProcessEnv = process.env): void {
  const value = env[SAVED_EXTRA_CA_CERTS];
  if (value === undefined) return;
  env.NODE_EXTRA_CA_CERTS = value;
  delete env[SAVED_EXTRA_CA_CERTS];
}
