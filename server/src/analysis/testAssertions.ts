// Test assertions are not manifests. kuttl and chainsaw (end-to-end tests of
// operators) compare the live cluster with files of partial objects: a
// Deployment with only `status.readyReplicas`, a Pod status without the
// fields the API server requires, chainsaw's `(expression): value` keys. They
// are never applied, so checking them as objects reports what is not wrong
// (opentelemetry-operator's tests: about 700 schema errors, all of them in
// such files). A file is one when
//  - its name follows kuttl's and chainsaw's convention for a step's asserts
//    and errors: `<step>-assert.yaml`, `<step>-errors.yaml`; or
//  - the chainsaw test of its directory or of one of the two above
//    (`chainsaw-test.yaml`) names it in an `assert` or `error` operation
//    (`file:`, a glob allowed). A test that names a file of a sibling
//    directory (`../resources/x.yaml`) is not seen from that file.
// Such a file gets its syntax checked only (the tools parse it as YAML).
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { parseAllDocuments } from 'yaml';
import { within } from '../kustomize/fs';

const CONVENTION = /^\d+-(assert|errors)\.ya?ml$/;
const CHAINSAW_TESTS = ['chainsaw-test.yaml', 'chainsaw-test.yml'];
/** How many directories up from a file a chainsaw test that names it is looked for. */
const MAX_LEVELS = 3;
/** A test file larger than this is not read (a chainsaw test is a few kB). */
const MAX_TEST_BYTES = 1 << 20;

/** Reads a small text file, or undefined (absent, unreadable, too large, not a regular file). */
export type SmallTextReader = (path: string) => string | undefined;

const readSmall: SmallTextReader = (path) => {
  try {
    // A regular file only: a FIFO of that name would block the read for ever.
    const st = statSync(path, { throwIfNoEntry: false });
    return st?.isFile() && st.size <= MAX_TEST_BYTES ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
};

/** Whether a file is a kuttl or chainsaw assertion, the chainsaw tests read once per directory (cleared when the tree changes). */
export class TestAssertionLookup {
  private readonly memo = new Map<string, ((file: string) => boolean) | null>();

  constructor(private readonly read: SmallTextReader = readSmall) {}

  /** `stop`: the highest directory whose chainsaw test counts (the project's root). */
  isAssertion(file: string, stop: string): boolean {
    if (CONVENTION.test(basename(file))) return true;
    // The test's own directory, or one above it (`file: asserts/*.yaml`), a few levels at most.
    let dir = dirname(file);
    for (let level = 0; level < MAX_LEVELS && within(stop, dir); level++) {
      let named = this.memo.get(dir);
      if (named === undefined) this.memo.set(dir, (named = this.namedIn(dir)));
      if (named !== null && named(relative(dir, file).split(sep).join('/'))) return true;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    return false;
  }

  clear(): void {
    this.memo.clear();
  }

  /** The matcher of the files a directory's chainsaw test asserts or expects errors from, or null. */
  private namedIn(dir: string): ((file: string) => boolean) | null {
    const patterns: string[] = [];
    for (const name of CHAINSAW_TESTS) {
      const text = this.read(join(dir, name));
      if (text === undefined || !text.includes('chainsaw.kyverno.io')) continue;
      // A hostile test (an alias bomb, nesting past the parser's stack) names nothing.
      try {
        for (const doc of parseAllDocuments(text)) {
          if (doc.errors.length) continue;
          collect(doc.toJS({ maxAliasCount: 100 }) as unknown, patterns, 0);
        }
      } catch {
        continue;
      }
    }
    if (!patterns.length) return null;
    const match = picomatch(patterns.map((p) => posix.normalize(p)), { dot: true });
    return (file) => match(file);
  }
}

/** Every `assert.file` and `error.file` below a chainsaw Test, as written (relative to its directory). */
function collect(node: unknown, out: string[], depth: number): void {
  if (depth > 50 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collect(item, out, depth + 1);
    return;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if ((key === 'assert' || key === 'error') && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const file = (value as Record<string, unknown>).file;
      if (typeof file === 'string' && file !== '' && !/^https?:/.test(file)) out.push(file);
    }
    collect(value, out, depth + 1);
  }
}
