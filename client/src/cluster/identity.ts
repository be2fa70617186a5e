// Who deploys and from which source, for the revision record: the identity
// the cluster authenticated (a SelfSubjectReview, as `kubectl auth whoami`),
// falling back to the kubeconfig's user name when the server does not answer
// it; and the git commit of the project with whether it had uncommitted
// changes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Transport } from './transport';

const run = promisify(execFile);

export async function whoAmI(t: Transport): Promise<string> {
  const fallback = t.kubeConfig.getCurrentUser()?.name ?? 'unknown';
  try {
    const r = await t.send<{ status?: { userInfo?: { username?: string } } }>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      timeoutMs: 5000,
    });
    return (r.status < 400 && r.body?.status?.userInfo?.username) || fallback;
  } catch {
    return fallback;
  }
}

export interface SourceState {
  commit?: string;
  dirty?: boolean;
}

/** The git commit of `dir` and whether anything under `dir` is uncommitted; {} outside a work tree or without git. */
export async function sourceState(dir: string): Promise<SourceState> {
  try {
    const head = await run('git', ['-C', dir, 'rev-parse', 'HEAD'], { timeout: 5000 });
    const status = await run('git', ['-C', dir, 'status', '--porcelain', '--', '.'], { timeout: 10_000 });
    return { commit: head.stdout.trim(), dirty: status.stdout.trim() !== '' };
  } catch {
    return {};
  }
}
