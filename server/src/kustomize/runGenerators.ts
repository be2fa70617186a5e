// A kustomization's generators (configMapGenerator, secretGenerator) run over
// the accumulated resources, after its resources and before its components
// (called from build.ts).

import { resolve } from 'node:path';
import { KustomizeError } from './errors';
import { checkEntry, originOf, type Kustomization } from './loader';
import type { Origin } from './model';
import type { ResMap } from './resmap';
import { absorbGenerated, generate, keyFromFileSource, parseEnvFile, parseLiteral, type GeneratorOptions } from './transformers/generators';
import { configuredOrigin } from './buildMetadata';
import { isObj, stampTree, type Value } from './values';
import { configuredIn, loadFile, parseFile, stringMap, type BuildState } from './buildFiles';
import { configureHelmCharts } from './helm';
import { inflateChart, parseInflated } from './helmExec';
import { resourcesFromDocs } from './build';

/**
 * The bytes of a generator file that is not valid UTF-8 (decoding replaced
 * something with U+FFFD, or it was read as UTF-16 after a byte order mark),
 * else undefined.
 */
function nonUtf8Bytes(st: BuildState, abs: string, text: string): Uint8Array | undefined {
  if (!(text.includes('\uFFFD') || text.charCodeAt(0) === 0xfeff) || !st.reader.readBytes) return undefined;
  const bytes = st.reader.readBytes(abs);
  if (!bytes) return undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    return bytes;
  }
}

function genOptions(v: Value | undefined): GeneratorOptions {
  if (!isObj(v)) return {};
  return {
    labels: stringMap(v.labels),
    annotations: stringMap(v.annotations),
    disableNameSuffixHash: v.disableNameSuffixHash === true,
    immutable: v.immutable === true,
  };
}

function mergeOptions(global: GeneratorOptions, local: GeneratorOptions): GeneratorOptions {
  return {
    labels: { ...global.labels, ...local.labels },
    annotations: { ...global.annotations, ...local.annotations },
    disableNameSuffixHash: local.disableNameSuffixHash || global.disableNameSuffixHash,
    immutable: local.immutable || global.immutable,
  };
}

const GEN_KEYS = {
  name: 'string', namespace: 'string', behavior: 'string', literals: 'strings', files: 'strings', envs: 'strings',
  env: 'string', options: 'map', type: 'string',
} as const;

export function runGenerators(k: Kustomization, res: ResMap, st: BuildState): void {
  // kustomize configures every generator (ConfigMap, Secret, then helm) before running any.
  const charts = k.data.helmCharts || k.data.helmChartInflationGenerator ? configureHelmCharts(k, st) : [];
  runConfigMapsAndSecrets(k, res, st);
  for (const c of charts) {
    st.volatile = true;
    const { file, text } = inflateChart(c, st, (t) => parseFile(st, `${c.valuesFile}`, t, 'could not parse values file into rnode: ')[0]?.value ?? null);
    for (const r of resourcesFromDocs(parseInflated(st, file, text), file, 'helmCharts')) {
      // The chart's entry is where a finding about an inflated value can be fixed.
      r.origin = c.origin;
      stampTree({ obj: r.obj }, 'obj', c.origin);
      if (st.meta) r.buildOrigin = configuredOrigin(configuredIn(st, k), 'HelmChartInflationGenerator');
      absorbGenerated(res, r);
    }
  }
}

function runConfigMapsAndSecrets(k: Kustomization, res: ResMap, st: BuildState): void {
  const global = genOptions(k.data.generatorOptions);
  for (const field of ['configMapGenerator', 'secretGenerator'] as const) {
    const list = k.data[field];
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const e = checkEntry(k, field, raw, i, { ...GEN_KEYS });
      const origin = originOf(list, i, field, k.file);
      const pairs: { key: string; value: string; origin: Origin; bytes?: Uint8Array }[] = [];
      // kustomize's kv loader reads env files first, then literals, then files; each kind's failure in its frame.
      const envs = [...(Array.isArray(e.envs) ? e.envs : []), ...(typeof e.env === 'string' ? [e.env] : [])];
      envs.forEach((f, j) => {
        const o = Array.isArray(e.envs) && j < e.envs.length ? originOf(e.envs, j, field, k.file) : originOf(e, 'env', field, k.file);
        const abs = resolve(k.dir, String(f));
        const text = loadFile(st, k, String(f), o, (m) => `loading KV pairs: env source files: [${envs.map(String).join(' ')}]: ${m}`);
        for (const kv of parseEnvFile(text, abs)) {
          const range = { start: { line: kv.line, character: 0 }, end: { line: kv.line, character: 0 } };
          pairs.push({ key: kv.key, value: kv.value, origin: { file: abs, range, by: field } });
        }
      });
      const lits = Array.isArray(e.literals) ? e.literals : [];
      lits.forEach((l, j) => {
        const o = originOf(lits, j, field, k.file);
        const kv = parseLiteral(String(l));
        if (!kv) {
          // kustomize echoes every literal; a Secret's must never reach a terminal or a CI log.
          const msg =
            field === 'secretGenerator'
              ? `loading KV pairs: literal sources: invalid literal source #${j + 1} (value not shown), expected key=value`
              : `loading KV pairs: literal sources [${lits.map(String).join(' ')}]: invalid literal source ${l}, expected key=value`;
          throw new KustomizeError(msg, o.file, o.range);
        }
        pairs.push({ key: kv[0], value: kv[1], origin: o });
      });
      const files = Array.isArray(e.files) ? e.files : [];
      files.forEach((f, j) => {
        const o = originOf(files, j, field, k.file);
        const parsed = keyFromFileSource(String(f));
        if (typeof parsed === 'string') throw new KustomizeError(`loading KV pairs: file sources: [${files.map(String).join(' ')}]: ${parsed}`, o.file, o.range);
        const [key, path] = parsed;
        const text = loadFile(st, k, path, o, (m) => `loading KV pairs: file sources: [${files.map(String).join(' ')}]: ${m}`);
        // The value is the whole file: its origin is the file's start.
        const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        pairs.push({ key, value: text, origin: { file: resolve(k.dir, path), range: whole, by: field }, bytes: nonUtf8Bytes(st, resolve(k.dir, path), text) });
      });
      // kustomize's NewGenerationBehavior: anything but merge/replace creates.
      const behavior = e.behavior === 'merge' || e.behavior === 'replace' ? e.behavior : 'create';
      const behaviorName = behavior !== 'create' ? behavior : e.behavior === 'create' ? 'create' : 'unspecified';
      if (typeof e.name !== 'string' || e.name === '') throw new KustomizeError('a configmap must have a name', origin.file, origin.range);
      const r = generate({
        kind: field === 'configMapGenerator' ? 'ConfigMap' : 'Secret',
        name: String(e.name ?? ''),
        namespace: typeof e.namespace === 'string' ? e.namespace : undefined,
        behavior: behavior as 'create',
        behaviorName,
        type: typeof e.type === 'string' ? e.type : undefined,
        pairs,
        options: mergeOptions(global, genOptions(e.options)),
        origin: { ...origin, by: field },
      });
      if (st.meta) r.buildOrigin = st.plugin?.origin ?? configuredOrigin(configuredIn(st, k), field === 'configMapGenerator' ? 'ConfigMapGenerator' : 'SecretGenerator');
      absorbGenerated(res, r);
    });
  }
}
