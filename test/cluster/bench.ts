// Figures for the README: control-plane start-up, deploy of `dev` until every
// workload is available, an idempotent re-deploy, and shutdown.
//   npx tsx test/cluster/bench.ts
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlPlane } from '../../localdev/cluster/controlPlane';
import { loadProjectConfig, environmentByName } from '../../server/src/config';
import { renderKustomization } from '../../server/src/kustomize';
import { ClusterSession, run, summarize, watchRollouts, workloadsOf } from '../../client/src/cluster';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

async function main(): Promise<void> {
  let t = Date.now();
  const cp = await ControlPlane.start({ log: (m) => process.stderr.write(m + '\n') });
  const startup = Date.now() - t;
  try {
    const env = environmentByName(loadProjectConfig(join(ROOT, 'manifests')), 'dev')!;
    const resources = renderKustomization(env.overlay).resources;
    const session = await ClusterSession.open({ environment: env, kubeconfig: cp.kubeconfig });
    t = Date.now();
    const first = summarize(await run(session, resources, { dryRun: false }));
    const applied = Date.now() - t;
    const report = await watchRollouts(session.transport, session.discovery, workloadsOf(resources.map((r) => r.object), session.namespace), {
      timeoutMs: 300_000,
    });
    const available = Date.now() - t;
    t = Date.now();
    const second = summarize(await run(session, resources, { dryRun: false }));
    const redeploy = Date.now() - t;
    process.stdout.write(
      [
        `control plane start-up:           ${seconds(startup)}`,
        `deploy dev (${resources.length} objects, ${first.created} created): ${seconds(applied)}`,
        `deploy dev → all available:       ${seconds(available)} (${report.outcome}, ${report.workloads.length} workloads, ${available - applied} ms after the last apply)`,
        `re-deploy dev (${second.unchanged} unchanged):     ${seconds(redeploy)}`,
      ].join('\n') + '\n',
    );
  } finally {
    t = Date.now();
    await cp.stop();
    process.stdout.write(`control plane stop:               ${seconds(Date.now() - t)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
