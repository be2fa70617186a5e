// The pure API: validateObject (paths, codes, severities, modes), deprecated
// apiVersions by configured Kubernetes version, describe/schemaFor for hover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, kubernetesMinor, listKinds, schemaFor, schemaValidator, validateKustomization, validateObject, validateTargetedPatch } from '../../server/src/schema';
import { withDocs } from '../../server/src/schema/docs';
import { SchemaStore } from '../../server/src/schema/store';
import { SchemaValidator } from '../../server/src/schema/validator';

const deployment = (spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec });
const podTemplate = (containers: unknown[]) => ({ metadata: { labels: { app: 'web' } }, spec: { containers } });

test('problems carry the JSON path of the value, a code, a severity and the place to underline', () => {
  const problems = validateObject(
    deployment({ selector: { matchLabels: { app: 'web' } }, template: podTemplate([{ name: 'web', image: 'x', resources: { limits: { cpu: '1.5.0' } } }]) }),
    { mode: 'full' },
  );
  assert.deepEqual(problems, [
    {
      path: ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu'],
      message: 'invalid quantity "1.5.0"',
      code: 'schema-invalid-value',
      severity: 'error',
      target: 'value',
    },
  ]);
});

test('unknown field is reported on the key with the dotted location', () => {
  const [p] = validateObject(deployment({ replica: 3, selector: {}, template: podTemplate([{ name: 'a', image: 'b' }]) }), { mode: 'full' });
  assert.deepEqual(p, { path: ['spec', 'replica'], message: 'unknown field "replica" in Deployment.spec', code: 'schema-unknown-field', severity: 'error', target: 'key' });
});

test('patch mode: unknown and mistyped fields are errors, missing required fields are not', () => {
  const patch = deployment({ replicas: 'three', template: { spec: { containers: [{ imagePullPolicy: 'Sometimes', extra: 1 }] } } });
  assert.deepEqual(
    validateObject(patch, { mode: 'patch' }).map((p) => `${p.path.join('/')} ${p.message}`),
    [
      'spec/replicas expected integer, got string "three"',
      'spec/template/spec/containers/0/imagePullPolicy must be one of: Always, IfNotPresent, Never',
      'spec/template/spec/containers/0/extra unknown field "extra" in Deployment.spec.template.spec.containers[0]',
    ],
  );
  assert.deepEqual(
    validateObject(patch, { mode: 'full' }).filter((p) => p.code === 'schema-required').map((p) => p.message),
    ['missing required field "name" in Deployment.spec.template.spec.containers[0]', 'missing required field "selector" in Deployment.spec'],
  );
});

test('null means "not set": accepted anywhere, but does not satisfy a required field', () => {
  const problems = validateObject(deployment({ replicas: null, selector: null, template: podTemplate([{ name: 'a', image: 'b', env: null }]) }), { mode: 'full' });
  assert.deepEqual(problems.map((p) => p.message), ['missing required field "selector" in Deployment.spec']);
});

test('a kind without a schema is a warning, never silence', () => {
  assert.deepEqual(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget' }, { mode: 'full' }), [
    { path: ['kind'], message: 'no schema for example.com/v1 Widget: not validated', code: 'schema-unknown-kind', severity: 'warning', target: 'value' },
  ]);
  assert.deepEqual(validateObject({ spec: { replicas: 1 } }, { mode: 'patch' }).map((p) => [p.severity, p.message]), [
    ['warning', 'no schema for a patch without apiVersion and kind: not validated'],
  ]);
});

test('deprecated apiVersions depend on the configured Kubernetes version', () => {
  const pdb = { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'x' } };
  assert.deepEqual(validateObject(pdb, { mode: 'full', kubernetesVersion: '1.20' }).map((p) => [p.code, p.severity, p.message]), [
    ['schema-unknown-kind', 'warning', 'no schema for policy/v1beta1 PodDisruptionBudget: not validated'],
  ]);
  assert.deepEqual(validateObject(pdb, { mode: 'full', kubernetesVersion: 'v1.24.3' }).map((p) => [p.code, p.severity, p.message]), [
    ['deprecated-api', 'warning', 'policy/v1beta1 PodDisruptionBudget is deprecated since Kubernetes 1.21 and removed in 1.25: use policy/v1'],
    ['schema-unknown-kind', 'warning', 'no schema for policy/v1beta1 PodDisruptionBudget: not validated'],
  ]);
  assert.deepEqual(validateObject(pdb, { mode: 'full', kubernetesVersion: '1.25' }).map((p) => [p.code, p.severity, p.message]), [
    ['deprecated-api', 'error', 'policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25 (configured: 1.25): use policy/v1'],
  ]);
  const removed = (apiVersion: string, kind: string) => validateObject({ apiVersion, kind }, { mode: 'full' })[0].message;
  assert.equal(removed('batch/v1beta1', 'CronJob'), 'batch/v1beta1 CronJob was removed in Kubernetes 1.25 (configured: 1.34): use batch/v1');
  assert.equal(removed('extensions/v1beta1', 'Ingress'), 'extensions/v1beta1 Ingress was removed in Kubernetes 1.22 (configured: 1.34): use networking.k8s.io/v1');
  assert.equal(
    removed('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'),
    'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in Kubernetes 1.32 (configured: 1.34): use flowcontrol.apiserver.k8s.io/v1',
  );
  // Deprecated but still served, and validated against its schema.
  assert.deepEqual(validateObject({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: 'x' }, { mode: 'full' }).map((p) => p.message), [
    'v1 Endpoints is deprecated since Kubernetes 1.33: use discovery.k8s.io/v1 EndpointSlice',
    'expected array, got string "x"',
  ]);
  assert.equal(kubernetesMinor('1.34'), 34);
  assert.equal(kubernetesMinor('nonsense'), undefined);
});

test('Secret values never appear in messages', () => {
  const problems = validateObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'hunter2!' }, stringData: { pin: 1234 }, type: ['x'] }, { mode: 'full' });
  assert.deepEqual(problems.map((p) => p.message), ['invalid base64 data', 'expected string, got number', 'expected string, got array']);
  assert.ok(problems.every((p) => !p.message.includes('1234') && !p.message.includes('hunter2')));
});

test('kustomization files validate with or without apiVersion/kind; Component is known', () => {
  assert.deepEqual(validateKustomization({ resources: ['a.yaml'], namePrefixx: 'x-' }).map((p) => p.message), ['unknown field "namePrefixx" in Kustomization']);
  // Go's encoding/json, as kustomize reads kustomizations: names match case-insensitively (the Kelvin sign folds to k), at every depth,
  // and the matched field's type applies; keys of maps are not field names.
  assert.deepEqual(validateKustomization({ resources: ['a.yaml'], nameprefix: 'x-', COMMONANNOTATIONS: { App: 'a' }, patches: [{ PATH: 'p.yaml', target: { Kind: 'Deployment' } }] }), []);
  assert.deepEqual(validateKustomization({ NAMESUFFIX: 3 }).map((p) => [p.path.join('.'), p.message]), [['NAMESUFFIX', 'expected string, got number 3']]);
  assert.deepEqual(validateKustomization({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', patches: [{ path: 'p.yaml' }] }), []);
  assert.deepEqual(validateKustomization({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', bases: ['../base'] }).map((p) => [p.severity, p.message]), [
    ['warning', '"bases" is deprecated: anything specified here should be specified in resources instead'],
  ]);
});

test('describe gives description, type, enum, default and the properties of the object at a path', () => {
  const pullPolicy = describe('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy'])!;
  assert.equal(pullPolicy.type, 'string');
  assert.deepEqual(pullPolicy.enum, ['Always', 'IfNotPresent', 'Never']);
  assert.match(pullPolicy.description, /^Image pull policy\. One of Always, Never, IfNotPresent\./);
  assert.equal(describe('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'containers'])!.type, '[]Container');
  assert.equal(describe('apps/v1', 'Deployment', ['spec', 'strategy', 'rollingUpdate', 'maxSurge'])!.type, 'int-or-string');
  assert.equal(describe('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits'])!.type, 'map[string]quantity');
  assert.equal(describe('v1', 'Service', ['spec', 'ports', 0, 'protocol'])!.default, 'TCP');
  const container = describe('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'containers', 0])!;
  assert.equal(container.type, 'Container');
  assert.deepEqual(container.required, ['name']);
  assert.deepEqual(container.properties!.image, {
    type: 'string',
    description: 'Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.',
    required: false,
  });
  assert.equal(describe('monitoring.coreos.com/v1', 'ServiceMonitor', ['spec', 'endpoints', 0, 'scheme'])!.enum!.join(), 'http,https');
  assert.equal(describe('cert-manager.io/v1', 'Certificate', ['metadata', 'name'])!.type, 'string');
  assert.equal(describe('apps/v1', 'Deployment', ['spec', 'nope']), undefined);
  assert.equal(describe('example.com/v1', 'Widget', []), undefined);
});

test('descriptions are kept apart: validation never reads them; describe merges them back, and reads a bundle that has them inline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-schemas-'));
  try {
    cpSync(resolve(__dirname, '..', '..', 'schemas'), dir, { recursive: true });
    writeFileSync(join(dir, 'kubernetes-1.34.docs.json'), 'not JSON: validation must not read this');
    const v = new SchemaValidator(new SchemaStore(dir));
    const problems = v.validateObject(deployment({ selector: { matchLabels: { app: 'web' } }, template: podTemplate([{ name: 'web', image: 'web:1', imagePullPolicy: 'Sometimes' }]) }), { mode: 'full' });
    assert.deepEqual(problems.map((p) => p.message), ['must be one of: Always, IfNotPresent, Never']);
    assert.equal(v.schemaFor('apps/v1', 'Deployment')!.description, undefined);
    assert.throws(() => v.describe('apps/v1', 'Deployment', []), SyntaxError);

    // cert-manager's bundle as a hand-written one would be: descriptions inline, no docs file.
    cpSync(resolve(__dirname, '..', '..', 'schemas', 'kubernetes-1.34.docs.json'), join(dir, 'kubernetes-1.34.docs.json'));
    const crd = 'crds/cert-manager.io.json';
    const bundle = JSON.parse(readFileSync(join(dir, crd), 'utf8')) as { definitions: Record<string, Record<string, unknown>> };
    const docs = JSON.parse(readFileSync(join(dir, 'crds/cert-manager.io.docs.json'), 'utf8')) as { definitions: Record<string, Record<string, unknown>> };
    for (const name of Object.keys(bundle.definitions)) bundle.definitions[name] = withDocs(bundle.definitions[name]!, docs.definitions[name]);
    writeFileSync(join(dir, crd), JSON.stringify(bundle));
    unlinkSync(join(dir, 'crds/cert-manager.io.docs.json'));
    const inline = new SchemaValidator(new SchemaStore(dir)).describe('cert-manager.io/v1', 'Certificate', ['spec', 'secretName']);
    const split = describe('cert-manager.io/v1', 'Certificate', ['spec', 'secretName']);
    assert.match(split!.description, /^Name of the Secret resource that will be automatically created and\nmanaged by this Certificate resource\./);
    assert.deepEqual(inline, split);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('schemaFor and listKinds cover the kinds the platform uses', () => {
  const kinds = new Set(listKinds().map((k) => `${k.apiVersion} ${k.kind}`));
  for (const k of [
    'v1 ConfigMap', 'v1 Secret', 'v1 Service', 'v1 PersistentVolumeClaim', 'v1 ServiceAccount', 'v1 Namespace', 'v1 LimitRange', 'v1 ResourceQuota',
    'apps/v1 Deployment', 'apps/v1 StatefulSet', 'batch/v1 CronJob', 'autoscaling/v2 HorizontalPodAutoscaler', 'policy/v1 PodDisruptionBudget',
    'networking.k8s.io/v1 Ingress', 'networking.k8s.io/v1 NetworkPolicy', 'rbac.authorization.k8s.io/v1 Role', 'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
    'monitoring.coreos.com/v1 ServiceMonitor', 'monitoring.coreos.com/v1 PrometheusRule', 'cert-manager.io/v1 Certificate', 'cert-manager.io/v1 Issuer',
    'cert-manager.io/v1 ClusterIssuer', 'kustomize.config.k8s.io/v1beta1 Kustomization', 'kustomize.config.k8s.io/v1alpha1 Component',
  ]) {
    assert.ok(kinds.has(k), k);
  }
  assert.equal(schemaFor('apps/v1', 'Deployment')!.title, 'Deployment');
  assert.equal(schemaFor('apps/v1', 'Deploymentz'), undefined);
});

test('a target without a version may be any version of its kind: only problems common to all versions count', () => {
  const v = schemaValidator();
  const patch = { spec: { targetCPUUtilizationPercentage: 70, metrics: [], minReplicas: 'two', nope: 1 } };
  assert.deepEqual(validateTargetedPatch(v, patch, [{ kind: 'HorizontalPodAutoscaler' }]).map((p) => p.message), [
    'expected integer, got string "two"',
    'unknown field "nope" in HorizontalPodAutoscaler.spec',
  ]);
  // With a version, that version's schema alone decides.
  assert.deepEqual(validateTargetedPatch(v, patch, [{ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' }]).map((p) => p.message), [
    'unknown field "targetCPUUtilizationPercentage" in HorizontalPodAutoscaler.spec',
    'expected integer, got string "two"',
    'unknown field "nope" in HorizontalPodAutoscaler.spec',
  ]);
});

test('a kustomization with only one of apiVersion/kind, or a wrong kind, is checked by the schema enums', () => {
  assert.deepEqual(validateKustomization({ apiVersion: 'kustomize.config.k8s.io/v1beta1', resources: [] }), []);
  assert.deepEqual(validateKustomization({ kind: 'Kustomization', resources: [] }), []);
  assert.deepEqual(validateKustomization({ apiVersion: 'kustomize.config.k8s.io/v1', kind: 'Deployment' }).map((p) => `${p.path.join('.')}: ${p.message}`), [
    'apiVersion: must be one of: kustomize.config.k8s.io/v1beta1, kustomize.config.k8s.io/v1alpha1',
    'kind: must be one of: Kustomization, Component',
  ]);
  assert.deepEqual(validateKustomization([1]).map((p) => p.message), ['expected object, got array']);
});

test('a generator behavior kustomize does not know is read as create: a warning naming what it knows, not an error', () => {
  // types.NewGenerationBehavior: any other word is "unspecified", which creates (checked with kubectl kustomize: `behavior: add` builds).
  assert.deepEqual(
    validateKustomization({ configMapGenerator: [{ name: 'a', behavior: 'add' }], secretGenerator: [{ name: 'b', behavior: 'merge' }] }).map((p) => `${p.path.join('.')}: ${p.severity} ${p.code} ${p.message}`),
    ['configMapGenerator.0.behavior: warning schema-invalid-value kustomize reads "add" as "create" (it knows: create, replace, merge)'],
  );
});

test('a substitution placeholder where a number, a quantity or base64 is required is a warning that says it (envsubst, Flux postBuild); any other wrong value stays an error', () => {
  const PLACEHOLDER = ": a substitution placeholder, valid once a tool replaces it after the render (envsubst, Flux's postBuild, clusterctl); as rendered, the API server refuses it";
  const problems = validateObject(
    deployment({
      replicas: '${REPLICAS}',
      selector: { matchLabels: { app: 'web' } },
      template: podTemplate([{ name: 'web', image: 'nginx:${TAG}', ports: [{ containerPort: '${PORT:-8080}' }, { containerPort: 'http' }], resources: { limits: { cpu: '${CPU:=500m}', memory: '$MEM' } } }]),
    }),
    { mode: 'full' },
  );
  assert.deepEqual(
    problems.map((p) => `${p.severity} ${p.path.join('/')} ${p.message}`),
    [
      `warning spec/replicas expected integer, got string "\${REPLICAS}"${PLACEHOLDER}`,
      `warning spec/template/spec/containers/0/ports/0/containerPort expected integer, got string "\${PORT:-8080}"${PLACEHOLDER}`,
      'error spec/template/spec/containers/0/ports/1/containerPort expected integer, got string "http"',
      `warning spec/template/spec/containers/0/resources/limits/cpu invalid quantity "\${CPU:=500m}"${PLACEHOLDER}`,
      // Not the braced form those tools substitute in YAML values: an error as before.
      'error spec/template/spec/containers/0/resources/limits/memory invalid quantity "$MEM"',
    ],
  );
  const secret = validateObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: '${ENCODED}', b: 'not base64!' } }, { mode: 'full' });
  assert.deepEqual(
    secret.map((p) => `${p.severity} ${p.path.join('/')} ${p.message}`),
    [`warning data/a invalid base64 data${PLACEHOLDER}`, 'error data/b invalid base64 data'],
  );
});
