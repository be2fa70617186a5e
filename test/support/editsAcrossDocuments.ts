// Edits spread over the documents of the 1,200-document file, and the heap
// they leave behind: for tests that a cache kept across edits (the parse
// cache, the engine's chunk memo) keeps no earlier version of the text alive.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bigManifest } from '../documents/bigManifest';

/**
 * Parses or decodes the big file with `first`, then makes `count` one-character
 * edits, each in another document (the value of a `replicas: 2`, toggled), and
 * hands each version to `next`: the heap kept by those edits, in MiB, between
 * full collections before and after (V8's own gc, for this test only, taken as
 * services/youngGc.ts takes it). Also the last text.
 */
export function heapKeptByEdits(count: number, first: (text: string) => void, next: (text: string, version: number) => void): { mib: number; text: string } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  let text = bigManifest();
  const offsets: number[] = [];
  for (let at = text.indexOf('  replicas: 2\n'); at >= 0; at = text.indexOf('  replicas: 2\n', at + 1)) offsets.push(at + 12);
  if (offsets.length !== 400) throw new Error(`the big file has ${offsets.length} replicas lines, not 400`);
  first(text);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) {
    const at = offsets[(i * 7) % offsets.length];
    text = text.slice(0, at) + (text[at] === '2' ? '3' : '2') + text.slice(at + 1);
    next(text, i + 1);
  }
  gc();
  return { mib: (process.memoryUsage().heapUsed - before) / 1048576, text };
}
