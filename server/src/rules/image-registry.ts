import type { Rule } from './types';
import { containersOf, get } from './lib/index-resources';
import { fromRegistry } from './lib/image';

export const rule: Rule = {
  id: 'image-registry',
  title: 'Image outside the environment\'s registry',
  category: 'images',
  severity: 'error',
  rationale: 'Images pulled from a registry the environment is not meant to use were not built or scanned by the pipeline, and the cluster may not even have pull credentials for it.',
  docs: {
    description: 'When `facts.registries` is set for an environment, every container image must come from one of those registries (a host, or a host/path prefix).',
    bad: `# facts.registries (production): [registry.example.com]
image: gcr.io/thebot-staging/backend:v1.0.0`,
    good: `image: registry.example.com/thebot/backend:v1.0.0`,
  },
  check(ctx) {
    const regs = ctx.facts.registries;
    if (!regs.length) return;
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        const image = get(c.container, ['image']);
        if (typeof image !== 'string' || regs.some((r) => fromRegistry(image, r))) continue;
        ctx.report({ resource: t.resource, path: [...c.path, 'image'], part: 'name', message: `image '${image}' of container '${c.name}' is not from the registry of ${ctx.env.name} (${regs.join(', ')})` });
      }
    }
  },
};
