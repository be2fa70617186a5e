import type { PathSegment, RenderedResource } from '../kustomize/model';
import type { Rule, RuleContext } from './types';
import { arr, containersOf, get, isObj } from './lib/index-resources';

const TRUE = /^(true|1|yes|on)$/i;

function checkPair(ctx: RuleContext, resource: RenderedResource, path: PathSegment[], name: string, value: string, where: string): void {
  if (name === 'DEBUG' && TRUE.test(value.trim())) {
    ctx.report({ resource, path, message: `DEBUG=${value} in ${where} outside development (environment '${ctx.env.name}')`, fix: { title: 'Set DEBUG to False', newText: '"False"' } });
  } else if (name === 'LOG_LEVEL' && value.trim().toUpperCase() === 'DEBUG') {
    ctx.report({ resource, path, message: `LOG_LEVEL=${value} in ${where} outside development (environment '${ctx.env.name}')`, fix: { title: 'Set LOG_LEVEL to INFO', newText: 'INFO' } });
  }
}

export const rule: Rule = {
  id: 'debug-outside-dev',
  title: 'DEBUG or LOG_LEVEL=DEBUG outside development',
  category: 'environment',
  severity: 'warning',
  rationale: 'Django with DEBUG=True shows stack traces, settings and SQL to any visitor; debug logging leaks request data and floods log storage.',
  docs: {
    description: 'In environments whose facts do not set `debugAllowed: true`, a ConfigMap key or container env var `DEBUG` must not be true, and `LOG_LEVEL` must not be `DEBUG`.',
    bad: `# environment production
kind: ConfigMap
data: { DEBUG: "True", LOG_LEVEL: DEBUG }`,
    good: `data: { DEBUG: "False", LOG_LEVEL: WARNING }`,
  },
  check(ctx) {
    if (ctx.facts.debugAllowed) return;
    for (const cm of ctx.index.ofKind('ConfigMap')) {
      const data = get(cm.object, ['data']);
      if (!isObj(data)) continue;
      for (const [k, v] of Object.entries(data)) if (typeof v === 'string') checkPair(ctx, cm, ['data', k], k, v, `ConfigMap '${String(get(cm.object, ['metadata', 'name']))}'`);
    }
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        arr(c.container.env).forEach((e, i) => {
          const name = get(e, ['name']);
          const value = get(e, ['value']);
          if (typeof name === 'string' && typeof value === 'string') checkPair(ctx, t.resource, [...c.path, 'env', i, 'value'], name, value, `container '${c.name}'`);
        });
      }
    }
  },
};
