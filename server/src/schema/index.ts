// Public surface of the schema layer (Kubernetes 1.34, CRDs, kustomization).
// Functions use the process-wide validator over schemas/; construct a
// SchemaValidator yourself to use another schemas directory.
import type { PathSegment } from '../kustomize/model';
import type { SchemaNode } from './compile';
import { schemaValidator, type Description, type ValidateOptions } from './validator';
import type { SchemaProblem } from './walk';

export { CODES, type SchemaProblem } from './walk';
export { SchemaValidator, schemaValidator, DEFAULT_KUBERNETES_VERSION, type Description, type ValidateOptions } from './validator';
export { validateFileDocuments, locateProblems, problemRange, type FileMode, type FileValidateOptions, type LocatedProblem } from './document';
export { validateJsonPatch, validateTargetedPatch, type PatchTarget } from './jsonpatch';
export { API_DEPRECATIONS, apiDeprecation, kubernetesMinor } from './deprecations';
export { SchemaStore, locateSchemas } from './store';
export type { SchemaNode, Property } from './compile';

export function validateObject(obj: unknown, options: ValidateOptions): SchemaProblem[] {
  return schemaValidator().validateObject(obj, options);
}

export function validateKustomization(obj: unknown): SchemaProblem[] {
  return schemaValidator().validateKustomization(obj);
}

export function schemaFor(apiVersion: string, kind: string): SchemaNode | undefined {
  return schemaValidator().schemaFor(apiVersion, kind);
}

export function describe(apiVersion: string, kind: string, path: PathSegment[]): Description | undefined {
  return schemaValidator().describe(apiVersion, kind, path);
}

/** Every apiVersion/kind pair with a schema (for completion). */
export function listKinds(): { apiVersion: string; kind: string }[] {
  return schemaValidator().listKinds();
}
