// Binds the language server to the real engine: project config, the Kustomize
// renderer over editor buffers, schema validation and rules (analysis), and
// the file-level schema checks.
import { defaultProjectConfig, findConfigFile, loadProjectConfig, parseProjectConfig } from '../config';
import { renderKustomization, RenderCache } from '../kustomize';
import { analyzeRendered, type ObjectValidator } from '../analysis';
import { schemaValidator, validateFileDocuments } from '../schema';
import type { Engine } from './project';
import type { FileValidators } from './diagnostics';

/** Schema validation of a rendered object, as analysis expects it. */
export const validateRendered: ObjectValidator = (resource, kubernetesVersion) =>
  schemaValidator()
    .validateObject(resource.object, { mode: 'full', kubernetesVersion })
    .map((p) => ({ path: p.path, message: p.message, code: p.code, severity: p.severity }));

export function createEngine(): Engine {
  return {
    loadConfig: (dir, files) => {
      const file = findConfigFile(dir);
      return file && files.isOpen(file) ? parseProjectConfig(file, files.readFile(file) ?? '') : loadProjectConfig(dir);
    },
    emptyConfig: (dir) => defaultProjectConfig(dir, []),
    createCache: () => new RenderCache(),
    render: (env, files, cache) => renderKustomization(env.overlay, { reader: files, cache: cache as RenderCache }),
    analyze: (config, env, render, files) =>
      analyzeRendered(config, env, render, { validate: validateRendered, read: (f) => files.readFile(f) }),
  };
}

export function createFileValidators(): FileValidators {
  return {
    manifest: (file, parsed, kubernetesVersion) => validateFileDocuments(file, parsed, 'full', { kubernetesVersion }),
    patch: (file, parsed, kubernetesVersion) => validateFileDocuments(file, parsed, 'patch', { kubernetesVersion }),
    kustomization: (file, parsed) => validateFileDocuments(file, parsed, 'kustomization'),
  };
}
