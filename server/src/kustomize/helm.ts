// `helmCharts` / `helmGlobals` (and the deprecated `helmChartInflationGenerator`)
// as kustomize v5.5's HelmChartInflationGenerator reads them: each chart is
// configured first (kustomize configures every generator before running any),
// then inflated with `helm template` and the kustomize-made arguments
// (helmExec.ts runs helm; this file decides what to run it with).
//
// helm runs only when the caller asked for it (RenderOptions.helm: the CLI's
// --enable-helm, the editor's setting and command); otherwise a chart is refused
// with kustomize's own "must specify --enable-helm".
import { isAbsolute, join, resolve } from 'node:path';
import { KustomizeError } from './errors';
import { originOf, type Kustomization } from './loader';
import type { Origin } from './model';
import { loadFile, type BuildState } from './buildFiles';
import { isObj, type Obj, type Value } from './values';
import { goYaml } from './goYaml';

/** How charts are inflated when a kustomization has helmCharts (absent: refused). */
export interface HelmOptions {
  /** The helm program (kustomize's --helm-command; default `helm`). */
  command: string;
  /** kustomize's --helm-api-versions / --helm-kube-version / --helm-debug: take precedence over the chart's. */
  apiVersions?: string[];
  kubeVersion?: string;
  debug?: boolean;
  /**
   * Directory of inflated outputs, one file per distinct set of inputs (chart
   * files, values, arguments). The output a render used is read from there, so
   * origins point at real lines, and a later render with `cachedOnly` reuses it.
   */
  outputDir: string;
  /** Never start helm: use an output inflated earlier from the same inputs, or refuse (editor keystrokes). */
  cachedOnly?: boolean;
  /** Allow `helm pull` of a chart that is not in the chart home (network; the CLI's --fetch-remote). */
  pull?: boolean;
}

/** kustomize's types.HelmChart with its HelmGlobals, after defaults. */
export interface HelmChartConfig {
  chartHome: string;
  configHome: string;
  name: string;
  version: string;
  repo: string;
  releaseName: string;
  namespace: string;
  additionalValuesFiles: string[];
  valuesFile: string;
  valuesInline: Obj | undefined;
  valuesMerge: string;
  includeCRDs: boolean;
  skipHooks: boolean;
  apiVersions: string[];
  kubeVersion: string;
  nameTemplate: string;
  skipTests: boolean;
  debug: boolean;
  /** The entry in the kustomization (for errors and origins). */
  origin: Origin;
  /** The kustomization directory (kustomize's loader root). */
  root: string;
}

const str = (v: Value | undefined): string => (typeof v === 'string' ? v : '');
const strs = (v: Value | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The chart as kustomize marshals it into the plugin's config (omitempty fields left out). */
function configYaml(globals: Obj, chart: Obj): string {
  const c: Obj = {};
  for (const [k, v] of Object.entries({ ...globals, ...chart })) {
    if (v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0)) continue;
    c[k] = v;
  }
  return Object.keys(c).length ? goYaml(c) : '{}\n';
}

/** kustomize's SplitHelmParameters: the deprecated helmChartInflationGenerator as charts and globals. */
function legacyCharts(k: Kustomization): { charts: Obj[]; globals: Obj } {
  const list = k.data.helmChartInflationGenerator;
  const charts: Obj[] = [];
  const globals: Obj = {};
  if (!Array.isArray(list)) return { charts, globals };
  for (const old of list) {
    if (!isObj(old)) continue;
    const c: Obj = {};
    const copy = (from: string, to: string) => {
      if (old[from] !== undefined && old[from] !== null) c[to] = old[from]!;
    };
    copy('chartName', 'name');
    copy('chartVersion', 'version');
    copy('chartRepoUrl', 'repo');
    copy('values', 'valuesFile');
    copy('valuesLocal', 'valuesInline');
    copy('valuesMerge', 'valuesMerge');
    copy('releaseName', 'releaseName');
    charts.push(c);
    // last non-empty wins
    if (str(old.helmHome)) globals.configHome = old.helmHome!;
    if (str(old.chartHome)) globals.chartHome = old.chartHome!;
  }
  return { charts, globals };
}

function absChartHome(c: { chartHome: string; root: string; version: string; repo: string; name: string }): string {
  const home = isAbsolute(c.chartHome) ? c.chartHome : join(c.root, c.chartHome);
  return c.version !== '' && c.repo !== '' ? join(home, `${c.name}-${c.version}`) : home;
}

const MERGES = ['merge', 'override', 'replace'];

/**
 * Every chart of the kustomization, configured as kustomize's Config() does
 * (the first error wins, in kustomize's words, on the chart's entry).
 */
export function configureHelmCharts(k: Kustomization, st: BuildState): HelmChartConfig[] {
  const own = Array.isArray(k.data.helmCharts) ? k.data.helmCharts : [];
  const legacy = legacyCharts(k);
  const hg = k.data.helmGlobals;
  const globals: Obj = isObj(hg) ? hg : str(legacy.globals.chartHome) || str(legacy.globals.configHome) ? legacy.globals : {};
  const entries: { chart: Obj; origin: Origin }[] = [
    ...own.map((c, i) => ({ chart: isObj(c) ? c : {}, origin: originOf(own, i, 'helmCharts', k.file) })),
    ...legacy.charts.map((c, i) => ({ chart: c, origin: originOf(k.data.helmChartInflationGenerator as Value[], i, 'helmChartInflationGenerator', k.file) })),
  ];
  return entries.map(({ chart, origin }) => {
    const fail = (msg: string): never => {
      throw new KustomizeError(
        `trouble configuring builtin HelmChartInflationGenerator with config: \`\n${configYaml(globals, chart)}\`: ${msg}`,
        origin.file,
        origin.range,
      );
    };
    const helm = st.helm;
    if (!helm) return fail('must specify --enable-helm');
    if (helm.command === '') return fail('must specify --helm-command');
    const c: HelmChartConfig = {
      chartHome: str(globals.chartHome),
      configHome: str(globals.configHome),
      name: str(chart.name),
      version: str(chart.version),
      repo: str(chart.repo),
      releaseName: str(chart.releaseName),
      namespace: str(chart.namespace),
      additionalValuesFiles: strs(chart.additionalValuesFiles),
      valuesFile: str(chart.valuesFile),
      valuesInline: isObj(chart.valuesInline) ? chart.valuesInline : undefined,
      valuesMerge: str(chart.valuesMerge),
      includeCRDs: chart.includeCRDs === true,
      skipHooks: chart.skipHooks === true,
      apiVersions: strs(chart.apiVersions),
      kubeVersion: str(chart.kubeVersion),
      nameTemplate: str(chart.nameTemplate),
      skipTests: chart.skipTests === true,
      debug: chart.debug === true,
      origin: { ...origin, by: 'helmCharts' },
      root: k.dir,
    };
    // CLI arguments take precedence.
    if (helm.kubeVersion) c.kubeVersion = helm.kubeVersion;
    if (helm.apiVersions?.length) c.apiVersions = helm.apiVersions;
    if (helm.debug) c.debug = true;
    if (c.name === '') return fail('chart name cannot be empty');
    if (c.chartHome === '') c.chartHome = 'charts';
    if (c.valuesFile === '') c.valuesFile = join(absChartHome(c), c.name, 'values.yaml');
    c.additionalValuesFiles = c.additionalValuesFiles.map((f) => {
      try {
        loadFile(st, k, f, origin, (m) => m);
      } catch (e) {
        if (e instanceof KustomizeError) fail(`could not load additionalValuesFile: ${e.message}`);
        throw e;
      }
      return join(k.dir, f);
    });
    if (c.valuesMerge === '') c.valuesMerge = 'override';
    else if (!MERGES.includes(c.valuesMerge)) fail(`valuesMerge must be one of [${MERGES.join(' ')}]`);
    return c;
  });
}

export { absChartHome };

/** kustomize's HelmChart.AsHelmArgs, with the values file it wrote. */
export function helmTemplateArgs(c: HelmChartConfig, valuesFile: string): string[] {
  const args = ['template'];
  if (c.releaseName !== '') args.push(c.releaseName);
  else args.push('--generate-name');
  args.push(join(absChartHome(c), c.name));
  if (c.namespace !== '') args.push('--namespace', c.namespace);
  if (c.nameTemplate !== '') args.push('--name-template', c.nameTemplate);
  args.push('-f', valuesFile);
  for (const f of c.additionalValuesFiles) args.push('-f', f);
  for (const v of c.apiVersions) args.push('--api-versions', v);
  if (c.kubeVersion !== '') args.push('--kube-version', c.kubeVersion);
  if (c.includeCRDs) args.push('--include-crds');
  if (c.skipTests) args.push('--skip-tests');
  if (c.skipHooks) args.push('--no-hooks');
  if (c.debug) args.push('--debug');
  return args;
}

/** kustomize's pullCommand. */
export function helmPullArgs(c: HelmChartConfig): string[] {
  const args = ['pull', '--untar', '--untardir', absChartHome(c)];
  if (c.repo.startsWith('oci://')) args.push(c.repo.replace(/\/$/, '') + '/' + c.name);
  else if (c.repo !== '') args.push('--repo', c.repo, c.name);
  else args.push(c.name);
  if (c.version !== '') args.push('--version', c.version);
  return args;
}

/**
 * kyaml's merge2.Merge(src, dest) as the values merge uses it: maps merge
 * recursively, a null in src removes the field, anything else in src replaces
 * dest's value (lists included).
 */
function merge2(src: Value, dest: Value): Value {
  if (!isObj(src) || !isObj(dest)) return src;
  const out: Obj = { ...dest };
  for (const [k, v] of Object.entries(src)) {
    if (v === null) delete out[k];
    else out[k] = k in dest ? merge2(v, dest[k]!) : v;
  }
  return out;
}

/**
 * The values file kustomize hands helm: the chart's (or `valuesFile`) bytes as
 * they are, or, with `valuesInline`, the merge kustomize makes, marshalled by Go.
 */
export function helmValues(c: HelmChartConfig, st: BuildState, parse: (text: string) => Value): string {
  const load = (): string => {
    const rel = isAbsolute(c.valuesFile) ? c.valuesFile : resolve(c.root, c.valuesFile);
    const text = st.reader.readFile(rel);
    if (text === undefined) throw new KustomizeError(`open ${rel}: no such file or directory`, c.origin.file, c.origin.range);
    st.files.add(rel);
    return text;
  };
  if (!c.valuesInline || Object.keys(c.valuesInline).length === 0) return load();
  let values: Value = c.valuesInline;
  if (c.valuesMerge === 'override') values = merge2(c.valuesInline, parse(load()));
  else if (c.valuesMerge === 'merge') values = merge2(parse(load()), c.valuesInline);
  return goYaml(values);
}
