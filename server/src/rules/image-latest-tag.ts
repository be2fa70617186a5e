import type { Rule } from './types';
import { containersOf, get } from './lib/index-resources';
import { parseImage } from './lib/image';

export const rule: Rule = {
  id: 'image-latest-tag',
  title: 'Image uses latest or no tag',
  category: 'images',
  severity: 'warning',
  rationale: 'A `latest` (or missing) tag makes a rollout depend on whatever was pushed last: two nodes can run different code and a rollback restores nothing.',
  docs: {
    description: 'Each container image must carry an explicit tag other than `latest`, or a digest. (Set the rule `off` for a development environment that deliberately builds `latest` into a local registry.)',
    bad: `image: registry.example.com/thebot/backend:latest`,
    good: `image: registry.example.com/thebot/backend:v1.0.0`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const c of containersOf(t)) {
        const image = get(c.container, ['image']);
        if (typeof image !== 'string') continue;
        const ref = parseImage(image);
        if (ref.digest) continue;
        if (ref.tag === undefined || ref.tag === 'latest') {
          ctx.report({ resource: t.resource, path: [...c.path, 'image'], part: 'tag', message: `image '${image}' of container '${c.name}' ${ref.tag ? "uses the 'latest' tag" : 'has no tag'}; pin a version` });
        }
      }
    }
  },
};
