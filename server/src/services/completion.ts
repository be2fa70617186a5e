// Completion: schema keys at the cursor (a new object's required fields as a
// snippet), enum values, apiVersion/kind pairs, names of the objects the
// environments define where a field refers to one (ConfigMaps, Secrets,
// Services and their ports, PVCs, ServiceAccounts, PriorityClasses, keys of a
// ConfigMap/Secret), and in kustomization files: fields, resource and patch
// paths, image names and workload names.
import { dirname, resolve } from 'node:path';
import { isMap, isNode, isSeq, type Document } from 'yaml';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver-types';
import type { Position } from '../findings';
import type { PathSegment, RenderedResource } from '../kustomize/model';
import type { ParsedYaml } from '../documents/parse';
import { documentIndexAt, nodeAt, offsetAt, plainValue } from '../documents/locate';
import { completionContext, type CompletionContext } from './completionContext';
import { identityOf, valueAt, type RenderedEnvironment } from './counterparts';
import { isKustomizationFile } from './kustomization';
import { keysOf, objectsOfKind, portReferenceAt, portsOf, referenceAt, referenceName } from './references';
import type { SchemaDescription } from './hover';
import { KUSTOMIZATION_TYPE } from './hover';
import { CONFIG_TYPE, configNameItems, isProjectConfigFile, withConfigSchema } from './configSchema';

export const COMPLETION_TRIGGERS = [' ', '/'];

export interface FullDescription extends SchemaDescription {
  required?: string[];
  properties?: Record<string, { type: string; description: string; required: boolean }>;
}

export interface DirEntry {
  name: string;
  directory: boolean;
  /** A directory holding a kustomization file. */
  kustomization: boolean;
}

export interface CompletionInput {
  file: string;
  parsed: ParsedYaml;
  position: Position;
  environments: RenderedEnvironment[];
  describe(apiVersion: string, kind: string, path: PathSegment[]): FullDescription | undefined;
  listKinds(): { apiVersion: string; kind: string }[];
  parseFile(file: string): ParsedYaml | undefined;
  listDirectory(dir: string): DirEntry[];
  /** The character that triggered completion automatically, if any. */
  triggerCharacter?: string;
}

export function complete(input: CompletionInput): CompletionItem[] {
  input = withConfigSchema(input);
  // A space only asks for completion right after `key: ` or `- `; not while indenting or writing prose.
  if (input.triggerCharacter === ' ') {
    const line = input.parsed.text.split('\n')[input.position.line] ?? '';
    if (!/(:|^\s*-) $/.test(line.slice(0, input.position.character))) return [];
  }
  const lineCtx = completionContext(input.parsed.text, input.position);
  const docIndex = documentIndexAt(input.parsed, offsetAt(input.parsed, { line: lineCtx.documentStartLine, character: 0 }));
  const document = input.parsed.documents[docIndex];
  // The line scan numbers every list item 0; the keys already present (and
  // the sibling values) are those of the item under the cursor.
  const ctx = { ...lineCtx, path: itemPath(document, lineCtx.path, offsetAt(input.parsed, input.position)) };
  let id = identityOf(document);
  const kustomization = isKustomizationFile(input.file);
  if (kustomization && !id.kind) id = { ...KUSTOMIZATION_TYPE };
  const config = isProjectConfigFile(input.file);
  if (config) id = { ...CONFIG_TYPE };
  const edit = { start: { line: input.position.line, character: ctx.prefixStart }, end: input.position };
  const items = ctx.mode === 'key' ? keyItems(input, ctx, document, id) : valueItems(input, ctx, document, id, kustomization);
  if (ctx.mode === 'item') items.push(...keyItems(input, ctx, document, id));
  if (config) items.push(...configNameItems(ctx.mode, ctx.path, document));
  return items.map((item) => ({ ...item, textEdit: { range: edit, newText: item.insertText ?? item.label } }));
}

function schemaPath(path: PathSegment[]): PathSegment[] {
  return path.map((s) => (typeof s === 'number' ? 0 : s));
}

function keyItems(input: CompletionInput, ctx: CompletionContext, document: Document.Parsed | undefined, id: { apiVersion?: string; kind?: string }): CompletionItem[] {
  if (ctx.path.length === 0 && !id.kind) return kindSnippets(input);
  if (!id.apiVersion || !id.kind) return [];
  const d = input.describe(id.apiVersion, id.kind, schemaPath(ctx.path));
  if (!d?.properties) return [];
  const existing = existingKeys(document, ctx.path);
  const items: CompletionItem[] = [];
  for (const [name, p] of Object.entries(d.properties)) {
    if (existing.has(name) || name === 'status') continue;
    const child = input.describe(id.apiVersion, id.kind, [...schemaPath(ctx.path), name]);
    items.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail: p.required ? `${p.type} (required)` : p.type,
      documentation: p.description ? { kind: MarkupKind.Markdown, value: p.description } : undefined,
      insertText: keySnippet(input, id.apiVersion, id.kind, [...schemaPath(ctx.path), name], name, p.type, child),
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `${p.required ? '0' : '1'}${name}`,
    });
  }
  return items;
}

/** `name: ` for scalars; for objects and lists of objects, the required fields as tab stops. */
function keySnippet(input: CompletionInput, apiVersion: string, kind: string, path: PathSegment[], name: string, type: string, d: FullDescription | undefined): string {
  if (type.startsWith('[]')) {
    const item = input.describe(apiVersion, kind, [...path, 0]);
    const req = item?.required ?? [];
    if (item?.properties && req.length) return `${name}:\n  - ${req.map((r, i) => `${r}: $${i + 1}`).join('\n    ')}`;
    return `${name}:\n  - $1`;
  }
  if (type.startsWith('map[')) return `${name}:\n  \${1:key}: $2`;
  if (d?.properties) {
    const req = d.required ?? [];
    return req.length ? `${name}:\n  ${req.map((r, i) => `${r}: $${i + 1}`).join('\n  ')}` : `${name}:\n  $1`;
  }
  if (d?.enum?.length) return `${name}: \${1|${d.enum.map(String).join(',')}|}`;
  return `${name}: $1`;
}

/** `path` with each list index replaced by the item the cursor is in (the last item starting before it). */
function itemPath(document: Document.Parsed | undefined, path: PathSegment[], offset: number): PathSegment[] {
  let node: unknown = document?.contents;
  return path.map((seg) => {
    if (typeof seg === 'number') {
      if (!isSeq(node)) return seg;
      let index = seg;
      node.items.forEach((item, i) => {
        const start = isNode(item) ? item.range?.[0] : undefined;
        if (start !== undefined && start <= offset) index = i;
      });
      node = node.items[index];
      return index;
    }
    node = isMap(node) ? node.get(seg, true) : undefined;
    return seg;
  });
}

function existingKeys(document: Document.Parsed | undefined, path: PathSegment[]): Set<string> {
  if (!document) return new Set();
  const node = path.length ? document.getIn(path, true) : document.contents;
  if (!isMap(node)) return new Set();
  return new Set(node.items.map((p) => String((p.key as { value?: unknown })?.value ?? p.key)));
}

function kindSnippets(input: CompletionInput): CompletionItem[] {
  return input
    .listKinds()
    .filter((k) => !k.kind.endsWith('List'))
    .map((k) => ({
      label: k.kind,
      kind: CompletionItemKind.Class,
      detail: k.apiVersion,
      filterText: k.kind,
      insertText: `apiVersion: ${k.apiVersion}\nkind: ${k.kind}\nmetadata:\n  name: \${1:name}\n$0`,
      insertTextFormat: InsertTextFormat.Snippet,
    }));
}

function valueItems(
  input: CompletionInput,
  ctx: CompletionContext,
  document: Document.Parsed | undefined,
  id: { apiVersion?: string; kind?: string },
  kustomization: boolean,
): CompletionItem[] {
  const path = ctx.path;
  const field = path[path.length - 1];
  const items: CompletionItem[] = [];
  if (path.length === 1 && field === 'apiVersion') {
    const versions = new Set(input.listKinds().filter((k) => !id.kind || k.kind === id.kind).map((k) => k.apiVersion));
    return [...versions].sort().map((v) => ({ label: v, kind: CompletionItemKind.Value }));
  }
  if (path.length === 1 && field === 'kind') {
    return input
      .listKinds()
      .filter((k) => (!id.apiVersion || k.apiVersion === id.apiVersion) && !k.kind.endsWith('List'))
      .map((k) => ({ label: k.kind, kind: CompletionItemKind.Class, detail: k.apiVersion }));
  }
  if (kustomization) items.push(...kustomizationValues(input, path, ctx.prefix));
  items.push(...referenceValues(input, path, document));
  if (id.apiVersion && id.kind) {
    const d = input.describe(id.apiVersion, id.kind, schemaPath(path));
    for (const v of d?.enum ?? []) items.push({ label: String(v), kind: CompletionItemKind.EnumMember, detail: d?.type });
    if (d?.type === 'boolean') items.push({ label: 'true', kind: CompletionItemKind.Value }, { label: 'false', kind: CompletionItemKind.Value });
  }
  return items;
}

/** Values of the map holding the field at `path`, as far as the (possibly incomplete) document parses. */
function siblings(document: Document.Parsed | undefined, path: PathSegment[]): Record<string, unknown> {
  const node = document?.getIn(path.slice(0, -1), true);
  const value = isMap(node) && document ? plainValue({ toJS: (o) => node.toJS(document, o) }) : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function referenceValues(input: CompletionInput, path: PathSegment[], document: Document.Parsed | undefined): CompletionItem[] {
  const sib = siblings(document, path);
  const serviceMap = valueAt(plainValue(document) ?? {}, path.slice(0, -2));
  const ref = referenceAt(path, sib) ?? portReferenceAt(path, serviceMap as Record<string, unknown> | undefined);
  if (!ref) return [];
  const found = new Map<string, { envs: string[]; resource: RenderedResource; extra?: string }>();
  const add = (label: string, env: string, resource: RenderedResource, extra?: string): void => {
    const hit = found.get(label);
    if (hit) {
      if (!hit.envs.includes(env)) hit.envs.push(env);
    } else found.set(label, { envs: [env], resource, extra });
  };
  if (ref.type === 'name') {
    for (const o of objectsOfKind(ref.kind, input.environments, input.parseFile)) add(o.name, o.env, o.resource);
  } else {
    const kind = ref.type === 'key' ? ref.kind : 'Service';
    for (const o of objectsOfKind(kind, input.environments, input.parseFile)) {
      if (o.name !== ref.name) continue;
      if (ref.type === 'key') for (const k of keysOf(o.resource)) add(k, o.env, o.resource);
      else
        for (const p of portsOf(o.resource)) {
          if (ref.by === 'number') add(String(p.port), o.env, o.resource, p.name);
          else if (p.name) add(p.name, o.env, o.resource, String(p.port));
        }
    }
  }
  const what = ref.type === 'name' ? ref.kind : ref.type === 'key' ? `key of ${ref.kind} ${ref.name}` : `port of Service ${ref.name}`;
  return [...found].map(([label, { envs, extra }]) => ({
    label,
    kind: ref.type === 'name' ? CompletionItemKind.Reference : CompletionItemKind.Value,
    detail: `${what}${extra ? ` (${extra})` : ''} — ${envs.join(', ')}`,
  }));
}

const PATH_FIELDS = new Set(['resources', 'bases', 'components', 'crds', 'patchesStrategicMerge']);

function kustomizationValues(input: CompletionInput, path: PathSegment[], prefix: string): CompletionItem[] {
  const top = path[0];
  const last = path[path.length - 1];
  const isPath = (PATH_FIELDS.has(String(top)) && path.length === 2) || ((top === 'patches' || top === 'patchesJson6902') && last === 'path');
  if (isPath) return pathItems(input, prefix, top === 'resources' || top === 'bases' || top === 'components');
  if (top === 'images' && last === 'name') return imageNames(input);
  if (top === 'replicas' && last === 'name') {
    const names = new Set<string>();
    for (const env of input.environments)
      for (const r of env.render.resources)
        if (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(String(r.object.kind))) {
          const n = referenceName(r, input.parseFile);
          if (n) names.add(n);
        }
    return [...names].sort().map((n) => ({ label: n, kind: CompletionItemKind.Reference }));
  }
  return [];
}

/** Files and kustomization directories relative to the kustomization's directory. */
function pathItems(input: CompletionInput, prefix: string, directories: boolean): CompletionItem[] {
  const base = dirname(input.file);
  const typedDir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
  const dir = resolve(base, typedDir);
  const items: CompletionItem[] = [];
  if (!typedDir || /^(\.\.\/)+$/.test(typedDir)) items.push({ label: `${typedDir}../`, kind: CompletionItemKind.Folder, command: retrigger });
  for (const e of input.listDirectory(dir)) {
    const rel = `${typedDir}${e.name}`;
    if (e.directory) {
      if (directories && e.kustomization) items.push({ label: rel, kind: CompletionItemKind.Module, detail: 'kustomization' });
      items.push({ label: `${rel}/`, kind: CompletionItemKind.Folder, command: retrigger });
    } else if (/\.ya?ml$/.test(e.name) && resolve(dir, e.name) !== input.file) {
      items.push({ label: rel, kind: CompletionItemKind.File });
    }
  }
  return items;
}

const retrigger = { title: 'suggest', command: 'editor.action.triggerSuggest' };

/** Image names as the base manifests write them (what `images[].name` must match). */
function imageNames(input: CompletionInput): CompletionItem[] {
  const names = new Map<string, string[]>();
  for (const env of input.environments) {
    for (const r of env.render.resources) {
      for (const path of containerImagePaths(r.object)) {
        const first = r.historyOf(path)[0];
        const original = first ? sourceText(input, first.file, first.range.start) : undefined;
        const image = original ?? String(valueAt(r.object, path));
        const name = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
        names.set(name, [...new Set([...(names.get(name) ?? []), env.name])]);
      }
    }
  }
  return [...names].map(([name, envs]) => ({ label: name, kind: CompletionItemKind.Value, detail: `image — ${envs.join(', ')}` }));
}

function containerImagePaths(obj: Record<string, unknown>): PathSegment[][] {
  const out: PathSegment[][] = [];
  for (const spec of [['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec'], ['spec']] as PathSegment[][]) {
    for (const list of ['initContainers', 'containers']) {
      const cs = valueAt(obj, [...spec, list]);
      if (Array.isArray(cs)) cs.forEach((c, i) => c && typeof c === 'object' && typeof (c as { image?: unknown }).image === 'string' && out.push([...spec, list, i, 'image']));
    }
    if (out.length) break;
  }
  return out;
}

/** The scalar written at a position of a file (the value an origin points at). */
function sourceText(input: CompletionInput, file: string, pos: Position): string | undefined {
  const parsed = input.parseFile(file);
  if (!parsed) return undefined;
  const at = nodeAt(parsed, offsetAt(parsed, pos));
  const v = (at?.node as { value?: unknown } | undefined)?.value;
  return typeof v === 'string' ? v : undefined;
}

