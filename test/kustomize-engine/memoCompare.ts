// Compares two renders of the same kustomization in everything a consumer
// sees: bytes, errors, warnings, files read, and the origin and history of
// every path of every resource (for the build memo tests).
import assert from 'node:assert/strict';
import type { PathSegment, RenderResult, RenderedResource } from '../../server/src/kustomize/model';

type Rendered = RenderResult & { warnings: unknown[] };

function paths(v: unknown, at: PathSegment[], out: PathSegment[][]): PathSegment[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function originsOf(r: RenderedResource): unknown[] {
  return paths(r.object, [], []).map((p) => ({ path: p, origin: r.originOf(p), history: r.historyOf(p) }));
}

export function assertSameRender(actual: Rendered, expected: Rendered, what: string): void {
  assert.equal(actual.toYaml(), expected.toYaml(), `${what}: bytes`);
  assert.deepEqual(actual.errors, expected.errors, `${what}: errors`);
  assert.deepEqual(actual.warnings, expected.warnings, `${what}: warnings`);
  assert.deepEqual(actual.files, expected.files, `${what}: files`);
  assert.equal(actual.resources.length, expected.resources.length, `${what}: resources`);
  actual.resources.forEach((r, i) => {
    assert.deepEqual(r.origin, expected.resources[i]!.origin, `${what}: origin of resource ${i}`);
    assert.deepEqual(originsOf(r), originsOf(expected.resources[i]!), `${what}: origins in resource ${i}`);
  });
}
