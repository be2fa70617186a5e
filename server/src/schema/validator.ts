// The schema validator's API: validate an object by its apiVersion/kind, and
// look up schema information for hover and completion. Pure: no LSP types, no
// editor; the schemas are loaded once per process, on first use.
import type { PathSegment } from '../kustomize/model';
import { Compiler, T_ARRAY, T_BOOLEAN, T_INTEGER, T_NUMBER, T_OBJECT, T_STRING, type SchemaNode } from './compile';
import { apiDeprecation } from './deprecations';
import { locateSchemas, SchemaStore } from './store';
import { CODES, walk, type SchemaProblem, type WalkContext } from './walk';

export const DEFAULT_KUBERNETES_VERSION = '1.34';

export interface ValidateOptions {
  /** The cluster's Kubernetes version ("1.34"); decides deprecated/removed apiVersions. */
  kubernetesVersion?: string;
  /** 'patch': a partial object; unknown and mistyped fields are errors, missing required fields are not. */
  mode: 'full' | 'patch';
}

export interface Description {
  description: string;
  /** kubectl-explain style: "Container", "[]Container", "map[string]string", "integer", "int-or-string", "quantity". */
  type: string;
  enum?: unknown[];
  default?: unknown;
  format?: string;
  /** Required fields of the object at the path. */
  required?: string[];
  properties?: Record<string, { type: string; description: string; required: boolean }>;
}

export class SchemaValidator {
  private readonly compiler: Compiler;
  /** The same schemas with their descriptions (describe: hover, completion), compiled on first use. */
  private described: Compiler | undefined;

  constructor(readonly store: SchemaStore) {
    this.compiler = new Compiler(store);
  }

  /** The compiled schema of a kind, or undefined when none is known. */
  schemaFor(apiVersion: string, kind: string): SchemaNode | undefined {
    const entry = this.store.kinds().get(`${apiVersion}/${kind}`);
    return entry && this.compiler.definition(entry.bundle, entry.definition);
  }

  /** Loads every bundle and compiles every kind (~60 ms): call at start-up so the first edit does not pay for it. */
  /** Compiles every kind's schema ahead of use. */
  warmUp(): void {
    for (const _ of this.warmUpSteps());
  }

  /** The same, one kind per step (the caller lets other work in between). */
  *warmUpSteps(): Generator<void> {
    for (const k of this.listKinds()) {
      this.schemaFor(k.apiVersion, k.kind);
      yield;
    }
    // The descriptions' files read too (a definition's are parsed when first
    // described): the first hover does not wait for a megabyte to be read.
    for (const b of new Set([...this.store.kinds().values()].map((e) => e.bundle))) {
      b.docs('');
      yield;
    }
  }

  listKinds(): { apiVersion: string; kind: string }[] {
    return [...this.store.kinds().keys()].map((key) => {
      const slash = key.lastIndexOf('/');
      return { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1) };
    });
  }

  validateObject(obj: unknown, options: ValidateOptions): SchemaProblem[] {
    const patch = options.mode === 'patch';
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      return [{ path: [], message: `expected object, got ${Array.isArray(obj) ? 'array' : typeof obj}`, code: CODES.type, severity: 'error', target: 'value' }];
    }
    const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
    if (typeof apiVersion !== 'string' || !apiVersion || typeof kind !== 'string' || !kind) {
      if (patch) return [{ path: [], message: 'no schema for a patch without apiVersion and kind: not validated', code: CODES.noSchema, severity: 'warning', target: 'key' }];
      const missing = [typeof apiVersion !== 'string' || !apiVersion ? 'apiVersion' : undefined, typeof kind !== 'string' || !kind ? 'kind' : undefined];
      return missing.filter((f): f is string => !!f).map((f) => ({ path: [], message: `missing required field "${f}" in object`, code: CODES.required, severity: 'error', target: 'key' }));
    }
    const problems: SchemaProblem[] = [];
    const deprecation = apiDeprecation(apiVersion, kind, options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
    if (deprecation) problems.push(deprecation);
    const node = this.schemaFor(apiVersion, kind);
    if (!node) {
      if (deprecation?.severity !== 'error') {
        problems.push({ path: ['kind'], message: `no schema for ${apiVersion} ${kind}: not validated`, code: CODES.noSchema, severity: 'warning', target: 'value' });
      }
      return problems;
    }
    const ctx: WalkContext = { patch, kind, redact: kind === 'Secret' && apiVersion === 'v1', problems };
    walk(obj, node, [], ctx);
    return sopsEncrypted(obj) ? problems.filter((p) => !sopsArtifact(obj, p)) : problems;
  }

  /**
   * A kustomization file. apiVersion and kind may be omitted (kustomize then
   * assumes a v1beta1 Kustomization); when present, the schema's enums check them.
   */
  validateKustomization(obj: unknown): SchemaProblem[] {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return this.validateObject(obj, { mode: 'full' });
    const kind = (obj as { kind?: unknown }).kind === 'Component' ? 'Component' : 'Kustomization';
    const node = kind === 'Component' ? this.schemaFor('kustomize.config.k8s.io/v1alpha1', 'Component')! : this.schemaFor('kustomize.config.k8s.io/v1beta1', 'Kustomization')!;
    // kustomize decodes its kustomization with Go's encoding/json: field names match case-insensitively.
    const ctx: WalkContext = { patch: false, kind, redact: false, problems: [], foldKeys: true };
    walk(obj, node, [], ctx);
    return ctx.problems;
  }

  /** Schema information at `path` inside a kind (array indices step into items). */
  describe(apiVersion: string, kind: string, path: PathSegment[]): Description | undefined {
    const entry = this.store.kinds().get(`${apiVersion}/${kind}`);
    let node = entry && (this.described ??= new Compiler(this.store, true)).definition(entry.bundle, entry.definition);
    let description = node?.description ?? '';
    let fieldDefault: unknown;
    for (const seg of path) {
      if (!node) return undefined;
      if (typeof seg === 'number') {
        node = node.items;
        description = node?.description ?? description;
        continue;
      }
      const prop = node.properties?.get(seg);
      if (prop) {
        node = prop.node;
        description = prop.description ?? node.description ?? '';
        fieldDefault = prop.default;
      } else if (typeof node.additional === 'object') {
        node = node.additional;
        description = node.description ?? '';
      } else {
        return undefined;
      }
    }
    if (!node) return undefined;
    const d: Description = { description, type: typeName(node) };
    if (node.enumValues) d.enum = node.enumValues;
    const dflt = fieldDefault ?? node.default;
    if (dflt !== undefined) d.default = dflt;
    if (node.format) d.format = node.format;
    if (node.required) d.required = node.required;
    if (node.properties) {
      d.properties = {};
      for (const [name, p] of node.properties) {
        d.properties[name] = { type: typeName(p.node), description: p.description ?? p.node.description ?? '', required: node.required?.includes(name) ?? false };
      }
    }
    return d;
  }
}

function typeName(node: SchemaNode): string {
  if (node.format === 'quantity') return 'quantity';
  if (node.intOrString) return 'int-or-string';
  if (node.types & T_ARRAY) return `[]${node.items ? typeName(node.items) : 'any'}`;
  if (node.types & T_OBJECT) {
    if (node.properties && node.title) return node.title;
    if (typeof node.additional === 'object') return `map[string]${typeName(node.additional)}`;
    return 'object';
  }
  if (node.types & T_STRING) return 'string';
  if (node.types & T_INTEGER) return 'integer';
  if (node.types & T_NUMBER) return 'number';
  if (node.types & T_BOOLEAN) return 'boolean';
  return 'any';
}

let shared: SchemaValidator | undefined;

/** The process-wide validator over the bundled schemas/ directory. */
export function schemaValidator(): SchemaValidator {
  shared ??= new SchemaValidator(new SchemaStore(locateSchemas()));
  return shared;
}

/**
 * A document SOPS encrypted (Flux and argocd-vault-plugin decrypt it at apply
 * time): its `sops` metadata (`mac`, `lastmodified`) is no field of the kind,
 * and each encrypted value is an `ENC[AES256_GCM,...]` string, whatever the
 * field's type. As decrypted, neither is there: not reported.
 */
function sopsEncrypted(obj: object): boolean {
  const sops = (obj as { sops?: unknown }).sops;
  return !!sops && typeof sops === 'object' && !Array.isArray(sops) && ('mac' in sops || 'lastmodified' in sops);
}

function sopsArtifact(obj: object, p: SchemaProblem): boolean {
  if (p.path[0] === 'sops') return true;
  let v: unknown = obj;
  for (const seg of p.path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return typeof v === 'string' && v.startsWith('ENC[');
}
