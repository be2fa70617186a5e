// References satisfied outside the manifests: objects listed in the project
// facts (`externalObjects`), e.g. a ClusterIssuer installed with cert-manager,
// and Secrets that something in the rendered set writes at run time.
import type { Facts } from '../../config/types';
import { arr, get, groupOf, isObj, kindOf, type ResourceIndex } from './index-resources';
import { OPERATOR_WRITERS } from './operatorSecrets';

export function isExternal(facts: Facts, kind: string, name: string, namespace?: string): boolean {
  return facts.externalObjects.some((o) => o.kind === kind && o.name === name && (!o.namespace || !namespace || o.namespace === namespace));
}

/** Defined in the rendered set or declared external. */
export function exists(index: ResourceIndex, facts: Facts, kind: string, name: string, namespace: string): boolean {
  return index.find(kind, name, namespace) !== undefined || isExternal(facts, kind, name, namespace) || (kind === 'Secret' && secretWriter(index, name, namespace) !== undefined);
}

/** The keys a cert-manager Certificate writes into its Secret. */
export const CERTIFICATE_KEYS = ['tls.crt', 'tls.key', 'ca.crt'];

/**
 * What in the rendered set writes Secret `name` at run time, if anything:
 * a cert-manager Certificate (`spec.secretName`), an operator's custom
 * resource (operatorSecrets.ts), or a workload whose Role
 * grants it `create` on Secrets and names this one (Argo CD's redis
 * initialisation Job: `resourceNames: [argocd-redis]`).
 */
export function secretWriter(index: ResourceIndex, name: string, namespace: string): { kind: string; keys?: string[] } | undefined {
  // OpenShift's service CA operator writes the serving certificate a Service asks for.
  for (const svc of index.ofKind('Service')) {
    const a = get(svc.object, ['metadata', 'annotations']);
    if (index.namespaceOf(svc) !== namespace || !isObj(a)) continue;
    if (a['service.beta.openshift.io/serving-cert-secret-name'] === name || a['service.alpha.openshift.io/serving-cert-secret-name'] === name) return { kind: 'Service', keys: ['tls.crt', 'tls.key'] };
  }
  if (index.ofKind('Certificate').some((c) => get(c.object, ['spec', 'secretName']) === name && index.namespaceOf(c) === namespace)) {
    return { kind: 'Certificate', keys: CERTIFICATE_KEYS };
  }
  // An operator's custom resource (a SealedSecret, an ExternalSecret, a database cluster's users).
  for (const w of OPERATOR_WRITERS) {
    for (const cr of index.ofKind(w.kind)) {
      if (index.namespaceOf(cr) !== namespace || groupOf(cr) !== w.group) continue;
      const made = w.secrets(cr.object, String(get(cr.object, ['metadata', 'name']) ?? '')).find((m) => m.name === name);
      if (made) return made.keys ? { kind: w.kind, keys: made.keys } : { kind: w.kind };
    }
  }
  for (const role of index.ofKind('Role', 'ClusterRole')) {
    if (kindOf(role) === 'Role' && index.namespaceOf(role) !== namespace) continue;
    const rules = arr(get(role.object, ['rules'])).filter(isObj);
    const onSecrets = rules.filter((r) => arr(r.resources).some((x) => x === 'secrets' || x === '*') && arr(r.apiGroups ?? ['']).some((g) => g === '' || g === '*'));
    const creates = onSecrets.some((r) => arr(r.verbs).some((v) => v === 'create' || v === '*'));
    if (creates && onSecrets.some((r) => arr(r.resourceNames).includes(name))) return { kind: 'Role' };
  }
  return undefined;
}

/**
 * A Role of the namespace (or a ClusterRole) of the set that grants `create`
 * on every Secret: a workload of the set may write any Secret at run time
 * (kubeflow's cache-deployer writes its webhook's TLS Secret), so a Secret
 * that is not defined may still exist when the pod starts.
 */
export function secretCreator(index: ResourceIndex, namespace: string): string | undefined {
  for (const role of index.ofKind('Role', 'ClusterRole')) {
    if (kindOf(role) === 'Role' && index.namespaceOf(role) !== namespace) continue;
    const rules = arr(get(role.object, ['rules'])).filter(isObj);
    const grants = rules.some(
      (r) =>
        arr(r.resources).some((x) => x === 'secrets' || x === '*') &&
        arr(r.apiGroups ?? ['']).some((g) => g === '' || g === '*') &&
        arr(r.verbs).some((v) => v === 'create' || v === '*') &&
        arr(r.resourceNames).length === 0,
    );
    const name = get(role.object, ['metadata', 'name']);
    if (grants) return `${kindOf(role)} '${typeof name === 'string' ? name : ''}'`;
  }
  return undefined;
}

/**
 * ConfigMaps a control plane writes into every namespace: the cluster's CA
 * bundle (kube-controller-manager) and Istio's root certificate (istiod).
 */
const RUNTIME_CONFIGMAPS: Record<string, string[]> = {
  'kube-root-ca.crt': ['ca.crt'],
  'istio-ca-root-cert': ['root-cert.pem'],
};

export function configMapWriter(name: string): { kind: string; keys: string[] } | undefined {
  const keys = RUNTIME_CONFIGMAPS[name];
  return keys ? { kind: 'control plane', keys } : undefined;
}

/**
 * A Service an operator makes for a custom resource of the set, with its
 * ports: Argo Events' controller makes `<name>-eventsource-svc` for an
 * EventSource with `spec.service` (an Ingress in front of its webhook).
 */
export function serviceWriter(index: ResourceIndex, name: string, namespace: string): { kind: string; ports: Record<string, unknown>[] } | undefined {
  for (const es of index.ofKind('EventSource')) {
    if (groupOf(es) !== 'argoproj.io' || index.namespaceOf(es) !== namespace) continue;
    const service = get(es.object, ['spec', 'service']);
    if (isObj(service) && `${String(get(es.object, ['metadata', 'name']) ?? '')}-eventsource-svc` === name) {
      return { kind: 'EventSource', ports: arr(service.ports).filter(isObj) };
    }
  }
  return undefined;
}
