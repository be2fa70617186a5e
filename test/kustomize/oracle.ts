// The reference side of the differential tests: runs the real kustomize
// (`kubectl kustomize`) over the corpus and normalises what it prints, so the
// generator script and the corpus test read kustomize's answers the same way.
// Only test code and scripts import this; the engine never does.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LoadRestrictor } from '../../server/src/kustomize';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CASES_DIR = join(REPO_ROOT, 'test', 'fixtures', 'kustomize', 'cases');
/** Placeholder for the case directory in committed error messages (absolute paths differ per clone). */
export const CASE_PLACEHOLDER = '$CASE';
/** The kustomize version the committed expectations were produced with. */
export const EXPECTED_KUSTOMIZE_VERSION = 'v5.5.0';

export interface CorpusCase {
  id: string;
  /** The case folder (test/fixtures/kustomize/cases/<id>). */
  dir: string;
  /** The kustomization that is built: <id>/overlay when it exists, else <id>. */
  root: string;
  /** Case ids starting with `error-` expect kustomize to fail. */
  expectError: boolean;
  /** The case's `load-restrictor` file: built with kustomize's --load-restrictor (and the engine's loadRestrictor) set to it. */
  loadRestrictor?: LoadRestrictor;
}

/** Hand-written facts about an error case (error.json), checked against kustomize's message. */
export interface ErrorSpec {
  /** Phrases kustomize's message contains; the engine's message must contain each too. */
  phrases: string[];
  /** File the engine should name, relative to the case folder. */
  file?: string;
  /** 0-based line in `file`, where the engine gives a range. */
  line?: number;
  /** `exact` (default): regenerated message must equal expected.error; `phrases`: the message depends on the machine (network, addresses). */
  compare?: 'exact' | 'phrases';
  /**
   * Why the engine's message is not kustomize's whole message (expected.error): then only the
   * phrases are required. Absent: the engine's first message equals expected.error ($CASE the
   * case folder; a Go pointer `&{0x<addr> <nil>}` is an address, not words, and is left out).
   */
  ownWords?: string;
}

export function listCases(): CorpusCase[] {
  return readdirSync(CASES_DIR)
    .filter((id) => statSync(join(CASES_DIR, id)).isDirectory())
    .sort()
    .map((id) => {
      const dir = join(CASES_DIR, id);
      const overlay = join(dir, 'overlay');
      const root = existsSync(overlay) && statSync(overlay).isDirectory() ? overlay : dir;
      const restrictor = join(dir, 'load-restrictor');
      const loadRestrictor = existsSync(restrictor) ? (readFileSync(restrictor, 'utf8').trim() as LoadRestrictor) : undefined;
      return { id, dir, root, expectError: id.startsWith('error-'), ...(loadRestrictor ? { loadRestrictor } : {}) };
    });
}

export function readErrorSpec(c: CorpusCase): ErrorSpec {
  return JSON.parse(readFileSync(join(c.dir, 'error.json'), 'utf8')) as ErrorSpec;
}

/**
 * The real kustomize, as one of two programs with the same engine (kustomize's
 * `api` module): `kubectl kustomize` or the standalone `kustomize build`, which
 * scripts/setup.d/25-kustomize.sh builds from the Go module proxy when the
 * machine's kubectl does not embed kustomize v5.5.0. Both print the same bytes
 * (checked over the whole corpus); they differ only in how errors are reported.
 */
export interface Oracle {
  kind: 'kubectl' | 'kustomize';
  bin: string;
  /** The embedded kustomize version, when the program tells it. */
  version: string | undefined;
  /** How it is shown in test names and benchmark columns. */
  label: string;
}

export function oracleCacheBinary(): string {
  const cache = process.env.THEBOT_CACHE ?? join(homedir(), '.cache', 'thebot');
  return join(cache, 'kustomize', EXPECTED_KUSTOMIZE_VERSION, 'kustomize');
}

function kubectlOracle(bin: string): Oracle | undefined {
  const r = spawnSync(bin, ['version', '--client'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const version = /Kustomize Version: (\S+)/.exec(r.stdout ?? '')?.[1];
  return { kind: 'kubectl', bin, version, label: 'kubectl kustomize' };
}

function standaloneOracle(bin: string, version: string | undefined): Oracle | undefined {
  const r = spawnSync(bin, ['version'], { encoding: 'utf8' });
  return r.status === 0 ? { kind: 'kustomize', bin, version, label: 'kustomize build' } : undefined;
}

/**
 * THEBOT_KUSTOMIZE (a standalone kustomize) or THEBOT_KUBECTL when set; else
 * kubectl if it embeds kustomize v5.5.0; else the standalone v5.5.0 from the
 * set-up cache; else any kubectl (its version is then reported as a failure).
 */
export function findOracle(): Oracle | undefined {
  if (process.env.THEBOT_KUSTOMIZE) return standaloneOracle(process.env.THEBOT_KUSTOMIZE, undefined);
  const kubectl = kubectlOracle(process.env.THEBOT_KUBECTL ?? 'kubectl');
  if (process.env.THEBOT_KUBECTL || kubectl?.version === EXPECTED_KUSTOMIZE_VERSION) return kubectl;
  // A `go install`ed kustomize reports "(devel)"; the set-up step pins the version in the path.
  const cached = oracleCacheBinary();
  if (existsSync(cached)) return standaloneOracle(cached, EXPECTED_KUSTOMIZE_VERSION);
  return kubectl;
}

/**
 * kustomize reads env-file lines without `=` from its own environment
 * (generator-configmap-files relies on this); run it with that variable unset so
 * the expectation does not depend on the caller's shell.
 */
export function oracleEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.EXPORTED_FROM_ENV;
  return env;
}

export interface KustomizeRun {
  code: number;
  stdout: string;
  /** stderr without the final error record. */
  warnings: string;
  /** kustomize's error message (decoded), or undefined on success. */
  error: string | undefined;
}

export function runKustomize(oracle: Oracle, root: string, loadRestrictor?: LoadRestrictor): KustomizeRun {
  const args = [...(oracle.kind === 'kubectl' ? ['kustomize', root] : ['build', root]), ...(loadRestrictor ? [`--load-restrictor=${loadRestrictor}`] : [])];
  const r = spawnSync(oracle.bin, args, {
    encoding: 'utf8',
    env: oracleEnv(),
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  const { warnings, error } = oracle.kind === 'kubectl' ? splitStderr(r.stderr ?? '') : splitStandaloneStderr(r.stderr ?? '');
  return { code: r.status ?? -1, stdout: r.stdout ?? '', warnings, error };
}

/**
 * kubectl reports a failed build through klog, either on one line
 * (`E1126 01:54:37.8 123 run.go:72] "command failed" err="<Go-quoted>"`) or,
 * when the message has newlines, as `err=<` followed by tab-indented lines and ` >`.
 * Everything before that record (deprecation warnings) is kept verbatim.
 */
export function splitStderr(stderr: string): { warnings: string; error: string | undefined } {
  const m = /^E\d{4} [\d:.]+\s+\d+ \S+\] "command failed" err=/m.exec(stderr);
  if (!m) return { warnings: stderr, error: undefined };
  const warnings = stderr.slice(0, m.index);
  const rest = stderr.slice(m.index + m[0].length);
  if (rest.startsWith('<\n')) {
    const body = rest.slice(2).replace(/\n >\n?$/, '');
    return { warnings, error: body.split('\n').map((l) => l.replace(/^\t/, '')).join('\n') };
  }
  return { warnings, error: unquoteGo(rest.trimEnd()) };
}

/** The standalone kustomize ends a failed build with `Error: <message>` (cobra). */
export function splitStandaloneStderr(stderr: string): { warnings: string; error: string | undefined } {
  const m = /^Error: /m.exec(stderr);
  if (!m) return { warnings: stderr, error: undefined };
  return { warnings: stderr.slice(0, m.index), error: stderr.slice(m.index + m[0].length).replace(/\n+$/, '') }; // klog drops trailing newlines too
}

/** Decodes a Go %q string literal (the escapes strconv.Quote emits). */
export function unquoteGo(quoted: string): string {
  if (!quoted.startsWith('"') || !quoted.endsWith('"')) return quoted;
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
  return quoted.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return simple[e] ?? e;
  });
}

/**
 * Replaces what differs between machines and runs: the absolute case path
 * ($CASE), Go pointer values printed in some messages, and the DNS resolver
 * address in network errors.
 */
export function normalise(text: string, c: CorpusCase): string {
  return text
    .split(c.dir)
    .join(CASE_PLACEHOLDER)
    .replace(/\b0x[0-9a-f]{8,}\b/g, '0x<addr>')
    .replace(/(lookup \S+ on )\S+:53:/g, '$1<resolver>:');
}

/** The platform overlays (engineer 1's manifests), compared live against kubectl when present. */
export function platformOverlays(): { env: string; root: string }[] {
  return ['dev', 'staging', 'production']
    .map((env) => ({ env, root: join(REPO_ROOT, 'manifests', 'overlays', env) }))
    .filter((o) => existsSync(join(o.root, 'kustomization.yaml')));
}
