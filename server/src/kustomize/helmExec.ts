// Inflates one configured chart (helm.ts) the way kustomize's
// HelmChartInflationGenerator.Generate does: `helm version -c --short` (v3
// only), `helm pull` when the chart is not in the chart home (only with
// HelmOptions.pull), the values file written to a temporary directory, then
// `helm template` with HELM_CONFIG_HOME/HELM_CACHE_HOME/HELM_DATA_HOME set.
//
// Each output is kept in HelmOptions.outputDir under a fingerprint of its
// inputs (arguments, values, every file of the chart by size and mtime), so
// the language server can re-render on a keystroke without starting helm
// (`cachedOnly`), and origins of inflated values point at real lines.
import { sha256Hex } from './digest';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { KustomizeError } from './errors';
import { absChartHome, helmPullArgs, helmTemplateArgs, helmValues, type HelmChartConfig, type HelmOptions } from './helm';
import type { BuildState } from './buildFiles';
import { parseFile } from './buildFiles';
import type { Value } from './values';

// Loaded when helm runs: a render that never starts it does not load child_process.
const childProcess = (): typeof import('node:child_process') => require('node:child_process') as typeof import('node:child_process');

const MAX_CHART_FILES = 5000;

/** Path, size and mtime of every file of the chart (what helm reads), sorted. */
function chartStamp(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (out.length > MAX_CHART_FILES) return;
      const p = join(d, n);
      let s;
      try {
        s = statSync(p);
      } catch {
        continue;
      }
      if (s.isDirectory()) walk(p);
      else out.push(`${relative(dir, p)}\0${s.size}\0${s.mtimeMs}`);
    }
  };
  walk(dir);
  return out.join('\n');
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

interface Ran {
  stdout: string;
}

/** kustomize's runHelmCommand: its error wording, the helm environment it sets. */
function runHelm(c: HelmChartConfig, opts: HelmOptions, configHome: string, args: string[]): Ran {
  const env = [`HELM_CONFIG_HOME=${configHome}`, `HELM_CACHE_HOME=${configHome}/.cache`, `HELM_DATA_HOME=${configHome}/.data`];
  const extra: Record<string, string> = {};
  for (const e of env) {
    const i = e.indexOf('=');
    extra[e.slice(0, i)] = e.slice(i + 1);
  }
  const r = childProcess().spawnSync(opts.command, args, { env: { ...process.env, ...extra }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  let failure: string | undefined;
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    failure = code === 'ENOENT' ? `fork/exec ${opts.command}: no such file or directory` : code === 'EACCES' ? `fork/exec ${opts.command}: permission denied` : r.error.message;
  } else if (r.status !== 0) failure = r.signal ? `signal: ${r.signal === 'SIGKILL' ? 'killed' : r.signal}` : `exit status ${r.status}`;
  let stderr = r.stderr ?? '';
  if (args.includes('--debug')) stderr = ` Helm stack trace:\n${stderr}\nHelm template:\n${r.stdout ?? ''}\n`;
  if (failure !== undefined) {
    const msg = `unable to run: '${opts.command} ${args.join(' ')}' with env=[${env.join(' ')}] (is '${opts.command}' installed?): ${failure}`;
    throw new KustomizeError(stderr ? `${stderr}: ${msg}` : msg, c.origin.file, c.origin.range);
  }
  return { stdout: r.stdout ?? '' };
}

function checkVersion(c: HelmChartConfig, opts: HelmOptions, configHome: string): void {
  const out = runHelm(c, opts, configHome, ['version', '-c', '--short']).stdout;
  let v = /v?\d+(\.\d+)+/.exec(out)?.[0];
  if (!v) throw new KustomizeError(`cannot find version string in ${out}`, c.origin.file, c.origin.range);
  if (v.startsWith('v')) v = v.slice(1);
  if (v.split('.')[0] !== '3') throw new KustomizeError(`this plugin requires helm V3 but got v${v}`, c.origin.file, c.origin.range);
}

/**
 * The documents `helm template` printed for this chart, as a file of the
 * output directory (its path is where the inflated resources' origins point).
 */
export function inflateChart(c: HelmChartConfig, st: BuildState, parse: (text: string) => Value): { file: string; text: string } {
  const opts = st.helm!;
  const chartDir = join(absChartHome(c), c.name);
  const present = isDir(chartDir);
  // The values go into the fingerprint by content; the temporary path they are written to does not.
  const valuesText = present ? helmValues(c, st, parse) : undefined;
  const fingerprint = (vt: string): string =>
    sha256Hex(JSON.stringify({ command: opts.command, args: helmTemplateArgs(c, '<values>'), values: vt, chart: chartStamp(chartDir), configHome: c.configHome })).slice(0, 32);
  if (opts.cachedOnly) {
    if (valuesText !== undefined) {
      const file = join(opts.outputDir, `${fingerprint(valuesText)}.yaml`);
      try {
        return { file, text: readFileSync(file, 'utf8') };
      } catch {
        /* not inflated yet */
      }
    }
    throw new KustomizeError(
      `helmCharts: chart '${c.name}' has not been inflated with these inputs yet; helm runs only on request (the 'THE_BOT: Inflate Helm Charts' command, or thebot render --enable-helm)`,
      c.origin.file,
      c.origin.range,
    );
  }
  const tmp = mkdtempSync(join(tmpdir(), 'kustomize-helm-'));
  try {
    const configHome = c.configHome !== '' ? c.configHome : join(tmp, 'helm');
    checkVersion(c, opts, configHome);
    if (!present) {
      if (c.repo === '') throw new KustomizeError(`no repo specified for pull, no chart found at ''`, c.origin.file, c.origin.range);
      if (!opts.pull) {
        throw new KustomizeError(
          `helmCharts: chart '${c.name}' is not in '${absChartHome(c)}' and pulling it from '${c.repo}' needs the network: it is never fetched implicitly (run with --fetch-remote to let helm pull it)`,
          c.origin.file,
          c.origin.range,
        );
      }
      runHelm(c, opts, configHome, helmPullArgs(c));
    }
    const vt = valuesText ?? helmValues(c, st, parse);
    const valuesFile = join(tmp, `${c.name}-kustomize-values.yaml`);
    writeFileSync(valuesFile, vt);
    const out = runHelm(c, opts, configHome, helmTemplateArgs(c, valuesFile)).stdout;
    mkdirSync(opts.outputDir, { recursive: true });
    const file = join(opts.outputDir, `${fingerprint(vt)}.yaml`);
    // Written whole, then renamed: a concurrent render never reads half an output.
    const part = `${file}.${process.pid}.tmp`;
    writeFileSync(part, out);
    renameSync(part, file);
    return { file, text: out };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Parsed documents of an inflated output (kustomize's NewResMapFromBytes). */
export function parseInflated(st: BuildState, file: string, text: string) {
  return parseFile(st, file, text, 'helm output: ');
}
