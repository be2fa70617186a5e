// Checks before anything talks to a cluster for an environment: the context
// policy of deployPolicy.ts against the kubeconfig, then the cluster answers.
import type { Ctx } from '../context';
import type { Environment } from '../project';
import type { ClusterTarget } from '../clusterPort';
import { contextProblem } from '../deployPolicy';
import { pendingNote } from '../kubeconfig';

/** Why a pre-flight failed, shown in the tree as a short label. */
export type PreflightFailure = 'no kubeconfig' | 'context refused' | 'unreachable' | 'pending';

export type Preflight = { ok: true; target: ClusterTarget; server: string } | { ok: false; message: string; failure: PreflightFailure };

export async function preflight(ctx: Ctx, env: Environment): Promise<Preflight> {
  const target = ctx.target(env);
  // A cluster still being built or started (npm start): its note, retried.
  const note = pendingNote(target.kubeconfigFiles);
  if (note) return { ok: false, failure: 'pending', message: note };
  let available: string[];
  try {
    available = ctx.cluster.contexts(target.kubeconfigFiles);
  } catch (e) {
    return { ok: false, failure: 'no kubeconfig', message: `Cannot read kubeconfig ${target.kubeconfigFiles.join(', ')}: ${(e as Error).message}` };
  }
  const problem = contextProblem(env, available);
  if (problem) return { ok: false, failure: 'context refused', message: problem };
  const r = await ctx.cluster.reachable(target);
  if (!r.ok) return { ok: false, failure: 'unreachable', message: `Context ${env.context} of ${env.name} is not reachable: ${r.error}` };
  return { ok: true, target, server: r.server };
}
