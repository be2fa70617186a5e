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
  /** Exact `thebot render dev` stdout when it renders (from `kubectl kustomize`, as the corpus's expected outputs). */
  render?: string;
  /** The file the language server opens, and its exact diagnostics (`line:col severity code message`, 0-based). */
  lsp?: { open: string; diagnostics: string[]; /** Diagnostics awaited for this file, not the opened one. */ published?: string };
  /** Why the case is not run through the language server (an editor cannot open the file: a named pipe, 1.5 GiB). */
  cliOnly?: string;
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
const DEEP = "exceeded max depth of 500 (thebot's nesting limit; kustomize's is 10000)";
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
    name: 'a patch file outside its kustomization\'s directory is refused, never opened (not even to check it as a patch)',
    make: (d) => {
      // A named pipe: opening it at all would block or be reported.
      write(d, { 'thebot.yaml': 'environments:\n  dev:\n    overlay: app\n', 'app/cm.yaml': CM('  a: b\n'), 'app/kustomization.yaml': `${RES}patches:\n- path: ${d}/outside.patch\n` }, true);
      execFileSync('mkfifo', [join(d, 'outside.patch')]);
    },
    check: {
      stdout:
        "app/kustomization.yaml:3:9 error render [dev] trouble configuring builtin PatchTransformer with config: `\npath: $DIR/outside.patch\n`: failed to get the patch file from path($DIR/outside.patch): security; file '$DIR/outside.patch' is not in or below '$DIR/app'\n",
      code: 1,
    },
    lsp: {
      open: 'app/kustomization.yaml',
      diagnostics: ["2:8 1 render dev: trouble configuring builtin PatchTransformer with config: `\npath: $DIR/outside.patch\n`: failed to get the patch file from path($DIR/outside.patch): security; file '$DIR/outside.patch' is not in or below '$DIR/app'"],
    },
  },
  {
    name: 'a kustomization file that is a symlink out of its directory is no kustomization, and is never opened',
    make: (d) => {
      write(d, { 'kustomization.yaml': 'resources: [sub]\n', 'sub/.keep': '' });
      symlinkSync('/etc/passwd', join(d, 'sub', 'kustomization.yaml'));
    },
    check: {
      stdout:
        "kustomization.yaml:1:13 error render [dev] accumulating resources: accumulation err='accumulating resources from 'sub': '$DIR/sub' must resolve to a file': couldn't make target for path '$DIR/sub': unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '$DIR/sub'\n" +
        "sub/kustomization.yaml:1:1 warning read not read: a symbolic link to '/etc/passwd', outside '$DIR'\n",
      code: 1,
    },
    lsp: { open: 'kustomization.yaml', diagnostics: ["0:12 1 render dev: accumulating resources: accumulation err='accumulating resources from 'sub': '$DIR/sub' must resolve to a file': couldn't make target for path '$DIR/sub': unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '$DIR/sub'"] },
  },
  {
    name: 'an absolute directory under resources is no kustomization root: refused before anything there is read',
    make: (d) => write(d, { 'base/kustomization.yaml': 'resources: [cm.yaml]\n', 'base/cm.yaml': CM('  a: b\n'), 'kustomization.yaml': `resources: [${d}/base]\n` }),
    check: {
      stdout: "kustomization.yaml:1:13 error render [dev] accumulating resources: accumulation err='accumulating resources from '$DIR/base': '$DIR/base' must resolve to a file': new root '$DIR/base' cannot be absolute\n",
      code: 1,
    },
  },
  {
    name: 'an absolute directory under generators is no kustomization root either',
    make: (d) => write(d, { 'base/kustomization.yaml': 'resources: [cm.yaml]\n', 'base/cm.yaml': CM('  a: b\n'), 'kustomization.yaml': `generators: [${d}/base]\n` }),
    check: {
      // kubectl kustomize: runGenerators' prefix before it, as before every error loading generator plugins.
      stdout: "kustomization.yaml:1:14 error render [dev] loading generator plugins: accumulation err='accumulating resources from '$DIR/base': '$DIR/base' must resolve to a file': new root '$DIR/base' cannot be absolute\n",
      code: 1,
    },
  },
  {
    name: 'plain mode: a symlink to a file outside the checked directory is not read',
    make: (d) => {
      write(d, { 'ok.yaml': 'a: 1\n' }, true);
      symlinkSync('/etc/passwd', join(d, 'passwd.yaml'));
    },
    check: { stdout: "passwd.yaml:1:1 warning read not read: a symbolic link to '/etc/passwd', outside '$DIR'\n", code: 0 },
    // The server reads no file it is not given: the editor opens ok.yaml, and nothing reads the link.
    lsp: { open: 'ok.yaml', diagnostics: [] },
  },
  {
    name: 'a discovered overlay whose kustomization is a named pipe is refused, not waited on',
    make: (d) => {
      mkdirSync(join(d, 'overlays', 'dev'), { recursive: true });
      execFileSync('mkfifo', [join(d, 'overlays', 'dev', 'kustomization.yaml')]);
    },
    check: { stdout: "overlays/dev/kustomization.yaml:1:1 error render [dev] file '$DIR/overlays/dev/kustomization.yaml' is a named pipe: only regular files are read\n", code: 1 },
    cliOnly: 'the only file is the named pipe: an editor cannot open it',
  },
  {
    name: 'a discovered kustomization of 1.5 GiB is refused before it is read',
    make: (d) => {
      write(d, { 'app/kustomization.yaml': '' }, true);
      // Sparse: no disk used; reading it would take 1.5 GiB of memory.
      truncateSync(join(d, 'app', 'kustomization.yaml'), 1536 * 1024 * 1024);
    },
    check: { stdout: "app/kustomization.yaml:1:1 error render [app] file '$DIR/app/kustomization.yaml' is too large: 1610612736 bytes (the limit is 16 MiB)\n", code: 1 },
    cliOnly: 'the only file is 1.5 GiB: an editor does not open it (the buffer cap has its own test)',
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
    lsp: { open: 'kustomization.yaml', published: 'cm.yaml', diagnostics: [`5:6 1 render dev: ${ACC('invalid leading UTF-8 octet')}`] },
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
    name: 'a thebot.yaml nested 2,000 deep is reported once, at the 501st level',
    make: (d) => write(d, { 'thebot.yaml': `environments:\n  dev: ${'['.repeat(2000)}${']'.repeat(2000)}\n`, 'cm.yaml': CM('  a: b\n'), 'kustomization.yaml': RES }, true),
    check: { stdout: `thebot.yaml:2:506 error yaml-syntax ${DEEP}\n`, code: 2 },
  },
  {
    name: 'a thebot.yaml that is not UTF-8 is refused at the offending byte, not parsed',
    // Latin-1 'environments: é': the byte decoded to U+FFFD made a string ('environments: must be object').
    make: (d) => write(d, { 'thebot.yaml': Buffer.from('environments: \xe9\n', 'latin1'), 'cm.yaml': CM('  a: b\n'), 'kustomization.yaml': RES }, true),
    check: { stdout: 'thebot.yaml:1:15 error config thebot.yaml: incomplete UTF-8 octet sequence\n', code: 2 },
    // Its bytes matter: an editor buffer of it would hold only the decoded text.
    lsp: { open: 'kustomization.yaml', published: 'thebot.yaml', diagnostics: ['0:14 1 config thebot.yaml: incomplete UTF-8 octet sequence'] },
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
  {
    name: 'flow collections 20,000 deep are refused at the 501st level, before the parser recurses',
    make: (d) => write(d, { 'cm.yaml': CM(`  a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`), 'kustomization.yaml': RES }),
    check: { stdout: `cm.yaml:6:504 error yaml-syntax ${DEEP}\n`, code: 1 },
  },
  {
    name: 'flow mappings 5,000 deep are refused at the 501st level',
    make: (d) => write(d, { 'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels: ${'{a: '.repeat(5000)}b${'}'.repeat(5000)}\n`, 'kustomization.yaml': RES }),
    check: { stdout: `cm.yaml:5:2003 error yaml-syntax ${DEEP}\n`, code: 1 },
  },
  {
    name: 'block mappings 1,000 deep are refused at the 501st level',
    make: (d) => {
      let s = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\nx:\n';
      for (let i = 0; i < 1000; i++) s += `${' '.repeat(i + 1)}k:\n`;
      write(d, { 'cm.yaml': s + ' '.repeat(1001) + 'v\n', 'kustomization.yaml': RES });
    },
    check: { stdout: `cm.yaml:505:501 error yaml-syntax ${DEEP}\n`, code: 1 },
  },
  {
    name: 'compact block sequences 3,000 deep in a kustomization are refused at the 501st level',
    make: (d) => write(d, { 'cm.yaml': CM('  a: b\n'), 'kustomization.yaml': `${RES}x:\n  ${'- '.repeat(3000)}v\n` }),
    check: { stdout: `kustomization.yaml:3:1001 error yaml-syntax ${DEEP}\n`, code: 1 },
  },
  {
    name: 'nesting up to the limit renders as kustomize renders it',
    make: (d) => write(d, { 'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\nx: ${'['.repeat(499)}${']'.repeat(499)}\n`, 'kustomization.yaml': RES }),
    check: { stdout: 'cm.yaml:5:1 error schema-unknown-field [dev] unknown field "x" in ConfigMap\n', code: 1 },
    render: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\nx:\n${'- '.repeat(498)}[]\n`,
  },
  {
    name: 'a replacement path of 5,000 segments is refused at its line, not a stack overflow',
    make: (d) =>
      write(d, {
        'cm.yaml': CM('  a: b\n'),
        'kustomization.yaml': `${RES}replacements:\n- source: {kind: ConfigMap, name: cm, fieldPath: data.a}\n  targets:\n  - select: {kind: ConfigMap}\n    fieldPaths: [${Array(5000).fill('a').join('.')}]\n    options: {create: true}\n`,
      }),
    check: { stdout: `kustomization.yaml:6:18 error render [dev] fieldPath has 5000 segments: ${DEEP}\n`, code: 1 },
  },
  {
    name: 'keys named __proto__, constructor, toString are fields, through patches, labels, generators and replacements',
    make: (d) =>
      write(d, {
        'cm.yaml': CM('  __proto__: polluted\n  constructor: x\n  toString: y\n  hasOwnProperty: z\n'),
        'kustomization.yaml':
          `${RES}commonAnnotations: {constructor: b}\nlabels:\n- pairs: {__proto__: l, constructor: c}\nconfigMapGenerator:\n- name: gen\n  literals: [__proto__=x, toString=y]\n` +
          `patches:\n- patch: |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: cm\n    data:\n      valueOf: v\n` +
          `- target: {kind: ConfigMap, name: cm}\n  patch: '[{"op": "replace", "path": "/data/__proto__", "value": "r"}, {"op": "add", "path": "/metadata/annotations/__proto__", "value": "p"}]'\n` +
          `replacements:\n- source: {kind: ConfigMap, name: cm, fieldPath: data.constructor}\n  targets:\n  - select: {kind: ConfigMap, name: gen}\n    fieldPaths: [data.__proto__, data.isPrototypeOf]\n    options: {create: true}\n`,
      }),
    check: { stdout: '', code: 0 },
    render:
      'apiVersion: v1\ndata:\n  __proto__: r\n  constructor: x\n  hasOwnProperty: z\n  toString: "y"\n  valueOf: v\nkind: ConfigMap\nmetadata:\n  annotations:\n    __proto__: p\n    constructor: b\n  labels:\n    __proto__: l\n    constructor: c\n  name: cm\n---\n' +
      'apiVersion: v1\ndata:\n  __proto__: x\n  isPrototypeOf: x\n  toString: "y"\nkind: ConfigMap\nmetadata:\n  annotations:\n    constructor: b\n  labels:\n    __proto__: l\n    constructor: c\n  name: gen-m55m9h67gt\n',
  },
  {
    name: 'dates, !!timestamp, !!omap, !!set and !!binary render as kustomize renders them',
    make: (d) =>
      write(d, {
        'cm.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels:\n    d: 2001-12-14\ndata:\n  date: 2001-12-14\n  ts: 2001-12-14t21:59:43.10-05:00\n' +
          '  tagged: !!timestamp 2001-12-14 21:59:43.10\n  quoted: !!timestamp "2002-12-14"\n  str: !!str 2001-12-14\n  omap: !!omap [a: 1, b: 2]\n  set: !!set {a, b}\n  bin: !!binary aGVsbG8=\n',
        'kustomization.yaml': `${RES}commonAnnotations:\n  when: 2024-01-02\n  ts: !!timestamp 2024-01-02\n`,
      }),
    // The list and the map are no ConfigMap data (the API server refuses them): the render says so.
    check: { stdout: 'cm.yaml:13:16 error schema-type [dev] expected string, got array\ncm.yaml:14:14 error schema-type [dev] expected string, got object\n', code: 1 },
    render:
      'apiVersion: v1\ndata:\n  bin: hello\n  date: "2001-12-14T00:00:00Z"\n  omap:\n  - a: 1\n  - b: 2\n  quoted: "2002-12-14T00:00:00Z"\n  set:\n    a: ""\n    b: ""\n  str: "2001-12-14"\n' +
      '  tagged: "2001-12-14T21:59:43.1Z"\n  ts: "2001-12-14T21:59:43.1-05:00"\nkind: ConfigMap\nmetadata:\n  annotations:\n    ts: "2024-01-02"\n    when: "2024-01-02"\n  labels:\n    d: "2001-12-14T00:00:00Z"\n  name: cm\n',
  },
  {
    name: 'a !!timestamp that is no time is refused at its line, in goyaml\'s words (what kustomize prints)',
    make: (d) => write(d, { 'cm.yaml': CM('  a: !!timestamp nope\n'), 'kustomization.yaml': RES }),
    check: { stdout: 'cm.yaml:6:6 error yaml-syntax cannot decode !!str `nope` as a !!timestamp\n', code: 1 },
  },
  {
    name: 'a repeated key in a kustomization is an error at its line in goyaml\'s words',
    make: (d) => write(d, { 'cm.yaml': CM('  a: b\n'), 'kustomization.yaml': `${RES}namePrefix: a-\nnamePrefix: b-\n` }),
    check: { stdout: 'kustomization.yaml:3:1 error yaml-syntax mapping key "namePrefix" already defined at line 2\n', code: 1 },
  },
];
