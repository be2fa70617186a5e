// The render options every command that renders takes (render, check,
// dry-run, diff, deploy): kustomize's helm flags and --load-restrictor, and
// --fetch-remote. helm runs and remote bases are fetched only when these are
// given.
import type { ParseArgsConfig } from 'node:util';
import { LOAD_RESTRICTORS, type HelmOptions, type LoadRestrictor, type RemoteOptions } from '../kustomize';
import { helmOutputDir, remoteCloneDir } from '../kustomize/cacheDir';

export const ENGINE_OPTIONS = {
  'enable-helm': { type: 'boolean' },
  'helm-command': { type: 'string' },
  'helm-api-versions': { type: 'string', multiple: true },
  'helm-kube-version': { type: 'string' },
  'helm-debug': { type: 'boolean' },
  'fetch-remote': { type: 'boolean' },
  'load-restrictor': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const ENGINE_USAGE = `  --enable-helm         inflate helmCharts with helm (as kustomize --enable-helm)
  --helm-command PATH   the helm program (default: helm)
  --helm-api-versions V, --helm-kube-version V, --helm-debug   passed to helm template as kustomize does
  --fetch-remote        clone remote bases (git URLs) with git into the cache, and let helm pull charts
  --load-restrictor LoadRestrictionsNone   kustomizations may read files outside their directory
                        (as kustomize's flag; Flux builds so); default LoadRestrictionsRootOnly
`;

export interface EngineValues {
  'enable-helm'?: boolean;
  'helm-command'?: string;
  'helm-api-versions'?: string[];
  'helm-kube-version'?: string;
  'helm-debug'?: boolean;
  'fetch-remote'?: boolean;
  'load-restrictor'?: string;
}

/** A value kustomize would refuse, in its words; undefined when the flags are fine. */
export function engineFlagError(v: EngineValues): string | undefined {
  const r = v['load-restrictor'];
  if (r === undefined || (LOAD_RESTRICTORS as readonly string[]).includes(r)) return undefined;
  return `illegal flag value --load-restrictor ${r}; legal values: [${LOAD_RESTRICTORS.join(' ')}]`;
}

export interface EngineRenderOptions {
  helm?: HelmOptions;
  remote?: RemoteOptions;
  loadRestrictor?: LoadRestrictor;
  loadRoot?: string;
}

export function engineRenderOptions(v: EngineValues): EngineRenderOptions {
  const out: EngineRenderOptions = {};
  if (v['load-restrictor'] !== undefined) out.loadRestrictor = v['load-restrictor'] as LoadRestrictor;
  if (v['enable-helm']) {
    out.helm = {
      command: v['helm-command'] ?? 'helm',
      outputDir: helmOutputDir(),
      ...(v['helm-api-versions']?.length ? { apiVersions: v['helm-api-versions'] } : {}),
      ...(v['helm-kube-version'] ? { kubeVersion: v['helm-kube-version'] } : {}),
      ...(v['helm-debug'] ? { debug: true } : {}),
      pull: v['fetch-remote'] === true,
    };
  }
  if (v['fetch-remote']) out.remote = { cacheDir: remoteCloneDir(), fetch: true, refresh: true };
  return out;
}

/**
 * The render options for a project's environment: its thebot.yaml
 * `loadRestrictor` unless --load-restrictor says otherwise, and under
 * LoadRestrictionsNone nothing read outside the project's root.
 */
export function projectRenderOptions(v: EngineValues, config: { loadRestrictor: LoadRestrictor; root: string }): EngineRenderOptions {
  const out = engineRenderOptions(v);
  return { ...out, loadRestrictor: out.loadRestrictor ?? config.loadRestrictor, loadRoot: config.root };
}
