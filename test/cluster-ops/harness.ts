// Shared set-up of the cluster integration tests: one real control plane per
// test file (started in `before`, stopped in `after`), the project's
// environments, rendered objects from the embedded engine, and the CLI
// commands run in-process with their output captured.
//
// Without the control-plane binaries the tests skip locally; in CI
// (CI=true) that is a failure: scripts/setup.d/30-controlplane.sh must have
// built them.
import { after, before } from 'node:test';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBinaries } from '../../localdev/cluster/binaries';
import { ControlPlane } from '../../localdev/cluster/controlPlane';
import { loadProjectConfig, environmentByName, type Environment } from '../../server/src/config';
import { renderKustomization } from '../../server/src/kustomize';
import type { RenderedResource } from '../../server/src/kustomize/model';
import { ClusterSession } from '../../client/src/cluster';
import type { Out } from '../../server/src/cli/cluster-common';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MANIFESTS = join(ROOT, 'manifests');
export const FIXTURES = join(ROOT, 'test/cluster-ops/fixtures');

export interface Harness {
  /** Undefined when the binaries are missing outside CI (tests skip). */
  cp: ControlPlane | undefined;
  skipReason: string;
}

/** Starts a control plane for this test file; stops it after the file's tests. */
export function useControlPlane(): Harness {
  const h: Harness = { cp: undefined, skipReason: '' };
  before(async () => {
    const bins = findBinaries();
    if ('missing' in bins) {
      if (process.env.CI === 'true') throw new Error(`CI: ${bins.missing}`);
      h.skipReason = bins.missing;
      return;
    }
    const started = Date.now();
    h.cp = await ControlPlane.start({ timeoutMs: 180_000 });
    process.stderr.write(`# control plane started in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  }, { timeout: 200_000 });
  after(async () => {
    await h.cp?.stop();
  });
  return h;
}

export function environment(name: string): Environment {
  const env = environmentByName(loadProjectConfig(MANIFESTS), name);
  if (!env) throw new Error(`no environment ${name}`);
  return env;
}

export function render(dir: string): RenderedResource[] {
  const r = renderKustomization(dir);
  if (r.errors.length) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.resources;
}

export function open(cp: ControlPlane, env: Environment, context = env.context): Promise<ClusterSession> {
  return ClusterSession.open({ environment: env, kubeconfig: cp.kubeconfig, context });
}

/** A kubeconfig whose environment contexts point at a port nothing listens on. */
export function unreachableKubeconfig(cp: ControlPlane, file: string): string {
  const text = readFileSync(cp.kubeconfig, 'utf8').replace(cp.server, `https://127.0.0.1:${cp.state.ports.unreachable}`);
  writeFileSync(file, text);
  return file;
}

/** Captured output of an in-process CLI command. */
export function capture(): Out & { stdout: string; stderr: string } {
  const c = {
    stdout: '',
    stderr: '',
    out(t: string) {
      c.stdout += t;
    },
    err(t: string) {
      c.stderr += t;
    },
  };
  return c;
}

/** Replaces the random port of the local server so outputs can be compared exactly. */
export function scrub(text: string, cp: ControlPlane): string {
  return text.split(cp.server).join('https://127.0.0.1:PORT').replace(/after \d+\.\d+s/g, 'after Ns');
}

/** The `thebot` CLI as its own process (own process group), for commands that run until interrupted. */
export interface CliProcess {
  pid: number;
  /** Every stdout line so far. */
  lines: string[];
  /** Every stderr line so far. */
  errLines: string[];
  /** Resolves with the index of the first stdout line at or after `from` that matches. */
  waitFor(match: (line: string) => boolean, from?: number): Promise<number>;
  /** The same on stderr (progress, watch events). */
  waitForErr(match: (line: string) => boolean, from?: number): Promise<number>;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<number | NodeJS.Signals>;
  stderr(): string;
}

export function spawnCli(args: string[]): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/src/cli.ts'), ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal!)));
  const follow = (stream: NodeJS.ReadableStream) => {
    const lines: string[] = [];
    const waiters: { from: number; match: (l: string) => boolean; resolve: (i: number) => void }[] = [];
    const check = () => {
      for (const w of [...waiters]) {
        const i = lines.findIndex((l, j) => j >= w.from && w.match(l));
        if (i >= 0) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(i);
        }
      }
    };
    createInterface({ input: stream }).on('line', (l) => {
      lines.push(l);
      check();
    });
    const waitFor = (match: (l: string) => boolean, from = 0) =>
      new Promise<number>((resolve, reject) => {
        waiters.push({ from, match, resolve });
        check();
        void exited.then((c) => reject(new Error(`thebot exited (${c}) while waiting; stdout:\n${out.lines.join('\n')}\nstderr:\n${err.lines.join('\n')}`)));
      });
    return { lines, waitFor };
  };
  const out = follow(child.stdout!);
  const err = follow(child.stderr!);
  return {
    pid: child.pid!,
    lines: out.lines,
    errLines: err.lines,
    waitFor: out.waitFor,
    waitForErr: err.waitFor,
    exited,
    stderr: () => err.lines.join('\n'),
  };
}

/** Whether any process of the group `pgid` is still alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
