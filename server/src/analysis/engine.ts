// The real parts behind AnalyzeOptions: the embedded Kustomize engine and the
// schema validator. The language server passes its reader (unsaved buffers)
// and one RenderCache shared by all renders.
import { renderKustomization, nodeFileReader, type FileReader, type HelmOptions, type LoadRestrictor, type RemoteOptions, type RenderCache } from '../kustomize';
import { validateObject } from '../schema';
import type { AnalyzeOptions } from './project';

export function engineOptions(options: { reader?: FileReader; cache?: RenderCache; schemas?: boolean; helm?: HelmOptions; remote?: RemoteOptions; loadRestrictor?: LoadRestrictor; loadRoot?: string } = {}): Required<Pick<AnalyzeOptions, 'render' | 'read'>> & Pick<AnalyzeOptions, 'validate' | 'cache'> {
  const reader = options.reader ?? nodeFileReader;
  return {
    render: (dir) => renderKustomization(dir, { reader, ...(options.cache ? { cache: options.cache } : {}), ...(options.helm ? { helm: options.helm } : {}), ...(options.remote ? { remote: options.remote } : {}), ...(options.loadRestrictor ? { loadRestrictor: options.loadRestrictor } : {}), ...(options.loadRoot ? { loadRoot: options.loadRoot } : {}) }),
    read: (file) => reader.readFile(file),
    // Passed on as well: the analysis keeps its parses beside it (parseMemo.ts), so a second analysis with the same cache parses nothing again.
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.schemas === false ? {} : { validate: schemaValidation }),
  };
}

/** Schema validation of a rendered object (the full schema: required fields included). */
export const schemaValidation: NonNullable<AnalyzeOptions['validate']> = (r, kubernetesVersion) => validateObject(r.object, { kubernetesVersion, mode: 'full' });
