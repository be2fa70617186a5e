// A scalar edit carried into the previous render instead of rendering again
// (server/src/kustomize/scalarEdit.ts, wired in analysis/project.ts): for every
// value line of every resource file of the platform and of the kustomize corpus's
// build cases, the value is changed (a number, a longer and a shorter string, a
// quoted one), then put back, each step through the language server's path
// (WorkspaceFiles buffer, invalidate, refreshEnvironment) and compared with the
// same step through full renders: bytes, errors, warnings, files and the origin
// and history of every path; for the platform, every finding too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RenderCache, renderKustomization } from '../../server/src/kustomize';
import { WorkspaceFiles } from '../../server/src/documents/workspace';
import { ProjectAnalysis, type EnvironmentState } from '../../server/src/analysis/project';
import { loadProjectConfig } from '../../server/src/config';
import type { ProjectConfig } from '../../server/src/config/types';
import { isKustomizationFile } from '../../server/src/services/kustomization';
import { listCases, REPO_ROOT } from '../kustomize/oracle';
import { assertSameRender } from '../kustomize-engine/memoCompare';
import { writeTree } from '../support/tree';

type Rendered = Parameters<typeof assertSameRender>[0];

const VALUE_LINE = /^(\s*(?:- )?[A-Za-z_][\w.\-/]*:[ \t]+)([^\s#{}[\]|>&*!'"][^#]*?|"[^"\\]*"|'[^']*')([ \t]*(?:#.*)?)$/;

/** New texts of `text`, each one value changed, the `k`-th variant of each line's value (rotating over lines). */
function edits(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const m = VALUE_LINE.exec(line);
    if (!m) return;
    const [, head, value, tail] = m as unknown as [string, string, string, string];
    const variants = /^-?\d+$/.test(value)
      ? [String(Number(value) + 7), `"${value}"`, 'x1']
      : /^["']/.test(value)
        ? [`${value.slice(0, -1)}z${value.slice(-1)}`, '8080', value.slice(1, -1) === '' ? 'e' : value.slice(1, -1)]
        : [`${value}-b`, value.length > 1 ? value.slice(0, -1) : 'q', `'${value}'`];
    const v = variants[i % variants.length]!;
    out.push([...lines.slice(0, i), head + v + tail, ...lines.slice(i + 1)].join('\n'));
  });
  return out;
}

/** Resource files of the project's renders (not kustomizations). */
function resourceFiles(project: ProjectAnalysis): string[] {
  const files = new Set<string>();
  for (const s of project.environments) for (const f of s.render?.files ?? []) if (!isKustomizationFile(f) && /\.ya?ml$/.test(f)) files.add(f);
  return [...files].sort();
}

/**
 * Each edit applied as the server does, compared with the same edit through full renders (a second
 * analysis, told of two changed files, which never carries an edit); every `stride`-th value line.
 * Returns the edits and the renders they skipped.
 */
function exercise(config: ProjectConfig, options: { findings: boolean; stride: number; restrictor?: 'LoadRestrictionsNone' }): { edits: number; skipped: number } {
  const restrictor = options.restrictor ? { loadRestrictor: options.restrictor } : {};
  const reader = new WorkspaceFiles();
  const project = new ProjectAnalysis(config, { reader, cache: new RenderCache(), ...restrictor });
  const reference = new ProjectAnalysis(config, { reader, cache: new RenderCache(), ...restrictor });
  project.refreshAll();
  reference.refreshAll();
  let version = 0;
  let count = 0;
  let skipped = 0;
  const step = (file: string, text: string, what: string): void => {
    reader.setBuffer(file, ++version, text);
    project.invalidate([file]);
    reference.invalidate([file, join(config.root, 'no such file')]);
    const targets = project.affected([file]);
    const before = new Map(targets.map((s) => [s, s.render?.resources.map((r) => r.object)]));
    targets.forEach((s, i) => project.refreshEnvironment(s, i === targets.length - 1));
    const again = reference.affected([file]);
    again.forEach((s, i) => reference.refreshEnvironment(s, i === again.length - 1));
    count++;
    assert.deepEqual(targets.map((s) => s.env.name), again.map((s) => s.env.name), what);
    targets.forEach((s, i) => {
      if (sharesObjects(before.get(s), s)) skipped++;
      assertSameRender(s.render as Rendered, again[i]!.render as Rendered, `${what}, ${s.env.name}`);
    });
    if (options.findings) assert.deepEqual(project.findings(), reference.findings(), `${what}: findings`);
  };
  for (const file of resourceFiles(project)) {
    const original = readFileSync(file, 'utf8');
    edits(original).forEach((text, i) => {
      if (i % options.stride !== 0) return;
      step(file, text, `${file} edit ${i}`);
      step(file, original, `${file} edit ${i} undone`);
    });
  }
  return { edits: count, skipped };
}

/** A render that kept some of the previous one's objects or their fields' (the edit skipped rendering: a render makes every object anew). */
function sharesObjects(before: object[] | undefined, s: EnvironmentState): boolean {
  const old = new Set<unknown>();
  for (const o of before ?? []) {
    old.add(o);
    for (const v of Object.values(o)) if (v !== null && typeof v === 'object') old.add(v);
  }
  return (s.render?.resources ?? []).some((r) => old.has(r.object) || Object.values(r.object).some((v) => v !== null && typeof v === 'object' && old.has(v)));
}


test('scalar edits of the platform: every render and finding as full renders give', () => {
  const { edits: n, skipped } = exercise(loadProjectConfig(join(REPO_ROOT, 'manifests')), { findings: true, stride: 10 });
  // Most value lines of the platform are values no transformer reads (ports, limits, probes, env values), each read by 3 environments.
  assert.ok(n > 200, `${n} edits`);
  assert.ok(skipped > 0.4 * n, `${skipped} environment renders skipped in ${n} edits`);
});

test('scalar edits of the kustomize corpus: every render as full renders give', () => {
  let total = 0;
  let skipped = 0;
  for (const c of listCases().filter((c) => !c.expectError)) {
    const config: ProjectConfig = { ...loadProjectConfig(c.root), environments: [{ name: c.id, overlay: c.root, context: '', namespace: '', protected: false, facts: {} as ProjectConfig['facts'] }] };
    const r = exercise(config, { findings: false, stride: 1, ...(c.loadRestrictor === 'LoadRestrictionsNone' ? { restrictor: 'LoadRestrictionsNone' as const } : {}) });
    total += r.edits;
    skipped += r.skipped;
  }
  assert.ok(total > 500, `${total} edits`);
  assert.ok(skipped > 100, `${skipped} renders skipped of ${total} edits`);
});

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 30\n      containers:\n      - name: app\n        image: nginx\n        ports:\n        - containerPort: 8080\n';

/** Whether an edit of base/deploy.yaml from `from` to `to` re-rendered the one environment. */
function rendered(kustomization: string, from: string, to: string, extra: Record<string, string> = {}): boolean {
  const root = writeTree({ 'thebot.yaml': 'environments:\n  dev:\n    overlay: overlays/dev\n', 'base/kustomization.yaml': 'resources:\n- deploy.yaml\n', 'base/deploy.yaml': DEPLOYMENT, 'overlays/dev/kustomization.yaml': kustomization, ...extra });
  try {
    return renderedIn(root, from, to);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function renderedIn(root: string, from: string, to: string): boolean {
  const reader = new WorkspaceFiles();
  const project = new ProjectAnalysis(loadProjectConfig(root), { reader, cache: new RenderCache() });
  project.refreshAll();
  const file = join(root, 'base', 'deploy.yaml');
  const s = project.environments[0]!;
  const before = s.render!.resources.map((r) => r.object);
  const text = DEPLOYMENT.replace(from, to);
  assert.notEqual(text, DEPLOYMENT);
  reader.setBuffer(file, 1, text);
  project.invalidate([file]);
  project.refreshEnvironment(s, true);
  assertSameRender(s.render as Rendered, renderKustomization(s.env.overlay, { reader, cache: new RenderCache() }), `${from} -> ${to}`);
  return !sharesObjects(before, s);
}

test('a value no transformer reads is carried into the render; what a transformer may read renders again', () => {
  const plain = 'resources:\n- ../../base\nnamePrefix: dev-\n';
  assert.equal(rendered(plain, 'terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: 45'), false);
  assert.equal(rendered(plain, 'terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: "30"  # quoted'), false);
  // Names, images, merge keys, labels: read by transformers and strategic merges.
  assert.equal(rendered(plain, 'name: app', 'name: api'), true);
  assert.equal(rendered(plain, 'image: nginx', 'image: httpd'), true);
  assert.equal(rendered(plain, 'containerPort: 8080', 'containerPort: 8081'), true);
  // Not one scalar: a key, a new line, a null.
  assert.equal(rendered(plain, 'terminationGracePeriodSeconds: 30', 'terminationGracePeriod: 30'), true);
  assert.equal(rendered(plain, 'terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: 30\n      hostNetwork: true'), true);
  assert.equal(rendered(plain, 'terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: ~'), true);
  // A kustomization that may read any value: replacements, a JSON patch copy.
  assert.equal(rendered(`${plain}replacements:\n- path: r.yaml\n`, 'terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: 45', { 'overlays/dev/r.yaml': 'source:\n  kind: Deployment\n  fieldPath: spec.template.spec.terminationGracePeriodSeconds\ntargets:\n- select:\n    kind: Deployment\n  fieldPaths:\n  - spec.template.spec.activeDeadlineSeconds\n  options:\n    create: true\n' }), true);
  assert.equal(rendered(`${plain}patches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: copy\n      from: /spec/template/spec/terminationGracePeriodSeconds\n      path: /spec/minReadySeconds\n`, 'terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: 45'), true);
  // Overridden by a patch: nothing to carry, and nothing rendered.
  assert.equal(rendered(`${plain}patches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: replace\n      path: /spec/template/spec/terminationGracePeriodSeconds\n      value: 5\n`, 'terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: 45'), false);
});
