// The local Kubernetes control plane for tests, CI and `npm start`: etcd,
// kube-apiserver, kube-controller-manager, kube-scheduler, kwok (fake
// kubelets: nodes Ready, pods Running/Ready) and our volume provisioner, on
// 127.0.0.1 with free ports, generated certificates, token auth and RBAC.
//
//   npx tsx localdev/cluster/controlPlane.ts start|stop|env|status [--dir DIR]
//
// Library use (tests): `const cp = await ControlPlane.start(); … await cp.stop();`
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { findBinaries, type BinarySet } from './binaries';
import { generatePki, type Pki } from './pki';
import { freePort, get, waitUntil } from './probe';
import { isRunning, startProcess, stopProcess, tail, type Proc } from './processes';
import { writeKubeconfig } from './kubeconfigFile';
import { Transport } from '../../client/src/cluster/transport';
import type { Ports } from './components';
import { apiserverArgs, controllerManagerArgs, etcdArgs, kwokArgs, schedulerArgs } from './components';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Namespace the contexts default to (the platform's). */
const NAMESPACE = 'thebot';

/** Everything needed to find (and stop) a running control plane; saved as state.json. */
export type { Ports } from './components';

/** Everything needed to find (and stop) a running control plane; saved as state.json. */
export interface ControlPlaneState {
  dir: string;
  kubeconfig: string;
  server: string;
  ports: Ports;
  procs: Proc[];
}

export interface StartOptions {
  /** Working directory (certificates, etcd data, logs, kubeconfig); default: a fresh temp dir. */
  dir?: string;
  /** Fake nodes to create (default 4). */
  nodes?: number;
  /** Overall start-up deadline (default 120 s). */
  timeoutMs?: number;
  /** Progress messages. */
  log?: (msg: string) => void;
  /**
   * Keep running after this process exits (`controlPlane.ts start`). Otherwise
   * (tests) the processes are killed when this process exits, even on a crash
   * or SIGTERM, so an aborted test run leaves nothing behind.
   */
  detach?: boolean;
  /** Ports to use on the first attempt instead of free ones (a retry after a bind failure picks free ones). */
  ports?: Partial<Ports>;
}

export class ControlPlane {
  private constructor(
    readonly state: ControlPlaneState,
    private readonly bins: BinarySet,
    private readonly pki: Pki,
    private readonly log: (msg: string) => void,
  ) {}

  get kubeconfig(): string {
    return this.state.kubeconfig;
  }
  get server(): string {
    return this.state.server;
  }

  static async start(o: StartOptions = {}): Promise<ControlPlane> {
    // A port picked free can still be taken by another process before the
    // component binds it; such a boot is retried on fresh ports, in a fresh
    // directory (etcd's data belongs to the old member).
    for (let attempt = 1; ; attempt++) {
      try {
        return await ControlPlane.startOnce(attempt === 1 ? o : { ...o, ports: undefined });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (attempt >= 3 || o.dir || !/address already in use/.test(msg)) throw e;
        (o.log ?? (() => undefined))(`control plane: a port was taken while booting, retrying on new ports (attempt ${attempt + 1})`);
      }
    }
  }

  private static async startOnce(o: StartOptions): Promise<ControlPlane> {
    const started = Date.now();
    const bins = findBinaries();
    if ('missing' in bins) throw new Error(bins.missing);
    const dir = o.dir ? resolve(o.dir) : mkdtempSync(join(tmpdir(), 'thebot-cp-'));
    mkdirSync(join(dir, 'logs'), { recursive: true });
    const log = o.log ?? (() => undefined);
    const pki = generatePki(join(dir, 'pki'));
    const ports: Ports = {
      etcdClient: o.ports?.etcdClient ?? (await freePort()),
      etcdPeer: o.ports?.etcdPeer ?? (await freePort()),
      apiserver: o.ports?.apiserver ?? (await freePort()),
      controllerManager: o.ports?.controllerManager ?? (await freePort()),
      scheduler: o.ports?.scheduler ?? (await freePort()),
      unreachable: o.ports?.unreachable ?? (await freePort()),
    };
    const server = `https://127.0.0.1:${ports.apiserver}`;
    const kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, {
      server,
      caData: readFileSync(pki.caCert).toString('base64'),
      token: pki.adminToken,
      unreachableServer: `https://127.0.0.1:${ports.unreachable}`,
      namespace: NAMESPACE,
    });
    const cp = new ControlPlane({ dir, kubeconfig, server, ports, procs: [] }, bins, pki, log);
    if (!o.detach) killOnExit(cp.state);
    try {
      await cp.boot(Date.now() + (o.timeoutMs ?? 120_000), o.nodes ?? 4);
    } catch (e) {
      await cp.stop({ keepDir: !cp.bindFailed(e) });
      throw e;
    }
    log(`control plane ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${server} (kubeconfig ${kubeconfig})`);
    return cp;
  }

  /** A boot that failed because a component could not bind its port: the directory is of no use to anyone. */
  private bindFailed(e: unknown): boolean {
    return /address already in use/.test(e instanceof Error ? e.message : String(e));
  }

  /** A control plane started earlier (by `controlPlane.ts start`) from its state file. */
  static attach(dir: string): ControlPlaneState {
    return JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as ControlPlaneState;
  }

  private logFile(name: string): string {
    return join(this.state.dir, 'logs', `${name}.log`);
  }

  private spawn(name: string, bin: string, args: string[]): Proc {
    const p = startProcess(name, bin, args, this.logFile(name));
    this.state.procs = [...this.state.procs.filter((q) => q.name !== name), p];
    this.saveState();
    return p;
  }

  private saveState(): void {
    writeFileSync(join(this.state.dir, 'state.json'), JSON.stringify(this.state, null, 2) + '\n');
  }

  /** The recent log of a component, or of all, for timeout errors. */
  private logs(...names: string[]): string {
    return (names.length ? names : this.state.procs.map((p) => p.name))
      .map((n) => `--- ${n} log (last lines) ---\n${tail(this.logFile(n))}`)
      .join('\n');
  }

  private async boot(deadline: number, nodes: number): Promise<void> {
    const { ports } = this.state;
    const t0 = Date.now();
    const step = (what: string) => this.log(`  ${what} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);

    this.spawn('etcd', this.bins.path('etcd'), etcdArgs(this.state.dir, ports));
    await waitUntil('etcd /health', deadline, async () => {
      const r = await get(`http://127.0.0.1:${ports.etcdClient}/health`);
      return r.status === 200 && r.body.includes('"health":"true"');
    }, () => this.logs('etcd'), () => this.exited());
    step('etcd healthy');

    this.startApiserverProcess();
    await this.waitApiserverReady(deadline);
    step('kube-apiserver ready');

    const adminKubeconfig = this.componentKubeconfig();
    this.spawn('kube-controller-manager', this.bins.path('kube-controller-manager'), controllerManagerArgs(this.state.dir, ports, this.pki, adminKubeconfig));
    this.spawn('kube-scheduler', this.bins.path('kube-scheduler'), schedulerArgs(this.state.dir, ports, adminKubeconfig));
    this.spawn('kwok', this.bins.path('kwok'), kwokArgs(this.bins.kwokStages, adminKubeconfig));
    this.spawn('provisioner', process.execPath, ['--import', 'tsx', join(HERE, 'provisioner.ts'), adminKubeconfig]);

    const kc = this.kubeConfig();
    await this.installCrds(kc);
    await this.createNodes(kc, nodes);
    step('CRDs and nodes created');

    const core = kc.makeApiClient(k8s.CoreV1Api);
    // Ready, and schedulable: the node lifecycle controller taints new nodes
    // not-ready and lifts the taint only after it has seen them Ready.
    await waitUntil(`${nodes} nodes Ready and untainted (kwok, node lifecycle controller)`, deadline, async () => {
      const list = await core.listNode();
      const ready = list.items.filter(
        (n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && !(n.spec?.taints ?? []).length,
      );
      return ready.length >= nodes;
    }, () => this.logs(), () => this.exited());
    await waitUntil('the default ServiceAccount (kube-controller-manager)', deadline, async () => {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: 'default' });
      return true;
    }, () => this.logs(), () => this.exited());
    await waitUntil('kube-scheduler /healthz', deadline, async () => {
      const r = await get(`https://127.0.0.1:${ports.scheduler}/healthz`, { insecure: true });
      return r.status === 200;
    }, () => this.logs(), () => this.exited());
    const ext = kc.makeApiClient(k8s.ApiextensionsV1Api);
    await waitUntil('CRDs Established', deadline, async () => {
      const list = await ext.listCustomResourceDefinition();
      return list.items.every((c) => c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True'));
    });
    step('controllers, scheduler and nodes ready');
  }

  /** The first component (of those started) that is no longer running. */
  private exited(...names: string[]): string | undefined {
    const p = this.state.procs.find((q) => (!names.length || names.includes(q.name)) && !isRunning(q.pid));
    return p && `${p.name} exited`;
  }

  private startApiserverProcess(): void {
    this.spawn('kube-apiserver', this.bins.path('kube-apiserver'), apiserverArgs(this.state.dir, this.state.ports, this.pki));
  }

  private async waitApiserverReady(deadline: number): Promise<void> {
    const ca = readFileSync(this.pki.caCert, 'utf8');
    await waitUntil('kube-apiserver /readyz', deadline, async () => {
      const r = await get(`${this.state.server}/readyz`, { ca, token: this.pki.adminToken });
      return r.status === 200;
    }, () => this.logs('kube-apiserver'), () => this.exited('kube-apiserver'));
  }

  /** A kubeconfig for the components themselves (admin token, current context thebot-dev). */
  private componentKubeconfig(): string {
    return this.state.kubeconfig;
  }

  kubeConfig(context = 'thebot-dev'): k8s.KubeConfig {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(this.state.kubeconfig);
    kc.setCurrentContext(context);
    return kc;
  }

  /**
   * Installs the upstream CRDs through a raw server-side apply: the typed
   * client would serialize them through its models, which expect camelCase
   * keys and silently drop `x-kubernetes-*` (CEL rules, list types) from YAML.
   */
  private async installCrds(kc: k8s.KubeConfig): Promise<void> {
    const t = new Transport(kc);
    for (const body of readCrds(this.bins.crds)) {
      const name = (body.metadata as { name: string }).name;
      await t.request('PATCH', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`, {
        query: { fieldManager: 'thebot-control-plane', force: 'true' },
        contentType: 'application/apply-patch+yaml',
        body,
      });
    }
  }

  private async createNodes(kc: k8s.KubeConfig, count: number): Promise<void> {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const zones = ['zone-a', 'zone-b', 'zone-c'];
    for (let i = 0; i < count; i++) {
      const name = `kwok-node-${i}`;
      const resources = { cpu: '32', memory: '256Gi', pods: '110', 'ephemeral-storage': '500Gi' };
      try {
        await core.createNode({
          body: {
            apiVersion: 'v1',
            kind: 'Node',
            metadata: {
              name,
              annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
              labels: {
                type: 'kwok',
                'kubernetes.io/hostname': name,
                'kubernetes.io/os': 'linux',
                'kubernetes.io/arch': 'amd64',
                'topology.kubernetes.io/zone': zones[i % zones.length]!,
              },
            },
            // No taints: ordinary workloads schedule here without tolerations.
            status: { allocatable: resources, capacity: resources },
          },
        });
      } catch (e) {
        if ((e as { code?: number }).code !== 409) throw e;
      }
    }
  }

  /** Stops the apiserver only (for restart and unreachability tests). */
  async stopApiserver(): Promise<void> {
    const p = this.state.procs.find((q) => q.name === 'kube-apiserver');
    if (p) await stopProcess(p);
  }

  /** Starts the apiserver again on the same port, with the same data. */
  async startApiserver(timeoutMs = 60_000): Promise<void> {
    this.startApiserverProcess();
    await this.waitApiserverReady(Date.now() + timeoutMs);
  }

  async restartApiserver(): Promise<void> {
    await this.stopApiserver();
    await this.startApiserver();
  }

  async stop(o: { keepDir?: boolean } = {}): Promise<void> {
    await stopAll(this.state);
    if (!o.keepDir && this.state.dir.startsWith(tmpdir())) rmSync(this.state.dir, { recursive: true, force: true });
  }
}

/** SIGKILLs the process groups when this process exits (exit handlers must be synchronous). */
function killOnExit(state: ControlPlaneState): void {
  const kill = () => {
    for (const p of state.procs) {
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  process.once('exit', kill);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      kill();
      process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
    });
  }
}

/** Stops every process, last started first. */
export async function stopAll(state: ControlPlaneState): Promise<void> {
  for (const p of [...state.procs].reverse()) await stopProcess(p);
}

/** Every CustomResourceDefinition in the YAML files of `dir` (file name order). */
export function readCrds(dir: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const body = doc.toJS() as Record<string, unknown> | null;
      if (body?.kind === 'CustomResourceDefinition') out.push(body);
    }
  }
  return out;
}

// ---- command line -----------------------------------------------------------

function defaultDir(): string {
  const cache = process.env.THEBOT_CACHE || join(homedir(), '.cache', 'thebot');
  return join(cache, 'cluster');
}

async function cli(argv: string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  const i = rest.indexOf('--dir');
  const dir = resolve(i >= 0 && rest[i + 1] ? rest[i + 1]! : defaultDir());
  const running = () => existsSync(join(dir, 'state.json')) && ControlPlane.attach(dir).procs.some((p) => isRunning(p.pid));
  switch (command) {
    case 'start': {
      if (running()) {
        process.stdout.write(`already running (${dir}); export KUBECONFIG=${join(dir, 'kubeconfig')}\n`);
        return 0;
      }
      // Reuse only a directory that is ours (an earlier cluster's) or empty: never wipe anything else.
      if (existsSync(dir) && !existsSync(join(dir, 'state.json')) && readdirSync(dir).length > 0) {
        process.stderr.write(`${dir} is not empty and holds no control plane; choose another --dir\n`);
        return 2;
      }
      rmSync(dir, { recursive: true, force: true });
      const cp = await ControlPlane.start({ dir, detach: true, log: (m) => process.stderr.write(m + '\n') });
      process.stdout.write(
        `contexts: thebot-dev thebot-staging thebot-production (current: thebot-dev)\nexport KUBECONFIG=${cp.kubeconfig}\n`,
      );
      return 0;
    }
    case 'stop': {
      if (!existsSync(join(dir, 'state.json'))) {
        process.stdout.write(`not running (${dir})\n`);
        return 0;
      }
      await stopAll(ControlPlane.attach(dir));
      process.stdout.write('stopped\n');
      return 0;
    }
    case 'env':
      if (!running()) {
        process.stderr.write(`no control plane running in ${dir} (start it: npx tsx localdev/cluster/controlPlane.ts start)\n`);
        return 1;
      }
      process.stdout.write(`export KUBECONFIG=${join(dir, 'kubeconfig')}\n`);
      return 0;
    case 'status': {
      if (!existsSync(join(dir, 'state.json'))) {
        process.stdout.write('not running\n');
        return 1;
      }
      const state = ControlPlane.attach(dir);
      for (const p of state.procs) process.stdout.write(`${p.name.padEnd(24)} ${isRunning(p.pid) ? 'running' : 'stopped'} (pid ${p.pid})\n`);
      return state.procs.every((p) => isRunning(p.pid)) ? 0 : 1;
    }
    default:
      process.stdout.write('usage: npx tsx localdev/cluster/controlPlane.ts start|stop|env|status [--dir DIR]\n');
      return command === 'help' ? 0 : 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
