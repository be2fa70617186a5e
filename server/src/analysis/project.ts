// The analysis of one project (a thebot.yaml, or discovered environments):
// every environment rendered, validated (schemas, rules) and mapped to source
// lines; the config's own problems; each file's own checks by its role
// (kustomization, patch, resource, standalone); all of it merged into one
// finding per source location. `thebot check`, `deploy`, `dry-run` and the
// language server all read their findings from here. The language server
// keeps one ProjectAnalysis per project and, after an edit, refreshes only the
// environments that read the edited files (`affected`), one at a time between
// its cancellation checks; everything else is cached here, each cache keyed
// by what it was made from.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isSeq } from 'yaml';
import type { Finding } from '../findings';
import type { Environment, ProjectConfig } from '../config/types';
import { findKustomizationFiles } from '../config/discover';
import { takeDiscoveredKustomizations } from '../config';
import { renderKustomization, RenderCache, nodeFileReader, type FileReader, type LoadRestrictor, type RenderOptions } from '../kustomize';
import type { RenderResult } from '../kustomize/model';
import type { ParsedYaml } from '../documents/parse';
import { isKustomizationFile, isPatchEntry, kustomizationEntries, KUSTOMIZATION_NAMES, type KustomizationEntry } from '../services/kustomization';
import { RULES } from '../rules';
import { analyzeRendered, dropIgnored, type EnvironmentChecks } from './environment';
import { HelmChartLookup, standaloneRole } from './templates';
import { TestAssertionLookup } from './testAssertions';
import { combineFindings, createFileValidators, fileFindings, type FileCheck, type FileRole, type FileValidators } from './files';
import { KustomizationIndex } from './kustomizations';
import { unusedPatch, unusedPatchFinding } from './unused';
import { unknownRuleFindings } from './config-findings';
import { mergeEnvironments } from './merge';
import { schemaValidation } from './engine';
import type { AnalysisFinding } from './map';
import { stage } from '../services/trace';
import { memoParse, onceEach, parseMemoOf } from './parseMemo';
import { reusingValidation, type ValidationMemo } from './validationMemo';
import { applyScalarEdit, editableIn, findScalarEdit, type ScalarEdit } from '../kustomize/scalarEdit';
import type { DecodedFile } from '../kustomize/yaml/decode';

/** Renders one kustomization directory (the Kustomize engine, or a test double). */
export type Renderer = (dir: string) => RenderResult;

export interface AnalyzeOptions extends EnvironmentChecks {
  /** Renderer; default: the Kustomize engine over `reader` with `cache`. */
  render?: Renderer;
  /** Files as the engine sees them (the language server passes unsaved buffers). */
  reader?: FileReader;
  /** Render cache (default: one per project). */
  cache?: RenderCache;
  /** Parsed YAML of a file (the language server's parse cache; default: `read` parsed through the render cache's parse memo). */
  parse?: (file: string) => ParsedYaml | undefined;
  /** File-level schema checks (default: fresh ones when `validate` is given, else syntax only). */
  fileValidators?: FileValidators;
  /** Names of the environments to analyse (default: all). */
  environments?: string[];
  /** Files to check on their own besides those the project reads (the CLI: YAML files under the checked paths). */
  files?: string[];
  /** Kustomization files of the project's tree (default: a walk of its root). */
  kustomizationFiles?: () => string[];
  /** helm and remote bases for the default engine, asked at each render (the server switches them per request). */
  external?: () => Pick<RenderOptions, 'helm' | 'remote'>;
  /** kustomize's --load-restrictor for the default engine, and for which patch files are checked as patches. */
  loadRestrictor?: LoadRestrictor;
}

export interface EnvironmentState {
  env: Environment;
  render: RenderResult | undefined;
  files: Set<string>;
  findings: AnalysisFinding[];
  /** Entries of every kustomization file the render read. */
  entries: KustomizationEntry[];
  /** The schema problems of the last render's objects (validationMemo.ts). */
  validated?: ValidationMemo | undefined;
  /** Files it reads that changed since its render (invalidate); every file after a change of the tree. */
  pending?: Set<string> | 'all';
  /** What its render decoded of each resource file it read (RenderCache.peek), to know the render's text. */
  decoded?: Map<string, DecodedFile | undefined>;
  /** Whether its kustomizations and patches let a scalar edit skip a render (scalarEdit.ts editableIn); known once asked. */
  editable?: boolean;
}

/** The one file the last invalidate() changed, its decode before the change, and the scalar edit it is (once asked; null when it is none). */
interface LastChange {
  file: string;
  before: { text: string; parsed: DecodedFile };
  edit?: ScalarEdit | null;
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const NO_SCHEMAS: FileValidators = { manifest: () => [], patch: () => [], kustomization: () => [] };
const isYamlFile = (file: string): boolean => /\.ya?ml$/.test(file) || isKustomizationFile(file);

export class ProjectAnalysis {
  readonly environments: EnvironmentState[];
  private readonly cache: RenderCache;
  /** `last`: no other environment renders before the next edit (RenderOptions.lastUse). */
  private readonly renderEnv: (env: Environment, last: boolean) => RenderResult;
  private readonly read: (file: string) => string | undefined;
  private readonly parse: (file: string) => ParsedYaml | undefined;
  private readonly validators: FileValidators | undefined;
  private readonly index: KustomizationIndex;
  private readonly checks: EnvironmentChecks;
  /** File-level findings per file, kept while its parse, role and the validation switch are the same. */
  private readonly fileMemo = new Map<string, { parsed: ParsedYaml; role: FileRole; validate: boolean; findings: Finding[] }>();
  private configMemo: { text: string; findings: Finding[] } | undefined;
  private lastChange: LastChange | undefined;
  /** A test double renders (no engine render to carry an edit into). */
  private readonly testRenderer: boolean;
  private readonly charts = new HelmChartLookup();
  private readonly tests = new TestAssertionLookup();

  constructor(
    readonly config: ProjectConfig,
    options: AnalyzeOptions = {},
  ) {
    const reader = options.reader ?? nodeFileReader;
    const cache = (this.cache = options.cache ?? new RenderCache());
    const render = options.render;
    this.testRenderer = render !== undefined;
    const external = options.external ?? (() => ({}));
    const loadRestrictor = options.loadRestrictor ?? config.loadRestrictor;
    this.renderEnv = render ? (env) => render(env.overlay) : (env, last) => renderKustomization(env.overlay, { reader, cache, ...external(), loadRestrictor, loadRoot: config.root, lastUse: last });
    const read = (this.read = options.read ?? ((file) => reader.readFile(file)));
    this.parse = options.parse ?? memoParse(read, parseMemoOf(cache));
    // The real engine comes with schema validation unless told otherwise; a test double renderer with rules only.
    const validate = options.validate ?? (render ? undefined : schemaValidation);
    this.validators = options.fileValidators ?? (validate ? createFileValidators() : undefined);
    this.checks = { read, parse: this.parse, rules: options.rules ?? RULES, noSuppressions: options.noSuppressions ?? false, ...(validate ? { validate } : {}) };
    // The tree discovery has just walked (a project without thebot.yaml) is listed from that walk the first time.
    let walked = takeDiscoveredKustomizations(config);
    const list =
      options.kustomizationFiles ??
      (() => {
        const files = walked ?? (config.environments.length ? findKustomizationFiles(config.root) : []);
        walked = undefined;
        return files;
      });
    this.index = new KustomizationIndex(list, this.parse, (p) => reader.realpath(p), loadRestrictor === 'LoadRestrictionsNone' ? config.root : undefined);
    const wanted = options.environments;
    this.environments = config.environments
      .filter((env) => !wanted || wanted.includes(env.name))
      .map((env) => ({ env, render: undefined, files: new Set<string>(), findings: [], entries: [] }));
  }

  /** Files changed: forget what was made from them (renders, kustomization entries, the config's findings). */
  invalidate(files: Iterable<string>): void {
    const list = [...files];
    const before = list.length === 1 && !this.testRenderer && !isKustomizationFile(list[0]!) ? this.cache.peek(list[0]!) : undefined;
    this.lastChange = before && { file: list[0]!, before };
    for (const s of this.environments) {
      if (s.pending === 'all') continue;
      const read = list.filter((f) => s.files.has(f));
      if (read.length) s.pending = new Set([...(s.pending ?? []), ...read]);
    }
    for (const f of list) {
      this.cache.invalidate(f);
      this.index.invalidate(f);
      if (f === this.config.file) this.configMemo = undefined;
    }
  }

  /** Files were created or deleted on disk: the tree's kustomizations are listed again. */
  treeChanged(): void {
    for (const s of this.environments) s.pending = 'all';
    this.index.reset();
    this.charts.clear();
    this.tests.clear();
  }

  /** The environments an edit of `changed` must render again; a failed render may not have got to the file that fixes it, so failed ones retry on any edit. */
  affected(changed: string[]): EnvironmentState[] {
    return this.environments.filter((s) => !s.render || s.render.errors.length > 0 || changed.some((f) => s.files.has(f)));
  }

  /**
   * Renders and analyses one environment. Each stage is guarded: an engine failure on odd input becomes a finding.
   * `last`: the last environment rendered after this edit, which may take what the engine memoised rather than copy it.
   */
  refreshEnvironment(state: EnvironmentState, last = false): void {
    let render: RenderResult;
    const edited = this.afterScalarEdit(state);
    if (edited) {
      render = edited;
    } else {
      try {
        render = stage(`render ${state.env.name}`, () => this.renderEnv(state.env, last));
      } catch (e) {
        render = failedRender(state.env, e);
      }
      state.files = new Set(render.files);
      state.entries = render.files.filter(isKustomizationFile).flatMap((k) => {
        const parsed = this.parse(k);
        return parsed ? kustomizationEntries(k, parsed) : [];
      });
      state.decoded = new Map(render.files.map((f) => [f, this.cache.peek(f)?.parsed]));
      state.editable = undefined;
    }
    state.render = render;
    state.pending = undefined;
    // The engine's schema validation reads nothing but each object: what rendered as before keeps its problems.
    const previous = state.validated;
    state.validated = undefined;
    const reuse = this.checks.validate === schemaValidation ? reusingValidation(schemaValidation, previous, edited !== undefined) : undefined;
    try {
      // Each file looked up once for this environment's checks, not once per rule and resource (each lookup read the file to compare its text).
      const checks = { ...this.checks, parse: onceEach(this.parse), ...(reuse ? { validate: reuse.validate } : {}) };
      state.findings = stage(`analyze ${state.env.name}`, () => analyzeRendered(this.config, state.env, render, checks));
      state.validated = reuse?.memo();
    } catch (e) {
      state.findings = [internalFinding(state.env, 'validating', e)];
    }
  }

  /**
   * The environment's render with the last change carried in, when that
   * change is one scalar no transformer of the environment reads
   * (kustomize/scalarEdit.ts) and the render is of every file as it was just
   * before it; undefined when it must render again.
   */
  private afterScalarEdit(state: EnvironmentState): RenderResult | undefined {
    const c = this.lastChange;
    const render = state.render;
    if (!c || !render || render.errors.length || state.pending === 'all' || state.pending?.size !== 1 || !state.pending.has(c.file)) return undefined;
    if (state.decoded?.get(c.file) !== c.before.parsed) return undefined;
    if (c.edit === undefined) c.edit = this.scalarEditOf(c) ?? null;
    const edit = c.edit;
    if (!edit) return undefined;
    // Read as a resource only: a patch, a generator's input or a CRD list is read for more than its values.
    const uses = state.entries.filter((e) => e.path === c.file);
    if (!uses.length || uses.some((e) => e.field !== 'resources' && e.field !== 'bases')) return undefined;
    state.editable ??= editableIn(
      render.files.filter(isKustomizationFile).map((k) => this.readOr(k, 'vars:')),
      state.entries.filter(isPatchEntry).map((e) => this.readOr(e.path, '')),
    );
    if (!state.editable) return undefined;
    const out = stage(`edit ${state.env.name}`, () => applyScalarEdit(render, edit));
    if (out) state.decoded?.set(c.file, this.cache.peek(c.file)?.parsed);
    return out;
  }

  /** A file's text; `otherwise` when it is missing or refused. */
  private readOr(file: string, otherwise: string): string {
    try {
      return this.read(file) ?? otherwise;
    } catch {
      return otherwise;
    }
  }

  /** The scalar edit of the last change, its new text decoded as the engine decodes a resource file. */
  private scalarEditOf(c: LastChange): ScalarEdit | undefined {
    try {
      // Refused by the reader (too large, not a regular file): the render says so.
      const text = this.read(c.file);
      // A directive line is refused by the engine's reader, not decoded (buildFiles.ts parseFile); a
      // replacement character is told from invalid UTF-8 by the file's bytes, which the engine's read passes.
      if (text === undefined || /^%/m.test(text) || text.includes('\uFFFD')) return undefined;
      const now = this.cache.parse(c.file, text, false, undefined, true);
      return findScalarEdit(c.file, c.before.text, c.before.parsed, text, now);
    } catch {
      return undefined;
    }
  }

  /** Renders and analyses every environment. */
  refreshAll(): void {
    this.environments.forEach((s, i) => this.refreshEnvironment(s, i === this.environments.length - 1));
  }

  /**
   * The environments whose kustomization files, as written, name any of
   * `files` (directly or through the kustomizations they include): before a
   * first render, the ones a file takes part in; each with the number of
   * files it names (a measure of its size).
   */
  reaching(files: Iterable<string>): Map<EnvironmentState, number> {
    const wanted = [...files];
    const out = new Map<EnvironmentState, number>();
    if (!wanted.length) return out;
    for (const s of this.environments) {
      const reached = this.index.reachableFrom(s.env.overlay);
      if (wanted.some((f) => reached.has(f))) out.set(s, reached.size);
    }
    return out;
  }

  /** Every file some environment reads. */
  includes(file: string): boolean {
    return this.environments.some((s) => s.files.has(file));
  }

  /** How a file takes part in the project (decides its file-level checks). */
  roleOf(file: string, parsed: ParsedYaml | undefined): FileRole {
    return fileRole(file, parsed, { index: this.index, environments: this.environments, charts: this.charts, tests: this.tests, root: this.config.root });
  }

  /**
   * Every finding of the project, one per source location: the config's
   * problems, the environments' findings merged, and the file-level findings of
   * every YAML file an environment reads, every patch file of the tree and
   * `files`; with `only`, the findings in `files` alone. With `validate` off
   * (an editor setting), YAML syntax only.
   */
  findings(options: { validate?: boolean; files?: Iterable<string>; only?: boolean } = {}): AnalysisFinding[] {
    const validate = options.validate ?? true;
    const project: AnalysisFinding[] = validate
      ? [
          ...this.config.problems,
          ...this.configFindings(),
          ...mergeEnvironments(this.environments.filter((s) => s.render).map((s) => ({ env: s.env.name, findings: s.findings }))),
        ]
      : [];
    const byFile = new Map<string, AnalysisFinding[]>();
    for (const f of project) {
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    const files = new Set(options.only ? [] : byFile.keys());
    if (!options.only) {
      for (const s of this.environments) for (const f of s.files) if (isYamlFile(f)) files.add(f);
      for (const f of this.index.patchFiles()) files.add(f);
    }
    for (const f of options.files ?? []) files.add(f);
    const out: AnalysisFinding[] = [];
    for (const file of files) out.push(...(combineFindings(byFile.get(file) ?? [], this.fileFindings(file, validate)) as AnalysisFinding[]));
    return dropIgnored(this.config, out).sort(compareFindingsStable);
  }

  /** A file's own findings (syntax; schemas by its role), memoised per parse. */
  private fileFindings(file: string, validate: boolean): Finding[] {
    const parsed = this.parse(file);
    if (!parsed) {
      this.fileMemo.delete(file);
      return [];
    }
    const role = this.roleOf(file, parsed);
    const hit = this.fileMemo.get(file);
    if (hit && hit.parsed === parsed && hit.role === role && hit.validate === validate) return hit.findings;
    const check = { role, validate: validate && !!this.validators, kubernetesVersion: this.config.kubernetesVersion };
    const findings = roleFindings(file, parsed, check, this.validators ?? NO_SCHEMAS, this.index, this.config.root, validate);
    this.fileMemo.set(file, { parsed, role, validate, findings });
    return findings;
  }

  /** Findings about thebot.yaml that need the rule registry (unknown rule ids). */
  private configFindings(): Finding[] {
    const file = this.config.file;
    if (!file) return [];
    const text = this.read(file);
    if (text === undefined) return [];
    if (this.configMemo?.text !== text) this.configMemo = { text, findings: unknownRuleFindings(file, text, this.checks.rules ?? RULES, this.config) };
    return this.configMemo.findings;
  }
}

/** What the file role depends on: the tree's kustomizations, the environments' renders (none in plain-file mode), Helm charts. */
export interface RoleContext {
  index: KustomizationIndex;
  environments: readonly EnvironmentState[];
  charts: HelmChartLookup;
  /** kuttl and chainsaw assertions (partial objects, never applied). */
  tests?: TestAssertionLookup;
  /** Where a Helm chart is looked for, upward from a file, at most. */
  root: string;
}

/** How a file takes part in a project, or in the kustomizations above a file checked on its own (decides its file-level checks). */
export function fileRole(file: string, parsed: ParsedYaml | undefined, ctx: RoleContext): FileRole {
  if (isKustomizationFile(file)) return 'kustomization';
  let patch: KustomizationEntry | undefined;
  for (const s of ctx.environments) {
    patch = s.entries.find((e) => e.path === file && isPatchEntry(e));
    if (patch) break;
  }
  patch ??= ctx.index.patchEntry(file);
  if (patch) {
    // A `patches:` file holding a list of operations is a JSON 6902 patch.
    return patch.field === 'patchesJson6902' || isSeq(parsed?.documents[0]?.contents) ? 'json-patch' : 'patch';
  }
  if (ctx.environments.some((s) => s.files.has(file)) || ctx.index.isResource(file)) return 'resource';
  // A generator's file source is what a ConfigMap or Secret holds: its syntax only.
  if (ctx.index.isGeneratorSource(file)) return 'data';
  const role = parsed ? standaloneRole(file, parsed, ctx.charts, ctx.root, ctx.tests) : 'standalone';
  return role === 'standalone' && unusedPatch(file, ctx.index) ? 'unused-patch' : role;
}

/** A file's own findings for its role; a patch nobody uses gets the info that says so (relative paths from `root`). */
export function roleFindings(file: string, parsed: ParsedYaml, check: FileCheck, validators: FileValidators, index: KustomizationIndex, root: string, info = check.validate): Finding[] {
  const unused = check.role === 'unused-patch' && info ? unusedPatch(file, index) : undefined;
  const own = fileFindings(file, parsed, check, validators);
  return unused ? [...own, unusedPatchFinding(file, parsed, unused, root)] : own;
}

/** compareFindings, then the environments (two findings differing only there keep one order). */
function compareFindingsStable(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message) ||
    (a.environments ?? []).join(',').localeCompare((b.environments ?? []).join(','))
  );
}

function internalFinding(env: Environment, stage: string, e: unknown): AnalysisFinding {
  const message = e instanceof Error ? e.message : String(e);
  return { file: kustomizationPath(env.overlay), range: ZERO, severity: 'error', code: 'internal', source: 'thebot', message: `internal error while ${stage}: ${message}`, environments: [env.name] };
}

function kustomizationPath(overlay: string): string {
  for (const name of KUSTOMIZATION_NAMES) if (existsSync(join(overlay, name))) return join(overlay, name);
  return join(overlay, 'kustomization.yaml');
}

/** A render that threw (an engine bug): no resources, one error on the overlay's kustomization. */
function failedRender(env: Environment, e: unknown): RenderResult {
  const f = internalFinding(env, 'rendering', e);
  return { root: env.overlay, resources: [], files: [f.file], errors: [{ message: f.message.replace(/^internal error while rendering: /, 'internal error: '), file: f.file, range: ZERO }], toYaml: () => '' };
}
