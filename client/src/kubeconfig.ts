// Which kubeconfig files the extension uses. Pure (no `vscode`), so tests can
// call it directly. Precedence: our own setting, then the Kubernetes
// extension's `vs-kubernetes.kubeconfig`, then $KUBECONFIG (a path list, as
// kubectl reads it), then ~/.kube/config.
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
