// The validator proper: one pass over a plain JSON value against a compiled
// SchemaNode, collecting problems with their path. Hand-written rather than
// Ajv so that the Kubernetes semantics (null = absent, int-or-string,
// quantities, list-map keys, strategic-merge directives in patches) and the
// plain-words messages come out directly; it is also faster than Ajv here
// (see scripts/bench-schema.ts).
import type { Severity } from '../findings';
import type { PathSegment } from '../kustomize/model';
import { T_ARRAY, T_BOOLEAN, T_INTEGER, T_NUMBER, T_OBJECT, T_STRING, type SchemaNode } from './compile';
import { INT32_MAX, INT32_MIN, isBase64, isDateTime, isQuantity } from './formats';
import { fold } from '../kustomize/kustomizationTypes';

export interface SchemaProblem {
  /** JSON path of the offending value (or, for unknown fields, of the key). */
  path: PathSegment[];
  message: string;
  code: string;
  severity: Severity;
  /** Where an editor should underline: the key at `path` or its value. */
  target: 'key' | 'value';
}

export const CODES = {
  unknownField: 'schema-unknown-field',
  type: 'schema-type',
  required: 'schema-required',
  value: 'schema-invalid-value',
  duplicate: 'schema-duplicate-entry',
  deprecatedField: 'schema-deprecated-field',
  noSchema: 'schema-unknown-kind',
  deprecatedApi: 'deprecated-api',
} as const;

export interface WalkContext {
  patch: boolean;
  /** Label for messages: "Deployment". */
  kind: string;
  /** Secrets: never quote values in messages. */
  redact: boolean;
  problems: SchemaProblem[];
  /** Keys match fields as Go's encoding/json matches them (kustomization files: `nameprefix` is `namePrefix`). */
  foldKeys?: boolean;
}

const MAX_DEPTH = 100;

/** Per schema node: its properties by Go-folded name (an exact name still wins). */
const FOLDED = new WeakMap<SchemaNode, Map<string, NonNullable<SchemaNode['properties']> extends Map<string, infer P> ? P : never>>();

function foldedProperty(node: SchemaNode, key: string) {
  const props = node.properties;
  if (!props) return undefined;
  let m = FOLDED.get(node);
  if (!m) {
    m = new Map();
    for (const [name, p] of props) if (!m.has(fold(name))) m.set(fold(name), p);
    FOLDED.set(node, m);
  }
  return m.get(fold(key));
}

export function walk(value: unknown, node: SchemaNode, path: PathSegment[], ctx: WalkContext): void {
  if (value === null || value === undefined) return; // the API server treats null as "not set"
  // YAML aliases can build cyclic values; real manifests are nowhere near this deep.
  if (path.length > MAX_DEPTH) return;
  if (node.sensitive && !ctx.redact) ctx = { ...ctx, redact: true };
  const types = node.types;
  if (typeof value === 'string') {
    if (types !== 0 && (types & T_STRING) === 0) return typeError(value, node, path, ctx);
    checkString(value, node, path, ctx);
  } else if (typeof value === 'number') {
    const integer = Number.isInteger(value);
    if (types !== 0 && (types & T_NUMBER) === 0 && !(integer && types & T_INTEGER) && !(node.format === 'quantity' && types & T_STRING)) {
      return typeError(value, node, path, ctx);
    }
    checkNumber(value, node, path, ctx);
  } else if (typeof value === 'boolean') {
    if (types !== 0 && (types & T_BOOLEAN) === 0) return typeError(value, node, path, ctx);
    if (node.enumSet && !node.enumSet.has(value)) report(ctx, path, 'value', CODES.value, enumMessage(node));
  } else if (Array.isArray(value)) {
    if (types !== 0 && (types & T_ARRAY) === 0) return typeError(value, node, path, ctx);
    checkArray(value, node, path, ctx);
  } else if (typeof value === 'object') {
    if (types !== 0 && (types & T_OBJECT) === 0) return typeError(value, node, path, ctx);
    checkObject(value as Record<string, unknown>, node, path, ctx);
  }
}

function checkObject(obj: Record<string, unknown>, node: SchemaNode, path: PathSegment[], ctx: WalkContext): void {
  const props = node.properties;
  const additional = node.additional;
  for (const key in obj) {
    const prop = props?.get(key) ?? (ctx.foldKeys ? foldedProperty(node, key) : undefined);
    path.push(key);
    if (prop) {
      if (prop.deprecated) report(ctx, path, 'key', CODES.deprecatedField, `"${key}" is ${deprecationNote(prop.description)}`, 'warning');
      walk(obj[key], prop.node, path, ctx);
    } else if (typeof additional === 'object') {
      walk(obj[key], additional, path, ctx);
    } else if (additional === false && !(ctx.patch && key.startsWith('$'))) {
      const where = label(ctx, path.slice(0, -1));
      // In a strategic-merge patch a null deletes the field: an unknown one deletes nothing and never reaches the API server.
      if (ctx.patch && obj[key] === null) report(ctx, path, 'key', CODES.unknownField, `unknown field "${key}" in ${where}: its null deletes nothing`, 'warning');
      else report(ctx, path, 'key', CODES.unknownField, `unknown field "${key}" in ${where}`);
    }
    path.pop();
  }
  if (!ctx.patch && node.required) {
    for (const r of node.required) {
      if (obj[r] === undefined || obj[r] === null) report(ctx, path, 'key', CODES.required, `missing required field "${r}" in ${label(ctx, path)}`);
    }
  }
}

function checkArray(arr: unknown[], node: SchemaNode, path: PathSegment[], ctx: WalkContext): void {
  if (node.minItems !== undefined && arr.length < node.minItems) report(ctx, path, 'value', CODES.value, `must have at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}`);
  if (node.maxItems !== undefined && arr.length > node.maxItems) report(ctx, path, 'value', CODES.value, `must have at most ${node.maxItems} item${node.maxItems === 1 ? '' : 's'}`);
  const items = node.items;
  if (items) {
    for (let i = 0; i < arr.length; i++) {
      path.push(i);
      walk(arr[i], items, path, ctx);
      path.pop();
    }
  }
  if (node.listType === 'map' && node.listMapKeys) checkListMap(arr, node.listMapKeys, items, path, ctx);
  else if (node.listType === 'set') checkSet(arr, path, ctx);
}

/** x-kubernetes-list-type: map — entries are identified by their key fields (missing key fields take their default). */
function checkListMap(arr: unknown[], keys: string[], items: SchemaNode | undefined, path: PathSegment[], ctx: WalkContext): void {
  if (arr.length < 2) return;
  const seen = new Set<string>();
  for (let i = 0; i < arr.length; i++) {
    const item = arr[i];
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    const values = keys.map((k) => (item as Record<string, unknown>)[k] ?? items?.properties?.get(k)?.default);
    const id = identity(values);
    if (seen.has(id)) {
      path.push(i);
      const what = keys.map((k, j) => `${k} ${JSON.stringify(values[j])}`).join(', ');
      const listLabel = label(ctx, path.slice(0, -1));
      // On the entry's first key field that is written out (the value that repeats), else the entry.
      const written = keys.find((k) => (item as Record<string, unknown>)[k] !== undefined);
      if (written) path.push(written);
      report(ctx, path, 'value', CODES.duplicate, `duplicate entry with ${what} in ${listLabel}`);
      if (written) path.pop();
      path.pop();
    }
    seen.add(id);
  }
}

function checkSet(arr: unknown[], path: PathSegment[], ctx: WalkContext): void {
  const seen = new Set<string>();
  for (let i = 0; i < arr.length; i++) {
    const id = identity(arr[i]);
    if (seen.has(id)) {
      path.push(i);
      report(ctx, path, 'value', CODES.duplicate, ctx.redact ? 'duplicate value' : `duplicate value ${id}`);
      path.pop();
    }
    seen.add(id);
  }
}

/** A comparable identity for list entries; cyclic values (YAML aliases) are simply never equal. */
let cyclic = 0;
function identity(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return `\0cyclic ${cyclic++}`;
  }
}

/**
 * A substitution placeholder as envsubst, Flux's postBuild and clusterctl
 * write them (`${REPLICAS}`, `${TAG:=v1}`, `${PORT:-8080}`): those tools
 * replace it after the render. Where the schema wants a number, a base64 or
 * another format, the value is wrong as rendered and right once substituted:
 * a warning that says both, not an error (eks-workshop's and ocm's secrets,
 * `replicas: ${REPLICAS}` in Flux repositories). A deploy still meets the
 * API server's refusal in its dry-run.
 */
const PLACEHOLDER = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=+?][^}]*)?\}$/;

function placeholderProblems(value: string, at: number, ctx: WalkContext): void {
  if (ctx.problems.length === at || value.charCodeAt(0) !== 36 /* $ */ || !PLACEHOLDER.test(value)) return;
  for (let i = at; i < ctx.problems.length; i++) {
    const p = ctx.problems[i]!;
    ctx.problems[i] = { ...p, severity: 'warning', message: `${p.message}: a substitution placeholder, valid once a tool replaces it after the render (envsubst, Flux's postBuild, clusterctl); as rendered, the API server refuses it` };
  }
}

function checkString(value: string, node: SchemaNode, path: PathSegment[], ctx: WalkContext): void {
  const at = ctx.problems.length;
  checkStringValue(value, node, path, ctx);
  placeholderProblems(value, at, ctx);
}

function checkStringValue(value: string, node: SchemaNode, path: PathSegment[], ctx: WalkContext): void {
  if (node.enumSet && !node.enumSet.has(value)) {
    if (node.enumOtherwise !== undefined) {
      return report(ctx, path, 'value', CODES.value, `kustomize reads ${quote(value, ctx)} as "${node.enumOtherwise}" (${enumMessage(node).replace('must be one of', 'it knows')})`, 'warning');
    }
    return report(ctx, path, 'value', CODES.value, enumMessage(node));
  }
  switch (node.format) {
    case 'quantity':
      if (!isQuantity(value)) return report(ctx, path, 'value', CODES.value, `invalid quantity ${quote(value, ctx)}`);
      break;
    case 'date-time':
      if (!isDateTime(value)) return report(ctx, path, 'value', CODES.value, `invalid date-time ${quote(value, ctx)}: expected RFC 3339, e.g. 2024-01-31T12:00:00Z`);
      break;
    case 'byte':
      // Never quote: this is where Secret data lives.
      if (!isBase64(value)) return report(ctx, path, 'value', CODES.value, 'invalid base64 data');
      break;
  }
  if (node.pattern && !node.pattern.test(value)) {
    const known = KNOWN_PATTERNS[node.pattern.source];
    const message = known ? `invalid ${known[0]} ${quote(value, ctx)}: ${known[1]}` : `invalid value ${quote(value, ctx)}: must match ${node.pattern.source}`;
    return report(ctx, path, 'value', CODES.value, message);
  }
  if (node.minLength !== undefined && value.length < node.minLength) {
    report(ctx, path, 'value', CODES.value, node.minLength === 1 ? 'must not be empty' : `must be at least ${node.minLength} characters long`);
  }
  if (node.maxLength !== undefined && value.length > node.maxLength) report(ctx, path, 'value', CODES.value, `must be at most ${node.maxLength} characters long`);
}

function checkNumber(value: number, node: SchemaNode, path: PathSegment[], ctx: WalkContext): void {
  if (node.enumSet && !node.enumSet.has(value)) return report(ctx, path, 'value', CODES.value, enumMessage(node));
  if (node.format === 'int32' && (value < INT32_MIN || value > INT32_MAX)) {
    return report(ctx, path, 'value', CODES.value, `${ctx.redact ? 'value' : value} is out of range for int32`);
  }
  if (node.minimum !== undefined && value < node.minimum) report(ctx, path, 'value', CODES.value, `must be at least ${node.minimum}`);
  if (node.maximum !== undefined && value > node.maximum) report(ctx, path, 'value', CODES.value, `must be at most ${node.maximum}`);
}

/** Patterns the CRDs use often, explained in words instead of as a regular expression. */
const KNOWN_PATTERNS: Record<string, [string, string]> = {
  '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$': ['duration', 'expected a Prometheus duration such as 30s, 5m or 1h30m'],
  '^([0-9]+(\\.[0-9]+)?(s|m|h))+$': ['duration', 'expected a duration such as 90s, 5m or 2160h'],
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$': ['name', 'expected lowercase letters, digits and "-", starting and ending with a letter or digit'],
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$': ['name', 'expected a DNS subdomain (lowercase letters, digits, "-" and ".")'],
  '(^0|([0-9]*[.])?[0-9]+((K|M|G|T|E|P)i?)?B)$': ['byte size', 'expected a size such as 512MB or 1GiB'],
};

function typeError(value: unknown, node: SchemaNode, path: PathSegment[], ctx: WalkContext): void {
  const at = ctx.problems.length;
  report(ctx, path, 'value', CODES.type, `expected ${expected(node)}, got ${describeValue(value, ctx)}`);
  if (typeof value === 'string') placeholderProblems(value, at, ctx);
}

function expected(node: SchemaNode): string {
  if (node.format === 'quantity') return 'quantity (string or number)';
  const names: string[] = [];
  if (node.types & T_INTEGER) names.push('integer');
  if (node.types & T_NUMBER) names.push('number');
  if (node.types & T_STRING) names.push('string');
  if (node.types & T_BOOLEAN) names.push('boolean');
  if (node.types & T_ARRAY) names.push('array');
  if (node.types & T_OBJECT) names.push('object');
  return names.join(' or ');
}

function describeValue(value: unknown, ctx: WalkContext): string {
  if (typeof value === 'string') return `string ${quote(value, ctx)}`;
  // "number", not "integer": YAML `1.0` arrives as 1 and should not be called an integer.
  if (typeof value === 'number') return `number${ctx.redact ? '' : ` ${value}`}`;
  if (typeof value === 'boolean') return `boolean${ctx.redact ? '' : ` ${value}`}`;
  return Array.isArray(value) ? 'array' : 'object';
}

function quote(value: string, ctx: WalkContext): string {
  if (ctx.redact) return '(value hidden)';
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

function enumMessage(node: SchemaNode): string {
  return `must be one of: ${node.enumValues!.map((v) => (v === '' ? '""' : String(v))).join(', ')}`;
}

/** "Deployment.spec.template.spec.containers[0]" */
export function label(ctx: { kind: string }, path: PathSegment[]): string {
  let s = ctx.kind;
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : `.${seg}`;
  return s;
}

/** "Deprecated: use labels instead. Labels to add…" → "deprecated: use labels instead" */
function deprecationNote(description: string | undefined): string {
  const first = /^Deprecated: (.*?)\.(?: |$)/.exec(description ?? '');
  return first ? `deprecated: ${first[1]}` : 'deprecated';
}

function report(ctx: WalkContext, path: PathSegment[], target: 'key' | 'value', code: string, message: string, severity: Severity = 'error'): void {
  ctx.problems.push({ path: path.slice(), message, code, severity, target });
}
