// Child processes of the control plane: each runs in its own process group
// (so stopping it also stops anything it started) with its output in a log
// file, and can outlive the process that started it (`controlPlane.ts start`).
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface Proc {
  name: string;
  pid: number;
  log: string;
}

export function startProcess(name: string, bin: string, args: string[], log: string): Proc {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined) throw new Error(`${name}: could not start ${bin}`);
    // Not waited for here: liveness is checked through the pid, so a detached
    // control plane behaves the same whether or not its starter is still alive.
    child.unref();
    child.on('error', () => undefined);
    return { name, pid: child.pid, log };
  } finally {
    closeSync(fd);
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie (exited, not yet reaped by its parent) still answers kill(0).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return isRunning(pgid);
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM the process group, then SIGKILL what is left after graceMs. */
export async function stopProcess(p: Proc, graceMs = 5000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-p.pid, sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  // No exit event exists for a process we may not be the parent of: poll the
  // pid, with a hard deadline.
  const deadline = Date.now() + graceMs;
  while (groupAlive(p.pid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(p.pid)) {
    signal('SIGKILL');
    const hard = Date.now() + 5000;
    while (groupAlive(p.pid) && Date.now() < hard) await sleep(50);
  }
}

/** The last lines of a process log, for error messages. */
export function tail(log: string, lines = 15): string {
  try {
    return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
