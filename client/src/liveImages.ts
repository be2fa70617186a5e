// What each environment runs, beside what it renders, for the Images view:
// read from the live objects the Environments tree's watches keep
// (LiveStatus.objects), never asked of the cluster on its own. The view only
// says what is known: "unknown" while an object is not listed yet or the
// environment cannot be watched, "not deployed" when the cluster has no such
// workload (or container), "another environment's" when the live object is
// not this environment's own (a shared namespace), "stale" while the
// connection is lost. Pure (no `vscode`): the tests drive it directly.
import { applySetOf } from './cluster/applyset';
import { isOurs } from './cluster/drift';
import { podSpec, imageTag, type ImageUse } from './images';
import { isStale, type EnvironmentLiveState } from './liveStatus';

export type LiveImage =
  | { state: 'running'; image: string; stale: boolean }
  | { state: 'not-deployed'; stale: boolean }
  | { state: 'not-ours'; stale: boolean }
  | { state: 'unknown'; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The image of container `name` in a live workload, or undefined when it has no such container. */
function containerImage(live: Obj, name: string): string | undefined {
  const spec = podSpec(live);
  if (!spec) return undefined;
  for (const field of ['initContainers', 'containers']) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    const c = list.find((x): x is Obj => isObj(x) && x.name === name);
    if (c && typeof c.image === 'string') return c.image;
  }
  return undefined;
}

/** What the cluster runs for one rendered container of an environment. */
export function liveImage(env: { name: string; namespace: string }, use: ImageUse, state: EnvironmentLiveState | undefined): LiveImage {
  if (!state) return { state: 'unknown', reason: 'not watched' };
  // Cannot be watched at all (refused context, failed render): nothing is known.
  if (state.error && !state.disconnectedSince) return { state: 'unknown', reason: state.errorLabel ?? state.error };
  const live = state.objects.get(use.key);
  if (live === undefined) return { state: 'unknown', reason: state.watching ? 'watching…' : 'not watched' };
  const stale = isStale(state, use.key);
  if (live === null) return { state: 'not-deployed', stale };
  if (!isOurs(live, applySetOf({ name: env.name, namespace: env.namespace, context: '', protected: false }).id)) return { state: 'not-ours', stale };
  const image = containerImage(live, use.container);
  return image === undefined ? { state: 'not-deployed', stale } : { state: 'running', image, stale };
}

/** One use's live state in words; a running image equal to the rendered one is "same". `brief`: tags only, no reasons. */
function text(l: LiveImage, rendered: string, brief: boolean): string {
  const stale = l.state !== 'unknown' && l.stale ? ' (stale)' : '';
  switch (l.state) {
    case 'running':
      return (l.image === rendered ? 'same' : brief ? imageTag(l.image) : l.image) + stale;
    case 'not-deployed':
      return `not deployed${stale}`;
    case 'not-ours':
      return `another environment's${stale}`;
    case 'unknown':
      return brief ? 'unknown' : `unknown (${l.reason})`;
  }
}

function summary(uses: ImageUse[], lives: LiveImage[], brief: boolean): string {
  const texts = uses.map((u, i) => text(lives[i]!, u.image, brief));
  const distinct = [...new Set(texts)];
  if (distinct.length === 1) return distinct[0]!;
  // Different states for different containers: say which is which.
  return uses.map((u, i) => `${u.workload} ${u.container}: ${texts[i]}`).join(', ');
}

/** The environment row of an image: "live: same", "live: <other reference>", "live: not deployed", "live: unknown (watching…)". */
export function liveImageSummary(uses: ImageUse[], lives: LiveImage[]): string {
  return `live: ${summary(uses, lives, false)}`;
}

/** The image row's note for an environment, only when the cluster does not run what it renders: " (live: v1.0.0)", " (live: not deployed)". */
export function liveImageNote(uses: ImageUse[], lives: LiveImage[]): string {
  const s = summary(uses, lives, true);
  return s === 'same' ? '' : ` (live: ${s})`;
}

/** A container's own row: "live: same" or what runs instead. */
export function liveUseText(use: ImageUse, live: LiveImage): string {
  return `live: ${text(live, use.image, false)}`;
}
