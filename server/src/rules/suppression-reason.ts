import type { Rule } from './types';
import { get, isObj } from './lib/index-resources';
import { SUPPRESSION_PREFIX } from './suppression';

export const rule: Rule = {
  id: 'suppression-reason',
  title: 'Suppression without a reason or for an unknown rule',
  category: 'meta',
  severity: 'warning',
  rationale: 'A suppression must say why the finding does not apply, so the next reader can judge whether it still holds; a suppression naming a rule that does not exist suppresses nothing.',
  docs: {
    description: '`ignore-check.thebot.dev/<rule-id>` annotations must have a non-empty reason (an empty one suppresses nothing) and name an existing rule.',
    bad: `metadata:
  annotations:
    ignore-check.thebot.dev/read-only-root-fs: ""`,
    good: `metadata:
  annotations:
    ignore-check.thebot.dev/read-only-root-fs: "PostgreSQL writes its socket and pid file under /var/run"`,
  },
  check(ctx) {
    const ids = ctx.ruleIds;
    for (const r of ctx.resources) {
      const ann = get(r.object, ['metadata', 'annotations']);
      if (!isObj(ann)) continue;
      for (const [k, v] of Object.entries(ann)) {
        if (!k.startsWith(SUPPRESSION_PREFIX)) continue;
        const id = k.slice(SUPPRESSION_PREFIX.length);
        const path = ['metadata', 'annotations', k];
        if (!ids.has(id)) ctx.report({ resource: r, path, message: `suppression names unknown rule '${id}'` });
        else if (typeof v !== 'string' || v.trim() === '') ctx.report({ resource: r, path, message: `suppression of '${id}' has no reason; write why the rule does not apply` });
      }
    }
  },
};
