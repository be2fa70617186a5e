// Diff of live objects against what a deploy would make of them (the
// server-side dry-run result, so defaults and other managers' fields are
// accounted for): server bookkeeping stripped, Secret values masked, unified
// diff per object.
import { structuredPatch } from 'diff';
import { stringify } from 'yaml';
import { maskSecrets, stripNoise } from './normalize';
import { describe, type ClusterObject, type ObjectRef } from './objects';
import { run, type ObjectOutcome } from './operations';
import type { ClusterSession } from './session';

export interface ObjectDiff {
  ref: ObjectRef;
  /** created: not live yet; changed/unchanged: compared; failed: the dry-run was rejected. */
  change: 'created' | 'changed' | 'unchanged' | 'failed';
  /** Unified diff (empty when unchanged or failed). */
  patch: string;
  /** The failed dry-run, for its message and origin. */
  outcome: ObjectOutcome;
}

function toYaml(o: Record<string, unknown> | undefined): string {
  return o ? stringify(o, { sortMapEntries: false, lineWidth: 0 }) : '';
}

/** A unified diff without the tool-specific header noise of createTwoFilesPatch. */
export function unifiedDiff(oldName: string, newName: string, before: string, after: string): string {
  const p = structuredPatch(oldName, newName, before, after, '', '', { context: 3 });
  if (p.hunks.length === 0) return '';
  const lines = [`--- ${oldName}`, `+++ ${newName}`];
  for (const h of p.hunks) {
    lines.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines);
  }
  return lines.join('\n') + '\n';
}

export function objectDiff(outcome: ObjectOutcome): ObjectDiff {
  const { ref } = outcome;
  if (outcome.action === 'failed' || !outcome.result) return { ref, change: 'failed', patch: '', outcome };
  const [before, after] = maskSecrets(outcome.live ? stripNoise(outcome.live) : undefined, stripNoise(outcome.result));
  const name = describe(ref).replace(' ', '/');
  const patch = unifiedDiff(outcome.live ? `live/${name}` : '/dev/null', `desired/${name}`, toYaml(before), toYaml(after));
  const change = !outcome.live ? 'created' : patch ? 'changed' : 'unchanged';
  return { ref, change, patch, outcome };
}

export async function diff(session: ClusterSession, objects: ClusterObject[], signal?: AbortSignal): Promise<ObjectDiff[]> {
  const outcomes = await run(session, objects, { dryRun: true, ...(signal ? { signal } : {}) });
  return outcomes.map(objectDiff);
}
