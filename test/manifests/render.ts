// Renders the bundled manifests with the real `kubectl kustomize` (the oracle
// for what a cluster would receive) and indexes the result for assertions.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const manifestsDir = join(__dirname, '..', '..', 'manifests');

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
};

export type Rendered = {
  objects: K8sObject[];
  /** "Kind/name" → object; names are unique per kind in this platform. */
  get(kind: string, name: string): K8sObject;
};

/** Runs `kubectl kustomize <manifests/relDir>`; throws on failure or on any stderr output. */
export function kustomize(relDir: string): Rendered {
  const r = spawnSync('kubectl', ['kustomize', join(manifestsDir, relDir)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`kubectl kustomize ${relDir} exited ${r.status}: ${r.stderr}`);
  // Deprecation warnings go to stderr; the manifests must not trigger any.
  if (r.stderr !== '') throw new Error(`kubectl kustomize ${relDir} wrote to stderr: ${r.stderr}`);
  return index(parseObjects(r.stdout, relDir));
}

/** Parses a multi-document YAML text into objects, failing on any YAML error. */
export function parseObjects(text: string, source: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors[0].message}`);
    const value = doc.toJS() as K8sObject | null;
    if (value !== null) objects.push(value);
  }
  return objects;
}

function index(objects: K8sObject[]): Rendered {
  const byId = new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
  return {
    objects,
    get(kind, name) {
      const o = byId.get(`${kind}/${name}`);
      if (!o) throw new Error(`no ${kind}/${name} in the render`);
      return o;
    },
  };
}

/** Follows a path of keys and indexes; undefined where it leads nowhere. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

type Container = { name: string; image: string; resources?: unknown };

/** The pod template of a workload (Deployment, StatefulSet, CronJob). */
export function podSpec(o: K8sObject): { containers: Container[]; initContainers?: Container[] } {
  const path = o.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
  return at(o, ...path) as { containers: Container[]; initContainers?: Container[] };
}

export const workloadKinds = new Set(['Deployment', 'StatefulSet', 'CronJob']);

/** "Kind/name/container" → value(container), over every container and init container. */
export function perContainer<T>(r: Rendered, f: (c: Container) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const o of r.objects.filter((x) => workloadKinds.has(x.kind))) {
    const spec = podSpec(o);
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) out[`${o.kind}/${o.metadata.name}/${c.name}`] = f(c);
  }
  return out;
}
