// The objects cluster operations act on: an environment's rendered resources
// (with origins, so server messages map back to source lines) or plain JSON.
// Identity, dependency order and server field paths live here.
import type { Origin, PathSegment } from '../../../server/src/kustomize/model';

/** A rendered object; RenderedResource (server/src/kustomize/model.ts) satisfies it. */
export interface ClusterObject {
  object: Record<string, unknown>;
  origin?: Origin;
  originOf?(path: PathSegment[]): Origin | undefined;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export function fromPlain(objects: Record<string, unknown>[]): ClusterObject[] {
  return objects.map((object) => ({ object }));
}

export function refOf(o: Record<string, unknown>): ObjectRef {
  const meta = (o.metadata ?? {}) as { name?: string; namespace?: string };
  return {
    apiVersion: String(o.apiVersion ?? ''),
    kind: String(o.kind ?? ''),
    name: String(meta.name ?? ''),
    ...(meta.namespace ? { namespace: meta.namespace } : {}),
  };
}

/** "Deployment thebot/backend" (kubectl-like, namespace only when there is one). */
export function describe(r: ObjectRef): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/**
 * Apply order: Namespaces, then CustomResourceDefinitions, then everything
 * else in render order (stable), so the objects that others live in or are
 * typed by exist first.
 */
export function dependencyOrder<T extends ClusterObject>(objects: T[]): T[] {
  const rank = (o: T) => (o.object.kind === 'Namespace' ? 0 : o.object.kind === 'CustomResourceDefinition' ? 1 : 2);
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map((x) => x.o);
}

/**
 * Parses a field path from a server message into segments of the object:
 * validation paths (`spec.template.spec.containers[0].image`) and
 * structured-merge paths (`.spec.containers[name="web"].image`, list items
 * addressed by key, resolved against the object).
 */
export function parseFieldPath(path: string, object: unknown): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let node: unknown = object;
  const re = /\.?([^.[\]]+)|\[(\d+)\]|\[([^=\]]+)=("(?:[^"\\]|\\.)*"|[^\]]*)\]/gy;
  const text = path.trim();
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  // Words that merely look like paths ("Deployment.apps") are not fields of
  // the object: the first segment must exist.
  const first = /^\.?([^.[\]]+)/.exec(text)?.[1];
  if (!first || !object || typeof object !== 'object' || !(first in object)) return undefined;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    if (m[1] !== undefined) {
      out.push(m[1]);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[m[1]] : undefined;
    } else if (m[2] !== undefined) {
      const i = Number(m[2]);
      out.push(i);
      node = Array.isArray(node) ? node[i] : undefined;
    } else {
      const field = m[3]!;
      const raw = m[4]!;
      const want = raw.startsWith('"') ? (JSON.parse(raw) as unknown) : raw;
      if (!Array.isArray(node)) return out.length ? out : undefined;
      const i = node.findIndex((item) => item && typeof item === 'object' && String((item as Record<string, unknown>)[field]) === String(want));
      if (i < 0) return out;
      out.push(i);
      node = node[i];
    }
  }
  return out.length ? out : undefined;
}

/** The field paths a server message mentions (validation causes or an SMD path in the text). */
export function fieldPathsIn(message: string): string[] {
  const paths: string[] = [];
  // "spec.replicas: Invalid value" / ".spec.selector: field is immutable"
  const re = /(?:^|[\s:(\[])(\.?[a-zA-Z][\w-]*(?:(?:\.[a-zA-Z$][\w-]*)|\[(?:\d+|[^\]=]+=(?:"(?:[^"\\]|\\.)*"|[^\]]*))\])+)(?=[:\s,)]|$)/g;
  for (const m of message.matchAll(re)) paths.push(m[1]!);
  return paths;
}

// The API server's quantity parser (resource.Quantity) rejects a bad value
// without saying where it was; these are the maps whose values are quantities.
const QUANTITY_MAPS = new Set(['requests', 'limits', 'hard', 'capacity', 'allocatable', 'max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio', 'overhead']);
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** Paths of quantity values that do not parse, in document order. */
export function invalidQuantities(value: unknown, path: PathSegment[] = [], inQuantityMap = false): PathSegment[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => invalidQuantities(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      if (inQuantityMap || k === 'sizeLimit' || k === 'storage') {
        if (typeof v === 'string' && !QUANTITY.test(v)) return [[...path, k]];
        if (typeof v !== 'object') return [];
      }
      return invalidQuantities(v, [...path, k], QUANTITY_MAPS.has(k));
    });
  }
  return [];
}

/** The origin (source line) the best path in a message points at. */
export function originForMessage(o: ClusterObject, message: string, fields: string[] = []): Origin | undefined {
  if (message.includes('quantities must match the regular expression') && o.originOf) {
    const bad = invalidQuantities(o.object)[0];
    const origin = bad && o.originOf(bad);
    if (origin) return origin;
  }
  for (const candidate of [...fields, ...fieldPathsIn(message)]) {
    const segments = parseFieldPath(candidate, o.object);
    if (segments && o.originOf) {
      const origin = o.originOf(segments);
      if (origin) return origin;
    }
  }
  return o.origin;
}
