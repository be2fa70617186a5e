// Go to definition and find references. Definition: from a field that names
// another object (configMapRef, claimName, serviceName, backend service,
// scaleTargetRef …) to the document defining that object in each
// environment; from a kustomization entry to the file or directory it names;
// from a patch to the objects it patches. References: from an object's
// definition to every field, in every environment, that names it (found in
// the rendered objects and mapped back through origins). A generated
// ConfigMap/Secret is defined by its generator entry and every overlay entry
// that merges into it (services/generatorEntries.ts).
import { isScalar } from 'yaml';
import type { Location, Position, Range } from '../findings';
import type { PathSegment, RenderedResource } from '../kustomize/model';
import type { ParsedYaml } from '../documents/parse';
import { documentIndexAt, nodeAt, offsetAt, plainValue, rangeOfPath } from '../documents/locate';
import { counterparts, valueAt, type RenderedEnvironment } from './counterparts';
import { isKustomizationFile, kustomizationEntries } from './kustomization';
import { generatorEntriesOf, generatorEntryAt, type GeneratorEntry } from './generatorEntries';
import { keysOf, objectsOfKind, portReferenceAt, portsOf, referenceAt, referenceName } from './references';

export interface NavigationInput {
  file: string;
  parsed: ParsedYaml;
  position: Position;
  environments: RenderedEnvironment[];
  parseFile(file: string): ParsedYaml | undefined;
  /** The kustomization file of a directory, if it has one. */
  kustomizationIn(dir: string): string | undefined;
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definition(input: NavigationInput): Location[] {
  const offset = offsetAt(input.parsed, input.position);
  if (isKustomizationFile(input.file)) {
    const entry = kustomizationEntries(input.file, input.parsed).find((e) => contains(e.range, input.position));
    if (entry) {
      const target = input.kustomizationIn(entry.path) ?? entry.path;
      return [{ file: target, range: START }];
    }
  }
  const at = nodeAt(input.parsed, offset);
  if (!at || at.path.length === 0) return [];
  const doc = at.document;
  if (isKustomizationFile(input.file)) {
    const targets = kustomizationTargets(input, at.path, plainValue(doc));
    if (targets) return targets;
  }
  const value = isScalar(at.node) && !at.onKey ? at.node.value : undefined;
  const root = plainValue(doc);
  if (typeof value === 'string' || typeof value === 'number') {
    const sib = valueAt(root, at.path.slice(0, -1));
    const ref =
      referenceAt(at.path, (sib && typeof sib === 'object' ? sib : {}) as Record<string, unknown>) ??
      portReferenceAt(at.path, valueAt(root, at.path.slice(0, -2)) as Record<string, unknown> | undefined);
    if (ref) {
      const out: Location[] = [];
      if (ref.type === 'name') {
        for (const o of objectsOfKind(ref.kind, input.environments, input.parseFile)) if (o.name === value) out.push(...definitionSites(input, o.resource));
      } else {
        const kind = ref.type === 'key' ? ref.kind : 'Service';
        for (const o of objectsOfKind(kind, input.environments, input.parseFile)) {
          if (o.name !== ref.name) continue;
          if (ref.type === 'key' && keysOf(o.resource).includes(String(value))) {
            const field = ['data', 'stringData', 'binaryData'].find((f) => valueAt(o.resource.object, [f, String(value)]) !== undefined)!;
            out.push(originLocation(o.resource, [field, String(value)]));
          } else if (ref.type === 'port') {
            const i = portsOf(o.resource).findIndex((p) => (ref.by === 'number' ? p.port === Number(value) : p.name === value));
            if (i >= 0) out.push(originLocation(o.resource, ['spec', 'ports', i]));
          }
        }
      }
      return dedupe(out);
    }
  }
  // A patch's kind/name: the objects it patches.
  const p = at.path;
  if ((p.length === 1 && p[0] === 'kind') || (p.length === 2 && p[0] === 'metadata' && p[1] === 'name')) {
    const hits = counterparts(input.file, input.parsed, at.docIndex, input.environments, input.parseFile);
    const patched = hits.filter((h) => h.resource.origin.file !== input.file);
    return dedupe(patched.map((h) => definitionSite(input, h.resource)));
  }
  return [];
}

/**
 * In a kustomization: a patch's `target` (kind/name) and a `replicas[].name`
 * lead to the objects they select, by the names the sources use.
 */
function kustomizationTargets(input: NavigationInput, path: PathSegment[], data: unknown): Location[] | undefined {
  let kind: string[] | undefined;
  let name: unknown;
  if ((path[0] === 'patches' || path[0] === 'patchesJson6902') && path[2] === 'target' && path.length === 4) {
    const target = valueAt(data, path.slice(0, 3)) as { kind?: unknown; name?: unknown } | undefined;
    kind = typeof target?.kind === 'string' ? [target.kind] : undefined;
    name = target?.name;
  } else if (path[0] === 'replicas' && path[2] === 'name' && path.length === 3) {
    kind = ['Deployment', 'StatefulSet', 'ReplicaSet'];
    name = valueAt(data, path);
  } else return undefined;
  if (typeof name !== 'string') return undefined;
  const out: Location[] = [];
  for (const env of input.environments) {
    for (const r of env.render.resources) {
      if (kind && !kind.includes(String(r.object.kind))) continue;
      if (referenceName(r, input.parseFile) === name) out.push(definitionSite(input, r));
    }
  }
  return dedupe(out);
}

/**
 * Every field in the environments that names the object defined at the cursor
 * (its metadata.name, or a generator entry), and the other generator entries
 * that build it (an overlay's `behavior: merge`).
 */
export function references(input: NavigationInput): Location[] {
  const at = nodeAt(input.parsed, offsetAt(input.parsed, input.position));
  if (!at) return [];
  const entry = isKustomizationFile(input.file) ? generatorEntryAt(input.file, input.parsed, input.position) : undefined;
  const hits = entry
    ? generatedBy(input, entry)
    : counterparts(input.file, input.parsed, documentIndexAt(input.parsed, offsetAt(input.parsed, input.position)), input.environments, input.parseFile);
  const out: Location[] = [];
  for (const { env, resource: target } of hits) {
    const kind = String(target.object.kind);
    const name = referenceName(target, input.parseFile);
    const rendered = (target.object.metadata as { name?: unknown } | undefined)?.name;
    const envRender = input.environments.find((e) => e.name === env);
    if (!name || !envRender) continue;
    for (const e of generatorEntriesOf(target, input.parseFile)) {
      if (!(e.file === input.file && contains(e.nameRange, input.position)) && !(entry && sameEntry(e, entry))) out.push({ file: e.file, range: e.nameRange });
    }
    for (const r of envRender.render.resources) {
      walkStrings(r.object, [], (path, v, parent) => {
        if (v !== rendered && v !== name) return;
        const ref = referenceAt(path, parent);
        if (ref?.type === 'name' && ref.kind === kind) out.push(referenceLocation(r, path));
      });
    }
  }
  return dedupe(out);
}

/** Where the source names the object: the name reference that rewrote it to the generated (hashed, prefixed) name is not that place. */
function referenceLocation(resource: RenderedResource, path: PathSegment[]): Location {
  const written = resource.historyOf(path).filter((o) => o.by !== 'nameReference');
  const o = written[written.length - 1];
  return o ? { file: o.file, range: o.range } : originLocation(resource, path);
}

/** The objects each environment generated with the entry among their makers. */
function generatedBy(input: NavigationInput, entry: GeneratorEntry): { env: string; resource: RenderedResource }[] {
  const out: { env: string; resource: RenderedResource }[] = [];
  for (const env of input.environments) {
    for (const resource of env.render.resources) {
      if (generatorEntriesOf(resource, input.parseFile).some((e) => sameEntry(e, entry))) out.push({ env: env.name, resource });
    }
  }
  return out;
}

const sameEntry = (a: GeneratorEntry, b: GeneratorEntry): boolean => a.file === b.file && a.field === b.field && a.index === b.index;

function walkStrings(v: unknown, path: PathSegment[], visit: (path: PathSegment[], v: string, parent: Record<string, unknown>) => void, parent: Record<string, unknown> = {}): void {
  if (typeof v === 'string') visit(path, v, parent);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, [...path, i], visit, parent));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walkStrings(x, [...path, k], visit, v as Record<string, unknown>);
}

/** Where an object is defined: its document's metadata.name, or the name of each generator entry that builds it (the overlays' merges too). */
function definitionSites(input: NavigationInput, resource: RenderedResource): Location[] {
  const entries = generatorEntriesOf(resource, input.parseFile);
  return entries.length ? entries.map((e) => ({ file: e.file, range: e.nameRange })) : [definitionSite(input, resource)];
}

/** The defining document's metadata.name (or the generator entry for generated objects). */
function definitionSite(input: NavigationInput, resource: RenderedResource): Location {
  const o = resource.origin;
  if (o.by === 'resource') {
    const parsed = input.parseFile(o.file);
    if (parsed) {
      const docIndex = documentIndexAt(parsed, offsetAt(parsed, o.range.start));
      const range = rangeOfPath(parsed, docIndex, ['metadata', 'name']);
      if (range) return { file: o.file, range };
    }
  }
  return { file: o.file, range: o.range };
}

function originLocation(resource: RenderedResource, path: PathSegment[]): Location {
  const o = resource.originOf(path) ?? resource.origin;
  return { file: o.file, range: o.range };
}

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

function dedupe(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const k = `${l.file}:${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

