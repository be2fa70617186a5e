// The language server's projects: one ProjectAnalysis (analysis/project.ts)
// per thebot.yaml or discovered project, found from a file's directory and
// kept while its config is unchanged. What the server adds to the analysis is
// scheduling: after an edit only the environments that read the edited files
// are refreshed, one at a time, with a cancellation check before each.
import type { ProjectConfig } from '../config/types';
import type { WorkspaceFiles } from '../documents/workspace';
import type { ParsedYaml } from '../documents/parse';
import { ProjectAnalysis, type EnvironmentState } from '../analysis/project';
import type { FileValidators } from '../analysis/files';
import { schemaValidation } from '../analysis/engine';
import { checkpoint, type CancellationFlag } from './scheduler';
import type { RenderOptions } from '../kustomize';
import { helmOutputDir, remoteCloneDir } from '../kustomize/cacheDir';

export type Project = ProjectAnalysis;
export type { EnvironmentState } from '../analysis/project';

/** How the server finds a project's config; bound to the real loader in engine.ts. */
export interface ConfigSource {
  /**
   * The project config found from `startDir`; an open thebot.yaml is read from its editor buffer.
   * `parse`: the project's own parses (discovery reads each kustomization through it, and the analysis finds them there).
   */
  load(startDir: string, files: WorkspaceFiles, parse: (file: string) => ParsedYaml | undefined): ProjectConfig;
  /** A project without environments (when the config cannot be loaded at all). */
  empty(dir: string): ProjectConfig;
  /** Forget what was discovered (kustomizations created or deleted). */
  reset?(): void;
}

/**
 * helm and remote bases in the editor. On keystrokes: inflated outputs and
 * clones already in the cache only (helm never starts, nothing is fetched);
 * `fetching` lets one explicit request (the Inflate Helm Charts / Fetch Remote
 * Bases commands) run helm and clone.
 */
export interface ExternalMode {
  helm: { enabled: boolean; command: string };
  fetching: { helm: boolean; remote: boolean };
}

export function externalOptions(mode: ExternalMode): Pick<RenderOptions, 'helm' | 'remote'> {
  return {
    ...(mode.helm.enabled ? { helm: { command: mode.helm.command, outputDir: helmOutputDir(), cachedOnly: !mode.fetching.helm, pull: mode.fetching.remote } } : {}),
    remote: { cacheDir: remoteCloneDir(), fetch: mode.fetching.remote },
  };
}

/**
 * Without thebot.yaml every top-level kustomization is an environment, and a
 * monorepo has hundreds (kubeflow's manifests: about 200): rendering them all
 * when the first file opens took a minute and 600 MiB. Past this many
 * discovered environments, diagnostics render only the environments whose
 * kustomizations name an open or edited file; the others are rendered when a
 * request needs them (the Environments view, Render Environment).
 */
export const ON_DEMAND_ENVIRONMENTS = 20;

export function rendersOnDemand(project: Project): boolean {
  return !project.config.file && project.environments.length > ON_DEMAND_ENVIRONMENTS;
}

export class Projects {
  /** helm and remote bases (the server sets it from settings and commands). */
  readonly external: ExternalMode = { helm: { enabled: false, command: 'helm' }, fetching: { helm: false, remote: false } };
  /** Config root → project. */
  private readonly byRoot = new Map<string, Project>();
  /** Directory → config root it belongs to. */
  private readonly rootOfDir = new Map<string, string>();

  constructor(
    private readonly configs: ConfigSource,
    readonly files: WorkspaceFiles,
    private readonly parse: (file: string) => ParsedYaml | undefined,
    private readonly validators: FileValidators,
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
      config = this.configs.load(dir, this.files, this.parse);
    } catch {
      config = this.configs.empty(dir);
    }
    let project = this.byRoot.get(config.root);
    if (!project) {
      project = new ProjectAnalysis(config, { reader: this.files, parse: this.parse, validate: schemaValidation, fileValidators: this.validators, external: () => externalOptions(this.external) });
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
    this.configs.reset?.();
    this.byRoot.clear();
    this.rootOfDir.clear();
  }

  /**
   * Renders every environment of `project` once with helm allowed to run and/or
   * remote bases allowed to be fetched (an explicit command), then goes back
   * to cached-only renders.
   */
  async fetchExternal(project: Project, what: { helm: boolean; remote: boolean }, flag: CancellationFlag): Promise<EnvironmentState[]> {
    this.external.fetching = what;
    try {
      project.invalidate(project.environments.flatMap((s) => [...s.files]));
      return await this.refresh(project, [], flag, true);
    } finally {
      this.external.fetching = { helm: false, remote: false };
    }
  }

  /**
   * Re-renders and re-analyses the environments of `project` that read any
   * of `changed` (or all of them with `all`); with `open` (diagnostics), in a
   * project that renders on demand, only those the open or changed files take
   * part in, the smallest first (`firstDone` is called once that one is
   * done, so that its findings can be published before the rest). Checks for cancellation between environments. Returns the
   * environments that were refreshed.
   */
  async refresh(project: Project, changed: Iterable<string>, flag: CancellationFlag, all = false, open?: Iterable<string>, firstDone?: () => void): Promise<EnvironmentState[]> {
    const changedFiles = [...changed];
    project.invalidate(changedFiles);
    let targets = all ? project.environments : project.affected(changedFiles);
    let onDemand = false;
    if (open && rendersOnDemand(project)) {
      // Diagnostics of a large discovered project: what the open files take part in (and what is rendered already),
      // the smallest first: the application's own kustomization answers long before a platform that includes every application.
      onDemand = true;
      const wanted = project.reaching([...changedFiles, ...open]);
      const size = (s: EnvironmentState): number => wanted.get(s) ?? (s.render ? s.files.size : 0);
      targets = targets.filter((s) => s.render || wanted.has(s)).sort((a, b) => size(a) - size(b));
    }
    for (const [i, state] of targets.entries()) {
      await checkpoint(flag);
      project.refreshEnvironment(state, i === targets.length - 1);
      if (onDemand && i === 0 && targets.length > 1) firstDone?.();
    }
    return targets;
  }
}
