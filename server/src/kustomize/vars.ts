// `vars` (deprecated; kustomize's types.Var, ResAccumulator.MergeVars and
// ResolveVars, api/filters/refvar): a var names one field of one resource.
// After a kustomization's transformers ran, each of its vars is bound to the
// one resource matching its objref (by any id the resource had); at the end
// of the build every $(NAME) in the fields of the `varReference` tables is
// replaced by the value of that field in the bound resource.
import { KustomizeError } from './errors';
import { walkFieldSpec, type FieldSpec } from './fieldspecs';
import { originOf, type Kustomization } from './loader';
import type { Origin } from './model';
import { effectiveNs, gvkString, isClusterScoped, type ResId, type Resource } from './resource';
import { isObj, setField, type Obj, type Value } from './values';

export interface VarDef {
  name: string;
  /** objref, defaulted as kustomize does (apiVersion split into group/version). */
  group: string;
  version: string;
  kind: string;
  objName: string;
  objNamespace: string;
  apiVersion: string;
  fieldPath: string;
  /** As written (kustomize prints vars before defaulting them in some errors). */
  raw: { group: string; version: string; fieldPath: string };
  origin: Origin;
}

const str = (v: Value | undefined): string => (typeof v === 'string' ? v : '');

/** A kustomization's `vars` (types already checked by the loader), defaulted. */
export function varsOf(k: Kustomization): VarDef[] {
  const list = k.data.vars;
  if (!Array.isArray(list)) return [];
  return list.map((raw, i) => {
    const v = isObj(raw) ? raw : {};
    const ref = isObj(v.objref) ? v.objref : {};
    const fr = isObj(v.fieldref) ? v.fieldref : {};
    const apiVersion = str(ref.apiVersion);
    let group = str(ref.group);
    let version = str(ref.version);
    if (apiVersion) {
      const parts = apiVersion.split('/');
      if (parts.length === 2) [group, version] = parts as [string, string];
      else if (parts.length === 1) version = parts[0]!;
    }
    return {
      name: str(v.name),
      group,
      version,
      kind: str(ref.kind),
      objName: str(ref.name),
      objNamespace: str(ref.namespace),
      apiVersion,
      fieldPath: str(fr.fieldPath) || 'metadata.name',
      raw: { group: str(ref.group), version: str(ref.version), fieldPath: str(fr.fieldPath) },
      origin: originOf(list, i, 'vars', k.file),
    };
  });
}

/**
 * Go's %v of a types.Var (kustomize's errors print them so): the objref is
 * printed as its GVK (Target embeds resid.Gvk, a Stringer). `raw`: as written;
 * `gvk`: after its apiVersion was split; else fully defaulted.
 */
export function goVar(v: VarDef, stage: 'raw' | 'gvk' | 'defaulted' = 'defaulted'): string {
  const gvk = stage === 'raw' ? gvkString({ group: v.raw.group, version: v.raw.version, kind: v.kind }) : gvkString(v);
  const fp = stage === 'defaulted' ? v.fieldPath : v.raw.fieldPath;
  return `{${v.name} ${gvk} {${fp}}}`;
}

const gvknEquals = (a: ResId, v: VarDef): boolean => a.name === v.objName && a.group === v.group && a.version === v.version && a.kind === v.kind;

/**
 * ResAccumulator.MergeVars: bind each var of `incoming` to the one resource
 * any of whose ids matches its objref (namespace only when the objref sets
 * one or its kind is cluster-scoped), then add the vars to the set.
 */
export function mergeVars(resources: Resource[], known: readonly VarDef[], incoming: VarDef[]): VarDef[] {
  for (const v of incoming) {
    const withNs = v.objNamespace !== '' || isClusterScoped({ group: v.group, version: v.version, kind: v.kind });
    const target: ResId = { group: v.group, version: v.version, kind: v.kind, name: v.objName, namespace: v.objNamespace };
    const matched = resources.filter((r) => r.allIds().some((id) => gvknEquals(id, v) && (!withNs || effectiveNs(id) === effectiveNs(target))));
    if (matched.length > 1) {
      throw new KustomizeError(`merging vars [${incoming.map((x) => goVar(x, 'raw')).join(' ')}]: found ${matched.length} resId matches for var ${goVar(v, 'gvk')} (unable to disambiguate)`, v.origin.file, v.origin.range);
    }
    if (matched.length === 1) matched[0]!.refVarNames.push(v.name);
  }
  const names = new Set(known.map((v) => v.name));
  for (const v of incoming) {
    if (names.has(v.name)) {
      throw new KustomizeError(`merging vars [${incoming.map((x) => goVar(x, 'raw')).join(' ')}]: var '${v.name}' already encountered`, v.origin.file, v.origin.range);
    }
    names.add(v.name);
  }
  return [...known, ...incoming];
}

type Primitive = string | number | boolean;

/** kyaml's SmarterPathSplitter + convertSliceIndex + Lookup: `spec.ports[0].port`, `a.[name=x].b`. */
function lookup(obj: Value, path: string): Value | undefined {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of path) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const fields: string[] = [];
  for (const p of parts) {
    const m = /^(.*)\[(\d+)\]$/.exec(p);
    if (!m) fields.push(p);
    else {
      if (m[1]) fields.push(m[1]);
      fields.push(m[2]!);
    }
  }
  let node: Value | undefined = obj;
  for (const f of fields) {
    if (node === null || node === undefined) return undefined;
    if (Array.isArray(node)) {
      const sel = /^\[([^=]+)=(.*)\]$/.exec(f);
      if (sel) node = node.find((el) => isObj(el) && String(el[sel[1]!]) === sel[2]);
      else if (/^-?\d+$/.test(f)) node = node[Number(f)];
      else return undefined;
    } else if (isObj(node)) node = node[f];
    else return undefined;
  }
  return node;
}

/**
 * ResolveVars: the value of each var, then $(NAME) replaced in every field of
 * the `varReference` specs. Returns the names of vars never used (kustomize
 * logs them).
 */
export function resolveVars(resources: Resource[], vars: readonly VarDef[], specs: readonly FieldSpec[]): string[] {
  if (!vars.length) return [];
  const values = new Map<string, { value: Value; origin: Origin }>();
  for (const v of [...vars].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const r = resources.find((x) => x.refVarNames.includes(v.name));
    if (!r) throw new KustomizeError(`var '${goVar(v)}' cannot be mapped to a field in the set of known resources`, v.origin.file, v.origin.range);
    const value = lookup(r.obj, v.fieldPath);
    if (value === undefined) throw new KustomizeError(`field specified in var '${goVar(v)}' not found in corresponding resource`, v.origin.file, v.origin.range);
    values.set(v.name, { value, origin: { ...v.origin, by: 'vars' } });
  }
  const counts = new Map<string, number>();
  const mapping = (key: string): Primitive | undefined => {
    const e = values.get(key);
    if (!e) return undefined;
    const x = e.value;
    if (x === null || typeof x === 'object' || typeof x === 'bigint') return undefined;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return x;
  };
  for (const r of resources) {
    for (const fs of specs) {
      walkFieldSpec(
        r.obj,
        fs,
        undefined,
        (c, k) => {
          const v = c[k];
          if (v === null || v === undefined) return;
          const firstOrigin = (text: string): Origin | undefined => {
            const m = /\$\(([^)]*)\)/.exec(text);
            return m ? values.get(m[1]!)?.origin : undefined;
          };
          const replace = (container: Obj | Value[], key: string | number, text: string): void => {
            const out = doReplacements(text, mapping);
            if (out === text) return;
            if (Array.isArray(container)) {
              container[key as number] = out;
            } else setField(container, key as string, out, firstOrigin(text));
          };
          if (typeof v === 'string') replace(c, k, v);
          else if (Array.isArray(v)) {
            v.forEach((el, i) => {
              if (typeof el !== 'string') throw new KustomizeError('invalid value type expect a string', r.origin.file, r.origin.range);
              replace(v, i, el);
            });
          } else if (isObj(v)) {
            for (const key of Object.keys(v)) if (typeof v[key] === 'string') replace(v, key, v[key] as string);
          }
        },
        r.origin.file,
      );
    }
  }
  return [...values.keys()].filter((n) => !counts.has(n));
}

/** refvar.DoReplacements: `$(NAME)` alone becomes the value (typed), inside text its %v; `$$` escapes. */
export function doReplacements(input: string, mapping: (key: string) => Primitive | undefined): string | number | boolean {
  let buf = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    buf += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let read: string;
    let isVar = false;
    let advance = 1;
    if (rest[0] === '$') read = '$';
    else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close > 0) {
        read = rest.slice(1, close);
        isVar = true;
        advance = close + 1;
      } else read = '$(';
    } else read = '$' + rest[0];
    if (isVar) {
      const mapped = mapping(read);
      const text = mapped === undefined ? `$(${read})` : mapped;
      if (input === `$(${read})`) return text;
      buf += typeof text === 'number' ? goNumber(text) : String(text);
    } else buf += read;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return buf + input.slice(checkpoint);
}

/** Go's %v of a float64 or int. */
function goNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  return s.includes('e') ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s;
}
