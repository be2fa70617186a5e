// Diagnostics: on open/change/close (and watched file changes) the edited
// files are queued; a run refreshes only the environments that read them
// (services/project.ts), then publishes the project's findings
// (analysis/project.ts: the same findings `thebot check` prints) for every
// file whose findings may have changed. A newer edit cancels the run in
// progress between stages. Nothing here decides what a finding is.
import { basename, dirname, sep } from 'node:path';
import { DiagnosticSeverity, FileChangeType, DidChangeWatchedFilesNotification, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../findings';
import { CONFIG_FILE_NAMES } from '../config/types';
import { isKustomizationFile } from '../services/kustomization';
import { ProjectChangedNotification } from '../protocol';
import { Coalescer, checkpoint, type CancellationFlag } from '../services/scheduler';
import { collectYoungIfFull } from '../services/youngGc';
import { stage, traceEnd, traceStart } from '../services/trace';
import { rendersOnDemand, type Project } from '../services/project';
import { nodeFileReader } from '../kustomize/fs';
import { fileOf, uriOf, type ServerContext } from './context';

const severity: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding): Diagnostic {
  const label = f.environments && f.environments.length ? `${f.environments.join(', ')}: ` : '';
  return {
    range: f.range,
    severity: severity[f.severity],
    code: f.code,
    source: f.source,
    message: label + f.message,
    relatedInformation: f.related?.map((r) => ({
      location: { uri: uriOf(r.file), range: r.range },
      message: r.message,
    })),
  };
}

const isConfigFile = (file: string): boolean => CONFIG_FILE_NAMES.includes(basename(file));

export class DiagnosticsPublisher {
  /** Last published diagnostics per URI (JSON), to skip identical re-publishing. */
  private readonly published = new Map<string, string>();
  /** Findings last published per file (quick fixes are looked up here). */
  readonly findings = new Map<string, Finding[]>();
  /** Files that had environment findings at the last run, per project root. */
  private readonly projectFiles = new Map<string, Set<string>>();
  private readonly queue: Coalescer<string>;
  /** When the last edit arrived or the last run ended (performance.now()). */
  private lastActivity = 0;
  /** Queued files whose editor text equals the disk (opened or closed without edits): nothing to re-render. */
  private readonly unchanged = new Set<string>();
  /**
   * Publish YAML syntax errors. The client turns this off when Red Hat's YAML
   * extension already reports them (initializationOptions.yamlSyntaxDiagnostics).
   */
  syntaxDiagnostics = true;

  constructor(private readonly ctx: ServerContext) {
    this.queue = new Coalescer((keys, flag) => this.run(keys, flag), (e) => ctx.connection.console.error(`validation failed: ${String((e as Error)?.stack ?? e)}`));
  }

  register(): void {
    const { ctx } = this;
    const changed = (uri: string, version: number, text: string, opened: boolean): void => {
      const file = fileOf(uri);
      if (opened && text === nodeFileReader.readFile(file)) this.unchanged.add(file);
      else this.unchanged.delete(file);
      ctx.files.setBuffer(file, version, text);
      this.lastActivity = performance.now();
      traceStart();
      void ctx.settings.get(uri).then((s) => this.queue.schedule(file, s.validation.debounceMs));
    };
    // onDidOpen is followed by onDidChangeContent for the same version; only the first one counts as an open.
    const opening = new Set<string>();
    ctx.documents.onDidOpen((e) => {
      opening.add(e.document.uri);
      changed(e.document.uri, e.document.version, e.document.getText(), true);
    });
    ctx.documents.onDidChangeContent((e) => {
      if (opening.delete(e.document.uri)) return;
      changed(e.document.uri, e.document.version, e.document.getText(), false);
    });
    ctx.documents.onDidClose((e) => {
      const file = fileOf(e.document.uri);
      opening.delete(e.document.uri);
      if (e.document.getText() === nodeFileReader.readFile(file)) this.unchanged.add(file);
      else this.unchanged.delete(file);
      ctx.files.deleteBuffer(file);
      ctx.parses.delete(e.document.uri);
      this.queue.schedule(file);
    });
    ctx.connection.onDidChangeWatchedFiles((p) => {
      ctx.files.diskChanged();
      for (const change of p.changes) {
        const file = fileOf(change.uri);
        // A created or deleted file may be a kustomization the projects' trees did not list.
        if (change.type !== FileChangeType.Changed) for (const pr of ctx.projects.all()) pr.treeChanged();
        if (ctx.files.isOpen(file) && change.type !== FileChangeType.Deleted) continue; // the buffer wins
        ctx.parses.delete(change.uri);
        if (isConfigFile(file) || (change.type !== FileChangeType.Changed && isKustomizationFile(file))) {
          // A new or removed thebot.yaml, or kustomization (discovered environments), changes the projects.
          ctx.projects.reset();
          for (const open of ctx.files.openFiles()) this.queue.schedule(open);
          this.queue.schedule(file);
        } else if (ctx.projects.all().some((pr) => pr.includes(file) || file.startsWith(pr.config.root + sep))) {
          // Inside a known project: re-render what reads it (and environments whose render failed, e.g. on this missing file).
          this.queue.schedule(file);
        }
      }
    });
  }

  /** Ask the client to tell us about YAML files changed outside the editor. */
  async watchFiles(): Promise<void> {
    await this.ctx.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/Kustomization' }],
    });
    // From now on the client reports changes on disk: what was read from it can be kept.
    this.ctx.files.cacheDisk = true;
  }

  /** Re-validate everything open (settings changed). */
  revalidateAll(): void {
    for (const file of this.ctx.files.openFiles()) this.queue.schedule(file);
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Milliseconds until nothing will have been edited or validated for `quietMs` (0: quiet now). */
  untilQuiet(quietMs: number): number {
    if (this.queue.busy) return quietMs;
    return Math.max(0, Math.ceil(this.lastActivity + quietMs - performance.now()));
  }

  private async run(keys: Set<string>, flag: CancellationFlag): Promise<void> {
    // An edited thebot.yaml changes environments and rules: load every project afresh.
    if ([...keys].some(isConfigFile)) this.ctx.projects.reset();
    const byProject = new Map<Project, string[]>();
    for (const file of keys) {
      const project = this.ctx.projects.forDir(dirname(file));
      byProject.set(project, [...(byProject.get(project) ?? []), file]);
    }
    for (const [project, files] of byProject) {
      const settings = await this.ctx.settings.get(uriOf(files[0]));
      const unrendered = project.environments.every((s) => !s.render);
      const firstRender = unrendered && project.environments.length > 0;
      if (settings.validation.enable) {
        const all = unrendered || files.some(isConfigFile);
        const open = this.ctx.files.openFiles().filter((f) => this.ctx.projects.forDir(dirname(f)) === project);
        // A large discovered project may take seconds to render what the files take part in (kubeflow's
        // platform kustomization includes every application): each file's own findings first.
        if (rendersOnDemand(project) && project.environments.some((s) => !s.render)) this.publishFiles(project, files);
        // In a large discovered project the first environment's findings are published before the others are rendered.
        await this.ctx.projects.refresh(project, files.filter((f) => !this.unchanged.has(f)), flag, all, [...open, ...files], () => this.publishProject(project, new Set(files), true));
      }
      await checkpoint(flag);
      for (const f of files) this.unchanged.delete(f);
      // The first render of a project leaves the young generation full of what it built and read: its
      // first scavenge (13 ms on Node 20 for the platform, copying 6 MiB) came after the 3rd edit's
      // diagnostics and the 4th edit, typed at once, waited for it; the next one, promoting the same
      // 6 MiB, after the 20th (7-10 ms). Both made now, they are part of the wait for the first diagnostics
      // (`bench-lsp --ours-only`, 4 alternating pairs on Node 20: first diagnostics 149-183 ms against
      // 147-169 with the first scavenge alone, first 50 edits max 21.7-24.7 against 24.3-26.9 ms).
      if (firstRender) collectYoungIfFull(0, 0);
      this.publishProject(project, new Set(files), settings.validation.enable);
      void this.ctx.connection.sendNotification(ProjectChangedNotification.type, { root: project.config.root });
    }
    this.lastActivity = performance.now();
    traceEnd([...keys].map((k) => basename(k)).join(' '));
    // Once the diagnostics are on their way: a scavenge now rather than in the middle of the next edit's render.
    setImmediate(() => collectYoungIfFull());
  }

  private publishProject(project: Project, changed: Set<string>, validate: boolean): void {
    // Open files of this project are checked on their own too (the CLI checks every YAML file under its paths).
    const open = this.ctx.files.openFiles().filter((f) => this.ctx.projects.forDir(dirname(f)) === project);
    const byFile = new Map<string, Finding[]>();
    for (const f of stage('findings', () => project.findings({ validate, files: open }))) {
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    const root = project.config.root;
    const previous = this.projectFiles.get(root) ?? new Set<string>();
    this.projectFiles.set(root, new Set(byFile.keys()));
    const targets = new Set([...previous, ...byFile.keys(), ...changed, ...open]);
    stage('publish', () => {
      for (const file of targets) this.publish(file, byFile.get(file) ?? [], changed.has(file));
    });
  }

  /** The findings in `files` alone, from what is rendered so far (the full publish follows). */
  private publishFiles(project: Project, files: string[]): void {
    const findings = project.findings({ validate: true, files, only: true });
    for (const file of files) this.publish(file, findings.filter((f) => f.file === file), true);
  }

  private publish(file: string, findings: Finding[], force: boolean): void {
    const uri = uriOf(file);
    const diagnostics = (this.syntaxDiagnostics ? findings : findings.filter((f) => f.code !== 'yaml-syntax')).map(toDiagnostic);
    const json = JSON.stringify(diagnostics);
    this.findings.set(file, findings);
    if (!force && this.published.get(uri) === json) return;
    if (diagnostics.length === 0 && !this.published.has(uri) && !force) return;
    this.published.set(uri, json);
    void this.ctx.connection.sendDiagnostics({ uri, version: this.ctx.files.editorVersion(file), diagnostics });
  }
}
