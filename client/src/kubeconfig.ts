// Which kubeconfig files the extension uses. Pure (no `vscode`), so tests can
// call it directly. Precedence: our own setting, then the Kubernetes
// extension's `vs-kubernetes.kubeconfig`, then $KUBECONFIG (a path list, as
// kubectl reads it), then ~/.kube/config.
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface KubeconfigSources {
  setting: string;
  kubernetesExtensionSetting: string;
  env: string | undefined;
  home: string;
}

export function resolveKubeconfig(s: KubeconfigSources): string[] {
  const expand = (p: string): string => (p.startsWith('~/') ? join(s.home, p.slice(2)) : p);
  const list = (value: string): string[] => value.split(delimiter).map((p) => p.trim()).filter(Boolean).map(expand);
  for (const value of [s.setting, s.kubernetesExtensionSetting, s.env ?? '']) {
    const files = list(value);
    if (files.length) return files;
  }
  return [join(s.home, '.kube', 'config')];
}

/**
 * A kubeconfig that is still being prepared: `npm start` opens the editor
 * before the local cluster is built and started, with `<kubeconfig>.pending`
 * beside the file it will write, holding one line for the tree ("local
 * cluster: building kube-apiserver"); it removes the note once the cluster
 * answers. Undefined when no file of the list has such a note.
 */
export function pendingNote(files: string[], read: (path: string) => string = (p) => readFileSync(p, 'utf8')): string | undefined {
  for (const f of files) {
    try {
      const note = read(`${f}.pending`).trim();
      if (note) return note;
    } catch {
      /* no note: the file is not being prepared */
    }
  }
  return undefined;
}
