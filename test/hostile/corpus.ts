// The hostile-input corpus: each case is generated (no committed blobs) into a
// fresh directory, then run through the CLI (cli.test.ts) and the language
// server (lsp.test.ts) under a time and a memory bound. Every case states the
// exact finding: file:line:col, rule and message.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface HostileCase {
  name: string;
  /** Writes the case into `dir`. */
  make(dir: string): void;
  /** Exact `thebot check .` stdout (text format, cwd = the case) and exit status. */
  check: { stdout: string; code: number };
  /** The file the language server opens, and its exact diagnostics (`line:col severity code message`, 0-based). */
  lsp?: { open: string; diagnostics: string[] };
}

/** Files of a case; a project (thebot.yaml with one environment `dev` over the case root) unless `plain`. */
export function write(dir: string, files: Record<string, string | Uint8Array>, plain = false): void {
  if (!plain) files = { 'thebot.yaml': 'environments:\n  dev:\n    overlay: .\n', ...files };
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

const CM = (data: string, name = 'cm') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}`;
const RES = 'resources: [cm.yaml]\n';
const ACC = (msg: string) => `accumulating resources: accumulating resources from 'cm.yaml': MalformedYAMLError: yaml: ${msg} in File: cm.yaml`;

export const CASES: HostileCase[] = [
  {
    name: 'a generator file outside the root (/dev/zero) is refused before it is opened',
    make: (d) => write(d, { 'kustomization.yaml': 'configMapGenerator:\n- name: x\n  files: [/dev/zero]\n' }),
    check: { stdout: "kustomization.yaml:3:11 error render [dev] loading KV pairs: file sources: [/dev/zero]: security; file '/dev/zero' is not in or below '$DIR'\n", code: 1 },
    lsp: { open: 'kustomization.yaml', diagnostics: ["2:10 1 render dev: loading KV pairs: file sources: [/dev/zero]: security; file '/dev/zero' is not in or below '$DIR'"] },
  },
  {
    name: 'a symlink inside the root to a file outside it is refused',
    make: (d) => {
      write(d, { 'kustomization.yaml': 'configMapGenerator:\n- name: x\n  files: [passwd]\n' });
      symlinkSync('/etc/passwd', join(d, 'passwd'));
    },
    check: { stdout: "kustomization.yaml:3:11 error render [dev] loading KV pairs: file sources: [passwd]: security; file '$DIR/passwd' is not in or below '$DIR'\n", code: 1 },
  },
  {
    name: 'a named pipe is refused, not waited on',
    make: (d) => {
      write(d, { 'kustomization.yaml': 'configMapGenerator:\n- name: x\n  files: [pipe]\n' });
      execFileSync('mkfifo', [join(d, 'pipe')]);
    },
    check: { stdout: "kustomization.yaml:3:11 error render [dev] loading KV pairs: file sources: [pipe]: file '$DIR/pipe' is a named pipe: only regular files are read\n", code: 1 },
  },
  {
    name: 'a file over 16 MiB is refused before it is read',
    make: (d) => {
      write(d, { 'kustomization.yaml': 'configMapGenerator:\n- name: x\n  files: [big.txt]\n', 'big.txt': '' });
      truncateSync(join(d, 'big.txt'), 16 * 1024 * 1024 + 1);
    },
    check: { stdout: "kustomization.yaml:3:11 error render [dev] loading KV pairs: file sources: [big.txt]: file '$DIR/big.txt' is too large: 16777217 bytes (the limit is 16 MiB)\n", code: 1 },
  },
  {
    name: 'a patch target written to backtrack exponentially runs in linear time (RE2)',
    make: (d) =>
      write(d, {
        'cm.yaml': CM('  a: b\n', 'a'.repeat(40) + 'b'),
        'kustomization.yaml': `${RES}patches:\n- target:\n    name: '(a+)+$'\n  patch: '[{"op": "add", "path": "/data/c", "value": "d"}]'\n`,
      }),
    check: { stdout: 'kustomization.yaml:3:3 warning patch-matches-nothing [dev] patch target (name=(a+)+$) matches no object; the patch is not applied\n', code: 0 },
  },
  {
    name: '20,000 aliases to one anchor render in linear time',
    make: (d) => {
      const keys = Array.from({ length: 20000 }, (_, i) => `  k${i}: *v\n`).join('');
      write(d, { 'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels: {a: &v x}\ndata:\n${keys}`, 'kustomization.yaml': RES });
    },
    check: { stdout: '', code: 0 },
  },
  {
    name: 'an alias bomb is refused with goyaml\'s limit and words',
    make: (d) => {
      let bomb = CM('  a: b\n') + 'x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 9; i++) bomb += `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      write(d, { 'cm.yaml': bomb, 'kustomization.yaml': RES });
    },
    check: { stdout: `cm.yaml:10:25 error render [dev] ${ACC('document contains excessive aliasing')}\n`, code: 1 },
  },
  {
    name: 'invalid UTF-8 is refused as kustomize refuses it',
    make: (d) => write(d, { 'cm.yaml': Buffer.concat([Buffer.from(CM('  a: b')), Buffer.from([0xff, 0xfe]), Buffer.from('c\n')]), 'kustomization.yaml': RES }),
    check: { stdout: `cm.yaml:6:7 error render [dev] ${ACC('invalid leading UTF-8 octet')}\n`, code: 1 },
  },
  {
    name: 'a raw NUL byte is refused as kustomize refuses it',
    make: (d) => write(d, { 'cm.yaml': CM('  a: "b\0c"\n'), 'kustomization.yaml': RES }),
    check: { stdout: `cm.yaml:6:8 error render [dev] ${ACC('control characters are not allowed')}\n`, code: 1 },
  },
  {
    name: 'UTF-16 with a byte order mark (PowerShell) renders as kustomize renders it',
    make: (d) => write(d, { 'cm.yaml': Buffer.from('\ufeff' + CM('  a: b\n'), 'utf16le'), 'kustomization.yaml': RES }),
    check: { stdout: '', code: 0 },
  },
  {
    name: 'a secretGenerator literal without = is refused without echoing the value',
    make: (d) => write(d, { 'kustomization.yaml': 'secretGenerator:\n- name: s\n  literals: [hunter2-top-secret]\n' }),
    check: { stdout: 'kustomization.yaml:3:14 error render [dev] loading KV pairs: literal sources: invalid literal source #1 (value not shown), expected key=value\n', code: 1 },
  },
  {
    name: 'a comment-only thebot.yaml is an error, not plain mode',
    make: (d) => write(d, { 'thebot.yaml': '# nothing yet\n', 'overlays/dev/kustomization.yaml': 'namespace: x\n' }, true),
    check: { stdout: 'thebot.yaml:1:1 error config thebot.yaml is empty: define environments, or delete it to use overlays/*\n', code: 2 },
  },
  {
    name: 'an alias bomb in thebot.yaml is a config error in our words',
    make: (d) => {
      let bomb = 'x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 9; i++) bomb += `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      write(d, { 'thebot.yaml': bomb }, true);
    },
    check: { stdout: 'thebot.yaml:1:1 error config thebot.yaml: document contains excessive aliasing\n', code: 2 },
  },
  {
    name: 'a null resource entry gets kustomize\'s message, not an argument-type error',
    make: (d) => write(d, { 'cm.yaml': CM('  a: b\n'), 'kustomization.yaml': 'resources: [cm.yaml, null]\n' }),
    check: { stdout: "kustomization.yaml:1:22 error render [dev] accumulating resources: accumulation err='accumulating resources from '': '$DIR' must resolve to a file': new root cannot be empty\n", code: 1 },
  },
  {
    name: 'plain mode: dangling and looping symlinks are findings, a link to . is not followed',
    make: (d) => {
      write(d, { 'ok.yaml': 'a: 1\n' }, true);
      symlinkSync('nowhere.yaml', join(d, 'dangling.yaml'));
      symlinkSync('loop.yaml', join(d, 'loop.yaml'));
      symlinkSync('.', join(d, 'self'));
    },
    check: {
      stdout:
        "dangling.yaml:1:1 error read cannot read '$DIR/dangling.yaml': no such file (a dangling or looping symbolic link?)\n" +
        "loop.yaml:1:1 error read cannot read '$DIR/loop.yaml': no such file (a dangling or looping symbolic link?)\n",
      code: 1,
    },
  },
];
