// `thebot deploy <env>`: a server-side dry-run of everything, then (if all
// accepted) server-side apply (field manager `thebot`) of every rendered
// object in dependency order, one line per object; conflicts with
// other field managers are reported, not forced, unless --force-conflicts.
// Every object is labelled as a member of the environment's applyset (see
// client/src/cluster/applyset.ts); with --prune, members no longer rendered are
// deleted afterwards. With --wait, then watches the rollouts until every
// workload is available.
import { checkConfirmation, groupKind, membershipOf, partialState, prune, readRecord, run, summarize, watchRollouts, workloadsOf, writeRecord, describe, type PruneOutcome } from '../../../client/src/cluster';
import { CliError, EXIT, formatOutcome, guard, ignoredFindingsAnnotations, IGNORE_FINDINGS_OPTION, parse, prepare, reportItems, stdio, TAKE_OVER_OPTION, type Out } from './cluster-common';
import { connectionLine, formatRollout, formatWorkload } from './status';
import { recordDeploy, rollBackFailedDeploy, watchAtomically } from './deploy-revision';
import { historyMax } from './revision-common';

export const DEPLOY_USAGE = `usage: thebot deploy <env> [--wait] [--atomic] [--timeout SECONDS] [--confirm <env>] [--force-conflicts] [--prune]
                     [--take-over-from <env>…] [--history-max N] [--ignore-findings REASON] [--kubeconfig FILE] [--context NAME] [--project DIR]
Checks <env> as \`thebot check\` does and refuses on error findings; validates every object
(server-side dry-run), then applies them all (server-side apply, field manager "thebot"); if any
is rejected, nothing is applied. Each deploy is recorded as a
revision of <env> (thebot history <env>; thebot rollback <env>).
  --wait              watch the rollouts until every workload is available
  --atomic            --wait, and if a rollout fails (progress deadline, crash loop, image pull,
                      failed Job) or --timeout passes, roll back to the previous revision
  --timeout SECONDS   how long --wait waits (default 300)
  --history-max N     revisions to keep (default 10)
  --confirm <env>     required for protected environments: the environment's name again
  --force-conflicts   take over fields another field manager owns
  --take-over-from <env>  apply objects that are members of <env>'s applyset (label
                      applyset.kubernetes.io/part-of) and move them into this one; without it they
                      are refused (environments sharing a namespace must not overwrite each other)
  --ignore-findings REASON  go ahead despite error findings; REASON and the findings are recorded
                      on the applyset parent (annotations deploy.thebot.dev/ignore-findings-reason,
                      deploy.thebot.dev/ignored-findings)
  --prune             then delete what earlier deploys of <env> applied and <env> no longer renders
                      (objects labelled applyset.kubernetes.io/part-of=<the id of ConfigMap
                      <namespace>/thebot-applyset-<env>> and applied by "thebot"; nothing else;
                      Namespaces and CRDs are only reported: their deletion would cascade)
exit: 0 deployed (and available), 1 an object failed or a rollout failed/timed out (what state <env> is
      in then is printed), 2 usage, 3 refused (nothing applied: context, confirmation, cluster unreachable)
`;

function formatPrune(p: PruneOutcome): string {
  const head = `${p.action.padEnd(11)} ${describe(p.ref)}`;
  return p.message ? `${head}\n    ${p.message}` : head;
}

export function deployCommand(argv: string[], io: Out = stdio): Promise<number> {
  return guard(io, async () => {
    const { env, values } = parse(
      argv,
      {
        wait: { type: 'boolean' },
        atomic: { type: 'boolean' },
        timeout: { type: 'string' },
        confirm: { type: 'string' },
        'force-conflicts': { type: 'boolean' },
        prune: { type: 'boolean' },
        'history-max': { type: 'string' },
        ...TAKE_OVER_OPTION,
        ...IGNORE_FINDINGS_OPTION,
      },
      DEPLOY_USAGE,
    );
    const timeout = values.timeout === undefined ? 300 : Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0) throw new CliError(`--timeout must be a positive number of seconds\n${DEPLOY_USAGE}`, EXIT.usage);
    const keep = historyMax(values, DEPLOY_USAGE);
    // Confirmation first: a protected environment is not even contacted without it.
    // Then the findings `thebot check` reports: errors refuse, unless --ignore-findings gives a reason.
    const prepared = await prepare(env, values, io, (environment) => checkConfirmation(environment, values.confirm), { gate: true });
    const { session, resources } = prepared;
    const recordAnnotations = ignoredFindingsAnnotations(prepared);
    // All or nothing where it can be: a server-side dry-run of everything
    // first, so one rejected object does not leave the environment half-applied.
    const takeOverFrom = values['take-over-from'] ?? [];
    const check = await run(session, resources, { dryRun: true, force: values['force-conflicts'] === true, takeOverFrom });
    const silent = check.findIndex((o) => o.noAnswer);
    if (silent >= 0) {
      io.out(formatOutcome(check[silent]!, true) + '\n');
      io.out(`deploy ${env}: the server-side dry-run did not complete (the cluster stopped answering after ${silent} of ${check.length} objects); nothing applied\n`);
      return EXIT.refused;
    }
    const rejected = check.filter((o) => o.action === 'failed');
    if (rejected.length) {
      for (const o of rejected) io.out(formatOutcome(o, false) + '\n');
      io.out(`deploy ${env}: ${rejected.length} of ${check.length} objects rejected by the server-side dry-run; nothing applied\n`);
      return EXIT.failed;
    }
    const outcomes = await run(session, resources, {
      dryRun: false,
      force: values['force-conflicts'] === true,
      takeOverFrom,
      recordAnnotations,
      onOutcome: (o) => io.out(formatOutcome(o, false) + '\n'),
      onNote: (m) => io.err(`note: ${m}\n`),
    });
    const c = summarize(outcomes);
    let pruned = '';
    // Like kubectl, no pruning after a failed apply: what failed may be what would be kept.
    if (values.prune && !c.failed) {
      const set = session.applySet;
      const current = membershipOf(resources, set, session.namespace, session.discovery);
      const recorded = await readRecord(session.transport, set);
      if (!recorded) throw new CliError(`cannot prune: the applyset record ConfigMap ${set.namespace}/${set.name} is missing`, EXIT.failed);
      const done = await prune(session.transport, session.discovery, set, resources, recorded, {
        defaultNamespace: session.namespace,
        onOutcome: (p) => io.out(formatPrune(p) + '\n'),
      });
      const failedPrunes = done.filter((p) => p.action === 'failed').length;
      // Narrow the record to what is deployed now, once nothing of the rest is
      // left (kept objects keep their kind recorded, so they are reported again).
      const keptKinds = done.filter((p) => p.action === 'kept').map((p) => groupKind(p.ref.apiVersion, p.ref.kind));
      if (!failedPrunes) await writeRecord(session.transport, set, { ...current, groupKinds: [...new Set([...current.groupKinds, ...keptKinds])].sort() }, recordAnnotations);
      c.failed += failedPrunes;
      const kept = done.filter((p) => p.action === 'kept').length;
      pruned = `, ${done.length - failedPrunes - kept} pruned${kept ? `, ${kept} kept` : ''}`;
    }
    // (Failed prunes count as failed objects.)
    io.out(`deploy ${env}: ${c.created} created, ${c.configured} configured, ${c.unchanged} unchanged, ${c.failed} failed${c.skipped ? `, ${c.skipped} not attempted` : ''}${pruned}\n`);
    const state = partialState(env, reportItems(outcomes));
    if (state) io.out(state.join('\n') + '\n');
    const project = values.project ?? process.cwd();
    const revision = await recordDeploy(session, resources, io, { keep, failed: c.failed + c.skipped, project });
    if (c.failed || c.skipped) {
      if (values.atomic) {
        const reason = `${c.failed + c.skipped} objects failed to apply`;
        return rollBackFailedDeploy(session, revision, resources, io, { keep, project, force: values['force-conflicts'] === true, reason });
      }
      return EXIT.failed;
    }
    if (!values.wait && !values.atomic) return EXIT.ok;
    const started = Date.now();
    const targets = workloadsOf(resources.map((r) => r.object), session.namespace);
    if (values.atomic) {
      return watchAtomically(session, revision, resources, targets, io, { keep, project, force: values['force-conflicts'] === true, timeoutSeconds: timeout, started });
    }
    const report = await watchRollouts(session.transport, session.discovery, targets, {
      timeoutMs: timeout * 1000,
      applySetId: session.applySet.id,
      onStatus: (s) => io.out(formatWorkload(s) + '\n'),
      onEvent: (m) => io.err(`  ${m}\n`),
      onConnection: (c) => io.err(connectionLine(c)),
    });
    io.out(formatRollout(env, report, Date.now() - started));
    return report.outcome === 'complete' ? EXIT.ok : EXIT.failed;
  });
}
