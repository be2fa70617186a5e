// A kustomization's `configurations` (kustomize's MakeTransformerConfig): the
// default field-spec tables merged with those of each configuration file, in
// order. Parsed once per file text (the render cache keeps the parse).
import { resolve } from 'node:path';
import { KustomizeError, ReaderError } from './errors';
import { loadFile, strings, type BuildState } from './buildFiles';
import type { Kustomization } from './loader';
import { defaultConfig, EMPTY_CONFIG, mergeConfig, parseConfig, type TransformerConfig } from './transformerConfig';

export function loadConfigurations(k: Kustomization, st: BuildState): TransformerConfig {
  const paths = strings(k, 'configurations');
  if (!paths.length) return defaultConfig();
  let custom = EMPTY_CONFIG;
  for (const [entry, origin] of paths) {
    const abs = resolve(k.dir, entry);
    const text = loadFile(st, k, entry, origin, (m) => m);
    let parsed;
    try {
      // sigs.k8s.io/yaml: YAML 1.1 scalars, the first document only.
      parsed = st.cache.parse(abs, text, true);
    } catch (e) {
      if (e instanceof KustomizeError) {
        const line = e.range && !(e instanceof ReaderError) ? `line ${e.range.start.line + 1}: ` : '';
        throw new KustomizeError(`error converting YAML to JSON: yaml: ${line}${e.message.replace(/^yaml: /, '')}`, e.file, e.range);
      }
      throw e;
    }
    const data = parsed.docs[0]?.value ?? null;
    const cfg = st.cache.derive(parsed, 'transformerConfig', () => parseConfig(data, abs));
    custom = merge(custom, cfg, origin);
  }
  return merge(defaultConfig(), custom, paths[0]![1]);
}

function merge(a: TransformerConfig, b: TransformerConfig, at: { file: string; range: KustomizeError['range'] }): TransformerConfig {
  try {
    return mergeConfig(a, b);
  } catch (e) {
    throw new KustomizeError((e as Error).message, at.file, at.range);
  }
}
