// Which kinds the cluster serves, and under which resource path: kind →
// resource mapping (namespaced or not), CRDs included. Uses aggregated
// discovery (one request per root, Kubernetes 1.30+) and falls back to the
// classic per-group-version documents for older servers.
import type { Transport } from './transport';

export interface ResourceMapping {
  group: string;
  version: string;
  /** Plural resource name used in URLs ("deployments"). */
  resource: string;
  kind: string;
  namespaced: boolean;
}

export class UnknownKindError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
    servedVersions: string[],
  ) {
    super(unknownKindMessage(apiVersion, kind, servedVersions));
    this.name = 'UnknownKindError';
  }
}

/** Which add-on provides a group, for the hint in "not served" errors. */
const PROVIDERS: Record<string, string> = {
  'cert-manager.io': 'cert-manager',
  'acme.cert-manager.io': 'cert-manager',
  'monitoring.coreos.com': 'the Prometheus Operator',
};

function unknownKindMessage(apiVersion: string, kind: string, servedVersions: string[]): string {
  const group = groupOf(apiVersion);
  const others = servedVersions.filter((v) => v !== apiVersion);
  if (others.length) return `${apiVersion} ${kind} is not served by the cluster (it serves ${kind} as ${others.join(', ')})`;
  const provider = PROVIDERS[group];
  if (provider) return `${apiVersion} ${kind} is not served by the cluster (is ${provider} installed?)`;
  if (group.includes('.')) return `${apiVersion} ${kind} is not served by the cluster (is its CustomResourceDefinition installed?)`;
  return `${apiVersion} ${kind} is not served by the cluster`;
}

export function groupOf(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

interface AggregatedList {
  kind?: string;
  items?: {
    metadata?: { name?: string };
    versions?: { version: string; resources?: { resource: string; scope?: string; responseKind?: { kind?: string } }[] }[];
  }[];
}

interface ResourceList {
  groupVersion: string;
  resources: { name: string; kind: string; namespaced: boolean }[];
}

export class Discovery {
  private byKey = new Map<string, ResourceMapping>();

  private constructor(private readonly transport: Transport) {}

  static async load(transport: Transport, timeoutMs?: number): Promise<Discovery> {
    const d = new Discovery(transport);
    await d.refresh(timeoutMs);
    return d;
  }

  async refresh(timeoutMs?: number): Promise<void> {
    const found: ResourceMapping[] = [];
    for (const root of ['/api', '/apis']) {
      const doc = await this.transport.request<AggregatedList & { versions?: string[]; groups?: unknown[] }>('GET', root, {
        accept: AGGREGATED,
        timeoutMs,
      });
      if (doc.kind === 'APIGroupDiscoveryList') found.push(...fromAggregated(doc));
      else found.push(...(await this.legacy(root, doc, timeoutMs)));
    }
    this.byKey = new Map(found.map((m) => [key(apiVersionOf(m), m.kind), m]));
  }

  private async legacy(root: string, doc: { versions?: string[]; groups?: unknown[] }, timeoutMs?: number): Promise<ResourceMapping[]> {
    const gvs =
      root === '/api'
        ? (doc.versions ?? [])
        : ((doc.groups ?? []) as { versions: { groupVersion: string }[] }[]).flatMap((g) => g.versions.map((v) => v.groupVersion));
    const out: ResourceMapping[] = [];
    for (const gv of gvs) {
      const list = await this.transport.request<ResourceList>('GET', `${root}/${gv}`, { timeoutMs });
      for (const r of list.resources) {
        if (r.name.includes('/')) continue; // subresources
        out.push({ group: groupOf(gv), version: gv.slice(gv.lastIndexOf('/') + 1), resource: r.name, kind: r.kind, namespaced: r.namespaced });
      }
    }
    return out;
  }

  find(apiVersion: string, kind: string): ResourceMapping | undefined {
    return this.byKey.get(key(apiVersion, kind));
  }

  /** Any served version of a group's kind (listing and deleting work through any of them). */
  byGroupKind(group: string, kind: string): ResourceMapping | undefined {
    for (const m of this.byKey.values()) if (m.group === group && m.kind === kind) return m;
    return undefined;
  }

  /** The mapping, or UnknownKindError naming what is missing. */
  map(apiVersion: string, kind: string): ResourceMapping {
    const m = this.find(apiVersion, kind);
    if (m) return m;
    const group = groupOf(apiVersion);
    const served = [...this.byKey.values()].filter((x) => x.kind === kind && x.group === group).map(apiVersionOf);
    throw new UnknownKindError(apiVersion, kind, served);
  }
}

function fromAggregated(doc: AggregatedList): ResourceMapping[] {
  const out: ResourceMapping[] = [];
  for (const g of doc.items ?? []) {
    for (const v of g.versions ?? []) {
      for (const r of v.resources ?? []) {
        const kind = r.responseKind?.kind;
        if (!kind) continue;
        out.push({ group: g.metadata?.name ?? '', version: v.version, resource: r.resource, kind, namespaced: r.scope === 'Namespaced' });
      }
    }
  }
  return out;
}

export function apiVersionOf(m: { group: string; version: string }): string {
  return m.group ? `${m.group}/${m.version}` : m.version;
}

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}

/** URL path of one object (or of the collection when name is undefined). */
export function objectPath(m: ResourceMapping, namespace: string | undefined, name?: string): string {
  const base = m.group ? `/apis/${m.group}/${m.version}` : `/api/${m.version}`;
  const ns = m.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${m.resource}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}
