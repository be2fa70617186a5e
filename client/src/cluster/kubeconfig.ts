// Loading kubeconfig files the way kubectl does: an explicit path (or path
// list) first, else $KUBECONFIG (a list, merged, first current-context wins),
// else ~/.kube/config.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

/** The files that would be read, in order. */
export function kubeconfigFiles(explicit?: string | string[], env = process.env.KUBECONFIG): string[] {
  const list = (v: string) => v.split(delimiter).map((p) => p.trim()).filter(Boolean);
  if (explicit !== undefined) return Array.isArray(explicit) ? explicit : list(explicit);
  if (env) return list(env);
  return [join(homedir(), '.kube', 'config')];
}

export function loadKubeconfig(explicit?: string | string[], env = process.env.KUBECONFIG): KubeConfig {
  const files = kubeconfigFiles(explicit, env);
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0) {
    const how = explicit !== undefined ? '--kubeconfig' : env ? 'KUBECONFIG' : 'the default location';
    throw new KubeconfigError(`no kubeconfig found: ${files.join(', ')} (from ${how}) does not exist`);
  }
  const kc = new KubeConfig();
  present.forEach((file, i) => {
    try {
      if (i === 0) kc.loadFromFile(file);
      else {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kc.mergeConfig(more, true);
      }
    } catch (e) {
      throw new KubeconfigError(`cannot read kubeconfig ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return kc;
}
