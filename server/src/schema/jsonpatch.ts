// JSON 6902 patch files (lists of operations): the operations' own shape, and
// each `path` and `value` against the schema of the kinds the patch targets
// (from the kustomization's `target:`). Problem paths point into the file:
// [2, 'path'] or [2, 'value', 'cpu'].
import type { PathSegment } from '../kustomize/model';
import type { SchemaNode } from './compile';
import type { SchemaValidator } from './validator';
import { CODES, label, walk, type SchemaProblem, type WalkContext } from './walk';

export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
}

const OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'];
const FIELDS = new Set(['op', 'path', 'value', 'from']);

export function validateJsonPatch(validator: SchemaValidator, ops: unknown, targets: PatchTarget[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const err = (path: PathSegment[], code: string, message: string, target: 'key' | 'value' = 'value'): void => {
    problems.push({ path, message, code, severity: 'error', target });
  };
  if (!Array.isArray(ops)) {
    err([], CODES.type, 'expected a list of JSON patch operations');
    return problems;
  }
  const kinds = resolveKinds(validator, targets);
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i] as Record<string, unknown>;
    if (!o || typeof o !== 'object' || Array.isArray(o)) {
      err([i], CODES.type, 'expected a JSON patch operation (op, path, value)');
      continue;
    }
    for (const k of Object.keys(o)) if (!FIELDS.has(k)) err([i, k], CODES.unknownField, `unknown field "${k}" in JSON patch operation`, 'key');
    if (o.op === undefined) {
      err([i], CODES.required, 'missing required field "op" in JSON patch operation', 'key');
      continue;
    }
    if (typeof o.op !== 'string' || !OPS.includes(o.op)) {
      err([i, 'op'], CODES.value, `must be one of: ${OPS.join(', ')}`);
      continue;
    }
    if (typeof o.path !== 'string') {
      err([i], CODES.required, 'missing required field "path" in JSON patch operation', 'key');
      continue;
    }
    if (['add', 'replace', 'test'].includes(o.op) && !('value' in o)) err([i], CODES.required, `missing required field "value" in JSON patch operation "${o.op}"`, 'key');
    if (['move', 'copy'].includes(o.op) && typeof o.from !== 'string') err([i], CODES.required, `missing required field "from" in JSON patch operation "${o.op}"`, 'key');
    // Against each targeted kind; a problem counts only if it holds for all of them (the first kind's words are used).
    const perKind = kinds.map((k) => checkAgainst(k, o, i));
    for (const p of perKind[0] ?? []) {
      // Same place, same kind of problem (messages differ only by the kind's name).
      if (perKind.every((list) => list.some((q) => q.code === p.code && q.path.join('\0') === p.path.join('\0')))) problems.push(p);
    }
  }
  return problems;
}

function checkAgainst(target: { kind: string; node: SchemaNode }, op: Record<string, unknown>, i: number): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const field of ['path', 'from'] as const) {
    if (typeof op[field] !== 'string') continue;
    const at = resolvePointer(target, op[field] as string);
    if ('unknown' in at) problems.push({ path: [i, field], message: `unknown field "${at.unknown}" in ${at.parentLabel}`, code: CODES.unknownField, severity: 'error', target: 'value' });
    else if (field === 'path' && 'value' in op && op.op !== 'remove') {
      const ctx: WalkContext = { patch: false, kind: at.label, redact: target.kind === 'Secret', problems: [] };
      walk(op.value, at.node, [], ctx);
      for (const p of ctx.problems) problems.push({ ...p, path: [i, 'value', ...p.path] });
    }
  }
  return problems;
}

/** Walks a JSON pointer through the schema: the node it names, or the first unknown segment. */
function resolvePointer(target: { kind: string; node: SchemaNode }, pointer: string):
  | { node: SchemaNode; label: string }
  | { unknown: string; parentLabel: string } {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = target.node;
  const path: PathSegment[] = [];
  for (const seg of segments) {
    const ctx = { kind: target.kind };
    if (node.items && (seg === '-' || /^\d+$/.test(seg))) {
      node = node.items;
      path.push(seg === '-' ? 0 : Number(seg));
      continue;
    }
    const prop = node.properties?.get(seg);
    if (prop) node = prop.node;
    else if (typeof node.additional === 'object') node = node.additional;
    else if (node.additional === false) return { unknown: seg, parentLabel: label(ctx, path) };
    else return { node: { types: 0, additional: true, preserveUnknown: true, intOrString: false }, label: label(ctx, [...path, seg]) };
    path.push(seg);
  }
  return { node, label: label({ kind: target.kind }, path) };
}

/** The schemas a patch target can mean: exact with group and version, else every version of the kind. */
function resolveKinds(validator: SchemaValidator, targets: PatchTarget[]): { kind: string; node: SchemaNode }[] {
  const out: { kind: string; node: SchemaNode }[] = [];
  for (const t of targets) {
    if (!t.kind) continue;
    for (const k of validator.listKinds()) {
      if (k.kind !== t.kind) continue;
      const slash = k.apiVersion.indexOf('/');
      const group = slash < 0 ? '' : k.apiVersion.slice(0, slash);
      const version = k.apiVersion.slice(slash + 1);
      if ((t.group !== undefined && t.group !== group) || (t.version !== undefined && t.version !== version)) continue;
      const node = validator.schemaFor(k.apiVersion, k.kind);
      if (node) out.push({ kind: k.kind, node });
    }
  }
  return out;
}
