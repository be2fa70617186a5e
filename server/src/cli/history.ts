// `thebot history <env>`: the revisions recorded by deploys and rollbacks of
// <env> (client/src/cluster/revisions.ts), newest first, the live one marked.
import { listRevisions } from '../../../client/src/cluster/revisions';
import { EXIT, guard, parse, stdio, type Out } from './cluster-common';
import { connect, formatHistory } from './revision-common';

export const HISTORY_USAGE = `usage: thebot history <env> [--kubeconfig FILE] [--context NAME] [--project DIR]
The revisions of <env> recorded in its namespace by every deploy and rollback, newest first;
* marks the live one. COMMIT is the source's git commit (+dirty: uncommitted changes).
exit: 0 listed, 1 no revision recorded, 2 usage, 3 refused
`;

export function historyCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { env, values } = parse(argv, {}, HISTORY_USAGE);
    const { session } = await connect(env, values, io, undefined, false);
    const revisions = await listRevisions(session.transport, env, session.namespace);
    if (revisions.length === 0) {
      io.out(`history ${env}: no revision recorded in namespace ${session.namespace} (revisions are recorded by \`thebot deploy\`)\n`);
      return EXIT.failed;
    }
    io.out(formatHistory(revisions));
    return EXIT.ok;
  });
}
