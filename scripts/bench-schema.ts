// Micro-benchmark of schema validation on a generated 1,200-document,
// ~22,000-line manifest file (Deployments, Services, ConfigMaps, HPAs,
// ServiceMonitors, Certificates). Prints figures; asserts nothing.
// Usage: npx tsx scripts/bench-schema.ts [--runs N]
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseYaml } from '../server/src/documents/parse';
import { locateSchemas, SchemaStore, SchemaValidator, schemaValidator, validateFileDocuments } from '../server/src/schema';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 30;

export function generateManifest(documents = 1200): string {
  const templates = [deployment, service, configMap, hpa, deployment, serviceMonitor, service, certificate];
  const docs: string[] = [];
  for (let i = 0; i < documents; i++) docs.push(templates[i % templates.length](i));
  return docs.join('---\n');
}

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: bench
spec:
  replicas: ${(i % 5) + 1}
  selector:
    matchLabels:
      app.kubernetes.io/name: app-${i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-${i}
    spec:
      containers:
        - name: app
          image: registry.example/app-${i}:1.${i}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 8080
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: "1"
              memory: 512Mi
`;
}

function service(i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: bench
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: app-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
`;
}

function configMap(i: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: config-${i}
  namespace: bench
data:
  LOG_LEVEL: info
  INDEX: "${i}"
`;
}

function hpa(i: number): string {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: app-${i}
  namespace: bench
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: app-${i}
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;
}

function serviceMonitor(i: number): string {
  return `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: app-${i}
  namespace: bench
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: app-${i}
  endpoints:
    - port: http
      path: /metrics
      interval: 30s
`;
}

function certificate(i: number): string {
  return `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: cert-${i}
  namespace: bench
spec:
  secretName: cert-${i}-tls
  dnsNames:
    - app-${i}.example.org
  issuerRef:
    name: letsencrypt
    kind: ClusterIssuer
`;
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, min ${s[0].toFixed(1)} ms`;
}

function main(): void {
  const text = generateManifest();
  const lines = text.split('\n').length - 1;
  let t = performance.now();
  const parsed = parseYaml(text);
  const parseMs = performance.now() - t;
  console.log(`input: ${parsed.documents.length} documents, ${lines} lines, ${(text.length / 1024).toFixed(0)} KiB`);
  console.log(`YAML parse (not part of validation): ${parseMs.toFixed(1)} ms`);

  t = performance.now();
  const first = validateFileDocuments('/bench.yaml', parsed, 'full');
  console.log(`first validation (loads schemas, compiles the kinds used): ${(performance.now() - t).toFixed(1)} ms, ${first.length} findings`);

  const file: number[] = [];
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    validateFileDocuments('/bench.yaml', parsed, 'full');
    file.push(performance.now() - t);
  }
  console.log(`validateFileDocuments (toJS + validate + ranges), ${runs} runs: ${stats(file)}`);

  t = performance.now();
  new SchemaValidator(new SchemaStore(locateSchemas())).warmUp();
  console.log(`warmUp() of a fresh validator (load all bundles, compile all kinds): ${(performance.now() - t).toFixed(1)} ms`);

  const objects = parsed.documents.map((d) => d.toJS() as unknown);
  const v = schemaValidator();
  const objectOnly: number[] = [];
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    for (const o of objects) v.validateObject(o, { mode: 'full' });
    objectOnly.push(performance.now() - t);
  }
  console.log(`validateObject over the ${objects.length} plain objects, ${runs} runs: ${stats(objectOnly)}`);
  console.log(`heap used: ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MiB`);
  ajvComparison(objects as { apiVersion: string; kind: string }[]);
}

/** The same schemas through Ajv 8 (why server/src/schema/ walks them itself: compile cost and messages). */
function ajvComparison(objects: { apiVersion: string; kind: string }[]): void {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const dir = locateSchemas();
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { files: string[] };
  const kinds = new Map<string, string>();
  for (const f of index.files) {
    const bundle = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown> & { 'x-thebot-kinds': Record<string, Record<string, string>> };
    delete bundle.$schema;
    ajv.addSchema(bundle, f);
    for (const [gv, ks] of Object.entries(bundle['x-thebot-kinds'])) for (const [k, def] of Object.entries(ks)) kinds.set(`${gv}/${k}`, `${f}#/definitions/${def}`);
  }
  let t = performance.now();
  const compiled = new Map<string, ValidateFunction>();
  for (const o of objects) {
    const key = `${o.apiVersion}/${o.kind}`;
    if (!compiled.has(key)) compiled.set(key, ajv.compile({ $ref: kinds.get(key)! }));
  }
  console.log(`Ajv 8 (same schemas): compiling ${compiled.size} kinds took ${(performance.now() - t).toFixed(0)} ms`);
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    for (const o of objects) compiled.get(`${o.apiVersion}/${o.kind}`)!(o);
    samples.push(performance.now() - t);
  }
  console.log(`Ajv 8 validate over the ${objects.length} plain objects, ${runs} runs: ${stats(samples)}`);
}

main();
