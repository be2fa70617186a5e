// Cluster rejections as the project's common Finding shape, so the editor can
// show a failed dry-run or deploy on the source line like any other check.
import type { Finding } from '../../../server/src/findings';
import { describe } from './objects';
import type { ObjectOutcome } from './operations';

export const DRY_RUN_CODE = 'cluster-rejected';

/** One error finding per failed object that has a source location. */
export function outcomesToFindings(outcomes: ObjectOutcome[], environment: string): Finding[] {
  return outcomes
    .filter((o) => o.action === 'failed' && o.origin)
    .map((o) => ({
      file: o.origin!.file,
      range: o.origin!.range,
      severity: 'error' as const,
      code: o.conflict ? 'cluster-conflict' : DRY_RUN_CODE,
      source: 'thebot',
      message: `${describe(o.ref)}: ${o.message ?? 'rejected by the cluster'}`,
      environments: [environment],
    }));
}
