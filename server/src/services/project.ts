// The language server's view of one project (a thebot.yaml and its
// environments): the last render and findings of each environment, and which
// files each environment reads, so an edit re-renders and re-validates only
// the environments that include the edited file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isSeq } from 'yaml';
import type { Finding } from '../findings';
import type { Environment, ProjectConfig } from '../config/types';
import type { RenderResult } from '../kustomize/model';
import type { WorkspaceFiles } from '../documents/workspace';
import type { ParsedYaml } from '../documents/parse';
import { checkpoint, type CancellationFlag } from './scheduler';
import { isKustomizationFile, isPatchEntry, kustomizationEntries, KUSTOMIZATION_NAMES, type KustomizationEntry } from './kustomization';
import type { FileRole } from './diagnostics';

/** The engine parts the server drives; bound to the real modules in engine.ts. */
export interface Engine {
  /** The project config found from `startDir`; an open thebot.yaml is read from its editor buffer. */
  loadConfig(startDir: string, files: WorkspaceFiles): ProjectConfig;
  /** A project without environments (when the config cannot be loaded at all). */
  emptyConfig(dir: string): ProjectConfig;
  /** A fresh per-project render cache (parsed inputs reused across renders). */
  createCache(): RenderCacheLike;
  render(env: Environment, files: WorkspaceFiles, cache: RenderCacheLike): RenderResult;
  /** Schema and rule findings of one rendered environment, mapped to source lines and labelled with it. */
  analyze(config: ProjectConfig, env: Environment, render: RenderResult, files: WorkspaceFiles): Finding[];
}

export interface RenderCacheLike {
  invalidate(file: string): void;
}

export interface EnvironmentState {
  env: Environment;
  render: RenderResult | undefined;
  files: Set<string>;
  findings: Finding[];
  /** Entries of every kustomization file the render read. */
  entries: KustomizationEntry[];
}

export class Project {
  readonly environments: EnvironmentState[];
  readonly cache: RenderCacheLike;

  constructor(
    readonly config: ProjectConfig,
    engine: Engine,
  ) {
    this.cache = engine.createCache();
    this.environments = config.environments.map((env) => ({ env, render: undefined, files: new Set(), findings: [], entries: [] }));
  }

  /** Every file some environment reads. */
  includes(file: string): boolean {
    return this.environments.some((s) => s.files.has(file));
  }

  /** How a file takes part in the project (decides its file-level validation). */
  roleOf(file: string, parsed: ParsedYaml | undefined): FileRole {
    if (isKustomizationFile(file)) return 'kustomization';
    const patch = this.environments.flatMap((s) => s.entries).find((e) => e.path === file && isPatchEntry(e));
    if (patch) {
      // A `patches:` file holding a list of operations is a JSON 6902 patch.
      return patch.field === 'patchesJson6902' || isSeq(parsed?.documents[0]?.contents) ? 'json-patch' : 'patch';
    }
    return this.includes(file) ? 'resource' : 'standalone';
  }
}

export class Projects {
  /** Config root → project. */
  private readonly byRoot = new Map<string, Project>();
  /** Directory → config root it belongs to. */
  private readonly rootOfDir = new Map<string, string>();

  constructor(
    private readonly engine: Engine,
    readonly files: WorkspaceFiles,
    private readonly parse: (file: string) => ParsedYaml | undefined,
  ) {}

  /** The project a directory belongs to (loading its config once). */
  forDir(dir: string): Project {
    const known = this.rootOfDir.get(dir);
    if (known) {
      const p = this.byRoot.get(known);
      if (p) return p;
    }
    let config: ProjectConfig;
    try {
      config = this.engine.loadConfig(dir, this.files);
    } catch {
      config = this.engine.emptyConfig(dir);
    }
    let project = this.byRoot.get(config.root);
    if (!project) {
      project = new Project(config, this.engine);
      this.byRoot.set(config.root, project);
    }
    this.rootOfDir.set(dir, config.root);
    return project;
  }

  all(): Project[] {
    return [...this.byRoot.values()];
  }

  /** Forget every project (thebot.yaml or the overlay layout changed). */
  reset(): void {
    this.byRoot.clear();
    this.rootOfDir.clear();
  }

  /**
   * Re-renders and re-analyses the environments of `project` that read any
   * of `changed` (or all of them with `all`). Checks for cancellation between
   * environments. Returns the environments that were refreshed.
   */
  async refresh(project: Project, changed: Iterable<string>, flag: CancellationFlag, all = false): Promise<EnvironmentState[]> {
    const changedFiles = [...changed];
    for (const f of changedFiles) project.cache.invalidate(f);
    const targets = all
      ? project.environments
      : // A failed render may not have got to the file that fixes it: retry failed environments on any edit.
        project.environments.filter((s) => !s.render || s.render.errors.length > 0 || changedFiles.some((f) => s.files.has(f)));
    for (const state of targets) {
      await checkpoint(flag);
      // Each stage is guarded: an engine failure on odd input becomes a finding, never a dead server.
      let render: RenderResult;
      try {
        render = this.engine.render(state.env, this.files, project.cache);
      } catch (e) {
        render = failedRender(state.env, e);
      }
      state.render = render;
      state.files = new Set(render.files);
      state.entries = render.files.filter(isKustomizationFile).flatMap((k) => {
        const parsed = this.parse(k);
        return parsed ? kustomizationEntries(k, parsed) : [];
      });
      try {
        state.findings = this.engine.analyze(project.config, state.env, render, this.files);
      } catch (e) {
        state.findings = [internalFinding(state.env, 'validating', e)];
      }
    }
    return targets;
  }
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function internalFinding(env: Environment, stage: string, e: unknown): Finding {
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
