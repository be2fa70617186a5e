// Where the engine keeps what it fetched or ran on request (helm outputs,
// clones of remote bases): under THEBOT_CACHE like the set-up's artefacts.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function thebotCacheDir(): string {
  return process.env.THEBOT_CACHE ?? join(homedir(), '.cache', 'thebot');
}

export const helmOutputDir = (): string => join(thebotCacheDir(), 'helm-output');
export const remoteCloneDir = (): string => join(thebotCacheDir(), 'remote');
