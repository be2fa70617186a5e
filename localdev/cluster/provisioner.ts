// A tiny volume provisioner for the local control plane. Nothing provisions
// storage here (no kubelet, no CSI driver), so PersistentVolumeClaims — those
// the manifests declare and those StatefulSets' volumeClaimTemplates create —
// would stay Pending and their pods unschedulable. This watches claims and, for
// each unbound one, creates a matching PersistentVolume pre-bound to it
// (claimRef); the real PV controller then binds them and the scheduler places
// the pods. The PV goes away with its claim.
//
// Runs as its own process next to the control plane (started and stopped by
// controlPlane.ts): `tsx localdev/cluster/provisioner.ts <kubeconfig>`.
import * as k8s from '@kubernetes/client-node';

type Claim = k8s.V1PersistentVolumeClaim;

export function volumeName(claim: Claim): string {
  return `thebot-pv-${claim.metadata!.uid}`;
}

/** The PersistentVolume that satisfies this claim exactly. */
export function volumeFor(claim: Claim): k8s.V1PersistentVolume {
  const storage = claim.spec?.resources?.requests?.storage ?? '1Gi';
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: volumeName(claim), labels: { 'thebot.dev/provisioned-by': 'local-control-plane' } },
    spec: {
      capacity: { storage },
      accessModes: claim.spec?.accessModes?.length ? claim.spec.accessModes : ['ReadWriteOnce'],
      // The claim's class, even if no such StorageClass exists: static binding
      // only compares the names. No class on the claim matches "" here (the
      // cluster has no default StorageClass).
      storageClassName: claim.spec?.storageClassName ?? '',
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      persistentVolumeReclaimPolicy: 'Retain',
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace: claim.metadata!.namespace!,
        name: claim.metadata!.name!,
        uid: claim.metadata!.uid!,
      },
      // Never mounted (kwok's pods run nothing); any path will do.
      hostPath: { path: `/tmp/thebot-pv/${claim.metadata!.uid}` },
    },
  };
}

function status(e: unknown): number | undefined {
  return (e as { code?: number }).code;
}

export async function runProvisioner(kc: k8s.KubeConfig): Promise<k8s.Informer<Claim>> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const ensure = async (claim: Claim) => {
    if (claim.spec?.volumeName || claim.status?.phase !== 'Pending' || claim.metadata?.deletionTimestamp) return;
    try {
      await core.createPersistentVolume({ body: volumeFor(claim) });
      process.stdout.write(`provisioned ${volumeName(claim)} for ${claim.metadata!.namespace}/${claim.metadata!.name}\n`);
    } catch (e) {
      if (status(e) !== 409) process.stderr.write(`provisioning for ${claim.metadata!.name} failed: ${String(e)}\n`);
    }
  };
  const release = async (claim: Claim) => {
    try {
      await core.deletePersistentVolume({ name: volumeName(claim) });
    } catch (e) {
      if (status(e) !== 404) process.stderr.write(`releasing ${volumeName(claim)} failed: ${String(e)}\n`);
    }
  };
  const informer = k8s.makeInformer<Claim>(kc, '/api/v1/persistentvolumeclaims', () =>
    core.listPersistentVolumeClaimForAllNamespaces(),
  );
  informer.on('add', (c) => void ensure(c));
  informer.on('update', (c) => void ensure(c));
  informer.on('delete', (c) => void release(c));
  // The informer stops on a dropped connection (e.g. an apiserver restart):
  // start it again; it relists, so no claim is missed.
  informer.on('error', () => {
    setTimeout(() => void informer.start().catch(() => undefined), 500);
  });
  await informer.start();
  return informer;
}

if (process.argv[1]?.endsWith('provisioner.ts')) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(process.argv[2]!);
  runProvisioner(kc).then(
    () => process.stdout.write('provisioner watching PersistentVolumeClaims\n'),
    (e) => {
      process.stderr.write(`provisioner failed to start: ${String(e)}\n`);
      process.exit(1);
    },
  );
}
