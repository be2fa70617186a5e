// Binds the language server to the real engine: project config (an open
// thebot.yaml read from its buffer), the Kustomize renderer over editor
// buffers, schema validation and rules exactly as `thebot check` runs them
// (analysis' engineOptions), and the file-level schema checks.
import { defaultProjectConfig, findConfigFile, loadProjectConfig, parseProjectConfig } from '../config';
import { renderKustomization, RenderCache } from '../kustomize';
import { analyzeRendered } from '../analysis';
import { engineOptions } from '../analysis/engine';
import { validateFileDocuments } from '../schema';
import type { Engine } from './project';
import type { FileValidators } from './diagnostics';
import { perDocument } from './documentCache';

export function createEngine(): Engine {
  return {
    loadConfig: (dir, files) => {
      const file = findConfigFile(dir);
      return file && files.isOpen(file) ? parseProjectConfig(file, files.readFile(file) ?? '') : loadProjectConfig(dir);
    },
    emptyConfig: (dir) => defaultProjectConfig(dir, []),
    createCache: () => new RenderCache(),
    render: (env, files, cache) => renderKustomization(env.overlay, { reader: files, cache: cache as RenderCache }),
    analyze: (config, env, render, files) => {
      const { validate, read } = engineOptions({ reader: files });
      return analyzeRendered(config, env, render, { validate, read });
    },
  };
}

export function createFileValidators(): FileValidators {
  // Validated document by document, so unchanged documents of a big file are not validated again.
  const full = perDocument((file, parsed, kubernetesVersion) => validateFileDocuments(file, parsed, 'full', { kubernetesVersion }));
  const patch = perDocument((file, parsed, kubernetesVersion) => validateFileDocuments(file, parsed, 'patch', { kubernetesVersion }));
  return {
    manifest: full,
    patch,
    kustomization: (file, parsed) => validateFileDocuments(file, parsed, 'kustomization'),
  };
}
