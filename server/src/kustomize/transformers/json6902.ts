// JSON 6902 patches (kustomize PatchTransformer with a list of operations).
// kustomize applies them with gopkg.in/evanphx/json-patch.v4; this is that
// library's semantics and error texts translated (v4.12.0 patch.go): e.g.
// `replace` of a missing map key adds it, a `null` counts as missing on the
// way down, `-` appends. Each op records its origin on the value it wrote.
import { KustomizeError } from '../errors';
import type { Origin } from '../model';
import { cloneValue, deepEqual, isObj, own, put, stampTree, type Obj, type Value } from '../values';

export interface JsonOp {
  op: Obj;
  origin: Origin;
}

type Container = Obj | Value[];

class PatchError extends Error {}

const decodeKey = (k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~');

/** evanphx findObject: the container holding the last segment, and that key. */
function findObject(doc: Value, path: string): [Container, string] | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let cur: Value = doc;
  for (const part of split.slice(1, -1)) {
    const next = get(cur as Container, decodeKey(part));
    if (next === undefined || next === null || typeof next !== 'object') return undefined;
    cur = next;
  }
  return [cur as Container, decodeKey(split[split.length - 1]!)];
}

function index(key: string, len: number, allowEnd: boolean): number {
  if (!/^-?\d+$/.test(key)) throw new PatchError(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  const i = Number(key);
  if (i < 0 || i > len || (!allowEnd && i === len)) throw new PatchError(`Unable to access invalid index: ${i}: invalid index referenced`);
  return i;
}

function get(c: Container, key: string): Value | undefined {
  if (Array.isArray(c)) {
    const i = index(key, c.length, false);
    return c[i];
  }
  return isObj(c) ? own(c, key) : undefined;
}

function add(c: Container, key: string, v: Value): void {
  if (Array.isArray(c)) {
    if (key === '-') {
      c.push(v);
      return;
    }
    if (!/^-?\d+$/.test(key)) throw new PatchError(`value was not a proper array index: '${key}': strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
    c.splice(index(key, c.length, true), 0, v);
    return;
  }
  put(c, key, v);
}

function remove(c: Container, key: string): void {
  if (Array.isArray(c)) {
    c.splice(index(key, c.length, false), 1);
    return;
  }
  if (!Object.hasOwn(c, key)) throw new PatchError(`Unable to remove nonexistent key: ${key}: missing value`);
  delete c[key];
}

function wrap(prefix: string, e: unknown): never {
  if (e instanceof PatchError) throw new PatchError(`${prefix}: ${e.message}`);
  throw e;
}

/** Apply one operation to `doc` in place; returns where it wrote, for origins. */
function applyOp(doc: Obj, op: Obj): [Container, string] | undefined {
  const path = typeof op.path === 'string' ? op.path : '';
  const from = typeof op.from === 'string' ? op.from : '';
  const value = cloneValue(op.value === undefined ? null : op.value);
  switch (op.op) {
    case 'add': {
      const at = findObject(doc, path);
      if (!at) throw new PatchError(`add operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
      try {
        add(at[0], at[1], value);
      } catch (e) {
        wrap(`error in add for path: '${path}'`, e);
      }
      return at;
    }
    case 'remove': {
      const at = findObject(doc, path);
      if (!at) throw new PatchError(`remove operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
      try {
        remove(at[0], at[1]);
      } catch (e) {
        wrap(`error in remove for path: '${path}'`, e);
      }
      return undefined;
    }
    case 'replace': {
      if (path === '') {
        if (!isObj(value)) throw new PatchError('replace operation value must be object or array');
        for (const k of Object.keys(doc)) delete doc[k];
        for (const k of Object.keys(value)) put(doc, k, value[k]!);
        return undefined;
      }
      const at = findObject(doc, path);
      if (!at) throw new PatchError(`replace operation does not apply: doc is missing path: ${path}: missing value`);
      try {
        get(at[0], at[1]);
      } catch {
        throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
      }
      if (Array.isArray(at[0])) at[0][Number(at[1])] = value;
      else put(at[0], at[1], value);
      return at;
    }
    case 'move': {
      const src = findObject(doc, from);
      if (!src) throw new PatchError(`move operation does not apply: doc is missing from path: ${from}: missing value`);
      let v: Value | undefined;
      try {
        v = get(src[0], src[1]);
        remove(src[0], src[1]);
      } catch (e) {
        wrap(`error in move for path: '${src[1]}'`, e);
      }
      const at = findObject(doc, path);
      if (!at) throw new PatchError(`move operation does not apply: doc is missing destination path: ${path}: missing value`);
      try {
        add(at[0], at[1], v ?? null);
      } catch (e) {
        wrap(`error in move for path: '${path}'`, e);
      }
      return at;
    }
    case 'copy': {
      const src = findObject(doc, from);
      if (!src) throw new PatchError(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
      let v: Value | undefined;
      try {
        v = get(src[0], src[1]);
      } catch (e) {
        wrap(`error in copy for from: '${from}'`, e);
      }
      const at = findObject(doc, path);
      if (!at) throw new PatchError(`copy operation does not apply: doc is missing destination path: ${path}: missing value`);
      try {
        add(at[0], at[1], cloneValue(v ?? null));
      } catch (e) {
        wrap('error while adding value during copy', e);
      }
      return at;
    }
    case 'test': {
      if (path === '') {
        if (!deepEqual(doc, value)) throw new PatchError(`testing value ${path} failed: test failed`);
        return undefined;
      }
      const at = findObject(doc, path);
      if (!at) throw new PatchError(`test operation does not apply: is missing path: ${path}: missing value`);
      let v: Value | undefined;
      try {
        v = get(at[0], at[1]);
      } catch (e) {
        wrap(`error in test for path: '${path}'`, e);
      }
      if (v === undefined || v === null) {
        if (op.value === null || op.value === undefined) return undefined;
        throw new PatchError(`testing value ${path} failed: test failed`);
      }
      if (!deepEqual(v, value)) throw new PatchError(`testing value ${path} failed: test failed`);
      return undefined;
    }
    default:
      throw new PatchError(`Unexpected kind: ${String(op.op)}`);
  }
}

export function applyJson6902(target: Obj, ops: JsonOp[]): void {
  for (const { op, origin } of ops) {
    let at: [Container, string] | undefined;
    try {
      at = applyOp(target, op);
    } catch (e) {
      if (e instanceof PatchError) throw new KustomizeError(e.message, origin.file, origin.range);
      throw e;
    }
    if (!at) continue;
    const [c, key] = at;
    const k = Array.isArray(c) ? (key === '-' ? c.length - 1 : Number(key)) : key;
    stampTree(c, k, origin);
  }
}
