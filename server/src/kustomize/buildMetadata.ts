// `buildMetadata` (kustomize's origin tracking, krusty/kustomizer.go and
// internal/target): when the top kustomization lists any option, every
// resource remembers where it came from (`path` of its file, or the generator
// that made it, relative to the built kustomization) and every transformer
// that ran over it. At the end they become the `config.kubernetes.io/origin`
// and `alpha.config.kubernetes.io/transformations` annotations, and
// `managedByLabel` adds `app.kubernetes.io/managed-by: kustomize-(devel)`
// (kubectl's embedded kustomize carries no version stamp).
import { join } from 'node:path';
import { unshare, writeInPlace } from './aliases';
import type { Resource } from './resource';
import { isObj, type Obj } from './values';

export interface BuildMetadata {
  originAnnotations: boolean;
  transformerAnnotations: boolean;
  managedByLabel: boolean;
}

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'kustomize-(devel)';

/** Go's filepath.Join as kustomize's Origin.Append uses it (cleaned, relative). */
export const originJoin = (base: string, p: string): string => (base ? join(base, p) : join(p)) || '.';

const scalar = (s: string): string => (/^[A-Za-z0-9_./-]+$/.test(s) && !/^[-.]+$/.test(s) ? s : JSON.stringify(s));

/** A resource read from a file: `path: <relative path>`. */
export const pathOrigin = (path: string): string => `path: ${scalar(path)}\n`;

/** The configuration object of a built-in plugin listed under generators/transformers (configuredBy's name, namespace). */
export interface ConfiguredBy {
  name: string;
  namespace: string;
}

/** A generator or transformer of a kustomization: `configuredIn` + `configuredBy`. */
export function configuredOrigin(configuredIn: string, kind: string, indent = '', by?: ConfiguredBy): string {
  let out = `configuredIn: ${scalar(configuredIn)}\n${indent}configuredBy:\n${indent}  apiVersion: builtin\n${indent}  kind: ${kind}\n`;
  if (by?.name) out += `${indent}  name: ${scalar(by.name)}\n`;
  if (by?.namespace) out += `${indent}  namespace: ${scalar(by.namespace)}\n`;
  return out;
}

/** After a transformer ran: an origin for resources without one, else one more transformation. */
export function recordTransformer(resources: Resource[], configuredIn: string, kind: string, by?: ConfiguredBy): void {
  for (const r of resources) {
    if (r.buildOrigin === undefined) r.buildOrigin = configuredOrigin(configuredIn, kind, '', by);
    else r.transformations.push(`- ${configuredOrigin(configuredIn, kind, '  ', by)}`);
    // kustomize records it with SetOrigin or AddTransformation, i.e. SetAnnotations: every
    // annotation is written back as a new node, so none shares its node with a label any more
    // (aliases.ts), and a later write to the label leaves the annotation as it is.
    const ann = r.sharing && isObj(r.obj.metadata) ? r.obj.metadata.annotations : undefined;
    if (isObj(ann)) for (const key of Object.keys(ann)) unshare(ann, key);
  }
}

/** Write the requested metadata onto the final resources. */
export function applyBuildMetadata(resources: Resource[], bm: BuildMetadata): void {
  for (const r of resources) {
    const md = r.meta;
    if (bm.managedByLabel) {
      if (!isObj(md.labels)) md.labels = {};
      // A LabelTransformer on metadata/labels: an existing label is written in place.
      writeInPlace(md.labels as Obj, MANAGED_BY_LABEL, MANAGED_BY_VALUE, undefined);
    }
    const add: Obj = {};
    if (bm.originAnnotations && r.buildOrigin !== undefined) add[ORIGIN_ANNOTATION] = r.buildOrigin;
    if (bm.transformerAnnotations && r.transformations.length) add[TRANSFORMATIONS_ANNOTATION] = r.transformations.join('');
    if (Object.keys(add).length) {
      if (!isObj(md.annotations)) md.annotations = {};
      Object.assign(md.annotations as Obj, add);
    }
  }
}
