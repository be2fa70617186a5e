// `thebot check [paths…] [--env NAME…] [--format …] [--fail-on …] [--no-suppressions]`:
// the language server's analysis (analyzeProject), printed. A directory that
// belongs to a project (thebot.yaml, or discovered environments) is checked
// per environment, and its YAML files on their own as the editor checks an
// open file; other paths are checked as plain YAML files (syntax; schemas for
// manifests).
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { decodeText, nodeFileReader, readRegularFile, realpathOf, within } from '../kustomize/fs';
import { dirname, join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { compareFindings, type Finding } from '../findings';
import { parseYaml, type ParsedYaml } from '../documents/parse';
import { createFileValidators } from '../analysis/files';
import { HelmChartLookup, standaloneRole } from '../analysis/templates';
import { TestAssertionLookup } from '../analysis/testAssertions';
import { KustomizationIndex } from '../analysis/kustomizations';
import { fileRole, roleFindings } from '../analysis/project';
import { kustomizationFile } from '../config/discover';
import { DEFAULT_KUBERNETES_VERSION, environmentByName, loadProjectConfig, withEnvironments, type ProjectConfig } from '../config';
import { analyzeProject } from '../analysis';
import { engineOptions } from '../analysis/engine';
import { memoParse, parseMemoOf } from '../analysis/parseMemo';
import { RenderCache } from '../kustomize';
import { formatText } from './format';
import { ENGINE_OPTIONS, ENGINE_USAGE, engineFlagError, projectRenderOptions, type EngineValues } from './engine-flags';
import { formatGithub, formatJson, formatJunit } from './format-machine';
import { formatSarif } from './format-sarif';
import { version } from '../../../package.json';

export const CHECK_USAGE = `usage: thebot check [paths...] [options]

Checks every environment of the project the paths belong to (thebot.yaml, or
overlays/* without one): Kustomize render, Kubernetes schemas and the rules in
docs/rules.md. Paths outside a project are checked as plain YAML files (syntax,
and schemas for Kubernetes manifests and kustomizations).

options:
  --env NAME            only this environment (repeatable)
  --format FORMAT       text (default), json, sarif, junit, github
  --fail-on LEVEL       exit 1 on findings at or above error (default) or warning
  --no-suppressions     ignore ignore-check.thebot.dev/* annotations (for CI)
${ENGINE_USAGE}  -h, --help            this help

exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error
`;

const FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
type Format = (typeof FORMATS)[number];

/**
 * The YAML files under `paths`, and a warning for each symbolic link among
 * them whose real path leaves `root` (by default the path it was found
 * under): such a file is never read, as kustomize's load restrictor never
 * reads one (a link to /etc/passwd in a pull request stays unopened).
 */
export function collectYamlFiles(paths: string[], root?: string): { files: string[]; outside: Finding[] } {
  const files: string[] = [];
  const outside: Finding[] = [];
  // Symbolic links to directories are not followed below the given paths (a link to `.` would loop);
  // links to files inside the root are listed and read through (checkFiles reports dangling and looping ones).
  const walk = (p: string, top: string | undefined): void => {
    let st;
    try {
      st = top === undefined ? statSync(p) : lstatSync(p);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) {
      const confine = top ?? realpathOf(root ?? p);
      for (const name of readdirSync(p).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        walk(join(p, name), confine);
      }
    } else if (/\.ya?ml$/.test(p)) {
      const real = top !== undefined && st?.isSymbolicLink() ? realpathOf(p) : undefined;
      if (real !== undefined && !within(top!, real)) outside.push(linkOutside(p, real, top!));
      else files.push(p);
    }
  };
  for (const p of paths) walk(resolve(p), undefined);
  return { files, outside };
}

function linkOutside(file: string, real: string, root: string): Finding {
  return { ...unreadable(file, `not read: a symbolic link to '${real}', outside '${root}'`), severity: 'warning' };
}

/** A file that cannot be read, as a finding on it (never a stack trace). */
function unreadable(file: string, message: string): Finding {
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'read', source: 'thebot', message };
}

/** The file's text, or the finding that says why it cannot be read. */
function readChecked(file: string): string | Finding {
  try {
    const bytes = readRegularFile(file);
    return bytes ? decodeText(bytes) : unreadable(file, `cannot read '${file}': no such file (a dangling or looping symbolic link?)`);
  } catch (e) {
    return unreadable(file, (e as Error).message);
  }
}

/**
 * Plain-file mode: each file on its own, as the language server checks a file
 * no project includes: YAML syntax, the kustomization schema for
 * kustomizations, full schemas for files that look like Kubernetes objects.
 * As in project mode, the kustomizations in the file's directory and above it
 * decide its role: a file one of them uses as a patch is checked as a patch,
 * and a patch none uses (named only in a comment, or a `*patch*` file) as an
 * unused patch (warnings, and the info that says so; paths from `cwd`).
 */
export function checkFiles(files: string[], cwd = process.cwd()): Finding[] {
  const validators = createFileValidators();
  const charts = new HelmChartLookup();
  const tests = new TestAssertionLookup();
  const parse = (file: string): ParsedYaml | undefined => {
    const text = readChecked(file);
    return typeof text === 'string' ? parseYaml(text) : undefined;
  };
  const above = new Map<string, string | undefined>();
  const kustomizationAt = (dir: string): string | undefined => {
    if (!above.has(dir)) above.set(dir, kustomizationFile(dir));
    return above.get(dir);
  };
  const findings: Finding[] = [];
  for (const file of files) {
    const text = readChecked(file);
    if (typeof text !== 'string') {
      findings.push(text);
      continue;
    }
    const parsed = parseYaml(text);
    const index = new KustomizationIndex(() => ancestors(file).map(kustomizationAt).filter((k): k is string => !!k), parse);
    // Charts are looked for up to the filesystem root: a plain file has no project root.
    let role = fileRole(file, parsed, { index, environments: [], charts, tests, root: sep });
    // A kustomization's resource is checked in its render in project mode; here nothing renders it: checked whole.
    if (role === 'resource') role = standaloneRole(file, parsed, charts, sep, tests);
    findings.push(...roleFindings(file, parsed, { role, validate: true, kubernetesVersion: DEFAULT_KUBERNETES_VERSION }, validators, index, cwd));
  }
  return findings.sort(compareFindings);
}

/** The directories from a file's own up to the filesystem root. */
function ancestors(file: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    out.push(dir);
    if (dirname(dir) === dir) return out;
  }
}

export interface CheckIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const processIo: CheckIo = { cwd: process.cwd(), stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

/**
 * Projects the paths belong to (deduplicated, each with all its
 * environments), and the paths that belong to none. `only`: the environments
 * the paths narrow the check to when no --env is given: a path inside an
 * environment's overlay checks only that environment; any other path of the
 * project (its root, base/) checks all of them. An overlay that is the
 * project root itself (`overlay: .`) holds every path of the project, so
 * being inside it narrows nothing.
 */
function partition(paths: string[], parseFile: (file: string) => ParsedYaml | undefined): { projects: { config: ProjectConfig; only: Set<string> | 'all'; paths: string[] }[]; plain: string[] } {
  const projects = new Map<string, { config: ProjectConfig; only: Set<string> | 'all'; paths: string[] }>();
  const plain: string[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    const config = statSync(abs).isDirectory() ? loadProjectConfig(abs, { parseFile }) : undefined;
    if (!config || !(config.environments.length || config.problems.length)) {
      plain.push(abs);
      continue;
    }
    const key = config.file ?? config.root;
    const entry = projects.get(key) ?? { config, only: new Set<string>(), paths: [] };
    projects.set(key, entry);
    entry.paths.push(abs);
    const inside = config.environments.filter((e) => e.overlay !== config.root && (abs === e.overlay || abs.startsWith(e.overlay + sep)));
    if (!inside.length) entry.only = 'all';
    else if (entry.only !== 'all') for (const e of inside) entry.only.add(e.name);
  }
  return { projects: [...projects.values()], plain };
}

/**
 * The project's environments to check: those named by --env, looked up by
 * name among all of the project's environments as `render` and the cluster
 * commands resolve one (environmentByName), whatever the paths; without
 * --env, those the paths narrow it to.
 */
function selectEnvironments(config: ProjectConfig, only: Set<string> | 'all', wanted: string[] | undefined): ProjectConfig {
  if (wanted?.length) return withEnvironments(config, config.environments.filter((e) => wanted.some((name) => environmentByName(config, name) === e)));
  return only === 'all' ? config : withEnvironments(config, config.environments.filter((e) => only.has(e.name)));
}

export function runCheck(args: string[], io: CheckIo = processIo): number {
  let values: { env?: string[]; format?: string; 'fail-on'?: string; 'no-suppressions'?: boolean; help?: boolean } & EngineValues;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        env: { type: 'string', multiple: true },
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        'no-suppressions': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...ENGINE_OPTIONS,
      },
    }));
  } catch (e) {
    io.stderr(`thebot check: ${(e as Error).message}\n${CHECK_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  const flagError = engineFlagError(values);
  if (flagError) {
    io.stderr(`thebot check: ${flagError}\n`);
    return 2;
  }
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) {
    io.stderr(`thebot check: unknown format '${format}' (expected ${FORMATS.join(', ')})\n`);
    return 2;
  }
  const failOn = values['fail-on'] ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning') {
    io.stderr(`thebot check: --fail-on must be error or warning, not '${failOn}'\n`);
    return 2;
  }
  const paths = (positionals.length ? positionals : ['.']).map((p) => resolve(io.cwd, p));
  const missing = positionals.filter((p) => !existsSync(resolve(io.cwd, p)));
  if (missing.length) {
    io.stderr(`thebot: no such file or directory: ${missing.join(', ')}\n`);
    return 2;
  }
  const cache = new RenderCache();
  // Discovery's parses of the kustomizations are the analysis' (same memo): the tree is parsed once.
  const partitioned = partition(paths, memoParse((file) => nodeFileReader.readFile(file), parseMemoOf(cache)));
  const { plain } = partitioned;
  const wanted = values.env;
  if (wanted?.length) {
    const known = new Set(partitioned.projects.flatMap((p) => p.config.environments.map((e) => e.name)));
    const unknown = wanted.filter((e) => !known.has(e));
    if (unknown.length) {
      io.stderr(`thebot check: unknown environment ${unknown.map((e) => `'${e}'`).join(', ')} (known: ${[...known].join(', ') || 'none'})\n`);
      return 2;
    }
  }
  const projects = partitioned.projects.map((p) => ({ config: selectEnvironments(p.config, p.only, wanted), paths: p.paths }));
  const findings: Finding[] = [];
  let configBroken = false;
  for (const { config, paths: under } of projects) {
    if (config.problems.some((p) => p.severity === 'error')) configBroken = true;
    const yaml = collectYamlFiles(under, config.root);
    const render = projectRenderOptions(values, config);
    const result = analyzeProject(config, {
      ...engineOptions({ cache, ...render }),
      ...(render.loadRestrictor ? { loadRestrictor: render.loadRestrictor } : {}),
      noSuppressions: values['no-suppressions'] ?? false,
      files: yaml.files.filter((f) => f.startsWith(config.root + sep)),
    });
    findings.push(...result.findings, ...yaml.outside);
  }
  if (plain.length) {
    const yaml = collectYamlFiles(plain);
    findings.push(...checkFiles(yaml.files, io.cwd), ...yaml.outside);
  }
  findings.sort(compareFindings);

  const out = render(format, findings, io.cwd);
  if (out) io.stdout(out + '\n');
  if (format === 'text') io.stderr(summary(projects.map((p) => p.config), wanted, plain.length, findings));
  if (configBroken) return 2;
  const threshold = failOn === 'warning' ? ['error', 'warning'] : ['error'];
  return findings.some((f) => threshold.includes(f.severity)) ? 1 : 0;
}

/** One line for humans (stderr, so stdout stays the findings only). */
function summary(projects: ProjectConfig[], wanted: string[] | undefined, plainFiles: number, findings: Finding[]): string {
  const envs = projects.flatMap((p) => p.environments.map((e) => e.name)).filter((e) => !wanted?.length || wanted.includes(e));
  const what = [envs.length ? `${envs.length} environment${envs.length === 1 ? '' : 's'} (${envs.join(', ')})` : '', plainFiles ? `${plainFiles} path${plainFiles === 1 ? '' : 's'} as plain YAML` : '']
    .filter(Boolean)
    .join(' and ');
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return `thebot check: ${what || 'nothing'}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info\n`;
}

function render(format: Format, findings: Finding[], cwd: string): string {
  switch (format) {
    case 'json':
      return formatJson(findings, cwd);
    case 'sarif':
      return formatSarif(findings, cwd, version);
    case 'junit':
      return formatJunit(findings, cwd);
    case 'github':
      return formatGithub(findings, cwd);
    default:
      return formatText(findings, cwd);
  }
}
