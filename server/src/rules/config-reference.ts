import type { PathSegment, RenderedResource } from '../kustomize/model';
import type { Rule, RuleContext } from './types';
import { arr, containersOf, get, isObj, type PodTemplate } from './lib/index-resources';
import { configMapWriter, isExternal, secretCreator, secretWriter } from './lib/external';

type Kind = 'ConfigMap' | 'Secret';

interface Ref {
  kind: Kind;
  name: string;
  namePath: PathSegment[];
  keys: { key: string; path: PathSegment[] }[];
  optional: boolean;
}

function keysOf(r: RenderedResource): Set<string> {
  const out = new Set<string>();
  for (const field of ['data', 'binaryData', 'stringData']) {
    const m = r.object[field];
    if (isObj(m)) for (const k of Object.keys(m)) out.add(k);
  }
  return out;
}

// The fields looked up in every env/envFrom entry of every container at each
// analysis, with their paths: made once, not per entry.
const ENV_REFS = [
  ['configMapKeyRef', 'ConfigMap', ['valueFrom', 'configMapKeyRef']],
  ['secretKeyRef', 'Secret', ['valueFrom', 'secretKeyRef']],
] as const;
const ENV_FROM_REFS = [
  ['configMapRef', 'ConfigMap', ['configMapRef']],
  ['secretRef', 'Secret', ['secretRef']],
] as const;

function refsOf(t: PodTemplate): Ref[] {
  const refs: Ref[] = [];
  for (const c of containersOf(t)) {
    arr(c.container.env).forEach((e, i) => {
      for (const [field, kind, at] of ENV_REFS) {
        const ref = get(e, at);
        if (!isObj(ref)) continue;
        const p: PathSegment[] = [...c.path, 'env', i, 'valueFrom', field];
        refs.push({ kind, name: String(ref.name ?? ''), namePath: [...p, 'name'], keys: [{ key: String(ref.key ?? ''), path: [...p, 'key'] }], optional: ref.optional === true });
      }
    });
    arr(c.container.envFrom).forEach((e, i) => {
      for (const [field, kind, at] of ENV_FROM_REFS) {
        const ref = get(e, at);
        if (!isObj(ref)) continue;
        refs.push({ kind, name: String(ref.name ?? ''), namePath: [...c.path, 'envFrom', i, field, 'name'], keys: [], optional: ref.optional === true });
      }
    });
  }
  const volumeRef = (src: unknown, p: PathSegment[], kind: Kind, nameField: string): void => {
    if (!isObj(src)) return;
    const keys = arr(src.items).map((it, j) => ({ key: String(get(it, ['key']) ?? ''), path: [...p, 'items', j, 'key'] as PathSegment[] }));
    refs.push({ kind, name: String(src[nameField] ?? ''), namePath: [...p, nameField], keys, optional: src.optional === true });
  };
  arr(t.spec.volumes).forEach((v, i) => {
    const p: PathSegment[] = [...t.specPath, 'volumes', i];
    volumeRef(get(v, ['configMap']), [...p, 'configMap'], 'ConfigMap', 'name');
    volumeRef(get(v, ['secret']), [...p, 'secret'], 'Secret', 'secretName');
    arr(get(v, ['projected', 'sources'])).forEach((s, j) => {
      volumeRef(get(s, ['configMap']), [...p, 'projected', 'sources', j, 'configMap'], 'ConfigMap', 'name');
      volumeRef(get(s, ['secret']), [...p, 'projected', 'sources', j, 'secret'], 'Secret', 'name');
    });
  });
  return refs;
}

function check(ctx: RuleContext, t: PodTemplate): void {
  for (const ref of refsOf(t)) {
    if (ref.optional) continue;
    const target = ctx.index.find(ref.kind, ref.name, t.namespace);
    if (!target) {
      const writer = ref.kind === 'Secret' ? secretWriter(ctx.index, ref.name, t.namespace) : configMapWriter(ref.name);
      if (writer) {
        // Written at run time: its keys are known except for a Secret a workload creates.
        for (const k of writer.keys ? ref.keys : []) {
          if (writer.keys!.includes(k.key)) continue;
          ctx.report({ resource: t.resource, path: k.path, message: `${ref.kind} '${ref.name}' (written by the ${writer.kind}) has no key '${k.key}' (it holds ${writer.keys!.length ? writer.keys!.join(', ') : 'no keys'})` });
        }
        continue;
      }
      if (!isExternal(ctx.facts, ref.kind, ref.name, t.namespace)) {
        const creator = ref.kind === 'Secret' ? secretCreator(ctx.index, t.namespace) : undefined;
        if (creator) {
          ctx.report({ resource: t.resource, path: ref.namePath, severity: 'warning', message: `${ref.kind} '${ref.name}' is not defined; ${creator} lets a workload create Secrets, so it may be written at run time` });
        } else ctx.report({ resource: t.resource, path: ref.namePath, message: `${ref.kind} '${ref.name}' is not defined` });
      }
      continue;
    }
    const keys = keysOf(target);
    for (const k of ref.keys) {
      if (keys.has(k.key)) continue;
      ctx.report({
        resource: t.resource,
        path: k.path,
        message: `${ref.kind} '${ref.name}' has no key '${k.key}'`,
        related: [{ resource: target, path: ['metadata', 'name'], message: `${ref.kind} '${ref.name}' is defined here` }],
      });
    }
  }
}

export const rule: Rule = {
  id: 'config-reference',
  title: 'ConfigMap/Secret or key referenced but not defined',
  category: 'references',
  severity: 'error',
  rationale: 'A pod that references a missing ConfigMap, Secret or key stays in CreateContainerConfigError (or ContainerCreating for volumes) until someone notices.',
  docs: {
    description: 'Checks `env[].valueFrom.configMapKeyRef/secretKeyRef`, `envFrom[].configMapRef/secretRef` and `configMap`/`secret`/projected volumes (with their `items[].key`) of every pod template against the ConfigMaps and Secrets of the environment. References marked `optional: true`, objects listed in `facts.externalObjects`, and Secrets written at run time by something in the set (the `spec.secretName` of a cert-manager Certificate, whose keys are `tls.crt`, `tls.key`, `ca.crt`; a Secret a Role lets a workload `create` and names in `resourceNames`, the serving certificate an OpenShift Service asks for with `service.beta.openshift.io/serving-cert-secret-name`, the Secret an operator makes for a custom resource of the set: a SealedSecret\'s (its `encryptedData` and `template.data` keys), an ExternalSecret\'s `target` (its `data` and template keys; any key with `dataFrom`; none when it only merges), Crunchy\'s `<cluster>-pguser-<user>`, CloudNativePG\'s `<cluster>-app`, `-superuser`, `-ca`, `-server`, `-replication`, Zalando\'s `<user>.<cluster>.credentials.postgresql.acid.zalan.do`, Strimzi\'s KafkaUser and `<kafka>-cluster-ca-cert`/`-clients-ca-cert`) and the ConfigMaps a control plane writes into every namespace (`kube-root-ca.crt`, Istio\'s `istio-ca-root-cert`) are not reported as missing. A missing Secret in a namespace where a Role (or a ClusterRole) of the set grants `create` on all Secrets is a warning: a workload may write it at run time.',
    bad: `env:
  - name: DB_PASSWORD
    valueFrom: { secretKeyRef: { name: postgres-credentials, key: pasword } }   # key is "password"`,
    good: `env:
  - name: DB_PASSWORD
    valueFrom: { secretKeyRef: { name: postgres-credentials, key: password } }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) check(ctx, t);
  },
};
