// The drift part of `thebot diff`: objects whose dry-run was refused because
// another field manager took over some of our fields (kubectl edit, scale,
// patch) are diffed again with the take-over allowed, so the change shows;
// and every differing object whose live fields no longer match the last
// recorded revision is reported as drifted, field by field, with the source
// line that sets each field ("live object → source line").
import { run, type ClusterSession, type ObjectDiff } from '../../../client/src/cluster';
import { objectDiff } from '../../../client/src/cluster/diff';
import { driftOf, pathText } from '../../../client/src/cluster/drift';
import { refOf } from '../../../client/src/cluster/objects';
import { listRevisions, loadRevision, type Revision } from '../../../client/src/cluster/revisions';
import type { RenderedResource } from '../kustomize/model';
import { location } from './cluster-common';

const key = (r: { kind: string; name: string; namespace?: string }, ns: string) => `${r.kind}/${r.namespace || ns}/${r.name}`;

/** Re-diffs the objects refused for a field-manager conflict with force (dry-run: nothing changes). */
export async function diffConflicts(session: ClusterSession, resources: RenderedResource[], diffs: ObjectDiff[]): Promise<ObjectDiff[]> {
  const conflicted = new Set(diffs.filter((d) => d.change === 'failed' && d.outcome.conflict).map((d) => key(d.ref, session.namespace)));
  if (!conflicted.size) return diffs;
  const again = resources.filter((r) => conflicted.has(key(refOf(r.object), session.namespace)));
  const forced = new Map((await run(session, again, { dryRun: true, force: true })).map((o) => [key(o.ref, session.namespace), objectDiff(o)]));
  return diffs.map((d) => forced.get(key(d.ref, session.namespace)) ?? d);
}

export interface DriftLine {
  diff: ObjectDiff;
  /** "spec.replicas (set at base/backend.yaml:9:13)" per field changed in the cluster. */
  fields: string[];
}

/** The objects whose live state no longer is what the last revision applied (fields changed behind our back). */
export async function driftSinceRevision(session: ClusterSession, resources: RenderedResource[], diffs: ObjectDiff[]): Promise<{ revision?: number; drifted: DriftLine[] }> {
  const latest = (await listRevisions(session.transport, session.environment.name, session.namespace))[0];
  const revision: Revision | undefined = latest && (await loadRevision(session.transport, session.environment.name, session.namespace, latest.number));
  if (!revision) return { drifted: [] };
  const deployed = new Map(revision.objects.map((s) => [key(refOf(s.object), session.namespace), s.object]));
  const rendered = new Map(resources.map((r) => [key(refOf(r.object), session.namespace), r]));
  const hpaTargets = new Set(
    revision.objects
      .filter((s) => s.object.kind === 'HorizontalPodAutoscaler')
      .map((s) => {
        const t = (s.object.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
        return `${t?.kind}/${(s.object.metadata as { namespace?: string }).namespace || session.namespace}/${t?.name}`;
      }),
  );
  const drifted: DriftLine[] = [];
  for (const d of diffs) {
    if (d.change !== 'changed' || !d.outcome.live) continue;
    const k = key(d.ref, session.namespace);
    const before = deployed.get(k);
    if (!before) continue;
    const verdict = driftOf(before, d.outcome.live, { applySetId: session.applySet.id, scaledByHpa: hpaTargets.has(k) });
    if (verdict.state !== 'drifted') continue;
    const r = rendered.get(k);
    const fields = verdict.fields.map((f) => {
      const origin = r?.originOf(f);
      return `${pathText(f)}${origin ? ` (set at ${location(origin.file, origin.range.start)})` : ''}`;
    });
    drifted.push({ diff: d, fields });
  }
  return { revision: revision.number, drifted };
}
