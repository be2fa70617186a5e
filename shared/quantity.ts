// Kubernetes resource quantities ("500m", "1.5", ".5", "512Mi", "1G", "1e3")
// as numbers (cores for cpu, bytes for memory), used by the rules (limits,
// quotas) and by the cluster code's drift (the API server returns quantities
// in canonical form: "0.5" comes back as "500m"). Undefined when not one.
const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]?)$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n * SUFFIX[m[2]!]! : undefined;
}

/** Human form for messages: cpu in millicores, memory in Mi. */
export function formatQuantity(resource: string, n: number): string {
  if (resource.endsWith('cpu')) return `${Math.round(n * 1000)}m`;
  if (resource.endsWith('memory')) return `${Math.round((n / 2 ** 20) * 100) / 100}Mi`;
  return String(n);
}
