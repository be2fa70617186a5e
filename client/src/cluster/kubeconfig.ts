// Loading kubeconfig files the way kubectl does: an explicit path (or path
// list) first, else $KUBECONFIG (a list, merged), else ~/.kube/config.
//
// The merge is kubectl's (client-go's clientcmd loading rules), not
// KubeConfig.mergeConfig's: the first file that defines a cluster, user or
// context wins and later definitions of the same name are ignored (mergeConfig
// throws "Duplicate cluster"), the first file that sets current-context wins
// (mergeConfig keeps the first file's, even when it has none), an empty file
// is skipped, and an exec plugin's command given as a relative path is
// resolved against the directory of the file that names it (client-go's
// ResolvePaths; a bare command name is looked up on PATH).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';

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
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let current: string | undefined;
  for (const file of present) {
    let one: KubeConfig;
    try {
      if (!readFileSync(file, 'utf8').trim()) continue;
      one = new KubeConfig();
      one.loadFromFile(file);
    } catch (e) {
      throw new KubeconfigError(`cannot read kubeconfig ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    current ||= one.getCurrentContext() || undefined;
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    for (const u of one.getUsers()) {
      if (users.has(u.name)) continue;
      const command = u.exec?.command;
      if (typeof command === 'string' && command.includes(sep) && !isAbsolute(command)) {
        u.exec.command = resolve(dirname(file), command);
      }
      users.set(u.name, u);
    }
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: current });
  return kc;
}
