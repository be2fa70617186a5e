// What state an environment is in after a deploy, in words the CLI and the
// editor both print. A deploy that stops or fails half-way must say exactly
// which objects now run what was rendered, which were rejected (and are as
// before), which got no answer (and may or may not have been applied), and
// which were never sent — nothing is rolled back behind the user's back.
import type { Action } from './operations';

export interface ReportItem {
  action: Action;
  /** "Deployment thebot/backend". */
  what: string;
  message?: string;
  /** The cluster gave no answer to this object's request. */
  noAnswer?: boolean;
}

export function counts(items: ReportItem[]): Record<Action, number> {
  const c: Record<Action, number> = { created: 0, configured: 0, unchanged: 0, failed: 0, skipped: 0 };
  for (const i of items) c[i.action]++;
  return c;
}

/** "3 created, 4 configured, 60 unchanged, 0 failed" (and ", 5 not attempted" when some were not). */
export function countsLine(items: ReportItem[]): string {
  const c = counts(items);
  return `${c.created} created, ${c.configured} configured, ${c.unchanged} unchanged, ${c.failed} failed${c.skipped ? `, ${c.skipped} not attempted` : ''}`;
}

/** A refused connection never reached the server: nothing was applied. Any other lack of answer leaves it open. */
function maybeApplied(i: ReportItem): boolean {
  return !!i.noAnswer && !/ECONNREFUSED/.test(i.message ?? '');
}

/**
 * The environment's state after a real apply that did not fully succeed
 * (undefined when every object was applied or unchanged).
 */
export function partialState(environment: string, items: ReportItem[]): string[] | undefined {
  const c = counts(items);
  if (!c.failed && !c.skipped) return undefined;
  const unknown = items.filter(maybeApplied);
  const rejected = items.filter((i) => i.action === 'failed' && !maybeApplied(i));
  const applied = c.created + c.configured;
  const lines: string[] = [];
  if (applied === 0 && unknown.length === 0) {
    lines.push(`${environment} is as it was before this deploy: nothing was changed.`);
  } else {
    lines.push(`${environment} is now PARTLY deployed (nothing was rolled back):`);
    lines.push(`  ${applied + c.unchanged} of ${items.length} objects are as rendered: ${c.created} created, ${c.configured} configured, ${c.unchanged} unchanged`);
  }
  if (rejected.length) lines.push(`  ${rejected.length} failed and ${rejected.length === 1 ? 'is' : 'are'} as before: ${rejected.map((i) => i.what).join(', ')}`);
  if (unknown.length) lines.push(`  ${unknown.length} got no answer and may or may not have been applied: ${unknown.map((i) => i.what).join(', ')}`);
  if (c.skipped) lines.push(`  ${c.skipped} not attempted (the cluster had stopped answering) and ${c.skipped === 1 ? 'is' : 'are'} as before`);
  lines.push(`Fix the cause and deploy ${environment} again: only what differs is applied.`);
  return lines;
}
