import type { Rule } from './types';
import { get, isObj, nameOf } from './lib/index-resources';

function decode(v: string): string {
  try {
    return Buffer.from(v, 'base64').toString('utf8');
  } catch {
    return v;
  }
}

export const rule: Rule = {
  id: 'placeholder-secret',
  title: 'Placeholder secret value in a protected environment',
  category: 'security',
  severity: 'error',
  rationale: 'A "CHANGE_ME" password that reaches production is a published credential.',
  docs: {
    description: 'In environments marked `protected`, no Secret value (`data`, base64-decoded, or `stringData`) may contain one of `facts.placeholderPatterns` (case-insensitive). Messages never print the value.',
    bad: `# environment production (protected)
kind: Secret
stringData: { POSTGRES_PASSWORD: CHANGE_ME }`,
    good: `# the value comes from the deploy pipeline's secret store (secretGenerator envs file not in git)`,
  },
  check(ctx) {
    if (!ctx.env.protected) return;
    const patterns = ctx.facts.placeholderPatterns.map((p) => p.toLowerCase());
    for (const s of ctx.index.ofKind('Secret')) {
      for (const field of ['data', 'stringData']) {
        const m = get(s.object, [field]);
        if (!isObj(m)) continue;
        for (const [k, v] of Object.entries(m)) {
          if (typeof v !== 'string') continue;
          const text = (field === 'data' ? decode(v) : v).toLowerCase();
          if (!patterns.some((p) => text.includes(p))) continue;
          ctx.report({ resource: s, path: [field, k], message: `Secret '${nameOf(s)}' key '${k}' holds a placeholder value in protected environment '${ctx.env.name}'` });
        }
      }
    }
  },
};
