// `npm run version:bump -- <major|minor|patch|X.Y.Z>`: cuts a release. The
// version goes into package.json and package-lock.json, and CHANGELOG.md's
// `## Unreleased` section becomes `## X.Y.Z — YYYY-MM-DD` under a fresh, empty
// `## Unreleased`. Refused (exit 2, nothing written) when there is nothing
// under `## Unreleased` or the version does not go up.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Version = [number, number, number];

export class BumpError extends Error {}

function parseVersion(v: string, what: string): Version {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (!m) throw new BumpError(`${what}: '${v}' is not a version (X.Y.Z)`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The next version: a bump of `current`, or an explicit X.Y.Z. */
export function nextVersion(current: string, spec: string): string {
  const [major, minor, patch] = parseVersion(current, 'package.json');
  if (spec === 'major') return `${major + 1}.0.0`;
  if (spec === 'minor') return `${major}.${minor + 1}.0`;
  if (spec === 'patch') return `${major}.${minor}.${patch + 1}`;
  parseVersion(spec, 'the requested version');
  return spec;
}

const UNRELEASED = /^## Unreleased[ \t]*$/m;
const RELEASED = /^## (\d+\.\d+\.\d+) — \d{4}-\d\d-\d\d$/gm;

/** The changelog with its Unreleased section released as `version` on `date`. */
export function releaseChangelog(text: string, version: string, date: string): string {
  const head = UNRELEASED.exec(text);
  if (!head) throw new BumpError("CHANGELOG.md has no '## Unreleased' section");
  const rest = text.slice(head.index + head[0].length);
  const next = rest.search(/^## /m);
  const body = (next < 0 ? rest : rest.slice(0, next)).trim();
  if (!body) throw new BumpError("CHANGELOG.md: nothing under '## Unreleased' to release");
  const released = [...text.matchAll(RELEASED)].map((m) => m[1]!);
  const newest = released.map((v) => parseVersion(v, 'CHANGELOG.md')).sort(compare).at(-1);
  if (newest && compare(parseVersion(version, 'the new version'), newest) <= 0) {
    throw new BumpError(`${version} is not above the newest release in CHANGELOG.md (${newest.join('.')})`);
  }
  return `${text.slice(0, head.index)}## Unreleased\n\n## ${version} — ${date}${text.slice(head.index + head[0].length)}`;
}

/** Writes the release into `root`; returns "old → new". */
export function bump(root: string, spec: string, date: string): string {
  const pkgFile = join(root, 'package.json');
  const lockFile = join(root, 'package-lock.json');
  const logFile = join(root, 'CHANGELOG.md');
  const pkgText = readFileSync(pkgFile, 'utf8');
  const current = (JSON.parse(pkgText) as { version: string }).version;
  const version = nextVersion(current, spec);
  // An explicit version may equal the current one only for the first release.
  const log = readFileSync(logFile, 'utf8');
  const firstRelease = ![...log.matchAll(RELEASED)].length;
  const order = compare(parseVersion(version, 'the new version'), parseVersion(current, 'package.json'));
  if (order < 0 || (order === 0 && !firstRelease)) throw new BumpError(`${version} is not above the current version ${current}`);
  const changelog = releaseChangelog(log, version, date);
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { version: string; packages: Record<string, { version?: string }> };
  lock.version = version;
  if (lock.packages['']) lock.packages[''].version = version;
  // Only the version line changes in package.json (its layout is kept).
  writeFileSync(pkgFile, pkgText.replace(/^(\s*"version":\s*")[^"]*(")/m, `$1${version}$2`));
  writeFileSync(lockFile, JSON.stringify(lock, null, 2) + '\n');
  writeFileSync(logFile, changelog);
  return `${current} → ${version}`;
}

if (require.main === module) {
  const [spec] = process.argv.slice(2);
  if (!spec) {
    process.stderr.write('usage: npm run version:bump -- <major|minor|patch|X.Y.Z>\n');
    process.exit(2);
  }
  try {
    const what = bump(join(__dirname, '..'), spec, new Date().toISOString().slice(0, 10));
    process.stdout.write(`${what}: package.json, package-lock.json, CHANGELOG.md. Then: npm run package\n`);
  } catch (e) {
    if (!(e instanceof BumpError)) throw e;
    process.stderr.write(`version:bump: ${e.message}\n`);
    process.exit(2);
  }
}
