// Command lines of the control-plane components, in one place: envtest-style
// flags (controller-runtime's pkg/internal/testing/controlplane), everything
// on 127.0.0.1, one admin kubeconfig (token auth) for every component.
import { join } from 'node:path';
import type { Pki } from './pki';

export interface Ports {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  /** Nothing listens here: the `unreachable` context's server. */
  unreachable: number;
}

/** Service ClusterIPs (the apiserver's and the controller-manager's view must agree). */
const SERVICE_RANGE = '10.96.0.0/16';

export function etcdArgs(dir: string, ports: Ports): string[] {
  return [
    '--name=default',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${ports.etcdClient}`,
    `--advertise-client-urls=http://127.0.0.1:${ports.etcdClient}`,
    `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-cluster=default=http://127.0.0.1:${ports.etcdPeer}`,
    // Throw-away data: durability costs time on a shared 2-core machine.
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

export function apiserverArgs(dir: string, ports: Ports, pki: Pki): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
    `--cert-dir=${join(dir, 'apiserver-certs')}`,
    `--tls-cert-file=${pki.servingCert}`,
    `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`,
    `--token-auth-file=${pki.tokenFile}`,
    `--secure-port=${ports.apiserver}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--service-cluster-ip-range=${SERVICE_RANGE}`,
    '--authorization-mode=Node,RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.saPub}`,
    `--service-account-signing-key-file=${pki.saKey}`,
    '--allow-privileged=true',
    // No aggregated apiservers or load balancers here; fewer moving parts.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
    '--v=1',
  ];
}

/** What kube-controller-manager and kube-scheduler share: one kubeconfig for everything, loopback only, no leader election. */
function componentArgs(kubeconfig: string, port: number, certDir: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${certDir}`,
  ];
}

export function controllerManagerArgs(dir: string, ports: Ports, pki: Pki, kubeconfig: string): string[] {
  return [
    ...componentArgs(kubeconfig, ports.controllerManager, join(dir, 'cm-certs')),
    `--service-account-private-key-file=${pki.saKey}`,
    `--root-ca-file=${pki.caCert}`,
    `--cluster-signing-cert-file=${pki.caCert}`,
    `--cluster-signing-key-file=${pki.caKey}`,
    '--use-service-account-credentials=true',
    `--service-cluster-ip-range=${SERVICE_RANGE}`,
    '--v=1',
  ];
}

/**
 * A pod the scheduler found unschedulable waits for an event that may make it
 * schedulable, or at most --pod-max-in-unschedulable-pods-duration (5 min by
 * default). A StatefulSet's pod is often tried before our provisioner's volume
 * has bound its claim ("pod has unbound immediate PersistentVolumeClaims"),
 * and the claim's binding did not always bring it back: in one e2e run redis-0
 * was tried at 20:45:58 and next at 20:51:06, past every rollout timeout
 * (kube-scheduler's log). 10 s bounds that wait here (the scheduler moves such
 * pods every 30 s); a cluster with a real provisioner does not need it.
 */
export function schedulerArgs(dir: string, ports: Ports, kubeconfig: string): string[] {
  return [...componentArgs(kubeconfig, ports.scheduler, join(dir, 'scheduler-certs')), '--pod-max-in-unschedulable-pods-duration=10s', '--v=1'];
}

export function kwokArgs(stages: string, kubeconfig: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--config=${stages}`,
    '--manage-all-nodes=true',
    '--node-lease-duration-seconds=40',
    '--cidr=10.244.0.1/16',
    '--node-ip=127.0.0.1',
  ];
}
