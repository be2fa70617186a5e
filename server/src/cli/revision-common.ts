// What `history`, `rollback` and the revision side of `deploy` share: a
// session for an environment that does not need a clean render (rolling back
// is what one does when the source is broken), who deploys from which source,
// and the one-line forms of revisions and rollback results.
import type { Environment } from '../config';
import { renderKustomization } from '../kustomize';
import type { RenderedResource } from '../kustomize/model';
import { ClusterSession, describe } from '../../../client/src/cluster';
import { sourceState, whoAmI } from '../../../client/src/cluster/identity';
import { DEFAULT_KEEP, liveRevision, type RevisionInfo } from '../../../client/src/cluster/revisions';
import type { PruneOutcome } from '../../../client/src/cluster/applyset';
import type { SecretPlan } from '../../../client/src/cluster/rollback';
import { CliError, EXIT, location, openSession, resolveEnvironment, type Out, type Values } from './cluster-common';
import { projectRenderOptions } from './engine-flags';

export interface Connected {
  environment: Environment;
  root: string;
  session: ClusterSession;
  /** The current render; undefined when it fails (its errors were printed as a note). */
  resources: RenderedResource[] | undefined;
}

/** Environment → optional render → checked session; a failing render is a note, not a refusal. */
export async function connect(envName: string, values: Values, io: Out, check: (env: Environment) => void = () => undefined, wantRender = true): Promise<Connected> {
  const { config, environment } = resolveEnvironment(envName, values, check);
  let resources: RenderedResource[] | undefined;
  if (wantRender) {
    const render = renderKustomization(environment.overlay, projectRenderOptions(values, config));
    if (render.errors.length) {
      const first = render.errors[0]!;
      io.err(`note: the current render of ${envName} fails (${location(first.file, first.range?.start)}: ${first.message}); Secrets that are gone cannot be re-created\n`);
    } else resources = render.resources;
  }
  const session = await openSession(environment, values);
  io.err(`${envName}: context ${session.context} (${session.server}, Kubernetes ${session.serverVersion})\n`);
  return { environment, root: config.root, session, resources };
}

/** --history-max: how many revisions to keep. */
export function historyMax(values: Values, usage: string): number {
  const raw = values['history-max'];
  if (raw === undefined) return DEFAULT_KEEP;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--history-max must be a whole number of at least 1\n${usage}`, EXIT.usage);
  return n;
}

/** Who deploys, from which commit: what every new revision records. */
export async function provenance(session: ClusterSession, root: string): Promise<{ user: string; commit?: string; dirty?: boolean }> {
  const [user, source] = await Promise.all([whoAmI(session.transport), sourceState(root)]);
  return { user, ...source };
}

/** "abc1234" or "abc1234+dirty", "-" without git. */
export function commitText(r: Pick<RevisionInfo, 'commit' | 'dirty'>): string {
  if (!r.commit) return '-';
  return r.commit.slice(0, 12) + (r.dirty ? '+dirty' : '');
}

/** The history table, newest first; `*` marks the live revision (the newest, unless undeployed since). */
export function formatHistory(revisions: RevisionInfo[]): string {
  const rows = [['', 'REVISION', 'TIME', 'USER', 'COMMIT', 'OBJECTS', 'STATE', 'DESCRIPTION']];
  const live = liveRevision(revisions);
  revisions.forEach((r) => {
    const what = [r.rollbackOf !== undefined ? `rollback to ${r.rollbackOf}` : 'deploy', r.reason].filter(Boolean).join(': ');
    rows.push([r === live ? '*' : '', String(r.number), r.time, r.user, commitText(r), String(r.objectCount), r.state, what]);
  });
  // The marker column keeps its width when nothing is live (after an undeploy), so rows parse alike.
  const widths = rows[0]!.map((_, c) => Math.max(c === 0 ? 1 : 0, ...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join(' ').trimEnd()).join('\n') + '\n';
}

export function formatSecretPlan(s: SecretPlan): string {
  const how =
    s.action === 'kept'
      ? `kept with its current values${s.sameValues ? ' (the revision\'s)' : ' (they differ from the revision\'s; revisions keep only a digest)'}`
      : `re-created from the current render${s.sameValues ? ' (the revision\'s values)' : ' (values differ from the revision\'s; revisions keep only a digest)'}`;
  return `secret      ${describe(s.ref)}: ${how}`;
}

export function formatPruneOutcome(p: PruneOutcome, preview: boolean): string {
  const action = preview && p.action === 'pruned' ? 'to prune' : p.action;
  return `${action.padEnd(11)} ${describe(p.ref)}${p.message ? `\n    ${p.message}` : ''}`;
}
