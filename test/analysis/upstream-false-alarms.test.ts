// False alarms found on public repositories (docs/upstream-findings.md), each
// as a minimal case of our own with the exact findings `thebot check` gives:
// what was wrong is gone, and the real problem next to it is still reported
// at its line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const cli = join(__dirname, '..', '..', 'bin', 'thebot.js');

function tree(files: Record<string, string>): string {
  // A fixed name: it is the discovered environment's name in the output.
  const dir = join(mkdtempSync(join(tmpdir(), 'thebot-upstream-')), 'app');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

/** `thebot check .` in `dir`: its schema findings (the rules' own findings are pinned by their fixtures) and its exit status. */
function check(dir: string): { stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8' });
  return { stdout: r.stdout.split('\n').filter((l) => / (schema-[a-z-]+|deprecated-api|yaml-syntax) /.test(l)).map((l) => `${l}\n`).join(''), status: r.status };
}

test('an EndpointSlice without endpoints is valid (the API server does not require them); a missing addressType is still an error', () => {
  const slice = (name: string, addressType: string) =>
    `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ${name}\n  labels:\n    kubernetes.io/service-name: manual\n${addressType}ports:\n- name: http\n  port: 3000\n  protocol: TCP\n`;
  const dir = tree({
    'kustomization.yaml': 'resources:\n- slices.yaml\n',
    'slices.yaml': `${slice('empty', 'addressType: IPv4\n')}---\n${slice('typeless', '')}`,
  });
  const r = check(dir);
  assert.equal(r.stdout, 'slices.yaml:12:1 error schema-required [app] missing required field "addressType" in EndpointSlice\n');
  assert.equal(r.status, 1);
});

test('YAML that is not a Kubernetes object is not validated as one: a Helm repository index, release notes, Talos machine configuration; a kind without apiVersion still is', () => {
  const dir = tree({
    'kustomization.yaml': 'resources:\n- cm.yaml\n',
    'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
    'charts/index.yaml': 'apiVersion: v1\nentries:\n  web:\n  - version: 1.0.0\n    urls: [web-1.0.0.tgz]\ngenerated: "2024-01-01T00:00:00Z"\n',
    'notes/1234.yaml': 'apiVersion: release-notes/v2\nkind: bug-fix\narea: traffic-management\nreleaseNotes:\n- fixed a thing\n',
    'notes/template.yaml': 'apiVersion: release-notes/v2\nkind:\narea:\n',
    'vm/workloadgroup.yaml': 'kind: WorkloadGroup\nmetadata:\n  name: foo\nspec: {}\n',
    // Talos machine configuration (joryirving/home-ops): a group-less API version other than v1 is no Kubernetes API.
    'talos/node1.yaml': 'machine:\n  install:\n    disk: /dev/sda\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: node1\n',
  });
  const r = check(dir);
  assert.equal(r.stdout, 'vm/workloadgroup.yaml:1:1 error schema-required missing required field "apiVersion" in object\n');
  assert.equal(r.status, 1);
});

test('an unknown key with a null value in a strategic-merge patch deletes nothing: a warning, not an error; an unknown key with a value stays an error', () => {
  const dir = tree({
    'kustomization.yaml': 'resources:\n- deploy.yaml\npatches:\n- path: patches/sidecar.yaml\n  target:\n    kind: Deployment\n',
    'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n      - name: web\n        image: registry.example.com/web:1.0.0\n',
    'patches/sidecar.yaml': 'patches:\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "*"\nspec:\n  template:\n    metadata:\n      annotations:\n        sidecar.istio.io/inject: "false"\n    sidecarz: true\n',
  });
  const r = check(dir);
  assert.equal(
    r.stdout,
    [
      'patches/sidecar.yaml:1:1 warning schema-unknown-field unknown field "patches" in Deployment: its null deletes nothing',
      'patches/sidecar.yaml:11:5 error schema-unknown-field [app] unknown field "sidecarz" in Deployment.spec.template',
      '',
    ].join('\n'),
  );
  assert.equal(r.status, 1);
});
