// `thebot render <environment|kustomization dir> [--origins]`: prints what
// kustomize would print for that environment; --origins adds a comment line
// per object saying which file defined it and what else changed it.
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { environmentByName, findConfigFileAbove, loadProjectConfig, readProjectConfig } from '../config';
import { ENGINE_OPTIONS, ENGINE_USAGE, engineFlagError, engineRenderOptions, projectRenderOptions, type EngineValues } from './engine-flags';
import { RenderCache, renderKustomization, type LoadRestrictor, type RenderOptions } from '../kustomize';
import type { Origin, RenderedResource } from '../kustomize/model';
import { emitYamlV2, emitYamlV2To } from '../kustomize/yaml/emit';
import type { Value } from '../kustomize/values';
import { readRegularFile } from '../kustomize/fs';

const USAGE = `usage: thebot render <environment|kustomization dir> [--origins] [options]
Prints the environment (a name from thebot.yaml or overlays/*, or any kustomization
directory) as \`kustomize build\` prints it, byte for byte.
  --origins             a comment per object: the file that defined it and what changed it
${ENGINE_USAGE}  -h, --help            this help
`;

/**
 * The load restrictor of the nearest thebot.yaml above a kustomization
 * directory (the project it belongs to), and the project's root (its
 * directory), which bounds LoadRestrictionsNone. The file is read whole only
 * when it names the key: a render is not made to load and validate a project
 * config for nothing.
 */
function projectRestrictor(dir: string): { loadRestrictor: LoadRestrictor; loadRoot?: string } {
  const file = findConfigFileAbove(dir);
  if (file === undefined) return { loadRestrictor: 'LoadRestrictionsRootOnly' };
  const loadRoot = dirname(file);
  let bytes: Buffer | undefined;
  try {
    // The engine's reader: a regular file of bounded size, never a pipe that would block (the project's loader says what is wrong with it).
    bytes = readRegularFile(file);
  } catch {
    bytes = undefined;
  }
  if (!bytes?.includes('loadRestrictor')) return { loadRestrictor: 'LoadRestrictionsRootOnly', loadRoot };
  return { loadRestrictor: readProjectConfig(file).loadRestrictor, loadRoot };
}

function where(o: Origin, cwd: string): string {
  return `${relative(cwd, o.file) || o.file}:${o.range.start.line + 1}:${o.range.start.character + 1}`;
}

/** Every distinct origin recorded below the object, in first-seen order, other than its defining document. */
function touchedBy(r: RenderedResource, cwd: string): string[] {
  const seen = new Set<string>();
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k]);
    if (path.length === 0) return;
    for (const o of r.historyOf(path)) if (o.by !== 'resource') seen.add(`${o.by} ${where(o, cwd)}`);
  };
  walk(r.object, []);
  return [...seen];
}

/**
 * A render for its output alone: values decoded without noting their positions
 * (RenderCache's `origins: false`, about a tenth of a large render's CPU), the
 * resources made of the decoded documents themselves (`once`: no copy). A
 * failed render is done again with positions, for the errors' lines and columns.
 */
export function renderOutput(dir: string, options: RenderOptions): ReturnType<typeof renderKustomization> {
  const fast = renderKustomization(dir, { ...options, cache: new RenderCache({ origins: false, once: true }) });
  return fast.errors.length ? renderKustomization(dir, { ...options, cache: options.cache ?? new RenderCache() }) : fast;
}

export function runRender(args: string[], cwd = process.cwd()): number {
  let values: EngineValues & { origins?: boolean; help?: boolean };
  let rest: string[];
  try {
    ({ values, positionals: rest } = parseArgs({
      args,
      allowPositionals: true,
      options: { origins: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...ENGINE_OPTIONS },
    }));
  } catch (e) {
    process.stderr.write(`thebot render: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const flagError = engineFlagError(values);
  if (flagError) {
    process.stderr.write(`thebot render: ${flagError}\n`);
    return 2;
  }
  const origins = values.origins === true;
  if (rest.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const target = rest[0]!;
  let dir = resolve(cwd, target);
  let options = engineRenderOptions(values);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    const config = loadProjectConfig(cwd);
    const env = environmentByName(config, target);
    if (!env) {
      const names = config.environments.map((e) => e.name).join(', ');
      process.stderr.write(`thebot: '${target}' is neither a directory nor an environment${names ? ` (environments: ${names})` : ''}\n`);
      return 2;
    }
    dir = env.overlay;
    options = projectRenderOptions(values, config);
  } else {
    // A directory: the project above it, if any (the flag, when given, wins over its thebot.yaml; its root bounds either).
    const project = projectRestrictor(dir);
    options = { ...options, loadRestrictor: options.loadRestrictor ?? project.loadRestrictor, ...(project.loadRoot !== undefined ? { loadRoot: project.loadRoot } : {}) };
  }
  const result = origins ? renderKustomization(dir, options) : renderOutput(dir, options);
  if (result.errors.length) {
    for (const e of result.errors) {
      const pos = e.range ? `:${e.range.start.line + 1}:${e.range.start.character + 1}` : '';
      process.stderr.write(`${relative(cwd, e.file) || e.file}${pos}: error: ${e.message}\n`);
    }
    return 1;
  }
  if (!origins) {
    // Written as it is made, a few kilobytes at a time (stdout is synchronous
    // for files and pipes): no copy of the output nor of a document, as one
    // string and again as bytes.
    const write = (text: string): void => void process.stdout.write(text);
    result.resources.forEach((r, i) => {
      if (i > 0) write('---\n');
      emitYamlV2To(r.object as Value, write);
    });
    return 0;
  }
  const docs = result.resources.map((r) => {
    const lines = [`# from ${where(r.origin, cwd)}`, ...touchedBy(r, cwd).map((t) => `# changed by ${t}`)];
    return lines.join('\n') + '\n' + emitYamlV2(r.object as Value);
  });
  process.stdout.write(docs.join('---\n'));
  return 0;
}
