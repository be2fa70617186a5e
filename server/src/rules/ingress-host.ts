import type { Rule } from './types';
import { arr, get, nameOf } from './lib/index-resources';

export const rule: Rule = {
  id: 'ingress-host',
  title: 'Ingress host not configured for the environment',
  category: 'environment',
  severity: 'error',
  rationale: 'A production host in a staging overlay (or the reverse) steals live traffic or certificates from the other environment.',
  docs: {
    description: 'With `facts.hosts` set for the environment, every Ingress `rules[].host` and `tls[].hosts[]` entry must be one of them.',
    bad: `# facts.hosts (staging): [staging.example.com]
spec:
  rules: [{ host: example.com }]`,
    good: `spec:
  rules: [{ host: staging.example.com }]`,
  },
  check(ctx) {
    const hosts = ctx.facts.hosts;
    if (!hosts.length) return;
    for (const ing of ctx.index.ofKind('Ingress')) {
      const bad = (h: unknown): h is string => typeof h === 'string' && !hosts.includes(h);
      arr(get(ing.object, ['spec', 'rules'])).forEach((r, i) => {
        const h = get(r, ['host']);
        if (bad(h)) ctx.report({ resource: ing, path: ['spec', 'rules', i, 'host'], message: `host '${h}' of Ingress '${nameOf(ing)}' is not a host of ${ctx.env.name} (${hosts.join(', ')})` });
      });
      arr(get(ing.object, ['spec', 'tls'])).forEach((t, i) => {
        arr(get(t, ['hosts'])).forEach((h, j) => {
          if (bad(h)) ctx.report({ resource: ing, path: ['spec', 'tls', i, 'hosts', j], message: `TLS host '${h}' of Ingress '${nameOf(ing)}' is not a host of ${ctx.env.name} (${hosts.join(', ')})` });
        });
      });
    }
  },
};
