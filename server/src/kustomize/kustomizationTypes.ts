// The Go types kustomize decodes a kustomization into (api/types, v5.5), as
// data, so that a wrong field type or an unknown field is refused with the
// message Go's encoding/json gives kustomize ("json: cannot unmarshal bool
// into Go struct field Kustomization.commonAnnotations of type string") and
// placed on the offending line.
import type { PathSegment } from './model';
import { cloneValue, isObj, originsAt, setOrigins, type Obj, type Value } from './values';
import { compareUtf8 } from './utf8Order';

export type T =
  | { k: 'string'; go: string }
  | { k: 'int'; go: string }
  | { k: 'bool' }
  | { k: 'list'; of: T; go: string }
  | { k: 'map'; of: T; go: string }
  | { k: 'struct'; name: string; fields: Record<string, T> }
  | { k: 'any' };

export const str: T = { k: 'string', go: 'string' };
export const bool: T = { k: 'bool' };
const int64: T = { k: 'int', go: 'int64' };
const int: T = { k: 'int', go: 'int' };
const strings: T = { k: 'list', of: str, go: '[]string' };
const stringMap: T = { k: 'map', of: str, go: 'map[string]string' };
const any: T = { k: 'any' };
export const struct = (name: string, fields: Record<string, T>): T => ({ k: 'struct', name, fields });
const list = (of: T & { k: 'struct' }): T => ({ k: 'list', of, go: `[]types.${of.name}` });

const resId = { group: str, version: str, kind: str, name: str, namespace: str };
const selector = struct('Selector', { ...resId, annotationSelector: str, labelSelector: str });
export const fieldSpec = struct('FieldSpec', { group: str, version: str, kind: str, path: str, create: bool });
const patch = struct('Patch', { path: str, patch: str, target: selector, options: { k: 'map', of: bool, go: 'map[string]bool' } });
const image = struct('Image', { name: str, newName: str, tagSuffix: str, newTag: str, digest: str });
const generatorOptions = struct('GeneratorOptions', { labels: stringMap, annotations: stringMap, disableNameSuffixHash: bool, immutable: bool });
const generatorArgs = {
  namespace: str, name: str, behavior: str, literals: strings, files: strings, envs: strings, env: str, options: generatorOptions,
};
const fieldOptions = struct('FieldOptions', { delimiter: str, index: int, encoding: str, create: bool });
const replacementField = struct('ReplacementField', {
  source: struct('SourceSelector', { ...resId, fieldPath: str, options: fieldOptions }),
  targets: { k: 'list', of: struct('TargetSelector', { select: selector, reject: { k: 'list', of: selector, go: '[]*types.Selector' }, fieldPaths: strings, options: fieldOptions }), go: '[]*types.TargetSelector' },
  path: str,
});

const valuesMap: T = { k: 'map', of: any, go: 'map[string]interface {}' };
const helmChart = struct('HelmChart', {
  name: str, version: str, repo: str, releaseName: str, namespace: str, additionalValuesFiles: strings, valuesFile: str,
  valuesInline: valuesMap, valuesMerge: str, includeCRDs: bool, skipHooks: bool, apiVersions: strings, kubeVersion: str,
  nameTemplate: str, skipTests: bool, debug: bool,
});
const helmChartArgs = struct('HelmChartArgs', {
  chartName: str, chartVersion: str, chartRepoUrl: str, chartHome: str, chartRepoName: str, helmBin: str, helmHome: str,
  values: str, valuesLocal: valuesMap, valuesMerge: str, releaseName: str, releaseNamespace: str, extraArgs: strings,
});

const objectMeta = struct('ObjectMeta', { name: str, namespace: str, labels: stringMap, annotations: stringMap });

export const KUSTOMIZATION: T = struct('Kustomization', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  openapi: stringMap,
  namePrefix: str,
  nameSuffix: str,
  namespace: str,
  commonLabels: stringMap,
  labels: list(struct('Label', { pairs: stringMap, includeSelectors: bool, includeTemplates: bool, fields: list(fieldSpec as T & { k: 'struct' }) }) as T & { k: 'struct' }),
  commonAnnotations: stringMap,
  patchesStrategicMerge: { k: 'list', of: { k: 'string', go: 'types.PatchStrategicMerge' }, go: '[]types.PatchStrategicMerge' },
  patchesJson6902: list(patch as T & { k: 'struct' }),
  patches: list(patch as T & { k: 'struct' }),
  images: list(image as T & { k: 'struct' }),
  imageTags: list(image as T & { k: 'struct' }),
  replacements: list(replacementField as T & { k: 'struct' }),
  replicas: list(struct('Replica', { name: str, count: int64 }) as T & { k: 'struct' }),
  vars: list(struct('Var', {
    name: str,
    objref: struct('Target', { apiVersion: str, group: str, version: str, kind: str, name: str, namespace: str }),
    fieldref: struct('FieldSelector', { fieldPath: str }),
  }) as T & { k: 'struct' }),
  sortOptions: struct('SortOptions', {
    order: { k: 'string', go: 'types.SortOrder' },
    legacySortOptions: struct('LegacySortOptions', { orderFirst: strings, orderLast: strings }),
  }),
  resources: strings,
  components: strings,
  crds: strings,
  bases: strings,
  configMapGenerator: list(struct('ConfigMapArgs', generatorArgs) as T & { k: 'struct' }),
  secretGenerator: list(struct('SecretArgs', { ...generatorArgs, type: str }) as T & { k: 'struct' }),
  helmGlobals: struct('HelmGlobals', { chartHome: str, configHome: str }),
  helmCharts: list(helmChart as T & { k: 'struct' }),
  helmChartInflationGenerator: list(helmChartArgs as T & { k: 'struct' }),
  generatorOptions,
  configurations: strings,
  generators: strings,
  transformers: strings,
  validators: strings,
  buildMetadata: strings,
});

const fieldSpecs = list(fieldSpec as T & { k: 'struct' });
type Struct = T & { k: 'struct' };
const plugin = (name: string, fields: Record<string, T>): Struct => struct(`${name}Plugin`, fields) as Struct;
const { path: _path, ...replacement } = (replacementField as Struct).fields;

/**
 * The structs kustomize's built-in plugins unmarshal their configuration into
 * with sigs.k8s.io/yaml (api/internal/builtins, v5.5.0): embedded structs
 * without a JSON name are inlined, those with one are fields. The prefix and
 * suffix transformers decode with kyaml instead (other words), and the helm
 * generator is configured in helm.ts.
 */
export const PLUGIN_TYPES: Readonly<Record<string, Struct>> = {
  AnnotationsTransformer: plugin('AnnotationsTransformer', { annotations: stringMap, fieldSpecs }),
  ConfigMapGenerator: plugin('ConfigMapGenerator', { metadata: objectMeta, ...generatorArgs }),
  SecretGenerator: plugin('SecretGenerator', { metadata: objectMeta, ...generatorArgs, type: str }),
  IAMPolicyGenerator: plugin('IAMPolicyGenerator', {
    cloud: { k: 'string', go: 'types.Cloud' },
    kubernetesService: struct('KubernetesService', { name: str, namespace: str }),
    serviceAccount: struct('ServiceAccount', { name: str, projectId: str }),
  }),
  ImageTagTransformer: plugin('ImageTagTransformer', { imageTag: image, fieldSpecs }),
  LabelTransformer: plugin('LabelTransformer', { labels: stringMap, fieldSpecs }),
  NamespaceTransformer: plugin('NamespaceTransformer', {
    metadata: objectMeta, fieldSpecs, unsetOnly: bool, setRoleBindingSubjects: { k: 'string', go: 'namespace.RoleBindingSubjectMode' },
  }),
  PatchJson6902Transformer: plugin('PatchJson6902Transformer', { target: selector, path: str, jsonOp: str }),
  PatchStrategicMergeTransformer: plugin('PatchStrategicMergeTransformer', {
    paths: { k: 'list', of: { k: 'string', go: 'types.PatchStrategicMerge' }, go: '[]types.PatchStrategicMerge' },
    patches: str,
  }),
  PatchTransformer: plugin('PatchTransformer', { path: str, patch: str, target: selector, options: { k: 'map', of: bool, go: 'map[string]bool' } }),
  ReplacementTransformer: plugin('ReplacementTransformer', {
    replacements: list(replacementField as Struct),
    // Go's tag `json:"omitempty"` names the field "omitempty".
    omitempty: list(struct('Replacement', replacement) as Struct),
  }),
  ReplicaCountTransformer: plugin('ReplicaCountTransformer', { replica: struct('Replica', { name: str, count: int64 }), fieldSpecs }),
};

/**
 * `data` as sigs.k8s.io/yaml hands it to encoding/json for `root`: a number
 * or bool where the struct holds a string is its text (a fresh copy, origins
 * kept; `data` itself when nothing changes). Call after checkGoTypes(…, true).
 */
export function coerceScalarsToStrings(data: Value, root: Struct): Value {
  const walk = (v: Value, t: T): Value => {
    if (v === null) return v;
    if (t.k === 'string') return typeof v === 'number' ? goScalarText(v) : typeof v === 'boolean' ? String(v) : v;
    if (t.k === 'list' && Array.isArray(v)) {
      const out = v.map((x) => walk(x, t.of));
      if (out.every((x, i) => x === v[i])) return v;
      v.forEach((_, i) => setOrigins(out, i, originsAt(v, i)));
      return out;
    }
    if ((t.k === 'map' || t.k === 'struct') && isObj(v)) {
      let out: Obj | undefined;
      for (const key of Object.keys(v)) {
        const name = t.k === 'map' ? key : fieldFor(t, key);
        const ft = t.k === 'map' ? t.of : name === undefined ? undefined : t.fields[name];
        if (!ft) continue;
        const x = walk(v[key]!, ft);
        if (x === v[key]) continue;
        out ??= cloneValue(v);
        out[key] = x;
        setOrigins(out, key, originsAt(v, key));
      }
      return out ?? v;
    }
    return v;
  };
  return walk(data, root);
}

/** sigs.k8s.io/yaml's text of a YAML number: an integer in decimal, a float as Go's FormatFloat(f, 'g', -1, 32). */
function goScalarText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const f = Math.fround(n);
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    digits = f.toExponential(p - 1);
    if (Math.fround(Number(digits)) === f) break;
  }
  // digits: d[.ddd]e±x; the shortest 'g' uses %e when the exponent is < -4 or >= 6 (strconv's eprec).
  const [mant, e] = digits.split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(Number(digits));
}

export interface TypeProblem {
  message: string;
  /** Where in the kustomization data the problem is (for its line). */
  path: PathSegment[];
}

const jsonType = (v: Value): string =>
  typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'array' : isObj(v) ? 'object' : 'number';

const goName = (t: T): string =>
  t.k === 'struct' ? `types.${t.name}` : t.k === 'bool' ? 'bool' : t.k === 'any' ? 'interface {}' : t.go;

/** The first problem Go's strict JSON decoding would report, if any. */
export function checkKustomizationTypes(data: Value): TypeProblem | undefined {
  return checkGoTypes(data, KUSTOMIZATION as T & { k: 'struct' });
}

/**
 * The first problem Go's strict JSON decoding of `data` into the struct `root`
 * would report, if any: the first in the order of the JSON YAMLToJSON wrote
 * (every object's keys sorted). With `sigsYaml`, as sigs.k8s.io/yaml's
 * Unmarshal decodes a built-in plugin's configuration instead: a number or
 * bool meant for a string field becomes its text, unknown fields are
 * skipped, and a key matches its field case-insensitively.
 */
export function checkGoTypes(data: Value, root: T & { k: 'struct' }, sigsYaml = false): TypeProblem | undefined {
  const keysOf = (o: Obj): string[] => Object.keys(o).sort(compareUtf8); // Go's order of a map's keys when json.Marshal writes it (bytes)
  const walk = (v: Value, t: T, structName: string, names: string[], path: PathSegment[]): TypeProblem | undefined => {
    if (v === null || t.k === 'any') return undefined;
    const mismatch = (): TypeProblem => {
      const num = typeof v === 'number' && t.k === 'int' ? ` ${String(v)}` : '';
      const where = names.length ? ` into Go struct field ${structName}.${names.join('.')}` : ' into Go value';
      return { message: `json: cannot unmarshal ${jsonType(v)}${num}${where} of type ${goName(t)}`, path };
    };
    switch (t.k) {
      case 'string':
        return typeof v === 'string' || (sigsYaml && (typeof v === 'number' || typeof v === 'boolean')) ? undefined : mismatch();
      case 'bool':
        return typeof v === 'boolean' ? undefined : mismatch();
      case 'int':
        return typeof v === 'number' && Number.isInteger(v) ? undefined : mismatch();
      case 'list':
        if (!Array.isArray(v)) return mismatch();
        for (let i = 0; i < v.length; i++) {
          const p = walk(v[i]!, t.of, structName, names, [...path, i]);
          if (p) return p;
        }
        return undefined;
      case 'map':
        if (!isObj(v)) return mismatch();
        for (const key of keysOf(v)) {
          const p = walk(v[key]!, t.of, structName, names, [...path, key]);
          if (p) return p;
        }
        return undefined;
      case 'struct':
        if (!isObj(v)) return mismatch();
        for (const key of keysOf(v)) {
          const name = sigsYaml ? fieldFor(t, key) : key;
          const ft = name === undefined ? undefined : t.fields[name];
          if (!ft) {
            if (sigsYaml) continue;
            return { message: `json: unknown field ${JSON.stringify(key)}`, path: [...path, key] };
          }
          const p = walk(v[key]!, ft, t.name, [...names, name!], [...path, key]);
          if (p) return p;
        }
        return undefined;
    }
  };
  return walk(data, root, root.name, [], []);
}

// Go's encoding/json matches an object key to a struct field exactly, else
// case-insensitively (bytes.EqualFold: ASCII case, and U+212A KELVIN SIGN and
// U+017F LONG S fold to k and s), so kustomize reads `nameprefix:` as
// `namePrefix:`. A later key for the same field overwrites an earlier one
// (maps and structs decoded into an existing value are merged into it).
export const fold = (key: string): string => key.replace(/\u212a/g, 'k').replace(/\u017f/g, 's').replace(/[A-Z]/g, (c) => c.toLowerCase());

function fieldFor(t: T & { k: 'struct' }, key: string): string | undefined {
  if (key in t.fields) return key;
  const f = fold(key);
  return Object.keys(t.fields).find((name) => fold(name) === f);
}

/** Whether some struct key of `v` is not spelled as its field. */
function needsCanonical(v: Value, t: T): boolean {
  if (v === null) return false;
  if (t.k === 'list' && Array.isArray(v)) return v.some((x) => needsCanonical(x, t.of));
  if (t.k === 'map' && isObj(v)) return Object.values(v).some((x) => needsCanonical(x, t.of));
  if (t.k === 'struct' && isObj(v)) {
    return Object.keys(v).some((key) => {
      const name = fieldFor(t, key);
      return (name !== undefined && name !== key) || (name !== undefined && needsCanonical(v[key]!, t.fields[name]!));
    });
  }
  return false;
}

function mergeDecoded(into: Value | undefined, v: Value): Value {
  if (isObj(into) && isObj(v)) {
    for (const key of Object.keys(v)) {
      into[key] = mergeDecoded(into[key], v[key]!);
      setOrigins(into, key, originsAt(v, key));
    }
    return into;
  }
  return v;
}

function canonicalize(v: Value, t: T): void {
  if (v === null) return;
  if (t.k === 'list' && Array.isArray(v)) v.forEach((x) => canonicalize(x, t.of));
  else if (t.k === 'map' && isObj(v)) Object.values(v).forEach((x) => canonicalize(x, t.of));
  else if (t.k === 'struct' && isObj(v)) {
    const entries = Object.keys(v).map((key) => [key, v[key]!, originsAt(v, key)] as const);
    for (const [key] of entries) delete v[key];
    for (const [key, x, origins] of entries) {
      const name = fieldFor(t, key) ?? key;
      if (name in t.fields) canonicalize(x, t.fields[name]!);
      v[name] = name in v ? mergeDecoded(v[name], x) : x;
      setOrigins(v, name, origins);
    }
  }
}

/** The kustomization with every field spelled as kustomize's Go types spell it (a copy, when any is not). */
export function canonicalFieldNames(data: Obj): Obj {
  if (!needsCanonical(data, KUSTOMIZATION)) return data;
  const out = cloneValue(data);
  canonicalize(out, KUSTOMIZATION);
  return out;
}
