// `thebot undeploy <env>`: deletes every object the environment's ApplySet
// owns (only what thebot applied there; Namespaces and CRDs are kept, their
// deletion would cascade), with deploy's safety (context binding, --confirm
// for protected environments). The revisions stay, the live one marked
// undeployed: `thebot rollback <env>` brings the environment back.
import { checkConfirmation, errorMessage } from '../../../client/src/cluster';
import { undeploy } from '../../../client/src/cluster/day2';
import { listRevisions } from '../../../client/src/cluster/revisions';
import { CliError, EXIT, guard, parse, stdio, type Out } from './cluster-common';
import { connect, formatPruneOutcome } from './revision-common';

export const UNDEPLOY_USAGE = `usage: thebot undeploy <env> [--dry-run] [--confirm <env>] [--kubeconfig FILE] [--context NAME] [--project DIR]
Deletes every object of <env> that thebot applied (its ApplySet's members); Namespaces and CRDs
are kept. The revisions stay, the live one marked undeployed: thebot rollback <env> brings it back.
  --dry-run           list what would be deleted, delete nothing
  --confirm <env>     required for protected environments: the environment's name again
exit: 0 undeployed (or nothing to undeploy), 1 an object could not be deleted, 2 usage, 3 refused
`;

export function undeployCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { env, values } = parse(argv, { 'dry-run': { type: 'boolean' }, confirm: { type: 'string' } }, UNDEPLOY_USAGE);
    const dryRun = values['dry-run'] === true;
    const { session } = await connect(env, values, io, (environment) => checkConfirmation(environment, values.confirm), false);
    let outcomes;
    try {
      outcomes = await undeploy(session, { dryRun, onOutcome: (p) => io.out(formatPruneOutcome(p, dryRun) + '\n') });
    } catch (e) {
      throw new CliError(`undeploy ${env}: ${errorMessage(e)}`, EXIT.failed);
    }
    const n = (a: string) => outcomes.filter((p) => p.action === a).length;
    const failed = n('failed');
    if (dryRun) {
      io.out(`undeploy ${env} (dry run): ${n('pruned')} to delete, ${n('kept')} kept\n`);
      return EXIT.ok;
    }
    const newest = (await listRevisions(session.transport, env, session.namespace))[0];
    const note = failed
      ? '; nothing marked undeployed'
      : newest?.state === 'undeployed'
        ? `; revision ${newest.number} marked undeployed (thebot rollback ${env} brings it back)`
        : '';
    io.out(`undeploy ${env}: ${n('pruned')} deleted, ${n('kept')} kept, ${failed} failed${note}\n`);
    return failed ? EXIT.failed : EXIT.ok;
  });
}
