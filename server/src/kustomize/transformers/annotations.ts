// `commonAnnotations` (kustomize AnnotationsTransformer): metadata and pod templates.
import type { FieldSpec } from '../fieldspecs';
import type { Origin } from '../model';
import type { Resource } from '../resource';
import { setPairs } from './labels';

export function applyAnnotations(
  resources: Resource[],
  pairs: Record<string, string>,
  origins: Record<string, Origin>,
  file: string,
  fieldSpecs: readonly FieldSpec[],
): void {
  const entries = Object.entries(pairs); // once for all resources
  for (const r of resources) setPairs(r, fieldSpecs, pairs, origins, file, entries);
}
