// Secrets an operator writes at run time for a custom resource of the
// rendered set. A GitOps repository keeps its credentials as SealedSecrets or
// ExternalSecrets and lets database and Kafka operators make their users'
// Secrets; the workloads reference the Secrets, which are in no manifest, so
// without this table every such reference was a `config-reference` error on
// stock upstream manifests (Crunchy's postgres-operator-examples).
//
// Each entry: the custom resource's API group and kind, and the Secrets one
// object makes (in its own namespace), with their keys when the resource says
// which (a SealedSecret's encrypted keys) and `undefined` when they depend on
// the operator's version or on the remote store: then any key is accepted.
import { arr, get, isObj } from './index-resources';

type Obj = Record<string, unknown>;

export interface MadeSecret {
  name: string;
  keys?: string[];
}

interface OperatorWriter {
  group: string;
  kind: string;
  secrets(o: Obj, name: string): MadeSecret[];
}

const keysOf = (v: unknown): string[] => (isObj(v) ? Object.keys(v) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const OPERATOR_WRITERS: readonly OperatorWriter[] = [
  {
    // Bitnami sealed-secrets: a Secret of the SealedSecret's own name, its keys those of
    // spec.encryptedData and spec.template.data (the legacy spec.data blob hides its keys).
    group: 'bitnami.com',
    kind: 'SealedSecret',
    secrets(o, name) {
      if (get(o, ['spec', 'data']) !== undefined) return [{ name }];
      return [{ name, keys: [...new Set([...keysOf(get(o, ['spec', 'encryptedData'])), ...keysOf(get(o, ['spec', 'template', 'data']))])] }];
    },
  },
  {
    // External Secrets Operator: spec.target.name (default: its own name), unless it only
    // merges into a Secret that must exist already (creationPolicy Merge or None). Keys: the
    // data entries' secretKey and the template's keys; anything when dataFrom or templateFrom
    // fetch keys from the store.
    group: 'external-secrets.io',
    kind: 'ExternalSecret',
    secrets(o, name) {
      const target = get(o, ['spec', 'target']);
      const policy = get(target, ['creationPolicy']);
      if (policy === 'Merge' || policy === 'None') return [];
      const secret = str(get(target, ['name'])) ?? name;
      if (arr(get(o, ['spec', 'dataFrom'])).length > 0 || arr(get(target, ['template', 'templateFrom'])).length > 0) return [{ name: secret }];
      const data = arr(get(o, ['spec', 'data'])).map((d) => get(d, ['secretKey'])).filter((k): k is string => typeof k === 'string');
      return [{ name: secret, keys: [...new Set([...data, ...keysOf(get(target, ['template', 'data']))])] }];
    },
  },
  {
    // Crunchy postgres-operator: `<cluster>-pguser-<user>` for each spec.users entry (with
    // none, one user named as the cluster).
    group: 'postgres-operator.crunchydata.com',
    kind: 'PostgresCluster',
    secrets(o, name) {
      const users = arr(get(o, ['spec', 'users'])).map((u) => str(get(u, ['name']))).filter((u): u is string => u !== undefined);
      return (users.length ? users : [name]).map((u) => ({ name: `${name}-pguser-${u}` }));
    },
  },
  {
    // CloudNativePG: the application user's `<cluster>-app` (unless bootstrap names its own
    // Secret), `<cluster>-superuser` when enabled, and the certificates it generates.
    group: 'postgresql.cnpg.io',
    kind: 'Cluster',
    secrets(o, name) {
      const out: MadeSecret[] = ['ca', 'server', 'replication'].map((s) => ({ name: `${name}-${s}` }));
      if (!str(get(o, ['spec', 'bootstrap', 'initdb', 'secret', 'name']))) out.push({ name: `${name}-app` });
      if (get(o, ['spec', 'enableSuperuserAccess']) === true && !str(get(o, ['spec', 'superuserSecret', 'name']))) out.push({ name: `${name}-superuser` });
      return out;
    },
  },
  {
    // Zalando postgres-operator: `<user>.<cluster>.credentials.postgresql.acid.zalan.do` for
    // each spec.users key and its own postgres and standby users (`_` written as `-`).
    group: 'acid.zalan.do',
    kind: 'postgresql',
    secrets(o, name) {
      const users = ['postgres', 'standby', ...keysOf(get(o, ['spec', 'users']))];
      return [...new Set(users)].map((u) => ({ name: `${u.replace(/_/g, '-')}.${name}.credentials.postgresql.acid.zalan.do`, keys: ['username', 'password'] }));
    },
  },
  {
    // Strimzi: a KafkaUser's credentials under its own name.
    group: 'kafka.strimzi.io',
    kind: 'KafkaUser',
    secrets: (_o, name) => [{ name }],
  },
  {
    // Strimzi: the CA certificates clients of a Kafka cluster mount.
    group: 'kafka.strimzi.io',
    kind: 'Kafka',
    secrets: (_o, name) => [{ name: `${name}-cluster-ca-cert` }, { name: `${name}-clients-ca-cert` }],
  },
];
