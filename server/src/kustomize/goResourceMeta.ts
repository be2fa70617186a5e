// How kustomize prints an object it cannot identify ("missing kind in object %v",
// "missing metadata.name in object %v", kyaml's RNode.GetValidatedMetadata): Go's
// %v of a ResourceMeta, `{{apiVersion kind} {{name namespace} map[labels] map[annotations]}}`.
// Each field is what kyaml's GetMeta reads: a scalar's text, "" for anything else;
// maps print as Go prints them, keys sorted.
import { isObj, type Obj, type Value } from './values';

/** kyaml's GetValue: a scalar node's text (a map or list has none). */
function scalarText(v: Value | undefined): string {
  if (v === undefined || v === null || typeof v === 'object') return '';
  return String(v);
}

function goMap(v: Value | undefined): string {
  if (!isObj(v)) return 'map[]';
  const keys = Object.keys(v).sort();
  return `map[${keys.map((k) => `${k}:${v[k] === null ? '' : scalarText(v[k])}`).join(' ')}]`;
}

export function goResourceMeta(obj: Obj): string {
  const md = isObj(obj.metadata) ? obj.metadata : {};
  return `{{${scalarText(obj.apiVersion)} ${scalarText(obj.kind)}} {{${scalarText(md.name)} ${scalarText(md.namespace)}} ${goMap(md.labels)} ${goMap(md.annotations)}}}`;
}
