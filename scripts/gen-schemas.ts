// Regenerates schemas/ from upstream sources fetched through the Go module proxy:
//   Kubernetes  k8s.io/kubernetes  api/openapi-spec/v3/*.json  (+ enums from k8s.io/api Go types)
//   CRDs        prometheus-operator example/prometheus-operator-crd/, cert-manager deploy/crds/
//   kustomization: scripts/gen-schemas-kustomization.ts (kustomize v5 fields, written by hand)
// Usage: npx tsx scripts/gen-schemas.ts [--out DIR]   (default: schemas/)
// Output is deterministic; test/schema/generate.test.ts regenerates into a
// temp dir and compares byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { convert, QUANTITY_PATTERN, splitDocs, type Json, type Schema } from './gen-schemas-convert';
import { convertCrdFiles, type CrdDefinitions } from './gen-schemas-crds';
import { extractEnums } from './gen-schemas-enums';
import { kustomizationSchema } from './gen-schemas-kustomization';

export const KUBERNETES_VERSION = '1.34';
const MODULES = {
  kubernetes: 'k8s.io/kubernetes@v1.34.4',
  api: 'k8s.io/api@v0.34.4',
  prometheusOperator: 'github.com/prometheus-operator/prometheus-operator@v0.85.0',
  certManager: 'github.com/cert-manager/cert-manager@v1.21.2',
};
const K8S_FILE = `kubernetes-${KUBERNETES_VERSION}.json`;
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function main(): void {
  const outFlag = process.argv.indexOf('--out');
  const out = resolve(outFlag > 0 ? process.argv[outFlag + 1] : join(dirname(new URL(import.meta.url).pathname), '..', 'schemas'));
  const dirs = downloadModules();
  const files: string[] = [];
  let written = 0;
  const write = (name: string, text: string, listed = true) => {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    // ASCII only (JSON escapes for the rest, which parse to the same strings):
    // Node holds a file with any other character as a two-byte string, decoded
    // from UTF-8, and a `thebot check` reads the 1.2 MB Kubernetes bundle.
    writeFileSync(join(out, name), text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    written++;
    if (listed) files.push(name);
  };

  // The Kubernetes and CRD bundles go out in two files each: the schema, which
  // validation reads, and its descriptions, which only hover and completion
  // read (`X.docs.json`, the same layout; splitDocs). Descriptions were 65% of
  // the Kubernetes bundle, read and parsed by every `thebot check`.
  const writeSplit = (name: string, b: BundleParts) => {
    const split = splitBundle(b.definitions);
    write(name, bundle(b.source, b.kinds, split.schemas));
    write(name.replace(/\.json$/, '.docs.json'), docsBundle(name, split.docs), false);
  };
  writeSplit(K8S_FILE, kubernetesBundle(dirs.kubernetes, dirs.api));
  const crdSets: [string, string, string, string[]][] = [
    ['crds/monitoring.coreos.com.json', MODULES.prometheusOperator, join(dirs.prometheusOperator, 'example/prometheus-operator-crd'),
      ['monitoring.coreos.com_servicemonitors.yaml', 'monitoring.coreos.com_podmonitors.yaml', 'monitoring.coreos.com_prometheusrules.yaml']],
    ['crds/cert-manager.io.json', MODULES.certManager, join(dirs.certManager, 'deploy/crds'),
      ['cert-manager.io_certificates.yaml', 'cert-manager.io_certificaterequests.yaml', 'cert-manager.io_issuers.yaml', 'cert-manager.io_clusterissuers.yaml']],
  ];
  for (const [name, module, dir, crdFiles] of crdSets) {
    const defs: CrdDefinitions = { kinds: {}, definitions: {} };
    convertCrdFiles(crdFiles.map((f) => join(dir, f)), `../${K8S_FILE}#/definitions/${OBJECT_META}`, defs);
    writeSplit(name, { source: { module, files: crdFiles, note: 'x-kubernetes-validations (CEL) rules are not carried over' }, kinds: defs.kinds, definitions: defs.definitions });
  }
  const k = kustomizationSchema();
  // A root $ref makes this file usable as-is by other JSON Schema tools (e.g. for kustomization.yaml in yaml-language-server).
  write('kustomization.schema.json', bundle(k.source, k.kinds, k.definitions, '#/definitions/Kustomization'));
  writeFileSync(join(out, 'index.json'), JSON.stringify({ kubernetesVersion: KUBERNETES_VERSION, files }, null, 2) + '\n');
  console.log(`wrote ${written + 1} files to ${out}`);
}

interface BundleParts {
  source: Record<string, Json>;
  kinds: Record<string, Record<string, string>>;
  definitions: Record<string, Schema>;
}

function kubernetesBundle(kubernetesDir: string, apiDir: string): BundleParts {
  const specDir = join(kubernetesDir, 'api/openapi-spec/v3');
  const upstream = new Map<string, Schema>();
  for (const f of readdirSync(specDir).sort()) {
    const spec = JSON.parse(readFileSync(join(specDir, f), 'utf8')) as { components?: { schemas?: Record<string, Schema> } };
    for (const [name, s] of Object.entries(spec.components?.schemas ?? {})) if (!upstream.has(name)) upstream.set(name, s);
  }
  const enums = extractEnums(apiDir);
  const ref = (r: string) => r.replace('#/components/schemas/', '#/definitions/');
  const kinds: Record<string, Record<string, string>> = {};
  const definitions: Record<string, Schema> = {};
  for (const name of [...upstream.keys()].sort()) {
    const s = upstream.get(name)!;
    const d = convert(s, { ref }, name);
    // Upstream describes Quantity only in prose; the grammar makes "1.5.0" an error.
    if (name === QUANTITY) Object.assign(d, { format: 'quantity', pattern: QUANTITY_PATTERN });
    for (const [field, e] of enums.get(name) ?? []) {
      const p = (d.properties as Record<string, Schema> | undefined)?.[field];
      const target = p && (e.list ? (p.items as Schema | undefined) : p);
      if (target && target.type === 'string') target.enum = e.values;
    }
    const gvks = s['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
    if (gvks?.length === 1) {
      const { group, version, kind } = gvks[0];
      (kinds[group ? `${group}/${version}` : version] ??= {})[kind] = name;
    }
    definitions[name] = d;
  }
  return { source: { module: MODULES.kubernetes, path: 'api/openapi-spec/v3', enums: `${MODULES.api} (+enum Go types)` }, kinds, definitions };
}

function splitBundle(definitions: Record<string, Schema>): { schemas: Record<string, Schema>; docs: Record<string, Json> } {
  const schemas: Record<string, Schema> = {};
  const docs: Record<string, Json> = {};
  for (const [name, d] of Object.entries(definitions)) {
    const split = splitDocs(d);
    schemas[name] = split.schema as Schema;
    if (split.docs !== undefined) docs[name] = split.docs;
  }
  return { schemas, docs };
}

/** The descriptions of a bundle, one definition per line, each in its definition's shape (server/src/schema/docs.ts merges them back). */
function docsBundle(of: string, docs: Record<string, Json>): string {
  const defs = Object.keys(docs).sort().map((n) => `${JSON.stringify(n)}:${JSON.stringify(docs[n])}`);
  const comment = `Generated by scripts/gen-schemas.ts; do not edit. The descriptions of ${of.slice(of.lastIndexOf('/') + 1)}, each definition in its own shape.`;
  return ['{"$comment":' + JSON.stringify(comment) + ',', '"definitions":{', defs.join(',\n'), '}}', ''].join('\n');
}

/** One definition per line: compact, yet diffs stay readable. */
function bundle(source: Record<string, Json>, kinds: Record<string, Record<string, string>>, definitions: Record<string, Schema>, rootRef?: string): string {
  const sortedKinds = Object.fromEntries(Object.keys(kinds).sort().map((gv) => [gv, Object.fromEntries(Object.entries(kinds[gv]).sort())]));
  const defs = Object.keys(definitions).sort().map((n) => `${JSON.stringify(n)}:${JSON.stringify(definitions[n])}`);
  return [
    '{"$schema":"http://json-schema.org/draft-07/schema#",',
    '"$comment":"Generated by scripts/gen-schemas.ts; do not edit.",',
    ...(rootRef ? [`"$ref":${JSON.stringify(rootRef)},`] : []),
    `"x-thebot-source":${JSON.stringify({ kubernetesVersion: KUBERNETES_VERSION, ...source })},`,
    `"x-thebot-kinds":${JSON.stringify(sortedKinds)},`,
    '"definitions":{',
    defs.join(',\n'),
    '}}',
    '',
  ].join('\n');
}

/** Module directories in the Go module cache (`go mod download` needs a go.mod to run in). */
function downloadModules(): Record<keyof typeof MODULES, string> {
  const tmp = mkdtempSync(join(tmpdir(), 'thebot-gen-schemas-'));
  try {
    writeFileSync(join(tmp, 'go.mod'), 'module thebot.local/genschemas\n\ngo 1.24\n');
    const result = {} as Record<keyof typeof MODULES, string>;
    for (const [key, mod] of Object.entries(MODULES) as [keyof typeof MODULES, string][]) {
      const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', mod], { cwd: tmp, encoding: 'utf8' })) as { Dir?: string; Error?: string };
      if (!info.Dir) throw new Error(`go mod download ${mod}: ${info.Error ?? 'no directory'}`);
      result[key] = info.Dir;
    }
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
