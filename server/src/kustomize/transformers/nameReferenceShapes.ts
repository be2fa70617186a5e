// Whether kustomize's name-reference walk would fail on a referrer's shape.
// kustomize walks every field spec of every nameReference entry for every
// resource the spec's gvk selects (determineFilters, resHasField always
// true), whether or not anything of the entry's kind was renamed: a scalar
// where the path goes on (`containers: 5`, `env: [5]`), a `*` reaching a
// mapping, or a map without `name` (or a list inside a list) where the name
// should be fails the build (`considering field … expected sequence or
// mapping node`). The engine walks only the entries with a renamed target
// (nameReference.ts), the ones that can change a name; walking every entry
// for every referrer cost a platform render about 10%. This looks at each
// referrer once instead, along one tree of all the paths its original gvk
// selects, and answers whether the full walk is needed. It follows
// fieldspecs.ts walkFieldSpec (no `create`) and nameReference.ts `set`; a
// wrong "yes" costs only the full walk (entries without a renamed target
// change nothing), so it may be generous but never says "no" to a shape the
// walk refuses.
import { splitPathOnce, type NameRefSpec } from '../fieldspecs';
import type { ResId } from '../resource';
import { isSelected } from '../transformerConfig';
import { isObj, type Obj, type Value } from '../values';

interface Step {
  /** Fields one step further, by name. */
  next: Map<string, Step>;
  /** A path ends at this field: its value is a name (a scalar, a map with `name`, or a list of those). */
  end: boolean;
  /** Every path ending here ends in `[]` (walkFieldSpec leaves a list there alone). */
  endSeqOnly: boolean;
}

const newStep = (): Step => ({ next: new Map(), end: false, endSeqOnly: true });

/** The paths' tree per gvk a referrer may have, per nameReference table (tables are made per kustomization level). */
const trees = new WeakMap<readonly NameRefSpec[], Map<string, Step>>();

function treeFor(nameRefs: readonly NameRefSpec[], org: ResId): Step {
  let byGvk = trees.get(nameRefs);
  if (!byGvk) trees.set(nameRefs, (byGvk = new Map()));
  const key = `${org.group}/${org.version}/${org.kind}`;
  let root = byGvk.get(key);
  if (root) return root;
  root = newStep();
  for (const ref of nameRefs) {
    for (const fs of ref.fieldSpecs) {
      // Referrers are chosen by their original id (determineFilters).
      if (!isSelected(org, fs)) continue;
      const { names, seq } = splitPathOnce(fs.path);
      let at = root;
      names.forEach((name, i) => {
        let s = at.next.get(name);
        if (!s) at.next.set(name, (s = newStep()));
        if (i === names.length - 1) {
          s.end = true;
          if (!seq[i]) s.endSeqOnly = false;
        }
        at = s;
      });
    }
  }
  byGvk.set(key, root);
  return root;
}

/** nameReference.ts `set` would refuse this value where a name should be. */
function badName(v: Value): boolean {
  if (Array.isArray(v)) return v.some((el) => Array.isArray(el) || (isObj(el) && !('name' in el)));
  return isObj(v) && !('name' in v);
}

function bad(node: Value | undefined, step: Step): boolean {
  if (node === null || node === undefined) return false;
  if (Array.isArray(node)) {
    for (const el of node) if (bad(el, step)) return true;
    return false;
  }
  // A path goes on from here and this is a scalar.
  if (!isObj(node)) return true;
  for (const [name, s] of step.next) {
    if (name === '*') return true;
    if (!(name in node)) continue;
    const v = node[name]!;
    if (v === null) continue;
    if (s.end && !(s.endSeqOnly && Array.isArray(v)) && badName(v)) return true;
    if (s.next.size && bad(v, s)) return true;
  }
  return false;
}

/** Whether walking every nameReference entry over `obj` (selected by its original id `org`) may fail. */
export function misshapenReferrer(obj: Obj, org: ResId, nameRefs: readonly NameRefSpec[]): boolean {
  const root = treeFor(nameRefs, org);
  return root.next.size > 0 && bad(obj, root);
}
