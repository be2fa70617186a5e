// ResourceIndex answers selector questions through an index of pod templates
// and Services by label; these tests compare it with the plain scan it
// replaces (every template, every Service) on objects chosen for the edges:
// controller-added labels, namespaces, a selector label with a null value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RenderedResource } from '../../server/src/kustomize/model';
import { labelsOf, ResourceIndex, selectorMatches, toSelector, isObj, get, type PodTemplate, type Selector } from '../../server/src/rules/lib/index-resources';

const at = { file: '/p/x.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, by: 'resource' } as const;

function resource(object: Record<string, unknown>): RenderedResource {
  return { object, origin: at, originOf: () => at, historyOf: () => [] } as unknown as RenderedResource;
}

function workload(kind: string, name: string, labels: Record<string, string>, namespace?: string, replicas?: number): RenderedResource {
  const template = { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i:1' }] } };
  const spec = kind === 'CronJob' ? { jobTemplate: { spec: { template } } } : { ...(replicas !== undefined ? { replicas } : {}), template };
  return resource({ apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, spec });
}

function service(name: string, selector: unknown, namespace?: string): RenderedResource {
  return resource({ apiVersion: 'v1', kind: 'Service', metadata: { name, ...(namespace ? { namespace } : {}) }, spec: { selector } });
}

const resources = [
  workload('Deployment', 'web', { app: 'web', tier: 'front' }),
  workload('Deployment', 'api', { app: 'api', tier: 'front' }),
  workload('Deployment', 'api-other-ns', { app: 'api' }, 'other'),
  workload('StatefulSet', 'redis', { app: 'redis' }, undefined, 2),
  workload('DaemonSet', 'agent', { app: 'agent' }),
  workload('Job', 'migrate', { app: 'migrate' }),
  workload('CronJob', 'nightly', { app: 'nightly' }),
  resource({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', labels: { app: 'web', solo: 'yes' } }, spec: { containers: [] } }),
  service('web', { app: 'web' }),
  service('front', { tier: 'front' }),
  service('front-web', { tier: 'front', app: 'web' }),
  service('api-other', { app: 'api' }, 'other'),
  service('redis-0', { 'statefulset.kubernetes.io/pod-name': 'redis-0' }),
  service('nulls', { app: null }),
  service('empty', {}),
  service('none', undefined),
  service('nothing', { app: 'nothing' }),
];

const selectors: [Selector, string][] = [
  [{ matchLabels: { app: 'web' } }, 'default'],
  [{ matchLabels: { tier: 'front', app: 'api' } }, 'default'],
  [{ matchLabels: { app: 'api' } }, 'other'],
  [{ matchLabels: { 'pod-template-hash': 'abc', app: 'web' } }, 'default'],
  [{ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'redis-1' } }, 'default'],
  [{ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'redis-2' } }, 'default'],
  [{ matchLabels: { 'job-name': 'migrate' } }, 'default'],
  [{ matchLabels: { 'job-name': 'anything', app: 'nightly' } }, 'default'],
  [{ matchLabels: { 'controller-revision-hash': 'x' } }, 'default'],
  [{ matchLabels: {} }, 'default'],
  [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, 'default'],
  [toSelector({ matchLabels: { tier: 'front' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] })!, 'default'],
  [{ matchLabels: { app: 'nothing' } }, 'default'],
];

const names = (list: { resource?: RenderedResource; object?: Record<string, unknown> }[]): string[] =>
  list.map((x) => String(get((x.resource ?? (x as RenderedResource)).object, ['metadata', 'name'])));

test('podsSelectedBy through the label index equals the scan of every template', () => {
  const index = new ResourceIndex(resources, 'default');
  const scan = (sel: Selector, ns: string): PodTemplate[] => index.podTemplates.filter((t) => t.namespace === ns && selectorMatches(sel, t.labels, t.implicit));
  for (const [sel, ns] of selectors) assert.deepEqual(names(index.podsSelectedBy(sel, ns)), names(scan(sel, ns)), JSON.stringify(sel));
  // The answers themselves, so that the scan is not wrong in the same way.
  assert.deepEqual(names(index.podsSelectedBy({ matchLabels: { app: 'web' } }, 'default')), ['web', 'solo']);
  assert.deepEqual(names(index.podsSelectedBy({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'redis-1' } }, 'default')), ['redis']);
  assert.deepEqual(names(index.podsSelectedBy({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'redis-2' } }, 'default')), []);
  assert.deepEqual(names(index.podsSelectedBy({ matchLabels: { 'pod-template-hash': 'abc', app: 'web' } }, 'default')), ['web']);
  assert.deepEqual(names(index.podsSelectedBy({ matchLabels: { 'job-name': 'anything', app: 'nightly' } }, 'default')), ['nightly']);
});

test('servicesFor through the selector index equals the scan of every Service', () => {
  const index = new ResourceIndex(resources, 'default');
  const scan = (t: PodTemplate): RenderedResource[] =>
    index.ofKind('Service').filter((s) => {
      const sel = get(s.object, ['spec', 'selector']);
      return index.namespaceOf(s) === t.namespace && isObj(sel) && Object.keys(sel).length > 0 && selectorMatches({ matchLabels: labelsOf(sel) }, t.labels);
    });
  for (const t of index.podTemplates) assert.deepEqual(names(index.servicesFor(t)), names(scan(t)), t.name);
  const of = (name: string): string[] => names(index.servicesFor(index.podTemplates.find((t) => t.name === name)!));
  assert.deepEqual(of('web'), ['web', 'front', 'front-web', 'nulls']);
  assert.deepEqual(of('api'), ['front', 'nulls']);
  assert.deepEqual(of('api-other-ns'), ['api-other']);
  assert.deepEqual(of('redis'), ['nulls']);
});
