import type { Node } from 'yaml';
import type { PathSegment, RenderedResource } from '../kustomize/model';
import type { Rule, RuleContext } from './types';
import { arr, get, isObj, nameOf } from './lib/index-resources';
import { child, items, nodeAt, nodeRange, originWithin, scalarText, sourceDocOf, type SourceDoc } from './lib/source';
import { memoOn, setMemoOn } from '../documents/memoOn';

/** Lists kustomize merges by a key (strategic merge), inside a pod spec and inside each container. */
const POD_LISTS: [field: string, key: string][] = [
  ['containers', 'name'],
  ['initContainers', 'name'],
  ['ephemeralContainers', 'name'],
  ['volumes', 'name'],
  ['imagePullSecrets', 'name'],
];
const CONTAINER_LISTS: [field: string, key: string][] = [
  ['env', 'name'],
  ['ports', 'containerPort'],
  ['volumeMounts', 'mountPath'],
  ['volumeDevices', 'devicePath'],
];
const SERVICE_LISTS: [field: string, key: string][] = [['ports', 'port']];

const line = (src: SourceDoc, n: Node): number => nodeRange(src, n).start.line + 1;

/** Every rendered entry of `list` whose fields came from inside `entry` (its source node). */
function rendersOf(r: RenderedResource, listPath: PathSegment[], list: unknown[], src: SourceDoc, entry: Node): number[] {
  const out: number[] = [];
  list.forEach((e, i) => {
    if (!isObj(e)) return;
    const from = [r.originOf([...listPath, i]), ...Object.keys(e).map((k) => r.originOf([...listPath, i, k]))];
    if (from.some((o) => originWithin(src, entry, o))) out.push(i);
  });
  return out;
}

// The repeated keys of a source list, per list node and key: the parse cache
// hands back the same nodes while a document's text is unchanged, so after an
// edit only the edited document's lists are grouped again (this rule was the
// most expensive one on every keystroke, for lists that almost never repeat).
// Kept on the list's Document (documents/memoOn.ts: a WeakMap kept the groups
// of the edited document's old nodes alive).
const REPEATED = {};

function repeated(src: SourceDoc, srcList: Node | undefined, key: string): [string, Node[]][] {
  if (!srcList) return [];
  const repeatedMemo = memoOn<Map<Node, Map<string, [string, Node[]][]>>>(src.doc, REPEATED) ?? setMemoOn(src.doc, REPEATED, new Map());
  let byKey = repeatedMemo.get(srcList);
  if (!byKey) repeatedMemo.set(srcList, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const groups = new Map<string, Node[]>();
  for (const it of items(srcList)) {
    const v = scalarText(child(it, key));
    if (v === undefined) continue;
    groups.set(v, [...(groups.get(v) ?? []), it]);
  }
  const out = [...groups].filter(([, entries]) => entries.length > 1);
  byKey.set(key, out);
  return out;
}

/**
 * Duplicates of `key` in the source list `srcList`, compared with the rendered
 * list at `listPath`: reported on each duplicate entry, saying what the render kept.
 */
function checkList(ctx: RuleContext, r: RenderedResource, src: SourceDoc, srcList: Node | undefined, listPath: PathSegment[], field: string, key: string, where: string): void {
  const groups = repeated(src, srcList, key);
  if (!groups.length) return;
  const rendered = arr(get(r.object, listPath));
  for (const [value, entries] of groups) {
    const lines = entries.map((e) => line(src, e));
    const renderedSame = rendered.filter((e) => isObj(e) && String(e[key]) === value).length;
    if (renderedSame === 0) continue; // removed on purpose (a patch deleted it)
    const what = `${field} entry ${key === 'name' ? `'${value}'` : `${key} ${value}`} ${where}`;
    entries.forEach((entry, i) => {
      const others = lines.filter((_, j) => j !== i).join(', ');
      const kept = rendersOf(r, listPath, rendered, src, entry).length > 0;
      const keyNode = child(entry, key) ?? entry;
      const location = { file: src.file, range: nodeRange(src, keyNode) };
      if (renderedSame > 1) {
        ctx.report({ location, severity: 'warning', message: `${what} is listed more than once (also line ${others}); both are rendered in this environment` });
        return;
      }
      const survivor = entries.filter((e) => rendersOf(r, listPath, rendered, src, e).length > 0).map((e) => line(src, e));
      ctx.report({
        location,
        message:
          survivor.length > 1
            ? `${what} is listed more than once (also line ${others}); kustomize's merge folds the entries at lines ${survivor.join(' and ')} into one`
            : kept
              ? `${what} is listed more than once (also line ${others}); kustomize's merge keeps this entry and drops the other`
              : `${what} is listed more than once (also line ${others}); kustomize's merge drops this entry${survivor.length ? ` and keeps line ${survivor[0]}` : ''}`,
      });
    });
  }
}

export const rule: Rule = {
  id: 'duplicate-merge-key',
  title: 'List entry repeated under the key kustomize merges by',
  category: 'kustomize',
  severity: 'error',
  rationale: 'Kustomize merges `containers`, `env`, `ports`, `volumes`, `volumeMounts` … by their key (name, containerPort, mountPath). Two entries with the same key in a source file collapse into one as soon as a patch merges that list: one of them (a `secretKeyRef`, a mount) disappears from the render and nothing says so.',
  docs: {
    description: 'Compares each merge-keyed list of a resource file (pod `containers`, `initContainers`, `volumes`, `imagePullSecrets`; container `env`, `ports`, `volumeMounts`, `volumeDevices`; Service `ports`) with its render, and reports every entry whose key repeats, on the key, saying which entry the environment\'s render kept (error) or that both are rendered (warning). Findings are labelled with the environments where that happens.',
    bad: `env:
  - { name: SECRET_KEY, value: dev-key }
  - name: SECRET_KEY     # an overlay patch merges env: only one of the two survives
    valueFrom: { secretKeyRef: { name: django, key: secret-key } }`,
    good: `env:
  - name: SECRET_KEY
    valueFrom: { secretKeyRef: { name: django, key: secret-key } }`,
  },
  check(ctx) {
    if (!ctx.parse) return;
    for (const t of ctx.index.podTemplates) {
      const src = sourceDocOf(ctx, t.resource);
      if (!src) continue;
      const spec = nodeAt(src.doc.contents, t.specPath.map(String));
      const kind = `${t.kind} '${t.name}'`;
      for (const [field, key] of POD_LISTS) checkList(ctx, t.resource, src, child(spec, field), [...t.specPath, field], field, key, `of ${kind}`);
      for (const field of ['containers', 'initContainers']) {
        const rendered = arr(t.spec[field]);
        for (const c of items(child(spec, field))) {
          const name = scalarText(child(c, 'name'));
          const idx = rendered.findIndex((x) => isObj(x) && x.name === name);
          if (name === undefined || idx < 0) continue;
          for (const [list, key] of CONTAINER_LISTS) checkList(ctx, t.resource, src, child(c, list), [...t.specPath, field, idx, list], list, key, `of container '${name}' (${kind})`);
        }
      }
    }
    for (const svc of ctx.index.ofKind('Service')) {
      const src = sourceDocOf(ctx, svc);
      if (!src) continue;
      for (const [field, key] of SERVICE_LISTS) checkList(ctx, svc, src, nodeAt(src.doc.contents, ['spec', field]), ['spec', field], field, key, `of Service '${nameOf(svc)}'`);
    }
  },
};
