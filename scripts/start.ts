// `npm start`: the whole product in one command. Builds and installs the
// .vsix into a code-server (a real VS Code in the browser) that opens the
// bundled manifests/, with the local control plane started when its binaries
// are built (contexts thebot-dev/-staging/-production, KUBECONFIG pointed at
// it), and prints the URL. Ctrl+C stops everything.
//
//   npx tsx scripts/start.ts [--port N] [--no-cluster]
//
// State (editor settings, extension, cluster data) lives under
// $THEBOT_CACHE/start and is rebuilt on every start.
import { mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeServerBinary, freePort, installExtension, startCodeServer } from '../test/e2e/codeServer';
import { buildVsix } from '../test/e2e/vsix';
import { ControlPlane } from '../test/cluster/controlPlane';
import { findBinaries } from '../test/cluster/binaries';

const root = resolve(new URL('..', import.meta.url).pathname);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (!codeServerBinary()) throw new Error('code-server is not installed: run bash scripts/setup.sh first');
  const state = join(process.env.THEBOT_CACHE || join(homedir(), '.cache', 'thebot'), 'start');
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });

  const vsix = buildVsix(join(state, 'thebot-platform.vsix'));
  installExtension(state, vsix.file);
  console.log(`extension: ${vsix.file} (${(vsix.bytes / 1024).toFixed(0)} KiB) installed`);

  let cluster: ControlPlane | undefined;
  const bins = findBinaries();
  if (process.argv.includes('--no-cluster')) {
    console.log('cluster: not started (--no-cluster)');
  } else if ('missing' in bins) {
    console.log(`cluster: not started — ${bins.missing}`);
  } else {
    console.log('cluster: starting the local control plane…');
    cluster = await ControlPlane.start({ dir: join(state, 'controlplane'), log: (m) => console.log(`  ${m}`) });
    console.log(`cluster: contexts thebot-dev, thebot-staging, thebot-production — export KUBECONFIG=${cluster.kubeconfig}`);
  }

  const port = Number(arg('--port') ?? 0) || (await freePort());
  const env: Record<string, string> = cluster ? { KUBECONFIG: cluster.kubeconfig } : {};
  const server = await startCodeServer({
    scratch: state,
    port,
    env,
    settings: {
      'thebot.defaultEnvironment': 'dev',
      ...(cluster ? { 'thebot.kubeconfig': cluster.kubeconfig } : {}),
    },
  });
  const folder = join(root, 'manifests');
  console.log(`\nTHE_BOT Platform in VS Code: ${server.url}/?folder=${encodeURIComponent(folder)}\n(Ctrl+C to stop)`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('stopping…');
    await server.stop();
    await cluster?.stop({ keepDir: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
