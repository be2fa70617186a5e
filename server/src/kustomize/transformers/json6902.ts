// JSON 6902 patches (kustomize PatchJson6902 / `patches` with a list of ops),
// applied with fast-json-patch; each touched path records the op's origin.
import { applyOperation, type Operation } from 'fast-json-patch';
import { KustomizeError } from '../errors';
import type { Origin } from '../model';
import { isObj, stampTree, type Obj, type Value } from '../values';

export interface JsonOp {
  op: Operation;
  origin: Origin;
}

function unescape(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Container and key a JSON pointer ends at, if it exists. */
function locate(doc: Value, pointer: string): [object, string | number] | undefined {
  const segs = pointer.split('/').slice(1).map(unescape);
  let cur: Value = doc;
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i]!;
    if (Array.isArray(cur)) cur = cur[Number(s)] ?? null;
    else if (isObj(cur)) cur = cur[s] ?? null;
    else return undefined;
  }
  const last = segs[segs.length - 1];
  if (last === undefined) return undefined;
  if (Array.isArray(cur)) return [cur, last === '-' ? cur.length - 1 : Number(last)];
  if (isObj(cur)) return [cur, last];
  return undefined;
}

export function applyJson6902(target: Obj, ops: JsonOp[], describeTarget: string): void {
  for (const { op, origin } of ops) {
    try {
      applyOperation(target, op as Operation, true, true, false);
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0];
      throw new KustomizeError(
        `failed to apply json patch '${JSON.stringify(op)}' to ${describeTarget}: ${msg}`,
        origin.file,
        origin.range,
      );
    }
    if (op.op === 'remove') continue;
    const at = locate(target, op.path);
    if (at) stampTree(at[0], at[1], origin);
  }
}
