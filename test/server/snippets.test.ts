// Every snippet in snippets/kubernetes.code-snippets, with its placeholders
// filled by their defaults, is a valid object for the schema validator
// (patches in patch mode, the kustomization against the kustomization schema).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateKustomization, validateObject } from '../../server/src/schema';
import { repoRoot } from './lspClient';

interface Snippet {
  prefix: string | string[];
  body: string[];
  description: string;
}

const snippets = JSON.parse(readFileSync(join(repoRoot, 'snippets', 'kubernetes.code-snippets'), 'utf8')) as Record<string, Snippet>;

/** VS Code snippet syntax with every tab stop at its default (first choice; mirrors take the default; $0 empty). */
export function expand(body: string): string {
  const defaults = new Map<string, string>();
  body.replace(/\$\{(\d+):([^}]*)\}/g, (_m, n: string, d: string) => (defaults.has(n) ? '' : (defaults.set(n, d), '')));
  body.replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_m, n: string, choices: string) => (defaults.has(n) ? '' : (defaults.set(n, choices.split(',')[0]), '')));
  return body
    .replace(/\$\{(\d+):([^}]*)\}/g, (_m, _n: string, d: string) => d)
    .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_m, _n: string, choices: string) => choices.split(',')[0])
    .replace(/\$(\d+)/g, (_m, n: string) => defaults.get(n) ?? '');
}

test('the snippets cover the platform kinds', () => {
  assert.deepEqual(Object.keys(snippets), [
    'Deployment',
    'StatefulSet',
    'Service',
    'ConfigMap',
    'Secret',
    'Ingress',
    'HorizontalPodAutoscaler',
    'PodDisruptionBudget',
    'NetworkPolicy',
    'ServiceMonitor',
    'Kustomization',
    'Patch (Deployment)',
  ]);
});

test('expanding a snippet: defaults, first choices, mirrors, final stop', () => {
  assert.equal(expand('a: ${1:x}\nb: ${2|p,q|}\nc: $1 $2\n$0'), 'a: x\nb: p\nc: x p\n');
});

for (const [name, s] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to a schema-valid object`, () => {
    const text = expand(s.body.join('\n'));
    assert.doesNotMatch(text, /\$/, 'every placeholder is expanded');
    const obj = parse(text) as Record<string, unknown>;
    const problems = name === 'Kustomization' ? validateKustomization(obj) : validateObject(obj, { mode: name.startsWith('Patch') ? 'patch' : 'full' });
    assert.deepEqual(problems, []);
    assert.ok(s.description.length > 10);
  });
}
