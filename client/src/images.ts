// Which image (repository and tag) each environment runs, per container, so a
// promotion dev → staging → production can be checked at a glance. Pure: takes
// rendered objects, no `vscode`.
import { workloadKey } from './liveStatus';

export interface ImageUse {
  environment: string;
  /** Full reference as rendered, e.g. `registry.the-bot.ru/thebot/backend:v1.0.0`. */
  image: string;
  /** `Deployment/backend` (container `django`). */
  workload: string;
  container: string;
  /** The workload's key in LiveStatus (workloadKey, its own namespace), to find what runs in the cluster. */
  key: string;
}

export interface ImageRow {
  /** Image name: the repository's last path segment (`backend`), the same across registries. */
  name: string;
  /** environment → distinct references used there. */
  byEnvironment: Map<string, string[]>;
  uses: ImageUse[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const namespaceOf = (o: Obj) => (isObj(o.metadata) && typeof o.metadata.namespace === 'string' ? o.metadata.namespace : undefined);

/** The pod spec of a workload (Pod, CronJob's job template, or any `spec.template`). */
export function podSpec(o: Obj): Obj | undefined {
  const spec = o.spec;
  if (!isObj(spec)) return undefined;
  if (o.kind === 'Pod') return spec;
  if (o.kind === 'CronJob') {
    const jt = spec.jobTemplate;
    const t = isObj(jt) && isObj(jt.spec) ? jt.spec.template : undefined;
    return isObj(t) && isObj(t.spec) ? t.spec : undefined;
  }
  const t = spec.template;
  return isObj(t) && isObj(t.spec) ? t.spec : undefined;
}

/**
 * `host:5000/thebot/backend:tag@sha` → `backend`. Environments pull the same
 * image from different registries and projects (localhost:5000/thebot,
 * gcr.io/thebot-staging, registry.the-bot.ru/thebot), so only the last path
 * segment identifies it across them.
 */
export function imageName(ref: string): string {
  let rest = ref.split('@')[0]!;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) rest = rest.slice(0, colon);
  return rest.slice(rest.lastIndexOf('/') + 1);
}

export function imageUses(environment: string, objects: { kind: string; name: string; object: Obj }[]): ImageUse[] {
  const uses: ImageUse[] = [];
  for (const o of objects) {
    const spec = podSpec(o.object);
    if (!spec) continue;
    for (const field of ['initContainers', 'containers']) {
      const list = spec[field];
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (isObj(c) && typeof c.image === 'string') {
          uses.push({ environment, image: c.image, workload: `${o.kind}/${o.name}`, container: String(c.name ?? ''), key: workloadKey(o.kind, namespaceOf(o.object), o.name) });
        }
      }
    }
  }
  return uses;
}

/** Rows sorted by image name; references per environment in first-seen order. */
export function imageTable(uses: ImageUse[]): ImageRow[] {
  const rows = new Map<string, ImageRow>();
  for (const u of uses) {
    const name = imageName(u.image);
    let row = rows.get(name);
    if (!row) rows.set(name, (row = { name, byEnvironment: new Map(), uses: [] }));
    row.uses.push(u);
    const refs = row.byEnvironment.get(u.environment) ?? [];
    if (!refs.includes(u.image)) refs.push(u.image);
    row.byEnvironment.set(u.environment, refs);
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The tag (or digest) part of a reference; `latest` when none is given, as the kubelet assumes. */
export function imageTag(ref: string): string {
  const at = ref.indexOf('@');
  if (at >= 0) return ref.slice(at + 1);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : 'latest';
}
