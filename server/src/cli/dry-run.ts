// `thebot dry-run <env>`: server-side apply with dryRun=All of every rendered
// object, in dependency order; each rejection with the server's message and
// the source line it points at.
import { run, summarize } from '../../../client/src/cluster';
import { EXIT, formatOutcome, guard, IGNORE_FINDINGS_OPTION, parse, prepare, stdio, TAKE_OVER_OPTION, type Out } from './cluster-common';

export const DRY_RUN_USAGE = `usage: thebot dry-run <env> [--take-over-from <env>…] [--ignore-findings REASON] [--kubeconfig FILE] [--context NAME] [--project DIR]
Checks <env> as \`thebot check\` does and refuses on error findings (--ignore-findings REASON: go ahead),
then validates every object against the cluster (server-side apply, dryRun=All). Nothing is changed.
Objects that are members of another environment's applyset are rejected unless --take-over-from names it.
exit: 0 all accepted, 1 some rejected, 2 usage, 3 refused (kubeconfig, context, unreachable — also when
      the cluster stops answering during the run —, missing kinds)
`;

export function dryRunCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { env, values } = parse(argv, { ...TAKE_OVER_OPTION, ...IGNORE_FINDINGS_OPTION }, DRY_RUN_USAGE);
    // Refuses on the error findings `thebot check` reports, as deploy does, unless --ignore-findings gives a reason.
    const { session, resources } = await prepare(env, values, io, undefined, { gate: true });
    const outcomes = await run(session, resources, {
      dryRun: true,
      takeOverFrom: values['take-over-from'] ?? [],
      onOutcome: (o) => io.out(formatOutcome(o, true) + '\n'),
    });
    // A dry-run creates nothing, so objects of a namespace this set would
    // create are validated in `default` (session/operations.ts); say so once.
    const stand = [...new Set(outcomes.filter((o) => o.validatedIn).map((o) => `${o.ref.namespace} (validated in ${o.validatedIn})`))];
    if (stand.length) io.out(`note: namespaces not created yet: ${stand.join(', ')}\n`);
    const c = summarize(outcomes);
    const silent = outcomes.findIndex((o) => o.noAnswer);
    if (silent >= 0) {
      // Not a verdict on the manifests: the cluster went away.
      io.out(`dry-run ${env}: incomplete: the cluster stopped answering after ${silent} of ${outcomes.length} objects; ${outcomes.length - silent} not checked\n`);
      return EXIT.refused;
    }
    const accepted = outcomes.length - c.failed;
    io.out(`dry-run ${env}: ${accepted} accepted (${c.created} to create, ${c.configured} to configure, ${c.unchanged} unchanged), ${c.failed} rejected\n`);
    return c.failed ? EXIT.failed : EXIT.ok;
  });
}
