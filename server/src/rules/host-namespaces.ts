import type { Rule } from './types';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'];

export const rule: Rule = {
  id: 'host-namespaces',
  title: 'Host network, PID or IPC namespace',
  category: 'security',
  severity: 'error',
  rationale: 'Sharing the node\'s network, process or IPC namespace lets a pod sniff traffic, see and signal every process, or read shared memory of the node.',
  docs: {
    description: 'Reports pod templates with `hostNetwork`, `hostPID` or `hostIPC` set to true.',
    bad: `spec:
  hostNetwork: true`,
    good: `spec:
  hostNetwork: false`,
  },
  check(ctx) {
    for (const t of ctx.index.podTemplates) {
      for (const f of FIELDS) {
        if (t.spec[f] !== true) continue;
        ctx.report({ resource: t.resource, path: [...t.specPath, f], message: `${t.kind} '${t.name}' uses the host's namespace (${f}: true)`, fix: { title: `Set ${f}: false`, newText: 'false' } });
      }
    }
  },
};
