// Benchmark of `thebot check` (npx tsx scripts/bench-check.ts): time to check
// all three environments of the bundled platform and of a generated
// 2,000-object workspace, side by side with kube-linter and kubeconform on the
// same rendered input (binaries from `go install` into $THEBOT_CACHE/bin), and
// which of a shared set of seeded defects each tool reports. Prints figures;
// asserts nothing. Peers (a tool that is missing is shown as "not installed"):
//   GOBIN=$THEBOT_CACHE/bin go install github.com/yannh/kubeconform/cmd/kubeconform@v0.6.7
//   GOBIN=$THEBOT_CACHE/bin go install golang.stackrox.io/kube-linter/cmd/kube-linter@v0.7.2
//   (kube-linter: the Go module proxy reachable here refuses this module, 403)
//   GOBIN=$THEBOT_CACHE/bin go install github.com/zegl/kube-score/cmd/kube-score@v1.20.0
// Options:
//   --warm N          N rounds (default 1); each times, per side, a CLI process,
//                     a cold in-process check (fresh render cache) and a warm one
//                     (the same cache again: what the language server does after
//                     an edit), so N warm iterations; medians and p95 are printed.
//   --platform-only   only the bundled platform (no generated workspace, no seeded defects).
//   --against DIR     also time a second checkout (e.g. a worktree of an older
//                     commit, built with `node esbuild.mjs` for its CLI), in the
//                     same process, alternating with this one round by round so
//                     that both see the same load; each side checks its own
//                     `manifests/` and the same generated workspace.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadProjectConfig } from '../server/src/config';
import { analyzeProject } from '../server/src/analysis';
import { engineOptions } from '../server/src/analysis/engine';
import { RenderCache, renderKustomization } from '../server/src/kustomize';

const repo = join(__dirname, '..');
const bin = join(process.env.THEBOT_CACHE ?? join(homedir(), '.cache', 'thebot'), 'bin');
const KUBE_LINTER = join(bin, 'kube-linter');
const KUBECONFORM = join(bin, 'kubeconform');
const KUBE_SCORE = join(bin, 'kube-score');

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** One checkout's `thebot check`, loaded from its own sources (so two commits can run in one process). */
interface Side {
  label: string;
  repo: string;
  /** A full analysis of `dir` with `cache` (a RenderCache of this checkout); the number of findings. */
  check(dir: string, cache: unknown): number;
  newCache(): unknown;
}

async function loadSide(repo: string, label: string): Promise<Side> {
  // Imported by path rather than statically: the other side's modules are its own instances (its engine, its caches).
  const config = (await import(join(repo, 'server/src/config/index.ts'))) as typeof import('../server/src/config');
  const analysis = (await import(join(repo, 'server/src/analysis/index.ts'))) as typeof import('../server/src/analysis');
  const engine = (await import(join(repo, 'server/src/analysis/engine.ts'))) as typeof import('../server/src/analysis/engine');
  const kustomize = (await import(join(repo, 'server/src/kustomize/index.ts'))) as typeof import('../server/src/kustomize');
  return {
    label,
    repo,
    check: (dir, cache) => analysis.analyzeProject(config.loadProjectConfig(dir), engine.engineOptions({ cache: cache as RenderCache })).findings.length,
    newCache: () => new kustomize.RenderCache(),
  };
}

interface Samples {
  cli: number[];
  cold: number[];
  warm: number[];
  findings: number;
}

/**
 * One round for one side: thebot as a CLI process (what CI runs), and
 * in-process: cold (fresh render cache) and a warm re-check with the same
 * cache (what the language server does after an edit, minus the edited file).
 */
function timeRound(side: Side, dir: string, into: Samples): void {
  const cache = side.newCache();
  let t = process.hrtime.bigint();
  into.findings = side.check(dir, cache);
  into.cold.push(ms(t));
  t = process.hrtime.bigint();
  side.check(dir, cache);
  into.warm.push(ms(t));
  t = process.hrtime.bigint();
  spawnSync(join(side.repo, 'bin', 'thebot.js'), ['check', dir], { encoding: 'utf8' });
  into.cli.push(ms(t));
}

/** The value at fraction `q` of the sorted samples (nearest rank): q=0.5 the median, 0.95 the p95. */
function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function stat(samples: number[]): string {
  return samples.length === 1 ? `${samples[0].toFixed(0)} ms` : `${quantile(samples, 0.5).toFixed(0)} ms (p95 ${quantile(samples, 0.95).toFixed(0)})`;
}

function timeTool(cmd: string, args: string[]): { ms: number; out: string } | undefined {
  if (!existsSync(cmd)) return undefined;
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { ms: ms(t), out: `${r.stdout}\n${r.stderr}` };
}

/** Renders every environment to one YAML file per environment (the same input for every tool). */
function renderedFiles(dir: string, out: string): string[] {
  const config = loadProjectConfig(dir);
  return config.environments.map((e) => {
    const file = join(out, `${e.name}.yaml`);
    writeFileSync(file, renderKustomization(e.overlay).toYaml());
    return file;
  });
}

/**
 * kubeconform cannot download its schemas here (no network), so it gets the
 * same Kubernetes 1.34 + CRD schemas thebot uses (schemas/): one wrapper file
 * per kind in kubeconform's naming (`deployment-apps-v1.json`) that $refs the
 * definition in a copy of the bundle.
 */
function prepareKubeconformSchemas(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const index = JSON.parse(readFileSync(join(repo, 'schemas', 'index.json'), 'utf8')) as { files: string[] };
  for (const file of index.files) {
    if (file.startsWith('kustomization')) continue;
    mkdirSync(join(dir, file, '..'), { recursive: true });
    cpSync(join(repo, 'schemas', file), join(dir, file));
    const bundle = JSON.parse(readFileSync(join(repo, 'schemas', file), 'utf8')) as { 'x-thebot-kinds': Record<string, Record<string, string>> };
    for (const [apiVersion, kinds] of Object.entries(bundle['x-thebot-kinds'])) {
      const [groupOrVersion, version] = apiVersion.split('/');
      const suffix = `-${groupOrVersion.split('.')[0].toLowerCase()}${version ? `-${version.toLowerCase()}` : ''}`;
      for (const [kind, def] of Object.entries(kinds)) {
        writeFileSync(join(dir, `${kind.toLowerCase()}${suffix}.json`), JSON.stringify({ $ref: `${file}#/definitions/${def}` }));
      }
    }
  }
}

const KUBECONFORM_SCHEMAS = join(tmpdir(), 'thebot-bench-kubeconform-schemas');

function kubeconformArgs(files: string[]): string[] {
  return ['-summary', '-output', 'text', '-schema-location', join(KUBECONFORM_SCHEMAS, '{{ .ResourceKind }}{{ .KindSuffix }}.json'), ...files];
}

function generateWorkspace(root: string, apps: number): number {
  const base = join(root, 'base');
  mkdirSync(base, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < apps; i++) {
    const n = `app${i}`;
    writeFileSync(
      join(base, `${n}.yaml`),
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${n}, labels: { app: ${n} } }
spec:
  replicas: 2
  selector: { matchLabels: { app: ${n} } }
  template:
    metadata: { labels: { app: ${n} } }
    spec:
      automountServiceAccountToken: false
      securityContext: { runAsNonRoot: true }
      containers:
        - name: ${n}
          image: registry.example.com/${n}:1.0.0
          ports: [{ name: http, containerPort: 8080 }]
          envFrom: [{ configMapRef: { name: ${n} } }]
          readinessProbe: { httpGet: { path: /ready, port: http } }
          livenessProbe: { httpGet: { path: /live, port: http } }
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }
          securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
      topologySpreadConstraints:
        - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: { matchLabels: { app: ${n} } } }
---
apiVersion: v1
kind: Service
metadata: { name: ${n} }
spec:
  selector: { app: ${n} }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: ${n} }
data: { LOG_LEVEL: INFO }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: ${n} }
spec:
  maxUnavailable: 1
  selector: { matchLabels: { app: ${n} } }
`,
    );
    files.push(`${n}.yaml`);
  }
  writeFileSync(join(base, 'kustomization.yaml'), `namespace: bench\nresources:\n${files.map((f) => `  - ${f}`).join('\n')}\n`);
  for (const env of ['dev', 'staging', 'production']) {
    mkdirSync(join(root, 'overlays', env), { recursive: true });
    writeFileSync(join(root, 'overlays', env, 'kustomization.yaml'), `resources:\n  - ../../base\nlabels:\n  - pairs: { env: ${env} }\n`);
  }
  writeFileSync(join(root, 'thebot.yaml'), 'environments:\n  dev: { overlay: overlays/dev }\n  staging: { overlay: overlays/staging }\n  production: { overlay: overlays/production }\n');
  return apps * 4;
}

/**
 * Seeded defects: each a small project; a tool "finds" one only when it prints
 * the message of a check aimed at that defect (general noise such as "no
 * NetworkPolicy" does not count). kube-score patterns were read from its own
 * output; kube-linter's are its documented check names (not run here).
 */
const NEVER = /$^/;
const DEFECTS: { name: string; yaml: string; thebot: string; kubeLinter: RegExp; kubeScore: RegExp; kubeconform: RegExp }[] = [
  { name: 'Service selects no pods', yaml: 'svc-selector', thebot: 'service-selector-no-match', kubeLinter: /dangling-service/, kubeScore: /selector does not match any pods/, kubeconform: NEVER },
  { name: 'targetPort not a container port', yaml: 'svc-port', thebot: 'service-target-port', kubeLinter: NEVER, kubeScore: NEVER, kubeconform: NEVER },
  { name: 'probe on undeclared port', yaml: 'probe-port', thebot: 'probe-port', kubeLinter: /(liveness|readiness)-port/, kubeScore: NEVER, kubeconform: NEVER },
  { name: 'image tag latest', yaml: 'latest', thebot: 'image-latest-tag', kubeLinter: /latest-tag/, kubeScore: /Image with latest tag/, kubeconform: NEVER },
  { name: 'privileged container', yaml: 'privileged', thebot: 'privileged', kubeLinter: /privileged-container/, kubeScore: /The container is privileged/, kubeconform: NEVER },
  { name: 'missing Secret reference', yaml: 'secret-ref', thebot: 'config-reference', kubeLinter: NEVER, kubeScore: NEVER, kubeconform: NEVER },
  { name: 'PDB blocks every drain', yaml: 'pdb', thebot: 'pdb-blocks-disruption', kubeLinter: /pdb-min-available/, kubeScore: NEVER, kubeconform: NEVER },
  { name: 'DEBUG=True in production', yaml: 'debug', thebot: 'debug-outside-dev', kubeLinter: NEVER, kubeScore: NEVER, kubeconform: NEVER },
  { name: 'replicas as a string (schema)', yaml: 'schema', thebot: 'schema-', kubeLinter: NEVER, kubeScore: /cannot unmarshal string/, kubeconform: /replicas.*(expected|invalid)|invalid.*replicas|expected integer/i },
];

function defectYaml(kind: string): string {
  const svc = (sel: string, target: string) =>
    `---\napiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: ${sel} }\n  ports: [{ port: 80, targetPort: ${target} }]\n`;
  const dep = (opts: { replicas?: string; image?: string; sc?: string; env?: string; probePort?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${opts.replicas ?? '2'}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ${opts.image ?? 'registry.example.com/web:1.0.0'}
          ports: [{ name: http, containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /, port: ${opts.probePort ?? 'http'} } }${opts.sc ? `\n          securityContext: ${opts.sc}` : ''}${opts.env ? `\n          env: ${opts.env}` : ''}
`;
  switch (kind) {
    case 'svc-selector':
      return dep() + svc('webb', 'http');
    case 'svc-port':
      return dep() + svc('web', '9090');
    case 'probe-port':
      return dep({ probePort: '9999' });
    case 'latest':
      return dep({ image: 'registry.example.com/web:latest' });
    case 'privileged':
      return dep({ sc: '{ privileged: true }' });
    case 'secret-ref':
      return dep({ env: '[{ name: PASSWORD, valueFrom: { secretKeyRef: { name: missing, key: password } } }]' });
    case 'pdb':
      return dep() + '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web }\nspec:\n  minAvailable: 2\n  selector: { matchLabels: { app: web } }\n';
    case 'debug':
      return dep({ env: '[{ name: DEBUG, value: "True" }]' });
    default:
      return dep({ replicas: '"two"' });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { warm: { type: 'string' }, 'platform-only': { type: 'boolean' }, against: { type: 'string' } } });
  const rounds = Number(values.warm ?? 1);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--warm wants a positive whole number, not '${values.warm}'`);
  const sides = [await loadSide(repo, `this checkout (${gitHead(repo)})`)];
  if (values.against) {
    const other = resolve(values.against);
    if (!existsSync(join(other, 'dist', 'cli.js'))) throw new Error(`${other}: no dist/cli.js (run node esbuild.mjs there first)`);
    sides.push(await loadSide(other, `${other} (${gitHead(other)})`));
  }
  const load = [loadavg()];
  prepareKubeconformSchemas(KUBECONFORM_SCHEMAS);
  const scratch = mkdtempSync(join(tmpdir(), 'thebot-bench-'));
  const rows: string[][] = [];
  // Each side checks its own platform (the manifests of its commit).
  const workspaces: [string, (side: Side) => string][] = [['THE_BOT platform (3 envs)', (side) => join(side.repo, 'manifests')]];
  if (!values['platform-only']) {
    const gen = join(scratch, 'generated');
    const objects = generateWorkspace(gen, 500);
    workspaces.push([`generated, ${objects} objects (x3 envs)`, () => gen]);
  }
  for (const [label, dirOf] of workspaces) {
    const samples = sides.map((): Samples => ({ cli: [], cold: [], warm: [], findings: 0 }));
    // Alternating, and the order swapped every round: neither side always runs first after the other's garbage.
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [...sides.keys()].reverse() : [...sides.keys()];
      for (const k of order) timeRound(sides[k], dirOf(sides[k]), samples[k]);
    }
    const out = join(scratch, label.replace(/\W+/g, '-'));
    mkdirSync(out);
    const files = renderedFiles(dirOf(sides[0]), out);
    const kl = timeTool(KUBE_LINTER, ['lint', '--format', 'plain', ...files]);
    const ks = timeTool(KUBE_SCORE, ['score', '--output-format', 'ci', ...files]);
    const kc = timeTool(KUBECONFORM, kubeconformArgs(files));
    const cell = (x: { ms: number } | undefined) => (x ? `${x.ms.toFixed(0)} ms` : 'not installed');
    sides.forEach((side, k) => {
      const s = samples[k];
      const peers = k === 0 ? [cell(kl), cell(ks), cell(kc)] : ['', '', ''];
      rows.push([label, side.label, String(s.findings), stat(s.cli), stat(s.cold), stat(s.warm), ...peers]);
    });
  }
  load.push(loadavg());
  const fmt = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  process.stdout.write(`\nload average ${fmt(load[0])} at the start, ${fmt(load[1])} at the end, on ${cpus().length} cores; ${rounds} round(s), ${sides.length > 1 ? 'sides alternating; ' : ''}median (p95)\n`);
  process.stdout.write('\n| workspace | checkout | findings | thebot check (CLI process: render + schemas + rules) | in-process, cold | in-process, warm cache | kube-linter lint | kube-score score | kubeconform (same schemas) |\n|---|---|---|---|---|---|---|---|---|\n');
  for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
  if (values['platform-only']) return;

  process.stdout.write('\n| seeded defect | thebot | kube-linter | kube-score | kubeconform |\n|---|---|---|---|---|\n');
  for (const d of DEFECTS) {
    const dir = join(scratch, 'defects', d.yaml);
    mkdirSync(join(dir, 'overlays', 'production'), { recursive: true });
    mkdirSync(join(dir, 'base'), { recursive: true });
    writeFileSync(join(dir, 'base', 'web.yaml'), defectYaml(d.yaml));
    writeFileSync(join(dir, 'base', 'kustomization.yaml'), 'resources: [web.yaml]\n');
    writeFileSync(join(dir, 'overlays', 'production', 'kustomization.yaml'), 'resources: [../../base]\n');
    const found = analyzeProject(loadProjectConfig(dir), engineOptions()).findings.some((f) => f.code.startsWith(d.thebot));
    const file = renderedFiles(dir, dir)[0];
    const kl = timeTool(KUBE_LINTER, ['lint', '--format', 'plain', file]);
    const ks = timeTool(KUBE_SCORE, ['score', '--output-format', 'ci', file]);
    const kc = timeTool(KUBECONFORM, kubeconformArgs([file]));
    const mark = (hit: boolean | undefined) => (hit === undefined ? 'n/a' : hit ? 'yes' : 'no');
    process.stdout.write(`| ${d.name} | ${mark(found)} | ${mark(kl && d.kubeLinter.test(kl.out))} | ${mark(ks && d.kubeScore.test(ks.out))} | ${mark(kc && d.kubeconform.test(kc.out))} |\n`);
  }
}

/** The commit of a checkout (with -dirty when it has uncommitted changes): the label says what was measured. */
function gitHead(dir: string): string {
  const head = spawnSync('git', ['-C', dir, 'rev-parse', '--short=7', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return 'not a git checkout';
  const changed = spawnSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim();
  return head.stdout.trim() + (changed ? '-dirty' : '');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-check: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
