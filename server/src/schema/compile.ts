// Turns raw schema JSON into SchemaNodes the walker can check quickly: type
// sets as bit masks, properties in Maps, enums in Sets, patterns compiled once.
// Each definition is compiled once, the first time something reaches it, and
// shared by every kind that uses it (PodSpec serves Deployment, Job, …).
import { withDocs } from './docs';
import type { Bundle, RawSchema, SchemaStore } from './store';

export const T_OBJECT = 1;
export const T_ARRAY = 2;
export const T_STRING = 4;
export const T_INTEGER = 8;
export const T_NUMBER = 16;
export const T_BOOLEAN = 32;
const TYPE_BITS: Record<string, number> = { object: T_OBJECT, array: T_ARRAY, string: T_STRING, integer: T_INTEGER, number: T_NUMBER, boolean: T_BOOLEAN };

export interface Property {
  node: SchemaNode;
  /** The property's own description (the referenced type's description is on node). */
  description?: string;
  default?: unknown;
  deprecated?: boolean;
}

export interface SchemaNode {
  /** Bit mask of T_*; 0 = any type. */
  types: number;
  /** Short type name from the definition, e.g. "Container"; used for hover. */
  title?: string;
  description?: string;
  properties?: Map<string, Property>;
  /** Schema of undeclared keys; false = they are errors; true = anything goes. */
  additional: SchemaNode | boolean;
  required?: string[];
  items?: SchemaNode;
  enumValues?: unknown[];
  enumSet?: Set<unknown>;
  /** `x-thebot-otherwise`: what kustomize reads a value outside the enum as (a warning, not an error). */
  enumOtherwise?: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  preserveUnknown: boolean;
  intOrString: boolean;
  /** Values below are secrets (x-thebot-sensitive): never quoted in messages. */
  sensitive?: boolean;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  default?: unknown;
}

/**
 * Fields the OpenAPI document lists as required (a Go field without
 * `omitempty` or `+optional`) that the API server does not require: its
 * validation accepts them absent, so a missing one is not an error.
 * EndpointSlice `endpoints`: a slice with no endpoints is valid (the
 * controller writes `endpoints: null` for a Service without ready pods;
 * gateway-api's conformance suite applies such slices).
 */
const NOT_ENFORCED_REQUIRED: Record<string, string[]> = {
  'io.k8s.api.discovery.v1.EndpointSlice': ['endpoints'],
};

export class Compiler {
  private readonly memo = new Map<string, SchemaNode>();

  constructor(
    private readonly store: SchemaStore,
    /** Merge each definition's descriptions (docs.ts) before compiling it: hover and completion show them, validation does not need them. */
    private readonly descriptions = false,
  ) {}

  definition(bundle: Bundle, name: string): SchemaNode {
    const key = `${bundle.name}#${name}`;
    let node = this.memo.get(key);
    if (node) return node;
    const schema = bundle.definition(name);
    if (!schema) throw new Error(`definition ${name} missing from ${bundle.name}`);
    const raw = this.descriptions ? withDocs(schema, bundle.docs(name)) : schema;
    // Register before filling so recursive definitions (JSONSchemaProps) resolve to the same node.
    node = { types: 0, additional: true, preserveUnknown: false, intOrString: false };
    this.memo.set(key, node);
    Object.assign(node, this.compile(bundle, raw), { title: name.slice(name.lastIndexOf('.') + 1) });
    const optional = NOT_ENFORCED_REQUIRED[name];
    if (optional && node.required) node.required = node.required.filter((r) => !optional.includes(r));
    return node;
  }

  private compile(bundle: Bundle, s: RawSchema): SchemaNode {
    if (typeof s.$ref === 'string') {
      const target = this.store.resolveRef(bundle, s.$ref);
      return this.definition(target.bundle, target.definition);
    }
    const node: SchemaNode = {
      types: typeBits(s.type),
      additional: true,
      preserveUnknown: s['x-kubernetes-preserve-unknown-fields'] === true,
      intOrString: s['x-kubernetes-int-or-string'] === true,
    };
    if (typeof s.description === 'string') node.description = s.description;
    if (s['x-thebot-sensitive'] === true) node.sensitive = true;
    if (s.properties) {
      node.properties = new Map();
      for (const [name, p] of Object.entries(s.properties as Record<string, RawSchema>)) {
        const prop: Property = { node: this.compile(bundle, p) };
        if (typeof p.description === 'string') prop.description = p.description;
        if (p.default !== undefined) prop.default = p.default;
        if (p.deprecated === true) prop.deprecated = true;
        node.properties.set(name, prop);
      }
    }
    if (s.additionalProperties === false) node.additional = node.preserveUnknown;
    else if (s.additionalProperties && typeof s.additionalProperties === 'object') node.additional = this.compile(bundle, s.additionalProperties as RawSchema);
    if (Array.isArray(s.required)) node.required = s.required as string[];
    if (s.items) node.items = this.compile(bundle, s.items as RawSchema);
    if (Array.isArray(s.enum)) {
      node.enumValues = s.enum;
      node.enumSet = new Set(s.enum);
      if (typeof s['x-thebot-otherwise'] === 'string') node.enumOtherwise = s['x-thebot-otherwise'];
    }
    if (typeof s.format === 'string') node.format = s.format;
    if (typeof s.pattern === 'string' && node.format !== 'quantity') node.pattern = new RegExp(s.pattern, 'u');
    for (const k of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const) {
      if (typeof s[k] === 'number') node[k] = s[k] as number;
    }
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'atomic' || listType === 'set' || listType === 'map') node.listType = listType;
    if (Array.isArray(s['x-kubernetes-list-map-keys'])) node.listMapKeys = s['x-kubernetes-list-map-keys'] as string[];
    if (s.default !== undefined) node.default = s.default;
    return node;
  }
}

function typeBits(type: unknown): number {
  if (typeof type === 'string') return TYPE_BITS[type] ?? 0;
  if (Array.isArray(type)) return type.reduce((bits: number, t) => bits | (TYPE_BITS[t as string] ?? 0), 0);
  return 0;
}
