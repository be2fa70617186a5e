// `images` (kustomize ImageTagTransformer): rewrite `image` of every
// container/initContainer whose image name matches; newName, newTag, digest.
import type { Origin } from '../model';
import type { Resource } from '../resource';
import { walkFieldSpec, type FieldSpec } from '../fieldspecs';
import { isObj, markUntagged, originsAt, setField, type Obj, type Value } from '../values';
import { compileGo } from '../goRegexp';
import { wrongNodeKind } from '../nodeKind';
import { resolvePlainV3 } from '../yaml/decode';

export interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
  /** The entry (`- name:`). */
  origin: Origin;
  /** The entry's own fields, so an image value points at the line that set it. */
  fields?: { newName?: Origin; newTag?: Origin; digest?: Origin; tagSuffix?: Origin };
}

/** kustomize image.Split: name, tag, digest. */
export function splitImage(image: string): [string, string, string] {
  let search = image;
  let slash = image.indexOf('/');
  if (slash > 0) search = image.slice(slash);
  else slash = 0;
  let id = search.indexOf('@');
  let ic = search.indexOf(':');
  if (ic < 0 && id < 0) return [image, '', ''];
  if (id >= 0 && (id < ic || ic < 0)) {
    id += slash;
    return [image.slice(0, id), '', image.slice(id + 1)];
  }
  if (id >= 0 && ic >= 0) {
    id += slash;
    ic += slash;
    return [image.slice(0, ic), image.slice(ic + 1, id), image.slice(id + 1)];
  }
  ic += slash;
  return [image.slice(0, ic), image.slice(ic + 1), ''];
}

/**
 * kustomize's image.IsImageMatched: the name is used as a Go regular
 * expression after `^` (a name that does not compile matches nothing). Go
 * accepts a repetition of `^` (`"*"` gives `^*`, which may match zero times,
 * so the match is no longer anchored and every image matches); so does RE2.
 */
export function matches(image: string, name: string): boolean {
  const literal = literalMatch(image, name);
  if (literal !== undefined) return literal;
  try {
    return compileGo(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`).test(image);
  } catch {
    return false;
  }
}

// Nearly every image name (`nginx`, `registry.example.com/team/api`) has no
// metacharacter but `.`: such a pattern is a run of one-character atoms, so
// it matches exactly when the image starts with the name (a `.` standing for
// any character but a line feed) and the rest is an optional tag and digest.
// Answered here without starting re2js (compiling its first pattern cost a
// cold render of the platform a few percent); every other name goes to it.
const PLAIN_NAME = /^[A-Za-z0-9_/.:@-]*$/;
const TAG_AND_DIGEST = /^(?::[a-zA-Z0-9_.{}-]*)?(?:@sha256:[a-zA-Z0-9_.{}-]*)?$/;
// `.` matches one code point: an image with a surrogate pair goes to re2js.
const SURROGATE = /[\ud800-\udfff]/;

function literalMatch(image: string, name: string): boolean | undefined {
  if (!PLAIN_NAME.test(name) || SURROGATE.test(image)) return undefined;
  if (image.length < name.length) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 46 /* . */ ? image.charCodeAt(i) === 10 : image.charCodeAt(i) !== c) return false;
  }
  return TAG_AND_DIGEST.test(image.slice(name.length));
}

export function newImage(value: string, rule: ImageRule): string | undefined {
  if (!matches(value, rule.name)) return undefined;
  let [name, tag, digest] = splitImage(value);
  if (rule.newName) name = rule.newName;
  if (rule.newTag && rule.digest) {
    tag = rule.newTag;
    digest = rule.digest;
  } else if (rule.newTag) {
    tag = rule.newTag;
    digest = '';
  } else if (rule.digest) {
    tag = '';
    digest = rule.digest;
  } else if (rule.tagSuffix) {
    tag += rule.tagSuffix;
    digest = '';
  }
  if (tag) name += ':' + tag;
  if (digest) name += '@' + digest;
  return name;
}

/**
 * kustomize runs, per rule, its legacy filter (every `containers` /
 * `initContainers` list anywhere, CRDs excepted) and then its field-spec
 * filter (the config's `images` paths). A field both reach gets the rule
 * twice (a `tagSuffix` is added twice, as kustomize does). One walk per
 * resource finds every field and how often each rule applies to it; the
 * rules are then applied in order, field by field (fields are independent).
 */
export function applyImages(resources: Resource[], rules: ImageRule[], fieldSpecs: readonly FieldSpec[]): void {
  if (!rules.length) return;
  // kustomize runs the first rule's legacy filter over every resource before any field-spec
  // filter: its node-kind errors (walk) come first.
  const legacies = resources.map((r) => (r.kind === 'CustomResourceDefinition' ? undefined : walk(r.obj, undefined, r.origin.file)));
  resources.forEach((r, i) => {
    if (r.kind === 'CustomResourceDefinition') return;
    // Made when first needed: most resources (Services, ConfigMaps …) have no image field.
    let bySpec: Map<Obj, Set<string>> | undefined;
    const note = (c: Obj, k: string): void => {
      bySpec ??= new Map();
      let keys = bySpec.get(c);
      if (!keys) bySpec.set(c, (keys = new Set()));
      keys.add(k);
    };
    for (const fs of fieldSpecs) walkFieldSpec(r.obj, fs, undefined, note, r.origin.file);
    const legacy = legacies[i];
    if (legacy) {
      for (const c of legacy) {
        const twice = bySpec?.get(c)?.delete('image') === true;
        for (const rule of rules) {
          apply(c, 'image', rule);
          if (twice) apply(c, 'image', rule);
        }
      }
    }
    if (bySpec) for (const [c, keys] of bySpec) for (const k of keys) for (const rule of rules) apply(c, k, rule);
  });
}

const plain = (o: Origin): Origin => ({ file: o.file, range: o.range, by: o.by });

/**
 * Where the rewritten image was set: the field that changed the tag or digest
 * (else the name), with each part (name, tag, digest) traced to the entry field
 * that set it or to where it was set before.
 */
function imageOrigin(rule: ImageRule, prev: Origin | undefined): Origin {
  const f = rule.fields ?? {};
  const before = (part: string): Origin | undefined => prev?.parts?.[part] ?? (prev && plain(prev));
  const tagField = f.newTag ?? f.digest ?? f.tagSuffix;
  const main = tagField ?? f.newName ?? rule.origin;
  const parts: Record<string, Origin> = {};
  const name = f.newName ?? before('name');
  const tag = f.newTag ?? (f.digest ? f.digest : f.tagSuffix) ?? before('tag');
  const digest = f.digest ?? (f.newTag ? f.newTag : before('digest'));
  if (name) parts.name = plain(name);
  if (tag) parts.tag = plain(tag);
  if (digest) parts.digest = plain(digest);
  return { ...plain(main), by: rule.origin.by, parts };
}

function apply(c: Obj, key: string, rule: ImageRule): void {
  const v = c[key];
  if (v === undefined || v === null || typeof v === 'object') return;
  const img = newImage(String(v), rule);
  if (img !== undefined) {
    const prev = originsAt(c, key);
    // SetScalar writes an untagged node in the style of the one it replaces: over a plain
    // number or bool (a value that is no string here) its text is read back as YAML reads it.
    const typed = typeof v === 'string' ? img : resolvePlainV3(img);
    setField(c, key, typeof typed === 'string' ? img : typed, imageOrigin(rule, prev?.[prev.length - 1]));
    markUntagged(c, key);
  }
}

// kustomize's legacy image filter: every `containers`/`initContainers` list, anywhere (children first).
// The set is created at the first container found (undefined: none). Each item is looked up
// with yaml.Get("image") and its image set through SetImageValue, which check node kinds
// before any name is matched: an item that is no mapping, or an image that is no scalar,
// fails the build whatever the rules (kyaml's ErrorIfInvalid; a null passes).
function walk(v: Value, found: Set<Obj> | undefined, file: string): Set<Obj> | undefined {
  if (Array.isArray(v)) {
    for (const x of v) found = walk(x, found, file);
    return found;
  }
  if (!isObj(v)) return found;
  for (const k in v) {
    const child = v[k]!;
    found = walk(child, found, file);
    if ((k === 'containers' || k === 'initContainers') && Array.isArray(child)) {
      for (const c of child) {
        if (c === null) continue;
        if (!isObj(c)) throw wrongNodeKind('MappingNode', c, file);
        const image = c.image;
        if (image === undefined) continue;
        if (image !== null && typeof image === 'object') throw wrongNodeKind('ScalarNode', image, file);
        (found ??= new Set()).add(c);
      }
    }
  }
  return found;
}
