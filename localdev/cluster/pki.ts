// Certificates and keys for the local control plane, made with the openssl CLI
// (Node 20's crypto cannot issue X.509 certificates). EC P-256 keys: fast to
// generate, accepted by every component for TLS and service-account tokens.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  /** The apiserver's serving certificate (SANs 127.0.0.1, localhost, kubernetes.default…). */
  servingCert: string;
  servingKey: string;
  /** Service-account token signing key pair. */
  saKey: string;
  saPub: string;
  /** Static token file (`token,user,uid,"groups"`) and the admin's bearer token. */
  tokenFile: string;
  adminToken: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function ecKey(cwd: string, file: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], cwd);
}

export function generatePki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  ecKey(dir, 'ca.key');
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', '/CN=thebot-local-ca'], dir);

  ecKey(dir, 'apiserver.key');
  const san = [
    'IP:127.0.0.1',
    'IP:10.96.0.1', // the `kubernetes` Service (first IP of the service range)
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
  ].join(',');
  // OpenSSL 3: `req -x509 -CA` signs with our CA in one step.
  openssl(
    [
      'req', '-x509', '-new', '-key', 'apiserver.key', '-out', 'apiserver.crt', '-days', '3650',
      '-subj', '/CN=kube-apiserver', '-CA', 'ca.crt', '-CAkey', 'ca.key',
      '-addext', `subjectAltName=${san}`,
      '-addext', 'extendedKeyUsage=serverAuth',
      '-addext', 'basicConstraints=critical,CA:FALSE',
    ],
    dir,
  );

  ecKey(dir, 'sa.key');
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);

  // A fresh random admin token per cluster; it lives only in files under dir.
  const adminToken = randomBytes(24).toString('hex');
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${adminToken},thebot-admin,thebot-admin,"system:masters"\n`, { mode: 0o600 });

  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    servingCert: join(dir, 'apiserver.crt'),
    servingKey: join(dir, 'apiserver.key'),
    saKey: join(dir, 'sa.key'),
    saPub: join(dir, 'sa.pub'),
    tokenFile,
    adminToken,
  };
}
