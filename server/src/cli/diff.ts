// `thebot diff <env>`: live objects against the server-side dry-run of the
// rendered ones, as unified diffs (server bookkeeping stripped, Secret values
// masked).
import { diff } from '../../../client/src/cluster';
import { EXIT, formatOutcome, guard, parse, prepare, stdio, type Out } from './cluster-common';

export const DIFF_USAGE = `usage: thebot diff <env> [--kubeconfig FILE] [--context NAME] [--project DIR]
Shows what a deploy of <env> would change (live vs. server-side dry-run). Secret values are masked.
exit: 0 no differences, 1 differences (or rejected objects), 2 usage, 3 refused
`;

export function diffCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { env, values } = parse(argv, {}, DIFF_USAGE);
    const { session, resources } = await prepare(env, values, io);
    const diffs = await diff(session, resources);
    for (const d of diffs) {
      if (d.change === 'failed') io.out(formatOutcome(d.outcome, true) + '\n');
      else if (d.patch) io.out(d.patch);
    }
    const count = (c: string) => diffs.filter((d) => d.change === c).length;
    io.out(`diff ${env}: ${count('created')} to create, ${count('changed')} changed, ${count('unchanged')} unchanged, ${count('failed')} rejected\n`);
    // Like `diff` and `kubectl diff`: 1 when there are differences.
    return diffs.some((d) => d.change !== 'unchanged') ? EXIT.failed : EXIT.ok;
  });
}
