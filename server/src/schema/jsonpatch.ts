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
  const groups = resolveTargets(validator, targets);
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
    problems.push(...combine(groups, (c) => checkAgainst(c, o, i)));
  }
  return problems;
}

function checkAgainst(target: Candidate, op: Record<string, unknown>, i: number): SchemaProblem[] {
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

/**
 * A strategic-merge patch without apiVersion/kind, applied through a kustomization
 * `target:`: validated as a partial object of each targeted kind (problems common to all).
 */
export function validateTargetedPatch(validator: SchemaValidator, obj: Record<string, unknown>, targets: PatchTarget[]): SchemaProblem[] {
  return combine(resolveTargets(validator, targets), (c) => {
    const ctx: WalkContext = { patch: true, kind: c.kind, redact: c.kind === 'Secret', problems: [] };
    walk(obj, c.node, [], ctx);
    return ctx.problems;
  });
}

/** Walks a JSON pointer through the schema: the node it names, or the first unknown segment. */
function resolvePointer(target: Candidate, pointer: string):
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

/** Per target, the schemas it can mean: exact with group and version, else every served version of the kind. */
function resolveTargets(validator: SchemaValidator, targets: PatchTarget[]): Candidate[][] {
  const groups: Candidate[][] = [];
  for (const t of targets) {
    if (!t.kind) continue;
    const candidates: Candidate[] = [];
    for (const k of validator.listKinds()) {
      if (k.kind !== t.kind) continue;
      const slash = k.apiVersion.indexOf('/');
      const group = slash < 0 ? '' : k.apiVersion.slice(0, slash);
      const version = k.apiVersion.slice(slash + 1);
      if ((t.group !== undefined && t.group !== group) || (t.version !== undefined && t.version !== version)) continue;
      const node = validator.schemaFor(k.apiVersion, k.kind);
      if (node) candidates.push({ kind: k.kind, node });
    }
    if (candidates.length > 0) groups.push(candidates);
  }
  return groups;
}

interface Candidate {
  kind: string;
  node: SchemaNode;
}

/**
 * Every target receives the patch, so a problem with any target counts; but a
 * target without a version could be any version of its kind, so within one
 * target only problems common to all its versions count. Duplicates (same code
 * and place, messages differing only by the kind's name) are reported once.
 */
function combine(groups: Candidate[][], check: (c: Candidate) => SchemaProblem[]): SchemaProblem[] {
  const key = (p: SchemaProblem) => `${p.code}\0${p.path.join('\0')}`;
  const out = new Map<string, SchemaProblem>();
  for (const candidates of groups) {
    const perVersion = candidates.map(check);
    for (const p of perVersion[0]) {
      if (!out.has(key(p)) && perVersion.every((list) => list.some((q) => key(q) === key(p)))) out.set(key(p), p);
    }
  }
  return [...out.values()];
}
