import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';

const repo = join(__dirname, '..', '..');
const cli = join(repo, 'bin', 'thebot.js');
const project = 'test/fixtures/cli/project';

function run(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const IMAGE = `${project}/base/web.yaml:17:18 warning image-latest-tag [dev,production] image 'example.com/web:latest' of container 'web' uses the 'latest' tag; pin a version`;
const REPLICAS = `${project}/overlays/production/kustomization.yaml:5:12 warning min-replicas [production] Deployment 'web' runs 1 replica(s), below the 2 required in production`;

test('check reports a syntax error in the second document with exact line and column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  writeFileSync(join(dir, 'bad.yaml'), 'a: 1\n---\nb: [1, 2\nc: 3\n');
  const r = run(['check', 'bad.yaml'], dir);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'bad.yaml:4:1 error yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]\n');
});

test('a file kustomize reads says the first problem of each piece its reader decodes in go-yaml\'s words, as kustomize does', () => {
  // Expected words from `kubectl kustomize` (v5.5.0) on the same files: kyaml decodes each `---` piece of a
  // resource on its own (go-yaml v3), a kustomization is read whole by YAMLToJSON (go-yaml v2).
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- a.yaml\nnamePrefix: [x\n');
  writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  bad: [1\ndata: {}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: "unclosed\n');
  const r = run(['check', '.'], dir);
  assert.equal(
    r.stdout,
    "a.yaml:6:1 error yaml-syntax did not find expected ',' or ']'\n" +
      'a.yaml:13:6 error yaml-syntax found unexpected end of stream\n' +
      "kustomization.yaml:4:1 error yaml-syntax did not find expected ',' or ']'\n",
  );
  assert.equal(r.code, 1);
});

test('check prints no findings and exits 0 on valid YAML', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  writeFileSync(join(dir, 'good.yaml'), 'a: 1\n---\nb: [1, 2]\n');
  const r = run(['check', '.'], dir);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'thebot check: 1 path as plain YAML: 0 error(s), 0 warning(s), 0 info\n');
});

test('the bundled platform: every environment clean', () => {
  const r = run(['check', 'manifests']);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', 'thebot check: 3 environments (dev, staging, production): 0 error(s), 0 warning(s), 0 info\n']);
});

test('plain files: Kubernetes manifests and kustomizations are schema-checked, other YAML only for syntax', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  writeFileSync(join(dir, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec:\n  replicas: two\n  selector: {}\n  template: {}\n');
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [deploy.yaml]\nbogus: 1\n');
  writeFileSync(join(dir, 'values.yaml'), 'replicas: two\n');
  const r = run(['check', 'deploy.yaml', 'kustomization.yaml', 'values.yaml'], dir);
  assert.equal(
    r.stdout,
    'deploy.yaml:5:13 error schema-type expected integer, got string "two"\nkustomization.yaml:2:1 error schema-unknown-field unknown field "bogus" in Kustomization\n',
  );
  assert.equal(r.code, 1);
});

test('check exits 2 on a missing path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  const r = run(['check', 'nope.yaml'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no such file or directory: nope\.yaml/);
});

test('project: findings land on the overlay line that set the value, merged across environments', () => {
  const r = run(['check', project]);
  assert.equal(r.stderr, 'thebot check: 2 environments (dev, production): 0 error(s), 2 warning(s), 0 info\n');
  assert.equal(r.stdout, `${IMAGE}\n${REPLICAS}\n`);
  assert.equal(r.code, 0, 'warnings only: exit 0 with the default --fail-on error');
});

test('--fail-on warning exits 1 on warnings', () => {
  assert.equal(run(['check', project, '--fail-on', 'warning']).code, 1);
});

test('--no-suppressions reports the suppressed finding; --env limits environments', () => {
  const r = run(['check', project, '--no-suppressions', '--env', 'production']);
  assert.equal(
    r.stdout,
    [
      IMAGE.replace('[dev,production]', '[production]'),
      `${project}/base/web.yaml:19:25 error privileged [production] container 'web' of Deployment 'web' is privileged`,
      REPLICAS,
      '',
    ].join('\n'),
  );
  assert.equal(r.code, 1);
});

test('a path inside an overlay checks only that environment', () => {
  const r = run(['check', `${project}/overlays/dev`]);
  assert.deepEqual([r.stdout, r.stderr], [`${IMAGE.replace('[dev,production]', '[dev]')}\n`, 'thebot check: 1 environment (dev): 0 error(s), 1 warning(s), 0 info\n']);
});

test('an environment whose overlay is the project root (overlay: .): --env resolves as render does, and it narrows no path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  writeFileSync(join(dir, 'thebot.yaml'), 'environments:\n  gen:\n    overlay: .\n  dev:\n    overlay: overlays/dev\n');
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
  writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gen\ndata:\n  a: b\n');
  mkdirSync(join(dir, 'overlays', 'dev'), { recursive: true });
  writeFileSync(join(dir, 'overlays', 'dev', 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
  writeFileSync(join(dir, 'overlays', 'dev', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dev\n');
  const summary = (envs: string) => `thebot check: ${envs}: 0 error(s), 0 warning(s), 0 info\n`;
  const check = (args: string[], cwd: string) => {
    const r = run(['check', ...args], cwd);
    return [r.code, r.stdout, r.stderr];
  };
  assert.equal(run(['render', 'dev'], dir).stdout, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dev\n');
  assert.deepEqual(check(['--env', 'dev'], dir), [0, '', summary('1 environment (dev)')]);
  assert.deepEqual(check(['--env', 'gen'], dir), [0, '', summary('1 environment (gen)')]);
  // The root is inside gen's overlay, yet holds the whole project: every environment.
  assert.deepEqual(check([], dir), [0, '', summary('2 environments (gen, dev)')]);
  assert.deepEqual(check([], join(dir, 'overlays', 'dev')), [0, '', summary('1 environment (dev)')]);
  assert.deepEqual(check(['--env', 'gen'], join(dir, 'overlays', 'dev')), [0, '', summary('1 environment (gen)')]);
  assert.deepEqual(check(['--env', 'qa'], dir), [2, '', "thebot check: unknown environment 'qa' (known: gen, dev)\n"]);
});

test('usage errors exit 2', () => {
  assert.deepEqual([run(['check', project, '--env', 'qa']).code, run(['check', project, '--env', 'qa']).stderr], [2, "thebot check: unknown environment 'qa' (known: dev, production)\n"]);
  assert.deepEqual([run(['check', '--format', 'xml']).code, run(['check', '--format', 'xml']).stderr], [2, "thebot check: unknown format 'xml' (expected text, json, sarif, junit, github)\n"]);
  assert.equal(run(['check', '--fail-on', 'info']).code, 2);
  assert.equal(run(['check', '--bogus']).code, 2);
});

test('an alias to an anchor not set before it in its document is a syntax error in go-yaml\'s words, once, at the alias (it was an internal error)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- cm.yaml\n- *later\nnamePrefix: &later p-\n');
  writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n a\n  labels: {x: *n}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *n\n');
  const r = run(['check', '.'], dir);
  assert.equal(r.code, 1);
  // kustomize: "invalid Kustomization: yaml: unknown anchor 'later' referenced"; anchors do not cross documents.
  assert.equal(r.stdout, "cm.yaml:10:9 error yaml-syntax unknown anchor 'n' referenced\nkustomization.yaml:3:3 error yaml-syntax unknown anchor 'later' referenced\n");
});

test('render --help and -h print its usage on stdout and exit 0; a stray option still exits 2 with the usage on stderr', () => {
  for (const flag of ['--help', '-h']) {
    const r = run(['render', flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^usage: thebot render <environment\|kustomization dir> \[--origins\] \[options\]\n/);
    assert.match(r.stdout, /\n {2}--enable-helm {9}inflate helmCharts with helm/);
    assert.match(r.stdout, /\n {2}-h, --help {12}this help\n$/);
  }
  const bad = run(['render', '--bogus', 'dev']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^thebot render: Unknown option '--bogus'.*\nusage: thebot render /);
});

test('a broken thebot.yaml is reported at its line and exits 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  writeFileSync(join(dir, 'thebot.yaml'), 'environments:\n  dev:\n    overlay: overlays/dev\n');
  const r = run(['check', '.'], dir);
  assert.equal(r.stdout, 'thebot.yaml:3:14 error config environments.dev.overlay: no kustomization.yaml in overlays/dev\n');
  assert.equal(r.code, 2);
});

test('an alias to an unknown anchor in thebot.yaml is said at the alias, in go-yaml\'s words, and exits 2 (it was "document contains excessive aliasing")', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  mkdirSync(join(dir, 'overlays', 'dev'), { recursive: true });
  writeFileSync(join(dir, 'overlays', 'dev', 'kustomization.yaml'), 'resources: []\n');
  writeFileSync(join(dir, 'thebot.yaml'), 'environments:\n  dev:\n    overlay: overlays/dev\n    protected: *nope\n');
  const r = run(['check', '.'], dir);
  assert.equal(r.stdout, "thebot.yaml:4:16 error yaml-syntax unknown anchor 'nope' referenced\n");
  assert.equal(r.code, 2);
});

test('json output carries 1-based ranges, environments and related locations', () => {
  const out = JSON.parse(run(['check', project, '--format', 'json']).stdout);
  assert.deepEqual(out[1], {
    file: `${project}/overlays/production/kustomization.yaml`,
    line: 5,
    column: 12,
    endLine: 5,
    endColumn: 13,
    severity: 'warning',
    code: 'min-replicas',
    message: "Deployment 'web' runs 1 replica(s), below the 2 required in production",
    environments: ['production'],
    related: [{ file: `${project}/base/web.yaml`, line: 8, column: 13, message: 'spec.replicas set here (resource), overridden' }],
  });
});

test('json output carries quick fixes as 1-based replacements', () => {
  const out = JSON.parse(run(['check', project, '--format', 'json', '--no-suppressions', '--env', 'dev']).stdout);
  assert.deepEqual(out.find((f: { code: string }) => f.code === 'privileged').fix, {
    title: 'Set privileged: false',
    edits: [{ file: `${project}/base/web.yaml`, line: 19, column: 25, endLine: 19, endColumn: 29, newText: 'false' }],
  });
});

test('github annotations escape commas in properties', () => {
  assert.equal(
    run(['check', project, '--format', 'github']).stdout,
    [
      `::warning file=${project}/base/web.yaml,line=17,col=18,endLine=17,endColumn=40,title=image-latest-tag [dev%2Cproduction]::image 'example.com/web:latest' of container 'web' uses the 'latest' tag; pin a version`,
      `::warning file=${project}/overlays/production/kustomization.yaml,line=5,col=12,endLine=5,endColumn=13,title=min-replicas [production]::Deployment 'web' runs 1 replica(s), below the 2 required in production`,
      '',
    ].join('\n'),
  );
});

test('junit output: one failing test case per finding, grouped by file', () => {
  const xml = run(['check', project, '--format', 'junit']).stdout;
  assert.equal(xml.split('\n')[1], '<testsuites name="thebot check" tests="2" failures="2">');
  assert.ok(xml.includes(`<testcase classname="${project}/overlays/production/kustomization.yaml" name="min-replicas 5:12 [production]">`));
  assert.ok(xml.includes('<failure type="warning" message="Deployment &apos;web&apos; runs 1 replica(s), below the 2 required in production">'));
  const clean = run(['check', '--format', 'junit'], mkdtempSync(join(tmpdir(), 'thebot-cli-'))).stdout;
  assert.ok(clean.includes('<testcase classname="thebot" name="no findings"/>'));
});

test('sarif output validates against the SARIF 2.1.0 schema and carries rule metadata and real regions', () => {
  // unicodeRegExp: false because the schema's `language` pattern is not a valid /u regex.
  // Schema file: @microsoft/jest-sarif ships the OASIS SARIF 2.1.0 (rtm.5) JSON schema (draft-04).
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
  const log = JSON.parse(run(['check', project, '--format', 'sarif']).stdout);
  assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
  assert.equal(log.version, '2.1.0');
  const result = log.runs[0].results[1];
  assert.deepEqual(result.locations[0].physicalLocation, {
    artifactLocation: { uri: `${project}/overlays/production/kustomization.yaml`, uriBaseId: 'SRCROOT' },
    region: { startLine: 5, startColumn: 12, endLine: 5, endColumn: 13 },
  });
  const rule = log.runs[0].tool.driver.rules[result.ruleIndex];
  assert.equal(rule.id, 'min-replicas');
  assert.equal(rule.shortDescription.text, 'Fewer replicas than the environment requires');
  assert.match(rule.help.markdown, /\*\*Bad\*\*\n\n```yaml\n# facts.minReplicas \(production\): 3/);
  assert.equal(result.relatedLocations[0].physicalLocation.region.startLine, 8);

  // A finding outside the working directory (absolute URI) and a code that is not a rule.
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  writeFileSync(join(dir, 'bad.yaml'), 'a: [1\n');
  const plain = JSON.parse(run(['check', dir, '--format', 'sarif']).stdout);
  assert.equal(validate(plain), true, JSON.stringify(validate.errors, null, 2));
  assert.deepEqual(plain.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: `file://${join(dir, 'bad.yaml')}` });
  assert.equal(plain.runs[0].tool.driver.rules[plain.runs[0].results[0].ruleIndex].id, 'yaml-syntax');
});

test('--load-restrictor LoadRestrictionsNone: render and check read files outside a kustomization\'s directory, as kustomize\'s flag does; any other value exits 2 in kustomize\'s words', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  mkdirSync(join(dir, 'base'));
  mkdirSync(join(dir, 'overlays', 'dev'), { recursive: true });
  mkdirSync(join(dir, 'patches'));
  writeFileSync(join(dir, 'base', 'kustomization.yaml'), 'resources:\n  - cm.yaml\n');
  writeFileSync(join(dir, 'base', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: info\n');
  writeFileSync(join(dir, 'overlays', 'dev', 'kustomization.yaml'), 'resources:\n  - ../../base\npatches:\n  - path: ../../patches/level.yaml\n');
  // A patch (a partial object: no required fields missing), with one unknown field.
  writeFileSync(join(dir, 'patches', 'level.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: debug\nbinaryDatta: {}\n');

  const refused = run(['render', 'overlays/dev'], dir);
  assert.equal(refused.code, 1);
  assert.equal(
    refused.stderr,
    'overlays/dev/kustomization.yaml:4:11: error: trouble configuring builtin PatchTransformer with config: `\npath: ../../patches/level.yaml\n`: ' +
      `failed to get the patch file from path(../../patches/level.yaml): security; file '${dir}/patches/level.yaml' is not in or below '${dir}/overlays/dev'\n`,
  );
  const rendered = run(['render', 'overlays/dev', '--load-restrictor', 'LoadRestrictionsNone'], dir);
  assert.equal(rendered.code, 0, rendered.stderr);
  // kubectl kustomize --load-restrictor=LoadRestrictionsNone (v5.5.0) prints the same.
  assert.equal(rendered.stdout, 'apiVersion: v1\nbinaryDatta: {}\ndata:\n  level: debug\nkind: ConfigMap\nmetadata:\n  name: settings\n');

  const checked = run(['check', '.', '--load-restrictor=LoadRestrictionsNone'], dir);
  assert.equal(checked.code, 1);
  // Checked once, as the patch it is (in the environment's render): no required field asked of it.
  assert.equal(checked.stdout, 'patches/level.yaml:7:1 error schema-unknown-field [dev] unknown field "binaryDatta" in ConfigMap\n');

  // thebot.yaml's loadRestrictor: every render of the project, unless the flag says otherwise.
  writeFileSync(join(dir, 'thebot.yaml'), 'environments:\n  dev:\n    overlay: overlays/dev\nloadRestrictor: LoadRestrictionsNone\n');
  assert.deepEqual(run(['render', 'dev'], dir), { code: 0, stdout: rendered.stdout, stderr: '' });
  assert.deepEqual(run(['render', 'overlays/dev'], dir), { code: 0, stdout: rendered.stdout, stderr: '' });
  assert.deepEqual(run(['check', '.'], dir), checked);
  assert.deepEqual(run(['render', 'overlays/dev', '--load-restrictor=LoadRestrictionsRootOnly'], dir), refused);

  for (const cmd of ['render', 'check']) {
    const bad = run([cmd, cmd === 'render' ? 'overlays/dev' : '.', '--load-restrictor', 'none'], dir);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, `thebot ${cmd}: illegal flag value --load-restrictor none; legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]\n`);
  }
});

test('a project\'s loadRestrictor: LoadRestrictionsNone opens its own tree, not the disk: a file outside the project root is refused, naming the root', () => {
  const top = mkdtempSync(join(tmpdir(), 'thebot-cli-'));
  const dir = join(top, 'project');
  mkdirSync(join(dir, 'overlays', 'dev'), { recursive: true });
  mkdirSync(join(top, 'outside'));
  writeFileSync(join(top, 'outside', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside\n');
  writeFileSync(join(dir, 'thebot.yaml'), 'environments:\n  dev:\n    overlay: overlays/dev\nloadRestrictor: LoadRestrictionsNone\n');
  writeFileSync(join(dir, 'overlays', 'dev', 'kustomization.yaml'), 'resources:\n  - ../../../outside/cm.yaml\n');
  const message =
    "accumulating resources: accumulation err='accumulating resources from '../../../outside/cm.yaml': " +
    `security; file '${top}/outside/cm.yaml' is not in or below the project root '${dir}' (LoadRestrictionsNone)': ` +
    `must build at directory: '${top}/outside/cm.yaml': file is not directory`;
  for (const target of ['dev', 'overlays/dev']) {
    assert.deepEqual(run(['render', target], dir), { code: 1, stdout: '', stderr: `overlays/dev/kustomization.yaml:2:5: error: ${message}\n` });
  }
  const checked = run(['check', '.'], dir);
  assert.equal(checked.code, 1);
  assert.equal(checked.stdout, `overlays/dev/kustomization.yaml:2:5 error render [dev] ${message}\n`);
  assert.equal(run(['render', 'overlays/dev', '--load-restrictor', 'LoadRestrictionsNone'], dir).stderr, `overlays/dev/kustomization.yaml:2:5: error: ${message}\n`);
  // A directory in no project: the flag is kustomize's, nothing bounds it.
  mkdirSync(join(top, 'free'));
  writeFileSync(join(top, 'free', 'kustomization.yaml'), 'resources:\n  - ../outside/cm.yaml\n');
  assert.deepEqual(run(['render', 'free', '--load-restrictor', 'LoadRestrictionsNone'], top), {
    code: 0,
    stdout: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside\n',
    stderr: '',
  });
  // A kustomization.yaml that is a link beyond the project's root: kustomize's flag would read it
  // (corpus case load-restrictor-none-kustomization-link); the project's root is named, as for any other file.
  mkdirSync(join(dir, 'overlays', 'linked'));
  writeFileSync(join(top, 'outside', 'kustomization.yaml'), 'resources:\n  - cm.yaml\n');
  symlinkSync(join('..', '..', '..', 'outside', 'kustomization.yaml'), join(dir, 'overlays', 'linked', 'kustomization.yaml'));
  assert.deepEqual(run(['render', 'overlays/linked'], dir), {
    code: 1,
    stdout: '',
    stderr: `overlays/linked: error: security; file '${dir}/overlays/linked/kustomization.yaml' is not in or below the project root '${dir}' (LoadRestrictionsNone)\n`,
  });
  // Under kustomize's default restrictor the link is not read: kustomize's own words.
  assert.equal(
    run(['render', 'overlays/linked', '--load-restrictor', 'LoadRestrictionsRootOnly'], dir).stderr,
    `overlays/linked: error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}/overlays/linked'\n`,
  );
});
