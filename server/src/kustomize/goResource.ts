// How kustomize prints a resource in its messages: with the build annotations
// it keeps on the object while building (internal.config.kubernetes.io/
// previousKinds, previousNames, previousNamespaces, prefixes, suffixes, refBy,
// generatorBehavior, needsHashSuffix), which this engine keeps beside the
// object instead (Resource.prevIds, prefixes, suffixes, refBy,
// generatorBehavior, needsHash). Resource.String() is the object's JSON (Go's json.Marshal of a
// map: keys sorted, <, > and & escaped); MustYaml() is that JSON as YAML
// (sigs.k8s.io/yaml, keys sorted).
import { ORIGIN_ANNOTATION, TRANSFORMATIONS_ANNOTATION } from './buildMetadata';
import { goYaml } from './goYaml';
import type { Resource } from './resource';
import { isObj, type Obj, type Value } from './values';

const INTERNAL = 'internal.config.kubernetes.io/';

/** The build annotations kustomize would carry on `r` (resource.go's csv annotations, buildMetadata's). */
export function buildAnnotations(r: Resource): Record<string, string> {
  const out: Record<string, string> = {};
  if (r.prefixes.length) out[`${INTERNAL}prefixes`] = r.prefixes.join(',');
  if (r.suffixes.length) out[`${INTERNAL}suffixes`] = r.suffixes.join(',');
  if (r.prevIds.length) {
    out[`${INTERNAL}previousKinds`] = r.prevIds.map((id) => id.kind).join(',');
    out[`${INTERNAL}previousNames`] = r.prevIds.map((id) => id.name).join(',');
    out[`${INTERNAL}previousNamespaces`] = r.prevIds.map((id) => id.namespace).join(',');
  }
  if (r.refBy.length) out[`${INTERNAL}refBy`] = r.refBy.join(',');
  if (r.generatorBehavior) out[`${INTERNAL}generatorBehavior`] = r.generatorBehavior;
  // Kept after the hash suffix was added (kustomize's HashTransformer leaves it).
  if (r.needsHash) out[`${INTERNAL}needsHashSuffix`] = 'enabled';
  // With any buildMetadata, kustomize annotates origins and transformations
  // while building and removes those not asked for at the end.
  if (r.buildOrigin !== undefined) out[ORIGIN_ANNOTATION] = r.buildOrigin;
  if (r.transformations.length) out[TRANSFORMATIONS_ANNOTATION] = r.transformations.join('');
  return out;
}

/**
 * kustomize ran a JSON 6902 patch over the object as it holds it, its build
 * annotations in metadata.annotations (`before`: buildAnnotations then, put
 * into `ann`). It then restores the internal ones (`internal.config.
 * kubernetes.io/…`: kioutil.GetInternalAnnotations before the patch, set
 * again after it), but not the recorded origin and transformations
 * (buildMetadata's): a patch that replaces or removes the annotations drops
 * those. All are taken out of `ann` again; r's origin and transformations
 * follow what the patch left.
 */
export function takeBuildAnnotations(r: Resource, before: Record<string, string>, ann: Obj | undefined): void {
  const left = (k: string): string | undefined => {
    const v = ann ? ann[k] : undefined;
    return typeof v === 'string' ? v : undefined;
  };
  const origin = left(ORIGIN_ANNOTATION);
  const transformations = left(TRANSFORMATIONS_ANNOTATION);
  if (origin !== before[ORIGIN_ANNOTATION]) r.buildOrigin = origin;
  if (transformations !== before[TRANSFORMATIONS_ANNOTATION]) r.transformations = transformations === undefined ? [] : [transformations];
  if (ann) for (const k of Object.keys(before)) delete ann[k];
}

/**
 * Whether kustomize holds build annotations on `r` now (buildAnnotations not
 * empty), so that its metadata.annotations map exists during the build even
 * when the object's own has none.
 */
export function hasBuildAnnotations(r: Resource): boolean {
  return (
    r.prefixes.length > 0 ||
    r.suffixes.length > 0 ||
    r.prevIds.length > 0 ||
    r.refBy.length > 0 ||
    r.generatorBehavior !== undefined ||
    r.needsHash ||
    r.buildOrigin !== undefined ||
    r.transformations.length > 0
  );
}

/** The object as kustomize holds it during the build: its annotations plus the build annotations. */
export function asKustomizeHoldsIt(r: Resource): Obj {
  const extra = buildAnnotations(r);
  if (!Object.keys(extra).length) return r.obj;
  const md = isObj(r.obj.metadata) ? r.obj.metadata : {};
  const annotations = isObj(md.annotations) ? md.annotations : {};
  return { ...r.obj, metadata: { ...md, annotations: { ...annotations, ...extra } } };
}

const GO_JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** Go's json.Marshal of a decoded YAML value (map keys sorted, HTML characters escaped). */
export function goJson(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'object') return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => GO_JSON_ESCAPES[c]!);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${goJson(k)}:${goJson(v[k]!)}`).join(',')}}`;
}

/** kustomize's Resource.String(). */
export function resourceString(r: Resource): string {
  return goJson(asKustomizeHoldsIt(r));
}

/** kustomize's Resource.MustYaml(). */
export function resourceYaml(r: Resource): string {
  return goYaml(asKustomizeHoldsIt(r));
}
