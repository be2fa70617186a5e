// Differential fuzzing of the engine against `kubectl kustomize` (kustomize
// v5.5.0): random small projects (a base of 1-4 resources among Deployments,
// StatefulSets, Services, ConfigMaps, Ingresses, HPAs, RBAC, CronJobs, PVCs
// and a custom resource; an overlay with name prefixes and suffixes, a
// namespace, labels, annotations, images, replicas, generators with
// behaviors, strategic-merge patches with directives, JSON 6902 patches,
// replacements, a component), each rendered by both. Prints every difference:
// bytes (both files kept), a failure of one side only, or a failure in other
// words (kustomize's `&{0x…}` pointer and quoting aside). Prints figures; not
// a test (kubectl is an oracle, not a dependency of the suite).
// Usage: npx tsx scripts/fuzz-kustomize.ts [SEED] [CASES]
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { renderKustomization, RenderCache } from '../server/src/kustomize';
import { writeTree } from '../test/support/tree';

let seed = Number(process.argv[2] ?? 1);
const N = Number(process.argv[3] ?? 200);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
const chance = (p: number) => rnd() < p;

const names = ['web', 'api', 'db', 'cache', 'worker'];
const labelsPool = [{ app: 'web' }, { app: 'api', tier: 'be' }, { app: 'db' }];
function deployment(name: string, kind = 'Deployment'): string {
  const l = pick(labelsPool);
  const lab = Object.entries(l).map(([k, v]) => `      ${k}: ${v}`).join('\n');
  const extra = chance(0.3) ? `\n        envFrom:\n        - configMapRef:\n            name: cfg` : '';
  const vol = chance(0.3) ? `\n      volumes:\n      - name: s\n        secret:\n          secretName: sec` : '';
  const sa = chance(0.2) ? `\n      serviceAccountName: ${name}-sa` : '';
  return `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${chance(0.3) ? '  labels:\n    x: y\n' : ''}spec:\n  replicas: ${pick([1, 2, 3])}\n${kind === 'StatefulSet' ? `  serviceName: ${name}\n` : ''}  selector:\n    matchLabels:\n${lab.replace(/^      /gm, '      ')}\n  template:\n    metadata:\n      labels:\n${lab.replace(/^      /gm, '        ')}\n    spec:${sa}\n      containers:\n      - name: main\n        image: ${pick(['nginx', 'nginx:1.2', 'docker.io/library/redis:7', 'ghcr.io/x/y@sha256:' + 'a'.repeat(64), 'busybox'])}${extra}\n        ports:\n        - containerPort: 80\n          name: http${vol}\n`;
}
function service(name: string): string {
  const l = pick(labelsPool);
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n${Object.entries(l).map(([k, v]) => `    ${k}: ${v}`).join('\n')}\n  ports:\n  - port: 80\n    targetPort: ${pick(['http', '8080', 80])}\n`;
}
function configmap(name: string): string { return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n  b: ${pick(['two', '"3"', 'yes', '|\n    multi\n    line'])}\n`; }
function ingress(name: string, svc: string): string { return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\nspec:\n  rules:\n  - host: a.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: ${svc}\n            port:\n              number: 80\n`; }
function hpa(target: string): string { return `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${target}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${target}\n  minReplicas: 1\n  maxReplicas: 3\n`; }
function sa(name: string): string { return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n`; }
function rbac(name: string): string { return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}-role\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ${pick(['ClusterRoleBinding', 'RoleBinding'])}\nmetadata:\n  name: ${name}-rb\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${name}-role\nsubjects:\n- kind: ServiceAccount\n  name: ${name}-sa\n${chance(0.5) ? '  namespace: other\n' : ''}`; }
function cronjob(name: string): string { return `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: ${name}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          initContainers:\n          - name: init\n            image: busybox\n          containers:\n          - name: main\n            image: nginx\n            envFrom:\n            - secretRef:\n                name: sec\n          volumes:\n          - name: d\n            persistentVolumeClaim:\n              claimName: data\n`; }
function pvc(): string { return `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n`; }
function crd(): string { return `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 3\n  ref: web\n`; }

function project(): Record<string, string> {
  const files: Record<string, string> = {};
  const res: string[] = [];
  const used = new Set<string>();
  const nres = 1 + Math.floor(rnd() * 4);
  const deps: string[] = [];
  for (let i = 0; i < nres; i++) {
    const name = pick(names);
    const kind = pick(['Deployment', 'Deployment', 'Service', 'ConfigMap', 'StatefulSet', 'Ingress', 'HPA', 'SA', 'CRD', 'RBAC', 'CronJob', 'PVC']);
    const key = `${kind}-${name}`;
    if (used.has(key)) continue;
    used.add(key);
    const f = `r${i}.yaml`;
    res.push(f);
    files[`base/${f}`] = kind === 'Deployment' || kind === 'StatefulSet' ? deployment(name, kind) : kind === 'Service' ? service(name) : kind === 'ConfigMap' ? configmap(name) : kind === 'Ingress' ? ingress(name, pick(names)) : kind === 'HPA' ? hpa(name) : kind === 'SA' ? sa(name) : kind === 'RBAC' ? rbac(name) : kind === 'CronJob' ? cronjob(name) : kind === 'PVC' ? pvc() : crd();
    if (kind === 'Deployment') deps.push(name);
  }
  let base = `resources:\n${res.map((r) => `- ${r}`).join('\n')}\n`;
  if (chance(0.4)) base += `configMapGenerator:\n- name: cfg\n  literals:\n  - K=${pick(['v', '1', 'true'])}\n`;
  if (chance(0.3)) base += `secretGenerator:\n- name: sec\n  literals:\n  - P=${pick(['s3cr3t', 'x'])}\n`;
  if (chance(0.2)) base += `namePrefix: b-\n`;
  if (chance(0.2)) base += `generatorOptions:\n  disableNameSuffixHash: ${pick(['true', 'false'])}\n${chance(0.5) ? '  labels:\n    gen: "1"\n' : ''}`;
  if (chance(0.15)) base += `sortOptions:\n  order: ${pick(['legacy', 'fifo'])}\n`;
  if (chance(0.2)) base += `labels:\n- pairs:\n    team: a\n  includeSelectors: ${pick(['true', 'false'])}\n${chance(0.5) ? '  includeTemplates: true\n' : ''}`;
  files['base/kustomization.yaml'] = base;
  let ov = `resources:\n- ../base\n`;
  if (chance(0.4)) ov += `namePrefix: ${pick(['p-', 'dev-'])}\n`;
  if (chance(0.3)) ov += `nameSuffix: ${pick(['-s', '-v2'])}\n`;
  if (chance(0.4)) ov += `namespace: ${pick(['ns1', 'prod'])}\n`;
  if (chance(0.3)) ov += `commonLabels:\n  env: ${pick(['dev', 'prod'])}\n`;
  if (chance(0.3)) ov += `commonAnnotations:\n  note: ${pick(['x', '"1"', 'a b'])}\n`;
  if (chance(0.4)) ov += `images:\n- name: ${pick(['nginx', 'redis', 'docker.io/library/redis', 'busybox', 'ghcr.io/x/y'])}\n${chance(0.5) ? `  newName: ${pick(['reg.io/n', 'localhost:5000/n'])}\n` : ''}${chance(0.6) ? `  newTag: ${pick(['"2.0"', 'latest', 'v1'])}\n` : ''}${chance(0.2) ? `  digest: sha256:${'b'.repeat(64)}\n` : ''}`;
  if (deps.length && chance(0.3)) ov += `replicas:\n- name: ${pick(deps)}\n  count: ${pick([0, 5])}\n`;
  if (chance(0.3)) ov += `configMapGenerator:\n- name: cfg\n  behavior: ${pick(['merge', 'replace', 'create'])}\n  literals:\n  - K2=w\n`;
  const patches: string[] = [];
  if (deps.length && chance(0.5)) {
    const d = pick(deps);
    files['overlay/smp.yaml'] = pick([
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        env:\n        - name: E\n          value: "1"\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: side\n        image: busybox\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        $patch: delete\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${d}\n  labels:\n    patched: "true"\nspec:\n  replicas: 7\n`,
      `$patch: delete\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${d}\n`,
    ]);
    patches.push(`- path: smp.yaml`);
  }
  if (deps.length && chance(0.4)) {
    const d = pick(deps);
    const op = pick([
      `- op: add\n      path: /spec/template/spec/containers/0/args\n      value: ["--x"]`,
      `- op: replace\n      path: /spec/replicas\n      value: 9`,
      `- op: remove\n      path: /spec/template/spec/containers/0/ports`,
      `- op: add\n      path: /metadata/annotations\n      value: {a: b}`,
      `- op: copy\n      from: /metadata/name\n      path: /metadata/labels/copied`,
      `- op: move\n      from: /spec/replicas\n      path: /spec/minReadySeconds`,
    ]);
    patches.push(`- target:\n    kind: ${pick(['Deployment', 'Deployment', 'StatefulSet'])}\n    ${chance(0.5) ? `name: ${d}` : `labelSelector: app=${d}`}\n  patch: |-\n    ${op}`);
  }
  if (chance(0.4)) {
    const n = pick(names);
    files['overlay/smp2.yaml'] = pick([
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${n}\nspec:\n  ports:\n  - port: 443\n    targetPort: https\n`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${n}\nspec:\n  $setElementOrder/ports:\n  - port: 443\n  - port: 80\n  ports:\n  - port: 443\n`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\ndata:\n  a: null\n  c: "3"\n`,
      `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: null\n  extra:\n    list: [1, 2]\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${n}\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        ports:\n        - containerPort: 443\n          name: https\n        - $patch: replace\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${n}\nspec:\n  template:\n    spec:\n      $retainKeys:\n      - containers\n      containers:\n      - name: main\n        image: x\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${n}\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        args: [b]\n        $deleteFromPrimitiveList/args: [a]\n`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\n  $patch: replace\ndata:\n  z: "1"\n`,
    ]);
    patches.push(`- path: smp2.yaml`);
  }
  if (patches.length) ov += `patches:\n${patches.join('\n')}\n`;
  if (chance(0.25)) {
    files['comp/kustomization.yaml'] = `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n${pick([
      `configMapGenerator:\n- name: comp-cfg\n  literals:\n  - C=1\n`,
      `patches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: /metadata/annotations/comp\n      value: "y"\n`,
      `images:\n- name: nginx\n  newTag: comp\n`,
      `labels:\n- pairs:\n    comp: c\n  includeTemplates: true\n`,
    ])}`;
    ov += `components:\n- ../comp\n`;
  }
  if (deps.length >= 1 && chance(0.25)) {
    const d = pick(deps);
    ov += `replacements:\n- source:\n    kind: ${pick(['ConfigMap', 'Deployment'])}\n    name: ${pick(['cfg', d])}\n    fieldPath: ${pick(['metadata.name', 'data.K', 'spec.replicas'])}\n  targets:\n  - select:\n      kind: Deployment\n    fieldPaths:\n    - ${pick(['spec.template.metadata.annotations.src', 'spec.template.spec.containers.[name=main].env.[name=E].value', 'metadata.labels.src'])}\n    options:\n      create: ${pick(['true', 'false'])}\n`;
  }
  files['overlay/kustomization.yaml'] = ov;
  return files;
}

/** kustomize's words from its stderr, as the engine writes them (Go's %#v quoting and a pointer left out). */
const kustomizeWords = (stderr: string) => stderr.replace(/\\"/g, '"').replace(/ &\{0x[0-9a-f]+ <nil>\}/g, '').replace(/  +/g, ' ');

const count = { same: 0, diff: 0, bothFail: 0, wrongWords: 0, oursOnlyFail: 0, kustomizeOnlyFail: 0 };
for (let i = 0; i < N; i++) {
  const caseSeed = seed;
  const files = project();
  const dir = writeTree(files, 'thebot-fuzz-');
  const k = spawnSync('kubectl', ['kustomize', join(dir, 'overlay')], { encoding: 'utf8' });
  const r = renderKustomization(join(dir, 'overlay'), { cache: new RenderCache() });
  const ours = r.errors.length ? undefined : r.toYaml();
  const theirs = k.status === 0 ? k.stdout : undefined;
  let verdict = '';
  if (ours !== undefined && theirs !== undefined) {
    if (ours === theirs) count.same++;
    else (count.diff++, (verdict = 'DIFF'));
  } else if (ours === undefined && theirs === undefined) {
    count.bothFail++;
    if (!kustomizeWords(k.stderr).includes(r.errors[0]!.message.replace(/  +/g, ' ').slice(0, 60))) (count.wrongWords++, (verdict = 'ERRWORDS'));
  } else if (ours === undefined) (count.oursOnlyFail++, (verdict = 'OURS-FAIL'));
  else (count.kustomizeOnlyFail++, (verdict = 'KUST-FAIL'));
  if (!verdict) {
    rmSync(dir, { recursive: true });
    continue;
  }
  console.log(`== ${verdict} case seed ${caseSeed} dir ${dir}`);
  if (verdict === 'OURS-FAIL' || verdict === 'ERRWORDS') console.log(`  ours: ${r.errors[0]!.message.slice(0, 300)}`);
  if (verdict === 'KUST-FAIL' || verdict === 'ERRWORDS') console.log(`  kust: ${k.stderr.slice(0, 300)}`);
  if (verdict === 'DIFF') {
    writeFileSync(join(dir, 'ours.yaml'), ours!);
    writeFileSync(join(dir, 'theirs.yaml'), theirs!);
  }
}
console.log(Object.entries(count).map(([k, v]) => `${k} ${v}`).join(', '));
