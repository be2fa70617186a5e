// `replacements` (kustomize ReplacementTransformer): copy a field of one
// object into fields of others; fieldPath segments may be `[key=value]`
// list selectors or indexes; options delimiter/index/create.
import { KustomizeError } from '../errors';
import type { Origin } from '../model';
import type { Resource } from '../resource';
import { selects, type Selector } from '../selector';
import { isObj, setField, noteOrigin, type Obj, type Value } from '../values';

export interface Replacement {
  source: Selector & { fieldPath?: string; options?: { delimiter?: string; index?: number } };
  targets: {
    select: Selector;
    reject?: Selector[];
    fieldPaths?: string[];
    options?: { delimiter?: string; index?: number; create?: boolean };
  }[];
  origin: Origin;
}

export function splitFieldPath(p: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of p) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function step(cur: Value, seg: string, create: boolean): { container: object; key: string | number } | undefined {
  const m = /^\[(.+?)=(.*)\]$/.exec(seg);
  if (m && Array.isArray(cur)) {
    const i = cur.findIndex((x) => isObj(x) && String(x[m[1]!]) === m[2]);
    if (i < 0) {
      if (!create) return undefined;
      cur.push({ [m[1]!]: m[2]! });
      return { container: cur, key: cur.length - 1 };
    }
    return { container: cur, key: i };
  }
  if (Array.isArray(cur) && /^\d+$/.test(seg)) return Number(seg) < cur.length ? { container: cur, key: Number(seg) } : undefined;
  if (isObj(cur)) return { container: cur, key: seg };
  return undefined;
}

function getField(obj: Obj, path: string): Value | undefined {
  let cur: Value = obj;
  for (const seg of splitFieldPath(path)) {
    const s = step(cur, seg, false);
    if (!s) return undefined;
    cur = (s.container as Record<string | number, Value>)[s.key as never] as Value;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function setFieldPath(obj: Obj, path: string, value: Value, create: boolean, origin: Origin): boolean {
  const segs = splitFieldPath(path);
  let cur: Value = obj;
  for (let i = 0; i < segs.length; i++) {
    const s = step(cur, segs[i]!, create);
    if (!s) return false;
    const c = s.container as Record<string | number, Value>;
    if (i === segs.length - 1) {
      if (isObj(c)) setField(c as Obj, s.key as string, value, origin);
      else {
        (c as unknown as Value[])[s.key as number] = value;
        noteOrigin(c, s.key, origin);
      }
      return true;
    }
    let next = c[s.key as never] as Value | undefined;
    if (next === undefined || next === null) {
      if (!create) return false;
      next = /^\[/.test(segs[i + 1]!) ? [] : {};
      c[s.key as never] = next as never;
    }
    cur = next;
  }
  return false;
}

export function applyReplacements(resources: Resource[], reps: Replacement[]): void {
  for (const rep of reps) {
    const src = resources.filter((r) => selects(rep.source, r));
    if (src.length !== 1) {
      throw new KustomizeError(
        src.length === 0
          ? `nothing selected by ${describeSel(rep.source)}`
          : `multiple matches for selector ${describeSel(rep.source)}`,
        rep.origin.file,
        rep.origin.range,
      );
    }
    const fp = rep.source.fieldPath || 'metadata.name';
    let value = getField(src[0]!.obj, fp);
    if (value === undefined) {
      throw new KustomizeError(`fieldPath \`${fp}\` is missing for replacement source ${describeSel(rep.source)}`, rep.origin.file, rep.origin.range);
    }
    const so = rep.source.options;
    if (so?.delimiter && typeof value === 'string') {
      const parts = value.split(so.delimiter);
      value = parts[so.index ?? 0] ?? '';
    }
    for (const t of rep.targets) {
      for (const r of resources) {
        if (!selects(t.select, r)) continue;
        if (t.reject?.some((rj) => selects(rj, r))) continue;
        for (const path of t.fieldPaths ?? ['metadata.name']) {
          let v = value;
          const to = t.options;
          if (to?.delimiter) {
            const cur = getField(r.obj, path);
            const parts = typeof cur === 'string' ? cur.split(to.delimiter) : [];
            const idx = to.index ?? 0;
            if (idx >= parts.length) parts.push(String(value));
            else parts[idx] = String(value);
            v = parts.join(to.delimiter);
          }
          const ok = setFieldPath(r.obj, path, v, !!to?.create, rep.origin);
          if (!ok && to?.create) {
            throw new KustomizeError(`unable to find or create field "${path}" in replacement target`, rep.origin.file, rep.origin.range);
          }
        }
      }
    }
  }
}

function describeSel(s: Selector): string {
  return JSON.stringify(s);
}
