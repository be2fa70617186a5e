// kustomize v5.5's git.NewRepoSpecFromURL (api/internal/git/repospec.go),
// ported line for line: whether a `resources`/`components` entry is a git
// repository, and how it splits into what is cloned (host + repository path),
// the directory inside it, and the `?ref=` / `?version=`, `?timeout=`,
// `?submodules=` parameters. An entry that is not one of these is a local path.
import { isAbsolute, normalize } from 'node:path';

export interface RepoSpec {
  /** The entry as written (kustomize compares these for cycles). */
  raw: string;
  /** e.g. `https://github.com/` */
  host: string;
  /** e.g. `kubernetes-sigs/kustomize` */
  repoPath: string;
  /** Directory of the kustomization inside the repository ('' for its root). */
  kustRootPath: string;
  ref: string;
  submodules: boolean;
  /** Limit for each git command, in milliseconds. */
  timeoutMs: number;
}

/** What `git clone` is given. */
export const cloneSpec = (r: RepoSpec): string => r.host + r.repoPath;

const DEFAULT_TIMEOUT_MS = 27_000;
const FILE = 'file://';
const SCHEMES = ['ssh://', 'https://', 'http://', FILE];

/** The repository an entry names, or an error message (then the entry is a local path). */
export function parseRepoSpec(n: string): RepoSpec | string {
  const raw = n;
  if (isAbsolute(n)) return `uri looks like abs path: ${n}`;
  const q = n.indexOf('?');
  const query = q >= 0 ? n.slice(q + 1) : '';
  if (q >= 0) n = n.slice(0, q);
  const { ref, timeoutMs, submodules } = parseQuery(query);
  const host = extractHost(n);
  if (typeof host === 'string') return host;
  const parts = parsePathParts(host.rest, host.host.startsWith(FILE) ? ALL : 2);
  if (typeof parts === 'string') return parts;
  return { raw, host: host.host, repoPath: parts[0], kustRootPath: parts[1], ref, submodules, timeoutMs };
}

const ALL = -999999;

function parsePathParts(n: string, segments: number): [string, string] | string {
  let split = explicitMarkerSplit(n);
  if (!split) split = defaultLengthSplit(n, segments);
  if (!split || split[0].length === 0) return 'failed to parse repo path segment';
  if (exitsRepo(split[1])) return `url path exits repo: ${n}`;
  return [split[0], split[1].replace(/^\//, '')];
}

function explicitMarkerSplit(n: string): [string, string] | undefined {
  const gitRoot = n.indexOf('_git/');
  if (gitRoot >= 0) {
    const rootPath = n.slice(0, gitRoot + 5);
    const sub = n.slice(gitRoot + 5).split('/');
    return [rootPath + sub[0], sub.slice(1).join('/')];
  }
  const dbl = n.indexOf('//');
  if (dbl >= 0) return [n.slice(0, dbl), n.slice(dbl + 2)];
  const git = n.indexOf('.git');
  if (git >= 0) return [n.slice(0, git + 4), n.slice(git + 4)];
  return undefined;
}

function defaultLengthSplit(n: string, segments: number): [string, string] | undefined {
  if (segments === ALL) return [n, ''];
  const parts = n.split('/');
  if (parts.length >= segments) return [parts.slice(0, segments).join('/'), parts.slice(segments).join('/')];
  return undefined;
}

/** Go's filepath.Clean, enough to see a leading `..`. */
function exitsRepo(kustRoot: string): boolean {
  const cleaned = normalize(kustRoot.replace(/^\//, '') || '.').replace(/\/$/, '');
  return cleaned.split('/')[0] === '..';
}

/** Go's strconv.ParseBool. */
function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** Go's time.ParseDuration (positive durations; units ns…h), in milliseconds. */
function parseDuration(s: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  if (s === '0') return 0;
  const re = /(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;
  let i = s.startsWith('+') ? 1 : 0;
  if (s.startsWith('-')) return undefined;
  let total = 0;
  if (i >= s.length) return undefined;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    i = re.lastIndex;
  }
  return total;
}

function parseQuery(query: string): { ref: string; timeoutMs: number; submodules: boolean } {
  let values: URLSearchParams;
  try {
    // Go's url.ParseQuery fails on a bad %-escape or a `;`: then every default.
    if (/%(?![0-9a-fA-F]{2})|;/.test(query)) throw new Error('bad query');
    values = new URLSearchParams(query);
  } catch {
    return { ref: '', timeoutMs: DEFAULT_TIMEOUT_MS, submodules: true };
  }
  let ref = values.get('version') ?? '';
  if (values.get('ref')) ref = values.get('ref')!;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const t = values.get('timeout');
  if (t) {
    const secs = /^[+-]?\d+$/.test(t) ? Number(t) : NaN;
    if (Number.isInteger(secs) && secs > 0) timeoutMs = secs * 1000;
    else {
      const d = parseDuration(t);
      if (d !== undefined && d > 0) timeoutMs = d;
    }
  }
  let submodules = true;
  const sm = values.get('submodules');
  if (sm) {
    const b = parseBool(sm);
    if (b !== undefined) submodules = b;
  }
  return { ref, timeoutMs, submodules };
}

function trimPrefixIgnoreCase(s: string, prefix: string): [string, boolean] {
  return prefix.length <= s.length && s.slice(0, prefix.length).toLowerCase() === prefix ? [s.slice(prefix.length), true] : [s, false];
}

function extractHost(n: string): { host: string; rest: string } | string {
  [n] = trimPrefixIgnoreCase(n, 'git::');
  let scheme = '';
  for (const p of SCHEMES) {
    const [rest, found] = trimPrefixIgnoreCase(n, p);
    if (found) {
      scheme = p;
      n = rest;
      break;
    }
  }
  let username = '';
  const um = /^([a-zA-Z][a-zA-Z0-9-]*)@/.exec(n);
  if (um) {
    username = um[1] + '@';
    n = n.slice(username.length);
  }
  const lower = n.toLowerCase();
  const stdGithub = lower.startsWith('github.com/') || lower.startsWith('github.com:');
  const acceptSCP = scheme === '' && (username !== '' || stdGithub);
  if (scheme === '' && !acceptSCP) return 'failed to parse scheme';
  if (scheme === FILE) return { host: scheme, rest: username + n };
  let host = n;
  let rest = '';
  let sep = n.indexOf('/');
  if (acceptSCP) {
    const colon = n.indexOf(':');
    if (sep === -1 || (colon > 0 && colon < sep)) sep = colon;
  }
  if (sep >= 0) {
    host = n.slice(0, sep + 1);
    rest = n.slice(sep + 1);
  }
  if (stdGithub) {
    if (scheme.startsWith('ssh://') || username !== '') {
      scheme = '';
      host = 'github.com:';
    } else {
      scheme = 'https://';
      username = '';
      host = 'github.com/';
    }
  }
  if (host === '') return 'failed to parse host segment';
  return { host: scheme + username + host, rest };
}
