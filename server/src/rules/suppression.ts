// Per-object suppression: `ignore-check.thebot.dev/<rule-id>: "<reason>"` on
// the object's metadata.annotations. The reason is required; an empty one does
// not suppress (the `suppression-reason` rule reports it).
import type { RenderedResource } from '../kustomize/model';
import { get, isObj } from './lib/index-resources';

export const SUPPRESSION_PREFIX = 'ignore-check.thebot.dev/';

export function suppressions(r: RenderedResource): Map<string, string> {
  const out = new Map<string, string>();
  const ann = get(r.object, ['metadata', 'annotations']);
  if (!isObj(ann)) return out;
  for (const [k, v] of Object.entries(ann)) {
    if (k.startsWith(SUPPRESSION_PREFIX)) out.set(k.slice(SUPPRESSION_PREFIX.length), typeof v === 'string' ? v : String(v ?? ''));
  }
  return out;
}

export function isSuppressed(r: RenderedResource, ruleId: string): boolean {
  const reason = suppressions(r).get(ruleId);
  return reason !== undefined && reason.trim() !== '';
}
