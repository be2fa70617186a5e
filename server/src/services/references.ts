// Which fields name another object, and the objects an environment defines
// under the names the source files use (before name prefixes and generator
// hashes). Completion offers these names; definition and references follow them.
import type { PathSegment, RenderedResource } from '../kustomize/model';
import type { ParsedYaml } from '../documents/parse';
import { sourceName, valueAt, type RenderedEnvironment } from './counterparts';

export type Reference =
  /** The field holds the name of an object of `kind`. */
  | { type: 'name'; kind: string }
  /** The field holds a key of the ConfigMap/Secret named `name`. */
  | { type: 'key'; kind: 'ConfigMap' | 'Secret'; name: string }
  /** The field holds a port (number or name) of the Service named `name`. */
  | { type: 'port'; name: string; by: 'number' | 'name' };

/**
 * The reference at `path` (the field's full path in its object), given the
 * values of the map that holds the field (`siblings`).
 */
export function referenceAt(path: PathSegment[], siblings: Record<string, unknown>): Reference | undefined {
  const keys = path.filter((s): s is string => typeof s === 'string');
  const [a, b, c, d] = [keys[keys.length - 1], keys[keys.length - 2], keys[keys.length - 3], keys[keys.length - 4]];
  const sibling = (k: string): string | undefined => (typeof siblings[k] === 'string' ? (siblings[k] as string) : undefined);
  if (a === 'name' && (b === 'configMapRef' || b === 'configMapKeyRef' || b === 'configMap')) return { type: 'name', kind: 'ConfigMap' };
  if (a === 'name' && (b === 'secretRef' || b === 'secretKeyRef' || b === 'imagePullSecrets')) return { type: 'name', kind: 'Secret' };
  if (a === 'secretName' && (b === 'secret' || b === 'tls')) return { type: 'name', kind: 'Secret' };
  if (a === 'key' && (b === 'configMapKeyRef' || b === 'secretKeyRef')) {
    const name = sibling('name');
    return name ? { type: 'key', kind: b === 'configMapKeyRef' ? 'ConfigMap' : 'Secret', name } : undefined;
  }
  if (a === 'claimName' && b === 'persistentVolumeClaim') return { type: 'name', kind: 'PersistentVolumeClaim' };
  if (a === 'serviceAccountName') return { type: 'name', kind: 'ServiceAccount' };
  if (a === 'priorityClassName') return { type: 'name', kind: 'PriorityClass' };
  if (a === 'serviceName' && keys[0] === 'spec' && keys.length === 2) return { type: 'name', kind: 'Service' };
  if (a === 'name' && b === 'service' && c === 'backend') return { type: 'name', kind: 'Service' };
  if ((a === 'number' || a === 'name') && b === 'port' && c === 'service' && d === 'backend') return undefined; // needs the service name: see portReferenceAt
  if (a === 'name' && (b === 'scaleTargetRef' || b === 'roleRef' || b === 'subjects')) {
    const kind = sibling('kind') ?? (b === 'scaleTargetRef' ? 'Deployment' : undefined);
    return kind ? { type: 'name', kind } : undefined;
  }
  return undefined;
}

/** Ingress `backend.service.port.number|name`: needs the service's name from the enclosing `service` map. */
export function portReferenceAt(path: PathSegment[], serviceMap: Record<string, unknown> | undefined): Reference | undefined {
  const keys = path.filter((s): s is string => typeof s === 'string');
  const n = keys.length;
  if (n >= 4 && keys[n - 2] === 'port' && keys[n - 3] === 'service' && keys[n - 4] === 'backend' && (keys[n - 1] === 'number' || keys[n - 1] === 'name')) {
    const name = serviceMap && typeof serviceMap.name === 'string' ? serviceMap.name : undefined;
    return name ? { type: 'port', name, by: keys[n - 1] as 'number' | 'name' } : undefined;
  }
  return undefined;
}

export interface DefinedObject {
  kind: string;
  /** The name source files use to refer to it. */
  name: string;
  env: string;
  resource: RenderedResource;
}

/** Objects of `kind` defined in the environments, by source name. */
export function objectsOfKind(kind: string, envs: RenderedEnvironment[], parseFile: (file: string) => ParsedYaml | undefined): DefinedObject[] {
  const out: DefinedObject[] = [];
  for (const env of envs) {
    for (const resource of env.render.resources) {
      if (resource.object.kind !== kind) continue;
      const name = referenceName(resource, parseFile);
      if (name) out.push({ kind, name, env: env.name, resource });
    }
  }
  return out;
}

/** Source name of an object; generated ConfigMaps/Secrets lose their content hash. */
export function referenceName(resource: RenderedResource, parseFile: (file: string) => ParsedYaml | undefined): string | undefined {
  const name = sourceName(resource, parseFile);
  if (!name) return undefined;
  return resource.origin.by.endsWith('Generator') ? name.replace(/-[a-z0-9]{10}$/, '') : name;
}

/** Keys of a ConfigMap or Secret (data, binaryData, stringData). */
export function keysOf(resource: RenderedResource): string[] {
  const keys = new Set<string>();
  for (const field of ['data', 'binaryData', 'stringData']) {
    const v = valueAt(resource.object, [field]);
    if (v && typeof v === 'object') for (const k of Object.keys(v)) keys.add(k);
  }
  return [...keys].sort();
}

/** Ports of a Service: number and name. */
export function portsOf(resource: RenderedResource): { port: number; name?: string }[] {
  const ports = valueAt(resource.object, ['spec', 'ports']);
  if (!Array.isArray(ports)) return [];
  return ports
    .filter((p): p is { port: number; name?: string } => !!p && typeof p === 'object' && typeof (p as { port?: unknown }).port === 'number')
    .map((p) => ({ port: p.port, name: typeof p.name === 'string' ? p.name : undefined }));
}
