// path.resolve and path.relative of the paths every render resolves again
// (each `resources`, `patches` and generator entry against its
// kustomization's directory, each file checked against its root): pure
// functions of their arguments once these are absolute (no working
// directory involved), kept here. The language server renders every
// environment on each keystroke; normalizing the same strings was about 1%
// of a warm edit's CPU.
import { isAbsolute, relative, resolve } from 'node:path';

const MAX = 4096;
const resolved = new Map<string, string>();
const relatives = new Map<string, string>();

function remember(m: Map<string, string>, key: string, value: string): string {
  // The paths come from the user's files: bounded like the other caches of the engine.
  if (m.size >= MAX) m.clear();
  m.set(key, value);
  return value;
}

/** path.resolve(dir, p). */
export function resolveIn(dir: string, p: string): string {
  if (!isAbsolute(dir)) return resolve(dir, p);
  const key = `${dir}\0${p}`;
  return resolved.get(key) ?? remember(resolved, key, resolve(dir, p));
}

/** path.relative(from, to). */
export function relativePath(from: string, to: string): string {
  if (!isAbsolute(from) || !isAbsolute(to)) return relative(from, to);
  const key = `${from}\0${to}`;
  return relatives.get(key) ?? remember(relatives, key, relative(from, to));
}
