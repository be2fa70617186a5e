// How the language server's Node process is started, shared by the extension
// (client/src/context.ts) and by the tests and benchmarks that start the server
// themselves, so that they measure the process users get.

/**
 * A young generation of 64 MiB semi-spaces from the start (Node's default
 * starts at 1 MiB and grows to 16): every re-render allocates several MiB
 * that die before the next edit, and opening a 20,000-line file builds a node
 * tree of ~50 MiB that all survives. With small semi-spaces the scavenger runs
 * a dozen times during that open and copies the live tree over and over;
 * with these it does not run at all. Measured (same minute, 5 fresh
 * servers each): opening the 1,200-document file 155–190 ms → 128–140 ms;
 * resident memory +16 MiB idle, +46 MiB with the platform open.
 * `--expose-gc` lets the server scavenge after publishing diagnostics rather
 * than in the middle of the next render (services/youngGc.ts): platform edit
 * -> diagnostics p75 14.8-15.9 -> 12.3-13.0 ms, p95 22.9-26.6 -> 20.0-21.5 ms
 * (3 alternating runs of 200 edits).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--min-semi-space-size=64', '--expose-gc'];
