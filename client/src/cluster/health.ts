// Health of every kind the platform deploys, not only workloads, each with a
// reason a person can act on (Argo CD's health checks are the model):
// workloads by their rollout status, Jobs and CronJobs by their last run and
// last success, PVCs bound or pending, Ingresses with an address and their TLS
// Secrets present, HPAs able to scale, PDBs allowing disruptions,
// cert-manager Certificates Ready. Pure: live object (and what it needs to
// know of its neighbours) in, health out.
import { isWorkloadKind, rolloutStatus } from './rolloutStatus';

export type HealthState = 'healthy' | 'progressing' | 'degraded' | 'missing' | 'unknown';

export interface Health {
  kind: string;
  namespace: string;
  name: string;
  state: HealthState;
  /** One line: what is (or is not) the case, with the reason when not healthy. */
  message: string;
}

export interface HealthContext {
  /** Names of Secrets that exist in the object's namespace (Ingress TLS). */
  secrets?: Set<string>;
  now?: Date;
}

type Obj = Record<string, any>;
interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

const cond = (o: Obj, type: string): Condition | undefined => ((o.status?.conditions ?? []) as Condition[]).find((c) => c.type === type);

/** Kinds with a health check beyond "exists". */
export const HEALTH_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PersistentVolumeClaim', 'Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Certificate'];

export function healthOf(o: Obj, ctx: HealthContext = {}): Health {
  const base = { kind: String(o.kind), namespace: String(o.metadata?.namespace ?? ''), name: String(o.metadata?.name ?? '') };
  return { ...base, ...check(o, ctx) };
}

/** The health of an object the render has and the cluster does not. */
export function missingHealth(kind: string, namespace: string, name: string): Health {
  return { kind, namespace, name, state: 'missing', message: 'not in the cluster (not deployed, or deleted)' };
}

type Part = Pick<Health, 'state' | 'message'>;

function check(o: Obj, ctx: HealthContext): Part {
  if (isWorkloadKind(o.kind)) {
    const s = rolloutStatus(o);
    const state: HealthState = s.state === 'complete' ? 'healthy' : s.state === 'failed' ? 'degraded' : 'progressing';
    return { state, message: `${s.ready}/${s.desired} ready: ${s.message}${s.reason ? ` (${s.reason})` : ''}` };
  }
  switch (o.kind) {
    case 'CronJob':
      return cronJob(o, ctx);
    case 'PersistentVolumeClaim':
      return pvc(o);
    case 'Ingress':
      return ingress(o, ctx);
    case 'HorizontalPodAutoscaler':
      return hpa(o);
    case 'PodDisruptionBudget':
      return pdb(o);
    case 'Certificate':
      return certificate(o);
    default:
      return { state: 'healthy', message: 'exists' };
  }
}

function ago(iso: string | undefined, now: Date): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  const text = s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : s < 172800 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86400)}d`;
  return `${iso} (${text} ago)`;
}

function cronJob(o: Obj, ctx: HealthContext): Part {
  const now = ctx.now ?? new Date();
  const st = o.status ?? {};
  const lastSchedule: string | undefined = st.lastScheduleTime;
  const lastSuccess: string | undefined = st.lastSuccessfulTime;
  const active = (st.active ?? []).length;
  const what = `last schedule ${ago(lastSchedule, now)}, last success ${ago(lastSuccess, now)}${active ? `, ${active} running` : ''}`;
  if (o.spec?.suspend) return { state: 'healthy', message: `suspended; ${what}` };
  // The last run did not succeed: it was scheduled after the last success.
  if (lastSchedule && (!lastSuccess || Date.parse(lastSchedule) > Date.parse(lastSuccess)) && !active) {
    return { state: 'degraded', message: `the last run did not succeed: ${what}` };
  }
  if (!lastSchedule) return { state: 'healthy', message: `not run yet (schedule "${o.spec?.schedule ?? ''}")` };
  return { state: 'healthy', message: what };
}

function pvc(o: Obj): Part {
  const phase = o.status?.phase ?? 'Pending';
  const size = o.status?.capacity?.storage ?? o.spec?.resources?.requests?.storage;
  if (phase === 'Bound') return { state: 'healthy', message: `Bound to ${o.spec?.volumeName ?? '?'} (${size})` };
  if (phase === 'Lost') return { state: 'degraded', message: `Lost: its volume ${o.spec?.volumeName ?? ''} is gone` };
  const cls = o.spec?.storageClassName;
  return { state: 'progressing', message: `Pending: no volume bound yet${cls ? ` (storage class ${cls})` : ''}` };
}

function ingress(o: Obj, ctx: HealthContext): Part {
  const addresses = ((o.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map((i) => i.ip ?? i.hostname).filter(Boolean);
  const tls = ((o.spec?.tls ?? []) as { secretName?: string }[]).map((t) => t.secretName).filter((s): s is string => !!s);
  const absent = ctx.secrets ? tls.filter((s) => !ctx.secrets!.has(s)) : [];
  // cert-manager creates the TLS Secret from the Certificate: absent means no certificate yet.
  if (absent.length) return { state: 'degraded', message: `TLS Secret${absent.length > 1 ? 's' : ''} ${absent.join(', ')} missing` };
  if (!addresses.length) return { state: 'progressing', message: 'no address yet (is an ingress controller running?)' };
  return { state: 'healthy', message: `address ${addresses.join(', ')}${tls.length ? `, TLS ${tls.join(', ')}` : ''}` };
}

function hpa(o: Obj): Part {
  const st = o.status ?? {};
  const counts = `${st.currentReplicas ?? 0} current / ${st.desiredReplicas ?? 0} desired (${o.spec?.minReplicas ?? 1}-${o.spec?.maxReplicas})`;
  const able = cond(o, 'AbleToScale');
  const active = cond(o, 'ScalingActive');
  const limited = cond(o, 'ScalingLimited');
  if (able?.status === 'False') return { state: 'degraded', message: `${counts}; cannot scale: ${able.reason}: ${able.message ?? ''}`.trim() };
  if (active?.status === 'False') return { state: 'degraded', message: `${counts}; scaling inactive: ${active.reason}: ${active.message ?? ''}`.trim() };
  if (limited?.status === 'True') return { state: 'healthy', message: `${counts}; ScalingLimited: ${limited.reason}: ${limited.message ?? ''}`.trim() };
  if (!able && !active) return { state: 'progressing', message: `${counts}; not evaluated yet` };
  return { state: 'healthy', message: counts };
}

function pdb(o: Obj): Part {
  const st = o.status ?? {};
  const allowed: number = st.disruptionsAllowed ?? 0;
  const counts = `${allowed} disruption${allowed === 1 ? '' : 's'} allowed (${st.currentHealthy ?? 0} healthy, ${st.desiredHealthy ?? 0} needed, ${st.expectedPods ?? 0} expected)`;
  if ((st.observedGeneration ?? 0) < (o.metadata?.generation ?? 0) || st.expectedPods === undefined) return { state: 'progressing', message: 'not evaluated yet' };
  // No disruption allowed blocks every voluntary eviction (node drains).
  if (allowed === 0) return { state: 'degraded', message: `${counts}: node drains will block` };
  return { state: 'healthy', message: counts };
}

function certificate(o: Obj): Part {
  const ready = cond(o, 'Ready');
  const notAfter = o.status?.notAfter ? `, valid until ${o.status.notAfter}` : '';
  if (ready?.status === 'True') return { state: 'healthy', message: `Ready${notAfter}` };
  if (!ready) return { state: 'progressing', message: 'not Ready: no status yet (is cert-manager running?)' };
  const issuing = cond(o, 'Issuing');
  const why = `${ready.reason ?? 'NotReady'}: ${ready.message ?? ''}`.trim();
  return { state: issuing?.status === 'True' ? 'progressing' : 'degraded', message: `not Ready: ${why}` };
}
