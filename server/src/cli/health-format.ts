// One-line forms of health (client/src/cluster/health.ts) and events for
// `thebot status`.
import type { Health } from '../../../client/src/cluster/health';
import type { EventLine } from '../../../client/src/cluster/troubleshoot';

export function formatHealth(h: Health): string {
  return `${h.state.padEnd(11)} ${h.kind} ${h.namespace ? `${h.namespace}/` : ''}${h.name}: ${h.message}`;
}

export function healthSummary(env: string, health: Health[]): string {
  const counts = new Map<string, number>();
  for (const h of health) counts.set(h.state, (counts.get(h.state) ?? 0) + 1);
  const parts = ['healthy', 'progressing', 'degraded', 'missing', 'unknown'].filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  return `health ${env}: ${parts.join(', ') || 'nothing to check'} (of ${health.length} other objects)\n`;
}

/** "events of Deployment thebot/backend:" and one line per event, or "(no events)". */
export function formatEvents(o: { kind: string; namespace: string; name: string }, events: EventLine[]): string {
  const head = `events of ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}:`;
  if (!events.length) return `${head} (none)\n`;
  const lines = events.map((e) => `  ${e.last}  ${e.type.padEnd(7)} ${e.reason.padEnd(20)} ${e.object}: ${e.message}${e.count > 1 ? ` (x${e.count})` : ''}`);
  return [head, ...lines].join('\n') + '\n';
}
