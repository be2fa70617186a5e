// Kustomization file → validated fields. Every unknown or unsupported field
// and every wrong type is an error on the line of that field.
import { dirname, join } from 'node:path';
import type { RenderCache } from './cache';
import type { DecodedFile } from './yaml/decode';
import { KustomizeError, ReaderError } from './errors';
import { beyondProjectRoot, within, type FileReader } from './fs';
import { canonicalFieldNames, checkKustomizationTypes } from './kustomizationTypes';
import type { Origin, PathSegment } from './model';
import { isObj, originsAt, type Obj, type Value } from './values';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

type FieldType = 'string' | 'strings' | 'map' | 'list' | 'bool' | 'any';


/** Fields kustomize has that this engine refuses rather than rendering something different. */
const UNSUPPORTED = new Set(['imageTags']);

export interface Kustomization {
  file: string;
  dir: string;
  kind: 'Kustomization' | 'Component';
  data: Obj;
}

/** Where `container[key]` was written in the kustomization (for errors and origins). */
export function originOf(container: object, key: string | number, by: string, fallbackFile: string): Origin {
  const o = originsAt(container, key)?.[0];
  return o ? { file: o.file, range: o.range, by } : { file: fallbackFile, range: zeroRange(), by };
}

export const zeroRange = () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });

/**
 * Under LoadRestrictionsNone, where a kustomization file that is a symbolic
 * link may point: in `root` (a project's), or anywhere when it is undefined.
 */
export interface OutsideFiles {
  root: string | undefined;
}

export function findKustomizationFile(dir: string, reader: FileReader, outside?: OutsideFiles): string {
  // kustomize reads each name through its loader: under its default root-only
  // restrictor a kustomization file that is a symbolic link to a file outside
  // the directory is refused, so not found; under LoadRestrictionsNone it is read.
  const root = reader.realpath(outside ? (outside.root ?? '/') : dir);
  const files = KUSTOMIZATION_FILE_NAMES.map((n) => join(dir, n)).filter((p) => reader.isDirectory(p) === false);
  const found = files.filter((p) => within(root, dirname(reader.realpath(p))));
  // A link beyond a project's root is refused as any other file there, not "unable to find".
  const projectRoot = outside?.root;
  if (projectRoot !== undefined) {
    const beyond = files.find((p) => !found.includes(p));
    if (beyond !== undefined) throw new KustomizeError(beyondProjectRoot(beyond, projectRoot), dir);
  }
  if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${dir}`, dir);
  if (found.length === 0) {
    throw new KustomizeError(
      `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}'`,
      dir,
    );
  }
  return found[0]!;
}

const typeName = (v: Value): string =>
  v === null ? 'null' : Array.isArray(v) ? 'list' : isObj(v) ? 'map' : typeof v === 'string' ? 'string' : typeof v;

export function loadKustomization(dir: string, reader: FileReader, cache: RenderCache, outside?: OutsideFiles): Kustomization {
  const file = findKustomizationFile(dir, reader, outside);
  const text = reader.readFile(file) ?? '';
  let parsed;
  try {
    // kustomize reads its kustomization with YAMLToJSON: YAML 1.1 scalars (`y`, `on` are booleans).
    parsed = cache.parse(file, text, true, () => reader.readBytes?.(file));
  } catch (e) {
    // kustomize: "invalid Kustomization: yaml: line N: …"
    if (e instanceof KustomizeError) {
      const line = e.range && !(e instanceof ReaderError) ? `line ${e.range.start.line + 1}: ` : '';
      throw new KustomizeError(`invalid Kustomization: yaml: ${line}${e.message.replace(/^yaml: /, '')}`, e.file, e.range);
    }
    throw e;
  }
  // A build loads each kustomization several times and every edit builds again: validated once per text.
  const docs = parsed.docs;
  return cache.derive(parsed, dir, () => validateKustomization(file, dir, docs));
}

function validateKustomization(file: string, dir: string, docs: DecodedFile['docs']): Kustomization {
  const raw = docs[0]?.value ?? {};
  if (docs.length > 1) throw new KustomizeError('a kustomization file must contain exactly one YAML document', file, docs[1]!.range);
  if (!isObj(raw)) throw new KustomizeError(`invalid Kustomization: expected a map, got ${typeName(raw)}`, file);
  const data = canonicalFieldNames(raw);
  const at = (key: string) => originOf(data, key, 'kustomization', file).range;
  const typeProblem = checkKustomizationTypes(data);
  if (typeProblem) {
    throw new KustomizeError(`invalid Kustomization: ${typeProblem.message}`, file, rangeAt(data, typeProblem.path, file));
  }
  // kustomize's CheckEmpty: nothing but apiVersion/kind (a `null` field counts as absent).
  if (Object.entries(data).every(([key, v]) => key === 'apiVersion' || key === 'kind' || v === null)) {
    throw new KustomizeError('kustomization.yaml is empty', file);
  }
  for (const key of Object.keys(data)) {
    if (UNSUPPORTED.has(key)) {
      throw new KustomizeError(`field '${key}' is not supported by this engine (kustomize would use it)`, file, at(key));
    }
  }
  const kind = data.kind === 'Component' ? 'Component' : 'Kustomization';
  // kustomize's EnforceFields (after FixKustomization defaulted an empty kind and apiVersion).
  const kindText = typeof data.kind === 'string' && data.kind !== '' ? data.kind : 'Kustomization';
  const problems: [string, string][] = [];
  if (kindText !== 'Kustomization' && kindText !== 'Component') problems.push(['kind', 'kind should be Kustomization or Component']);
  const requiredVersion = kindText === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1';
  if (typeof data.apiVersion === 'string' && data.apiVersion !== '' && data.apiVersion !== requiredVersion) {
    problems.push(['apiVersion', `apiVersion for ${kindText} should be ${requiredVersion}`]);
  }
  if (problems.length) {
    throw new KustomizeError(`Failed to read kustomization file under ${dir}:\n${problems.map((p) => p[1]).join('\n')}`, file, at(problems[0]![0]));
  }
  return { file, dir, kind, data };
}

/** The range of the value at `path` in the kustomization data (the nearest recorded ancestor). */
export function rangeAt(data: Obj, path: PathSegment[], file: string) {
  let cur: Value = data;
  let range = zeroRange();
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') break;
    const o = originsAt(cur, seg)?.[0];
    if (o) range = o.range;
    cur = (Array.isArray(cur) ? cur[seg as number] : (cur as Obj)[seg as string]) as Value;
    if (cur === undefined) break;
  }
  void file;
  return range;
}

/** Checks a list entry is a map with only known keys of the right types. */
export function checkEntry(
  k: Kustomization,
  field: string,
  entry: Value,
  index: number,
  keys: Record<string, FieldType>,
): Obj {
  const list = k.data[field] as Value[];
  const range = originOf(list, index, field, k.file).range;
  if (!isObj(entry)) throw new KustomizeError(`invalid Kustomization: ${field}[${index}] must be a map, got ${typeName(entry)}`, k.file, range);
  for (const [key, v] of Object.entries(entry)) {
    const t = keys[key];
    const r = originOf(entry, key, field, k.file).range;
    if (!t) throw new KustomizeError(`invalid Kustomization: json: unknown field "${key}" in ${field}[${index}]`, k.file, r);
    if (v === null || t === 'any') continue;
    const ok =
      (t === 'string' && typeof v === 'string') ||
      (t === 'bool' && typeof v === 'boolean') ||
      (t === 'map' && isObj(v)) ||
      (t === 'list' && Array.isArray(v)) ||
      (t === 'strings' && Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (!ok) throw new KustomizeError(`invalid Kustomization: ${field}[${index}].${key} has the wrong type (${typeName(v)})`, k.file, r);
  }
  return entry;
}
