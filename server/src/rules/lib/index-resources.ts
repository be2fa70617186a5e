// Lookups rules share over one rendered environment: objects by kind/name,
// pod templates of every workload kind, label selectors.
import type { PathSegment, RenderedResource } from '../../kustomize/model';
import { memoOn, setMemoOn } from '../../documents/memoOn';
import { parseGroupVersion } from '../../kustomize/fieldspecs';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function get(v: unknown, path: readonly PathSegment[]): unknown {
  let cur = v;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObj(cur) && typeof seg === 'string') cur = cur[seg];
    else return undefined;
  }
  return cur;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function labelsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = String(x);
  return out;
}

export interface PodTemplate {
  resource: RenderedResource;
  kind: string;
  name: string;
  namespace: string;
  /** Path of the pod spec inside the object. */
  specPath: PathSegment[];
  spec: Obj;
  /** Path of the pod template's labels map (metadata.labels). */
  labelsPath: PathSegment[];
  labels: Record<string, string>;
  /** Replica count as rendered (undefined for kinds without replicas, DaemonSet/Job/Pod). */
  replicas?: number;
  /** Labels the workload's controller adds to each pod (not in the template): does a pod get key=value (any value when undefined)? */
  implicit?: ImplicitLabels;
}

export type ImplicitLabels = (key: string, value: string | undefined) => boolean;

/**
 * Labels controllers add to the pods they create, which Services and
 * NetworkPolicies legitimately select on (a per-pod Service selecting
 * `statefulset.kubernetes.io/pod-name: redis-0`).
 */
function implicitLabels(kind: string, name: string, replicas: number | undefined): ImplicitLabels | undefined {
  const answer = controllerLabels(kind, name, replicas);
  // Never any key outside IMPLICIT_KEYS, whatever the switch below says: ResourceIndex's selector index relies on it.
  return answer && ((k, v) => IMPLICIT_KEYS.has(k) && answer(k, v));
}

/** Every label key a controller may add to its pods (controllerLabels). */
const IMPLICIT_KEYS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'pod-template-generation',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/job-completion-index',
]);

function controllerLabels(kind: string, name: string, replicas: number | undefined): ImplicitLabels | undefined {
  const ordinal = (v: string | undefined): boolean => v === undefined || (/^\d+$/.test(v) && (replicas === undefined || Number(v) < replicas));
  switch (kind) {
    case 'Deployment':
      return (k) => k === 'pod-template-hash';
    case 'StatefulSet':
      return (k, v) =>
        k === 'controller-revision-hash' ||
        (k === 'statefulset.kubernetes.io/pod-name' && (v === undefined || (v.startsWith(`${name}-`) && ordinal(v.slice(name.length + 1))))) ||
        (k === 'apps.kubernetes.io/pod-index' && ordinal(v));
    case 'DaemonSet':
      return (k) => k === 'controller-revision-hash' || k === 'pod-template-generation';
    case 'Job':
    case 'CronJob':
      return (k, v) =>
        k === 'controller-uid' ||
        k === 'batch.kubernetes.io/controller-uid' ||
        ((k === 'job-name' || k === 'batch.kubernetes.io/job-name') && (kind === 'CronJob' || v === undefined || v === name)) ||
        k === 'batch.kubernetes.io/job-completion-index';
    default:
      return undefined;
  }
}

/** Whether pods of the template carry key=value (any value when undefined), counting controller-added labels. */
export function podHasLabel(t: PodTemplate, key: string, value?: string): boolean {
  if (Object.prototype.hasOwnProperty.call(t.labels, key)) return value === undefined || t.labels[key] === value;
  return t.implicit?.(key, value) ?? false;
}

export interface ContainerRef {
  container: Obj;
  path: PathSegment[];
  name: string;
  init: boolean;
}

const TEMPLATE_PATHS: Record<string, PathSegment[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  // Argo Rollouts' Deployment (one that points at a Deployment with workloadRef has no template of its own).
  Rollout: ['spec', 'template'],
};

export const SCALABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export class ResourceIndex {
  private readonly byKey = new Map<string, RenderedResource>();
  /** Resources of each kind in render order: rules ask for the same kinds over and over (per workload, per rule). */
  private readonly byKind = new Map<string, RenderedResource[]>();
  readonly podTemplates: PodTemplate[] = [];

  constructor(
    readonly resources: RenderedResource[],
    readonly defaultNamespace: string,
  ) {
    for (const r of resources) {
      const kind = kindOf(r);
      this.byKey.set(this.key(kind, this.namespaceOf(r), nameOf(r)), r);
      const same = this.byKind.get(kind);
      if (same) same.push(r);
      else this.byKind.set(kind, [r]);
      const t = this.templateOf(r);
      if (t) this.podTemplates.push(t);
    }
  }

  private key(kind: string, ns: string, name: string): string {
    return `${kind}/${ns}/${name}`;
  }

  /** Each resource's namespace, looked up once (rules ask for it per pair of resources they compare). */
  private readonly namespaces = new Map<RenderedResource, string>();

  namespaceOf(r: RenderedResource): string {
    let ns = this.namespaces.get(r);
    if (ns === undefined) this.namespaces.set(r, (ns = str(get(r.object, ['metadata', 'namespace'])) ?? this.defaultNamespace));
    return ns;
  }

  find(kind: string, name: string, namespace = this.defaultNamespace): RenderedResource | undefined {
    return this.byKey.get(this.key(kind, namespace, name)) ?? this.byKey.get(this.key(kind, this.defaultNamespace, name));
  }

  /** Cluster-scoped lookup (ClusterIssuer, ClusterRole …): any namespace. */
  findAny(kind: string, name: string): RenderedResource | undefined {
    return this.resources.find((r) => kindOf(r) === kind && nameOf(r) === name);
  }

  ofKind(...kinds: string[]): RenderedResource[] {
    if (kinds.length === 1) return [...(this.byKind.get(kinds[0]!) ?? [])];
    return this.resources.filter((r) => kinds.includes(kindOf(r)));
  }

  templateOf(r: RenderedResource): PodTemplate | undefined {
    const kind = kindOf(r);
    let specPath: PathSegment[];
    let labelsPath: PathSegment[];
    if (kind === 'Pod') {
      specPath = ['spec'];
      labelsPath = ['metadata', 'labels'];
    } else if (TEMPLATE_PATHS[kind]) {
      specPath = [...TEMPLATE_PATHS[kind], 'spec'];
      labelsPath = [...TEMPLATE_PATHS[kind], 'metadata', 'labels'];
    } else return undefined;
    const spec = get(r.object, specPath);
    if (!isObj(spec)) return undefined;
    const replicas = SCALABLE_KINDS.has(kind) ? (get(r.object, ['spec', 'replicas']) as number | undefined) ?? 1 : undefined;
    const implicit = implicitLabels(kind, nameOf(r), typeof replicas === 'number' ? replicas : undefined);
    return {
      resource: r,
      kind,
      name: nameOf(r),
      namespace: this.namespaceOf(r),
      specPath,
      spec,
      labelsPath,
      labels: labelsOf(get(r.object, labelsPath)),
      ...(replicas !== undefined ? { replicas: typeof replicas === 'number' ? replicas : 1 } : {}),
      ...(implicit ? { implicit } : {}),
    };
  }

  /** Pod templates in `namespace` whose labels match the selector. */
  podsSelectedBy(selector: Selector | undefined, namespace: string): PodTemplate[] {
    if (!selector) return [];
    // A selector's label no controller adds must be one of the template's own: only the templates that have it are tried
    // (each Service, PDB and policy against every template was most of a 2,000-object check's rules).
    const key = Object.entries(selector.matchLabels ?? {}).find(([k]) => !IMPLICIT_KEYS.has(k) && k !== '__proto__');
    const candidates = key ? (this.templatesByLabel().get(labelKey(namespace, key[0], key[1])) ?? []) : this.podTemplates;
    return candidates.filter((t) => t.namespace === namespace && selectorMatches(selector, t.labels, t.implicit));
  }

  private byLabel: Map<string, PodTemplate[]> | undefined;

  /** Pod templates per namespace and own label (key=value), in render order. */
  private templatesByLabel(): Map<string, PodTemplate[]> {
    if (this.byLabel) return this.byLabel;
    const by = (this.byLabel = new Map());
    for (const t of this.podTemplates) {
      for (const [k, v] of Object.entries(t.labels)) {
        const key = labelKey(t.namespace, k, v);
        const list = by.get(key);
        if (list) list.push(t);
        else by.set(key, [t]);
      }
    }
    return by;
  }

  /** HPAs scaling this workload. */
  hpasFor(r: RenderedResource): RenderedResource[] {
    return [...(this.hpasByTarget().get(targetKey(this.namespaceOf(r), kindOf(r), nameOf(r))) ?? [])];
  }

  private byScaleTarget: Map<string, RenderedResource[]> | undefined;

  /** HPAs by namespace and scaleTargetRef kind and name, in render order (several rules ask for every workload). */
  private hpasByTarget(): Map<string, RenderedResource[]> {
    if (this.byScaleTarget) return this.byScaleTarget;
    const by = (this.byScaleTarget = new Map());
    for (const h of this.byKind.get('HorizontalPodAutoscaler') ?? []) {
      const kind = get(h.object, ['spec', 'scaleTargetRef', 'kind']);
      const name = get(h.object, ['spec', 'scaleTargetRef', 'name']);
      // kindOf/nameOf of a workload are strings: a target written otherwise matches none.
      if (typeof kind !== 'string' || typeof name !== 'string') continue;
      const key = targetKey(this.namespaceOf(h), kind, name);
      const list = by.get(key);
      if (list) list.push(h);
      else by.set(key, [h]);
    }
    return by;
  }

  /** Services whose selector matches the template's pods. */
  servicesFor(t: PodTemplate): RenderedResource[] {
    // Only the Services whose first selector label the template has (or whose selector has no label to index) are tried.
    const { byFirst, always } = this.servicesBySelector();
    const tried = new Set(always);
    for (const [k, v] of Object.entries(t.labels)) for (const s of byFirst.get(labelKey(t.namespace, k, v)) ?? []) tried.add(s);
    return this.ofKind('Service').filter((s) => {
      if (!tried.has(s)) return false;
      const sel = get(s.object, ['spec', 'selector']);
      return this.namespaceOf(s) === t.namespace && isObj(sel) && Object.keys(sel).length > 0 && selectorMatches({ matchLabels: labelsOf(sel) }, t.labels);
    });
  }

  private bySelector: { byFirst: Map<string, RenderedResource[]>; always: RenderedResource[] } | undefined;

  /** Services by namespace and the first label of their selector; `always`: those with none to index by. */
  private servicesBySelector(): { byFirst: Map<string, RenderedResource[]>; always: RenderedResource[] } {
    if (this.bySelector) return this.bySelector;
    const byFirst = new Map<string, RenderedResource[]>();
    const always: RenderedResource[] = [];
    for (const s of this.ofKind('Service')) {
      const first = Object.entries(labelsOf(get(s.object, ['spec', 'selector'])))[0];
      if (!first || first[0] === '__proto__') {
        always.push(s);
        continue;
      }
      const key = labelKey(this.namespaceOf(s), first[0], first[1]);
      const list = byFirst.get(key);
      if (list) list.push(s);
      else byFirst.set(key, [s]);
    }
    return (this.bySelector = { byFirst, always });
  }
}

/** One key per (namespace, kind, name), whatever characters they hold. */
function targetKey(namespace: string, kind: string, name: string): string {
  return `${namespace.length}:${namespace}${kind.length}:${kind}${name}`;
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\0${key}\0${value}`;
}

export function kindOf(r: RenderedResource): string {
  return String(r.object.kind ?? '');
}

/** The API group of the resource's apiVersion (`''` for the core group, or no apiVersion). */
export function groupOf(r: RenderedResource): string {
  const apiVersion = r.object.apiVersion;
  return typeof apiVersion === 'string' ? parseGroupVersion(apiVersion).group : '';
}

export function nameOf(r: RenderedResource): string {
  return String(get(r.object, ['metadata', 'name']) ?? '');
}

// Twenty rules ask for the containers of every pod template at every analysis:
// the lists are made once per template (a template belongs to one render and
// is never changed), not once per rule. Kept on the template, not in a
// WeakMap (documents/memoOn.ts: the scavenger kept the lists, and the
// rendered objects they hold, of dead templates alive).
const WITH_INIT = {};
const WITHOUT_INIT = {};

export function containersOf(t: PodTemplate, withInit = true): readonly ContainerRef[] {
  const owner = withInit ? WITH_INIT : WITHOUT_INIT;
  return memoOn<readonly ContainerRef[]>(t, owner) ?? setMemoOn(t, owner, listContainers(t, withInit));
}

function listContainers(t: PodTemplate, withInit: boolean): ContainerRef[] {
  const out: ContainerRef[] = [];
  const add = (field: string, init: boolean): void => {
    arr(t.spec[field]).forEach((c, i) => {
      if (isObj(c)) out.push({ container: c, path: [...t.specPath, field, i], name: String(c.name ?? ''), init });
    });
  };
  add('containers', false);
  if (withInit) add('initContainers', true);
  return out;
}

export interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function toSelector(v: unknown): Selector | undefined {
  if (!isObj(v)) return undefined;
  return {
    matchLabels: labelsOf(v.matchLabels),
    matchExpressions: arr(v.matchExpressions).filter(isObj).map((e) => ({
      key: String(e.key),
      operator: String(e.operator),
      values: arr(e.values).map(String),
    })),
  };
}

/**
 * Kubernetes label-selector semantics; an empty selector matches everything.
 * `implicit` answers for labels a controller adds to the pods (not in `labels`).
 */
export function selectorMatches(sel: Selector, labels: Record<string, string>, implicit?: ImplicitLabels): boolean {
  const own = (k: string): boolean => Object.prototype.hasOwnProperty.call(labels, k);
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (own(k) ? labels[k] !== v : !implicit?.(k, v)) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = own(e.key);
    const vals = e.values ?? [];
    if (e.operator === 'In' && !(has ? vals.includes(labels[e.key]) : vals.some((v) => implicit?.(e.key, v)))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has && !implicit?.(e.key, undefined)) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export function describe(r: RenderedResource): string {
  return `${kindOf(r)} '${nameOf(r)}'`;
}
