// The bounds every hostile input must stay within, in the CLI and the server.
// Time is CPU time (this machine is shared: wall time under load says little);
// a process that does not finish within the wall-clock deadline (a hang, a
// blocked read) is killed and fails the test.
export const CPU_LIMIT_MS = 10_000;
export const WALL_DEADLINE_MS = 60_000;
export const MEMORY_LIMIT_KIB = 1024 * 1024;
