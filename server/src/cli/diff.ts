// `thebot diff <env>`: live objects against the server-side dry-run of the
// rendered ones, as unified diffs (server bookkeeping stripped, Secret values
// masked). With --prune, also what `deploy --prune` would delete (dry-run deletions).
import { describe, diff, errorMessage, prune, readRecord } from '../../../client/src/cluster';
import { EXIT, formatOutcome, guard, parse, prepare, stdio, type Out } from './cluster-common';
import { diffConflicts, driftSinceRevision } from './drift-report';

export const DIFF_USAGE = `usage: thebot diff <env> [--prune] [--kubeconfig FILE] [--context NAME] [--project DIR]
Shows what a deploy of <env> would change (live vs. server-side dry-run). Secret values are masked.
Objects changed in the cluster since the last deploy (thebot history) are reported as drifted,
with each changed field and the source line that sets it.
  --prune             also list what \`thebot deploy <env> --prune\` would delete
exit: 0 no differences, 1 differences or drift (or rejected objects), 2 usage, 3 refused
`;

export function diffCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { env, values } = parse(argv, { prune: { type: 'boolean' } }, DIFF_USAGE);
    const { session, resources } = await prepare(env, values, io);
    const diffs = await diffConflicts(session, resources, await diff(session, resources));
    for (const d of diffs) {
      if (d.change === 'failed') io.out(formatOutcome(d.outcome, true) + '\n');
      else if (d.patch) io.out(d.patch);
    }
    const drift = await driftSinceRevision(session, resources, diffs).catch((e: unknown) => {
      io.err(`note: drift since the last revision not checked: ${errorMessage(e)}\n`);
      return { revision: undefined, drifted: [] };
    });
    for (const x of drift.drifted) {
      io.out(`drifted     ${describe(x.diff.ref)}: changed in the cluster since revision ${drift.revision}:\n${x.fields.map((f) => `    ${f}\n`).join('')}`);
    }
    let pruned = 0;
    let prunes = '';
    if (values.prune) {
      const set = session.applySet;
      const recorded = await readRecord(session.transport, set);
      const done = recorded
        ? await prune(session.transport, session.discovery, set, resources, recorded, { dryRun: true, defaultNamespace: session.namespace })
        : [];
      for (const p of done) io.out(`${(p.action === 'pruned' ? 'to prune' : p.action).padEnd(11)} ${describe(p.ref)}${p.message ? `\n    ${p.message}` : ''}\n`);
      pruned = done.filter((p) => p.action === 'pruned').length;
      prunes = `, ${pruned} to prune`;
    }
    const count = (c: string) => diffs.filter((d) => d.change === c).length;
    io.out(`diff ${env}: ${count('created')} to create, ${count('changed')} changed, ${count('unchanged')} unchanged, ${count('failed')} rejected${prunes}${drift.drifted.length ? `, ${drift.drifted.length} drifted` : ''}\n`);
    // Like `diff` and `kubectl diff`: 1 when there are differences.
    return pruned || diffs.some((d) => d.change !== 'unchanged') ? EXIT.failed : EXIT.ok;
  });
}
