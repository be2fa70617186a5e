// kustomize's built-in IAMPolicyGenerator (api/filters/iampolicygenerator):
// for `cloud: gke`, a ServiceAccount bound to a Google service account through
// the `iam.gke.io/gcp-service-account` annotation. kustomize writes the object
// as YAML text with the configured values pasted in and parses it, so the
// values are typed as YAML reads them; so is the text here.
import type { Origin } from '../model';
import { isObj, originsAt, setOrigins, type Obj, type Value } from '../values';

export interface IamPolicyArgs {
  cloud: string;
  /** kubernetesService.name / .namespace */
  name: string;
  namespace: string;
  /** serviceAccount.name / .projectId */
  account: string;
  projectId: string;
}

/** sigs.k8s.io/yaml into a Go string field: the text of a scalar, '' when absent. */
const text = (v: Value | undefined): string => (v === null || v === undefined || typeof v === 'object' ? '' : String(v));

export function iamPolicyArgs(c: Obj): IamPolicyArgs {
  const ks = isObj(c.kubernetesService) ? c.kubernetesService : {};
  const sa = isObj(c.serviceAccount) ? c.serviceAccount : {};
  return { cloud: text(c.cloud), name: text(ks.name), namespace: text(ks.namespace), account: text(sa.name), projectId: text(sa.projectId) };
}

/** The YAML kustomize parses, or kustomize's error when the cloud is not GKE. */
export function iamPolicyYaml(a: IamPolicyArgs): string | { error: string } {
  if (a.cloud !== 'gke') return { error: `cloud provider ${a.cloud} not supported yet` };
  let input = `
apiVersion: v1
kind: ServiceAccount
metadata:
  annotations:
    iam.gke.io/gcp-service-account: ${a.account}@${a.projectId}.iam.gserviceaccount.com
  name: ${a.name}
`;
  if (a.namespace !== '') input += `\n  namespace: ${a.namespace}`;
  return input;
}

/** Origins of the generated object: the configuration, and each value the field that set it. */
export function stampIamOrigins(obj: Obj, c: Obj, at: Origin): void {
  restamp(obj, at);
  const md = isObj(obj.metadata) ? obj.metadata : undefined;
  if (!md) return;
  const from = (container: Value | undefined, key: string): Origin[] | undefined => {
    const o = isObj(container) ? originsAt(container, key) : undefined;
    return o?.map((x) => ({ ...x, by: 'IAMPolicyGenerator' }));
  };
  const set = (target: Obj, key: string, origins: Origin[] | undefined): void => {
    if (origins && key in target) setOrigins(target, key, origins);
  };
  set(md, 'name', from(c.kubernetesService, 'name'));
  set(md, 'namespace', from(c.kubernetesService, 'namespace'));
  if (isObj(md.annotations)) set(md.annotations, 'iam.gke.io/gcp-service-account', from(c.serviceAccount, 'name'));
}

/** Every value below `v` set by `origin` (replacing the parse's origins in the text kustomize would write). */
function restamp(v: Value, origin: Origin): void {
  if (Array.isArray(v)) v.forEach((x, i) => (setOrigins(v, i, [origin]), restamp(x, origin)));
  else if (isObj(v)) for (const k of Object.keys(v)) (setOrigins(v, k, [origin]), restamp(v[k]!, origin));
}
