// A real VS Code for `npm start` and the e2e tests: code-server (installed by
// scripts/setup.d/40-code-server.sh) on 127.0.0.1 and a free port, with its
// own user-data, extensions, config and XDG/TMP folders inside a scratch
// directory, in its own process group so stopping it leaves nothing behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './cluster/probe';

export { freePort };

export function codeServerBinary(): string | undefined {
  const cache = process.env.THEBOT_CACHE || join(homedir(), '.cache', 'thebot');
  const bin = join(cache, 'code-server', 'current', 'code-server');
  return existsSync(bin) ? bin : undefined;
}

export interface CodeServerOptions {
  /** Scratch directory (user data, extensions, config, XDG and TMP go below it). */
  scratch: string;
  /** VS Code user settings. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and the extension host (e.g. KUBECONFIG). */
  env?: Record<string, string>;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
}

export interface CodeServer {
  url: string;
  port: number;
  /** The process (and process group) id of code-server. */
  pid: number;
  dirs: { userData: string; extensions: string };
  stop(): Promise<void>;
}

function layout(scratch: string): Record<'userData' | 'extensions' | 'config' | 'xdgConfig' | 'xdgData' | 'xdgCache' | 'tmp', string> {
  const d = {
    userData: join(scratch, 'user-data'),
    extensions: join(scratch, 'extensions'),
    config: join(scratch, 'config'),
    xdgConfig: join(scratch, 'xdg', 'config'),
    xdgData: join(scratch, 'xdg', 'data'),
    xdgCache: join(scratch, 'xdg', 'cache'),
    tmp: join(scratch, 'tmp'),
  };
  for (const dir of Object.values(d)) mkdirSync(dir, { recursive: true });
  return d;
}

function environment(d: ReturnType<typeof layout>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: d.xdgConfig,
    XDG_DATA_HOME: d.xdgData,
    XDG_CACHE_HOME: d.xdgCache,
    TMPDIR: d.tmp,
    ...extra,
  };
}

/** `code-server --install-extension file.vsix` into the scratch extensions dir; returns its output. */
export function installExtension(scratch: string, vsix: string): string {
  const bin = codeServerBinary();
  if (!bin) throw new Error('code-server is not installed: run bash scripts/setup.sh');
  const d = layout(scratch);
  const r = spawnSync(bin, ['--user-data-dir', d.userData, '--extensions-dir', d.extensions, '--install-extension', vsix], {
    env: environment(d),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`--install-extension failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

export async function startCodeServer(o: CodeServerOptions): Promise<CodeServer> {
  const bin = codeServerBinary();
  if (!bin) throw new Error('code-server is not installed: run bash scripts/setup.sh');
  const d = layout(o.scratch);
  const port = o.port ?? (await freePort());
  const configFile = join(d.config, 'config.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  mkdirSync(join(d.userData, 'User'), { recursive: true });
  writeFileSync(
    join(d.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        // The chat panel would take focus from the editor and the views.
        'chat.disableAIFeatures': true,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'security.workspace.trust.enabled': false,
        'window.restoreWindows': 'none',
        'files.watcherExclude': { '**/node_modules/**': true },
        // Keep the editor area free: no chat side bar, no prompt about the repository above manifests/.
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'git.openRepositoryInParentFolders': 'never',
        ...o.settings,
      },
      null,
      2,
    ),
  );
  const child: ChildProcess = spawn(
    bin,
    [
      '--config', configFile,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--user-data-dir', d.userData,
      '--extensions-dir', d.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
    ],
    { env: environment(d, o.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer): void => {
      log += b.toString();
      if (/HTTP server listening on/.test(log)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`code-server exited (${code}) before listening:\n${log}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    dirs: { userData: d.userData, extensions: d.extensions },
    async stop() {
      if (child.exitCode !== null) return;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      await exited;
      // Extension hosts and file watchers are in the same group: make sure none outlive the test.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // group already gone
      }
    },
  };
}
