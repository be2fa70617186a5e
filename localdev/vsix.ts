// The .vsix for the e2e tests and `npm start`: built exactly as `npm run
// package` builds it (scripts/package.ts: production bundles, the marketplace
// README, vsce with the same flags), in a staging copy.
import { packageVsix } from '../scripts/package';

export function buildVsix(out: string): { file: string; bytes: number; files: string[]; log: string } {
  return packageVsix(out);
}
