// Where the control-plane binaries are: built by scripts/setup.d/30-controlplane.sh
// into ${THEBOT_CACHE:-~/.cache/thebot}/controlplane/<versions>/, with
// `current` pointing at the set in use (with `crds/`, the upstream CRD files
// the same step extracts). THEBOT_CONTROLPLANE_BIN overrides.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const;
export type Binary = (typeof BINARIES)[number];

export interface BinarySet {
  dir: string;
  path(name: Binary): string;
  /** kwok's node and pod stage definitions. */
  kwokStages: string;
  /** The upstream CustomResourceDefinitions to install (prometheus-operator, cert-manager). */
  crds: string;
}

export function binaryDir(): string {
  const cache = process.env.THEBOT_CACHE || join(homedir(), '.cache', 'thebot');
  return process.env.THEBOT_CONTROLPLANE_BIN || join(cache, 'controlplane', 'current');
}

/** The binary set, or the reason it cannot be used. */
export function findBinaries(): BinarySet | { missing: string } {
  const dir = binaryDir();
  const absent = [...BINARIES, 'kwok-stages.yaml', 'crds/.complete'].filter((b) => !existsSync(join(dir, b)));
  if (absent.length) {
    return { missing: `control-plane binaries missing in ${dir}: ${absent.join(', ')} (run scripts/setup.d/30-controlplane.sh)` };
  }
  return { dir, path: (name) => join(dir, name), kwokStages: join(dir, 'kwok-stages.yaml'), crds: join(dir, 'crds') };
}
