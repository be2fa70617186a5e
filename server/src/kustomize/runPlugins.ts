// Built-in plugins configured under `generators`, `transformers` and
// `validators` (pluginConfigs.ts reads them). Each configuration is what
// kustomize's builtin plugin would unmarshal (non-strictly) from the object:
// most map onto one kustomization field run through the same code as that
// field (runGenerators.ts, runTransformers.ts) with the plugin's own field
// specs instead of the kustomization's tables; the namespace, prefix/suffix
// and hash transformers are called directly for their extra options.
import { KustomizeError } from './errors';
import type { BuildState } from './buildFiles';
import type { Kustomization } from './loader';
import type { Origin } from './model';
import type { PluginConfig } from './pluginConfigs';
import type { ResMap } from './resmap';
import { runGenerators } from './runGenerators';
import { runTransformers } from './runTransformers';
import { toFieldSpec, type TransformerConfig } from './transformerConfig';
import { hashOf } from './transformers/hash';
import { absorbGenerated } from './transformers/generators';
import { iamPolicyArgs, iamPolicyYaml, stampIamOrigins } from './transformers/iamPolicyGenerator';
import { parseFile } from './buildFiles';
import { configuredOrigin, recordTransformer, type ConfiguredBy } from './buildMetadata';
import { resourcesFromDocs } from './build';
import { applyNamespace, type SubjectMode } from './transformers/namespace';
import { applyAffix } from './transformers/prefixSuffix';
import { isObj, noteOrigin, originsAt, setOrigins, type Obj, type Value } from './values';
import { emitYamlV2 } from './yaml/emit';
import type { FieldSpec } from './fieldspecs';

/** A kustomization whose only field is `data`, its text in the plugin configuration's file. */
function pseudo(k: Kustomization, pc: PluginConfig, data: Obj): Kustomization {
  return { file: pc.file, dir: k.dir, kind: k.kind, data };
}

/** [entry], the entry keeping the configuration's place (errors and origins point there). */
function one(entry: Value, pc: PluginConfig): Value[] {
  const list = [entry];
  setOrigins(list, 0, [pc.at]);
  return list;
}

/** The listed keys of `o` that are set, with their origins. */
function pick(o: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const key of keys) {
    if (o[key] === undefined || o[key] === null) continue;
    out[key] = o[key]!;
    setOrigins(out, key, originsAt(o, key));
  }
  return out;
}

const fieldSpecsOf = (v: Value | undefined): FieldSpec[] | undefined => (Array.isArray(v) ? v.map(toFieldSpec) : undefined);

function fail(pc: PluginConfig, msg: string): KustomizeError {
  return new KustomizeError(msg, pc.at.file, pc.at.range);
}

/** buildMetadata's configuredBy of a plugin configuration (its metadata name and namespace). */
function configuredBy(pc: PluginConfig): ConfiguredBy {
  const md = isObj(pc.config.metadata) ? pc.config.metadata : {};
  const text = (v: Value | undefined) => (v === null || v === undefined || typeof v === 'object' ? '' : String(v));
  return { name: text(md.name), namespace: text(md.namespace) };
}

/** Run `f` as plugin `pc`: what it generates gets the plugin's origin; its inner steps record nothing. */
function asPlugin(st: BuildState, pc: PluginConfig, f: () => void): void {
  const outer = st.plugin;
  st.plugin = { origin: configuredOrigin(pc.configuredIn, pc.kind, '', configuredBy(pc)) };
  try {
    f();
  } finally {
    st.plugin = outer;
  }
}

const configuring = (pc: PluginConfig, msg: string): KustomizeError => fail(pc, `plugin ${pc.kind}.builtin.[noGrp]/${String((pc.config.metadata as Obj | undefined)?.name ?? '')}.[noNs] fails configuration: ${msg}`);

export function runPluginGenerators(k: Kustomization, res: ResMap, st: BuildState, configs: PluginConfig[]): void {
  for (const pc of configs) {
    const c = pc.config;
    if (pc.kind === 'IAMPolicyGenerator') {
      runIamPolicyGenerator(res, st, pc);
      continue;
    }
    if (pc.kind !== 'ConfigMapGenerator' && pc.kind !== 'SecretGenerator') {
      throw fail(pc, `builtin plugin ${pc.kind} is not supported by this engine (generators)`);
    }
    // ConfigMapArgs inline beside metadata: the args' own name/namespace win.
    const args = pick(c, ['name', 'namespace', 'behavior', 'literals', 'files', 'envs', 'env', 'options', ...(pc.kind === 'SecretGenerator' ? ['type'] : [])]);
    const md = isObj(c.metadata) ? c.metadata : {};
    for (const key of ['name', 'namespace'] as const) {
      if ((args[key] === undefined || args[key] === '') && typeof md[key] === 'string') {
        args[key] = md[key]!;
        setOrigins(args, key, originsAt(md, key));
      }
    }
    const field = pc.kind === 'ConfigMapGenerator' ? 'configMapGenerator' : 'secretGenerator';
    asPlugin(st, pc, () => runGenerators(pseudo(k, pc, { [field]: one(args, pc) }), res, st));
  }
}

/** IAMPolicyGenerator: its ServiceAccount joins the resources like any generated object. */
function runIamPolicyGenerator(res: ResMap, st: BuildState, pc: PluginConfig): void {
  const input = iamPolicyYaml(iamPolicyArgs(pc.config));
  if (typeof input !== 'string') throw fail(pc, input.error);
  const virt = `${pc.file}#IAMPolicyGenerator@${pc.at.range.start.line}:${pc.at.range.start.character}`;
  for (const r of resourcesFromDocs(parseFile(st, virt, input, ''), pc.at.file, 'IAMPolicyGenerator')) {
    r.origin = { ...pc.at, by: 'IAMPolicyGenerator' };
    if (st.meta) r.buildOrigin = configuredOrigin(pc.configuredIn, pc.kind, '', configuredBy(pc));
    stampIamOrigins(r.obj, pc.config, r.origin);
    absorbGenerated(res, r);
  }
}

/**
 * The transformers of `configs`, in order, over `res`. As validators they
 * must leave every resource as it was (kustomize compares the maps).
 */
export function runPluginTransformers(k: Kustomization, res: ResMap, st: BuildState, tc: TransformerConfig, configs: PluginConfig[], validators = false): void {
  for (const pc of configs) {
    if (!validators) {
      asPlugin(st, pc, () => runOne(k, res, st, tc, pc));
      // kustomize records each transformer once, after it ran, on every resource.
      if (st.meta) recordTransformer(res.list, pc.configuredIn, pc.kind, configuredBy(pc));
      continue;
    }
    const before = res.list.map((r) => emitYamlV2(r.obj as Value));
    asPlugin(st, pc, () => runOne(k, res, st, tc, pc));
    const after = res.list.map((r) => emitYamlV2(r.obj as Value));
    if (before.length !== after.length || before.some((y, i) => y !== after[i])) {
      throw fail(pc, `validator shouldn't modify the resource map: ${pc.kind} changed the resources`);
    }
  }
}

function runOne(k: Kustomization, res: ResMap, st: BuildState, tc: TransformerConfig, pc: PluginConfig): void {
  const c = pc.config;
  const run = (data: Obj, over: Partial<TransformerConfig> = {}): void => runTransformers(pseudo(k, pc, data), res, st, { ...tc, ...over });
  switch (pc.kind) {
    case 'PatchTransformer': {
      // Its Config's own checks name the configuration as sigs.k8s.io/yaml writes it (keys sorted).
      const patch = typeof c.patch === 'string' ? c.patch.trim() : '';
      const path = typeof c.path === 'string' ? c.path : '';
      if (patch === '' && path === '') throw configuring(pc, `must specify one of patch and path in\n${emitYamlV2(c)}`.replace(/\n$/, ''));
      if (patch !== '' && path !== '') throw configuring(pc, `patch and path can't be set at the same time\n${emitYamlV2(c)}`.replace(/\n$/, ''));
      const e = pick(c, ['path', 'patch', 'target', 'options']);
      if (typeof e.patch === 'string' && e.patch.trim() === '') delete e.patch;
      try {
        run({ patches: one(e, pc) });
      } catch (x) {
        // The `patches` field's frame around what Config says becomes the plugin's.
        const frame = 'trouble configuring builtin PatchTransformer with config: `\n';
        if (!(x instanceof KustomizeError) || !x.message.startsWith(frame)) throw x;
        const end = x.message.indexOf('`: ', frame.length);
        if (end < 0) throw x;
        throw new KustomizeError(configuring(pc, x.message.slice(end + 3)).message, x.file, x.range);
      }
      return;
    }
    case 'PatchStrategicMergeTransformer': {
      const paths = Array.isArray(c.paths) ? c.paths : [];
      const list: Value[] = [...paths];
      paths.forEach((_, i) => setOrigins(list, i, originsAt(paths, i)));
      if (typeof c.patches === 'string' && c.patches !== '') {
        list.push(c.patches);
        setOrigins(list, list.length - 1, originsAt(c, 'patches'));
      }
      if (!list.length) throw configuring(pc, 'empty file path and empty patch content');
      run({ patchesStrategicMerge: list });
      return;
    }
    case 'PatchJson6902Transformer': {
      const e = pick(c, ['target', 'path']);
      if (!isObj(c.target) || !c.target.name) throw configuring(pc, 'must specify the target name');
      if (typeof c.jsonOp === 'string' && c.jsonOp !== '') {
        if (typeof c.path === 'string' && c.path !== '') throw configuring(pc, 'must specify a file path or jsonOp, not both');
        e.patch = c.jsonOp;
        setOrigins(e, 'patch', originsAt(c, 'jsonOp'));
      } else if (typeof c.path !== 'string' || c.path === '') throw configuring(pc, 'empty file path and empty jsonOp');
      run({ patchesJson6902: one(e, pc) });
      return;
    }
    case 'ReplacementTransformer':
      if (Array.isArray(c.replacements) && c.replacements.length) run({ replacements: c.replacements });
      return;
    case 'ImageTagTransformer':
      run({ images: one(isObj(c.imageTag) ? pick(c.imageTag, ['name', 'newName', 'newTag', 'digest', 'tagSuffix']) : {}, pc) }, { images: fieldSpecsOf(c.fieldSpecs) ?? [] });
      return;
    case 'ReplicaCountTransformer':
      run({ replicas: one(isObj(c.replica) ? pick(c.replica, ['name', 'count']) : {}, pc) }, { replicas: fieldSpecsOf(c.fieldSpecs) ?? [] });
      return;
    case 'LabelTransformer':
      if (isObj(c.labels) && Object.keys(c.labels).length) run({ commonLabels: c.labels }, { commonLabels: fieldSpecsOf(c.fieldSpecs) ?? [] });
      return;
    case 'AnnotationsTransformer':
      if (isObj(c.annotations) && Object.keys(c.annotations).length) run({ commonAnnotations: c.annotations }, { commonAnnotations: fieldSpecsOf(c.fieldSpecs) ?? [] });
      return;
    case 'NamespaceTransformer': {
      const md = isObj(c.metadata) ? c.metadata : {};
      const mode = c.setRoleBindingSubjects ?? '';
      if (!['', 'defaultOnly', 'allServiceAccounts', 'none'].includes(String(mode))) {
        throw configuring(pc, `invalid value "${String(mode)}" for setRoleBindingSubjects: must be one of "defaultOnly", "none" or "allServiceAccounts"`);
      }
      const ns = md.namespace === null || md.namespace === undefined || typeof md.namespace === 'object' ? '' : String(md.namespace);
      if (!ns) return;
      const at: Origin = { ...(originsAt(md, 'namespace')?.[0] ?? pc.at), by: 'namespace' };
      applyNamespace(res.list, ns, at, {
        fieldSpecs: fieldSpecsOf(c.fieldSpecs) ?? [],
        unsetOnly: c.unsetOnly === true,
        setRoleBindingSubjects: (mode || 'defaultOnly') as SubjectMode,
      });
      return;
    }
    case 'PrefixSuffixTransformer':
    case 'PrefixTransformer':
    case 'SuffixTransformer': {
      const specs = fieldSpecsOf(c.fieldSpecs);
      if (!specs) throw configuring(pc, 'fieldSpecs is not expected to be nil');
      // sigs.k8s.io/yaml gives a string field the text of any scalar (YAML 1.1: `-01` is -1).
      const text = (key: string) => (c[key] === null || c[key] === undefined || typeof c[key] === 'object' ? '' : String(c[key]));
      const at = (key: string): Origin => ({ ...(originsAt(c, key)?.[0] ?? pc.at), by: key === 'prefix' ? 'namePrefix' : 'nameSuffix' });
      if (pc.kind !== 'SuffixTransformer') applyAffix(res.list, { prefix: text('prefix') }, specs, at('prefix'));
      if (pc.kind !== 'PrefixTransformer') applyAffix(res.list, { suffix: text('suffix') }, specs, at('suffix'));
      return;
    }
    case 'HashTransformer':
      // The resources keep needing a hash: the build hashes them again at the end, as kustomize does.
      for (const r of res.list) {
        if (!r.needsHash) continue;
        r.storePreviousId();
        r.meta.name = `${r.name}-${hashOf(r.obj)}`;
        noteOrigin(r.meta, 'name', { ...r.origin, by: 'hash' });
      }
      return;
    default:
      throw fail(pc, `builtin plugin ${pc.kind} is not supported by this engine (${pc.entry.by})`);
  }
}
