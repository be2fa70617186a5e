// `commonAnnotations` (kustomize AnnotationsTransformer): metadata and pod templates.
import { builtinSpecs } from '../fieldspecs';
import type { Origin } from '../model';
import type { Resource } from '../resource';
import { setPairs } from './labels';

export function applyAnnotations(
  resources: Resource[],
  pairs: Record<string, string>,
  origins: Record<string, Origin>,
  file: string,
): void {
  for (const r of resources) setPairs(r, builtinSpecs().commonAnnotations, pairs, origins, file);
}
