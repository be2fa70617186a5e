import { readFileSync } from 'node:fs';
// The bounds every hostile input must stay within, in the CLI and the server.
// Time is CPU time (this machine is shared: wall time under load says little);
// a process that does not finish within the wall-clock deadline (a hang, a
// blocked read) is killed and fails the test.
export const CPU_LIMIT_MS = 10_000;
export const WALL_DEADLINE_MS = 60_000;
export const MEMORY_LIMIT_KIB = 1024 * 1024;

/** Peak resident set size of a running process (VmHWM), KiB. */
export function peakRssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
}

/** `p`, or a rejection naming `what` after `ms`. */
export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** CPU time (user + system) a running process has used so far, ms. */
export function cpuMs(pid: number): number {
  // /proc/PID/stat: fields 14 and 15 after the command name, in clock ticks (100 per second here).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}
