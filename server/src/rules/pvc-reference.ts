import type { Rule } from './types';
import { arr, get } from './lib/index-resources';
import { exists } from './lib/external';

export const rule: Rule = {
  id: 'pvc-reference',
  title: 'PersistentVolumeClaim not defined',
  category: 'references',
  severity: 'error',
  rationale: 'A pod mounting a claim that does not exist stays Pending forever.',
  docs: {
    description: 'Every `persistentVolumeClaim.claimName` volume of a pod template must be a PersistentVolumeClaim of the environment (or listed in `facts.externalObjects`). StatefulSet `volumeClaimTemplates` are created by the controller and need no claim.',
    bad: `volumes:
  - name: media
    persistentVolumeClaim: { claimName: media-pvc }   # the claim is called backend-media`,
    good: `volumes:
  - name: media
    persistentVolumeClaim: { claimName: backend-media }`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      arr(t.spec.volumes).forEach((v, i) => {
        const claim = get(v, ['persistentVolumeClaim', 'claimName']);
        if (typeof claim !== 'string' || exists(ctx.index, ctx.facts, 'PersistentVolumeClaim', claim, t.namespace)) return;
        ctx.report({ resource: t.resource, path: [...t.specPath, 'volumes', i, 'persistentVolumeClaim', 'claimName'], message: `PersistentVolumeClaim '${claim}' is not defined` });
      });
    }
  },
};
