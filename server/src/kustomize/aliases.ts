// kyaml shares one YAML node between every place a label/annotation
// transformer CREATES the same key in one object (filtersutil.SetEntry builds
// the value node once), and later writes to an existing scalar happen in
// place (FieldSetter copies into the node). So after `labels` with
// includeTemplates created `a` in metadata and in the pod template, a later
// transformer that changes metadata.labels.a also changes the template's — and
// kustomize's output shows it. A JSON 6902 patch round-trips the object through
// JSON, which ends the sharing. This module reproduces exactly that.
import type { Origin } from './model';
import { isObj, noteOrigin, type Obj, type Value } from './values';

interface Group {
  members: [Obj, string][];
}

// Held like values.ts's origin maps: a non-enumerable symbol property of the
// container (a WeakMap lookup on every label write, and on every container an
// exact copy visits, cost more than the property).
const GROUPS = Symbol('sharedNodes');
interface Holder {
  [GROUPS]?: Map<string, Group>;
}

const groupsOf = (c: Obj): Map<string, Group> | undefined => (c as Holder)[GROUPS];

function setGroups(c: Obj, m: Map<string, Group>): void {
  Object.defineProperty(c, GROUPS, { value: m, writable: true, configurable: true, enumerable: false });
}

/** Whether some key of `c` shares its node (for exact copies: see copySharing). */
export const hasSharing = (c: object): boolean => (c as Holder)[GROUPS] !== undefined;

/** The places one transformer run created with a single shared value node. */
export function shareCreated(members: [Obj, string][]): void {
  if (members.length < 2) return;
  const g: Group = { members };
  for (const [c, k] of members) {
    let m = groupsOf(c);
    if (!m) setGroups(c, (m = new Map()));
    m.set(k, g);
  }
}

/** Write an existing scalar in place: every place sharing its node changes too. */
export function writeInPlace(container: Obj, key: string, value: Value, origin: Origin | undefined): void {
  container[key] = value;
  noteOrigin(container, key, origin);
  propagate(container, key, value, origin);
}

/** `container[key]` was just written in place: give the places sharing its node the same value. */
export function propagate(container: Obj, key: string, value: Value, origin: Origin | undefined): void {
  const g = groupsOf(container)?.get(key);
  if (!g) return;
  for (const [c, k] of g.members) {
    if ((c === container && k === key) || !(k in c) || groupsOf(c)?.get(k) !== g) continue;
    c[k] = value;
    noteOrigin(c, k, origin);
  }
}

/** A field was removed or replaced by a new node: it no longer shares. */
export function unshare(container: Obj, key: string): void {
  groupsOf(container)?.delete(key);
}

/** The object was rebuilt from JSON (JSON 6902 patch): nothing in it shares any more. */
export function unshareAll(v: Value): void {
  if (Array.isArray(v)) v.forEach(unshareAll);
  else if (isObj(v)) {
    if (hasSharing(v)) (v as Holder)[GROUPS] = undefined;
    for (const k in v) unshareAll(v[k]!); // for-in: no value array per object (plain data: own keys only)
  }
}

/**
 * `pairs` maps the containers for which hasSharing() holds to their exact
 * copies (values.ts cloneExact): give the copies the same sharing among
 * themselves. A member not in `pairs` is left out: sharing never spans two
 * resources, and a member without groups is one propagate() skips anyway.
 */
export function copySharing(pairs: Map<object, object>): void {
  const groups = new Map<Group, Group>();
  for (const [from, to] of pairs) {
    const m = groupsOf(from as Obj);
    if (!m) continue;
    const n = new Map<string, Group>();
    for (const [key, g] of m) {
      let c = groups.get(g);
      if (!c) {
        c = { members: [] };
        for (const [o, k] of g.members) {
          const copy = pairs.get(o);
          if (copy) c.members.push([copy as Obj, k]);
        }
        groups.set(g, c);
      }
      n.set(key, c);
    }
    setGroups(to as Obj, n);
  }
}
