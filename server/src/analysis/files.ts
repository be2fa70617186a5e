// File-level findings: what a file gets on its own, beside the findings of the
// environments that include it. Syntax always; then by the file's role:
// kustomization files against the kustomization schema, patch files in patch
// mode (partial objects), and files no environment includes validated as
// full manifests on their own. A patch no kustomization uses (named only in a
// kustomization's comment, or a `*patch*` file beside kustomizations) is
// checked as a patch too, its problems as warnings: nothing deploys it.
import { isMap } from 'yaml';
import type { Finding } from '../findings';
import type { ParsedYaml } from '../documents/parse';
import { validateFileDocuments } from '../schema';
import { syntaxFindings, type KustomizeReader } from './syntax';
import { perDocument } from './documentCache';

/**
 * `template`: a Go template nothing reads as YAML, no findings of its own;
 * `data`: YAML that is not a Kubernetes object (a chart's Chart.yaml), syntax
 * only (analysis/templates.ts); `unused-patch`: a patch no kustomization uses.
 */
export type FileRole = 'kustomization' | 'patch' | 'json-patch' | 'resource' | 'standalone' | 'template' | 'data' | 'unused-patch';

export interface FileValidators {
  manifest(file: string, parsed: ParsedYaml, kubernetesVersion: string): Finding[];
  patch(file: string, parsed: ParsedYaml, kubernetesVersion: string): Finding[];
  kustomization(file: string, parsed: ParsedYaml): Finding[];
}

/** The schema validators behind file-level findings, memoised per parsed document. */
export function createFileValidators(): FileValidators {
  // Validated document by document, so unchanged documents of a big file are not validated again.
  const full = perDocument((file, parsed, kubernetesVersion) => validateFileDocuments(file, parsed, 'full', { kubernetesVersion }));
  const patch = perDocument((file, parsed, kubernetesVersion) => validateFileDocuments(file, parsed, 'patch', { kubernetesVersion }));
  return {
    manifest: full,
    patch,
    kustomization: (file, parsed) => validateFileDocuments(file, parsed, 'kustomization'),
  };
}

export interface FileCheck {
  role: FileRole;
  /** Schema checks on (syntax is always checked). */
  validate: boolean;
  kubernetesVersion: string;
}

export function fileFindings(file: string, parsed: ParsedYaml, check: FileCheck, validators: FileValidators): Finding[] {
  const { role, validate, kubernetesVersion } = check;
  if (role === 'template') return [];
  const out = syntaxFindings(file, parsed, readerOf(role));
  // Schemas read the documents' values: not after a syntax error (an unknown anchor has no value).
  if (!validate || out.some((f) => f.severity === 'error')) return out;
  try {
    switch (role) {
      case 'kustomization':
        return [...out, ...validators.kustomization(file, parsed)];
      case 'patch':
        return [...out, ...validators.patch(file, parsed, kubernetesVersion)];
      case 'unused-patch':
        return [...out, ...validators.patch(file, parsed, kubernetesVersion).map((f) => (f.severity === 'error' ? { ...f, severity: 'warning' as const } : f))];
      case 'standalone':
        // Only YAML that looks like Kubernetes objects: other YAML (CI workflows, compose files) is not ours to judge.
        return looksLikeKubernetes(parsed) ? [...out, ...validators.manifest(file, parsed, kubernetesVersion)] : out;
      default:
        // Resources and JSON 6902 patches are checked as part of each environment's render.
        return out;
    }
  } catch (e) {
    // A validator failure on odd input is reported, and the syntax findings still go out.
    const message = `internal error while validating: ${e instanceof Error ? e.message : String(e)}`;
    return [...out, { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'internal', source: 'thebot', message }];
  }
}

/** How kustomize reads a file of this role (standalone files and data it never reads). */
function readerOf(role: FileRole): KustomizeReader | undefined {
  if (role === 'kustomization') return 'yaml11';
  if (role === 'json-patch') return 'yaml11'; // patchesJson6902 reads it with YAMLToJSON
  return role === 'patch' || role === 'resource' || role === 'unused-patch' ? 'kyaml' : undefined;
}

/**
 * A Kubernetes object names a kind (CamelCase: `Deployment`) beside an
 * apiVersion or metadata, or has an apiVersion and metadata. Other YAML that
 * happens to use one of those words is not: a Helm repository index
 * (`apiVersion: v1`, `entries:`), Istio's release notes (`kind: bug-fix`,
 * `apiVersion: release-notes/v2`), Talos machine configuration (`apiVersion:
 * v1alpha1`, `kind: HostnameConfig`: the only API version without a group
 * Kubernetes serves is `v1`).
 */
function looksLikeKubernetes(parsed: ParsedYaml): boolean {
  return parsed.documents.some((d) => {
    if (!isMap(d.contents)) return false;
    const apiVersion = d.contents.get('apiVersion');
    if (typeof apiVersion === 'string' && apiVersion !== 'v1' && /^v\d+((alpha|beta)\d+)?$/.test(apiVersion)) return false;
    // A kind with neither apiVersion nor metadata is another tool's config or a fragment
    // (cluster-api's kube-state-metrics header, `kind: CustomResourceStateMetrics` and `spec:`,
    // which a script joins to its resources). A missing or misspelt apiVersion beside metadata is still reported.
    const kind = d.contents.get('kind');
    const metadata = isMap(d.contents.get('metadata', true));
    return (typeof kind === 'string' && /^[A-Z]/.test(kind) && (d.contents.has('apiVersion') || metadata)) || (d.contents.has('apiVersion') && metadata);
  });
}

/**
 * Environment findings and file-level findings of one file, without
 * duplicates: a render error at a line that already has a syntax error says
 * the same thing twice, and so does a patch's own schema problem found again
 * in the environments it patches.
 */
export function combineFindings(environment: Finding[], fileLevel: Finding[]): Finding[] {
  const syntaxLines = new Set(fileLevel.filter((f) => f.code === 'yaml-syntax').map((f) => f.range.start.line));
  const errorLines = new Set(fileLevel.filter((f) => f.severity === 'error').map((f) => f.range.start.line));
  // A render error on a line the file's own checks already flag (a syntax error,
  // an unknown kustomization field) is the same problem in kustomize's words.
  const envs = environment.filter(
    (f) => !(f.code === 'render' && (errorLines.has(f.range.start.line) || (syntaxLines.size > 0 && /yaml|syntax/i.test(f.message)))),
  );
  const out: Finding[] = [];
  const used = new Set<Finding>();
  for (const f of fileLevel) {
    // The same schema problem found in the file itself (e.g. a patch) and in the
    // rendered environments: one diagnostic, with the file's exact range and
    // the environments' labels (origins of patched values can be coarser).
    const twin = f.code === 'yaml-syntax' ? undefined : envs.find((e) => !used.has(e) && e.code === f.code && e.message === f.message && within(f.range, e.range));
    if (twin) {
      used.add(twin);
      out.push({ ...twin, range: f.range });
    } else out.push(f);
  }
  const seen = new Set(out.map(key));
  // The config loader reports thebot.yaml's syntax errors too, in the parser's words.
  const syntax = new Set(fileLevel.filter((f) => f.code === 'yaml-syntax').map((f) => `${f.range.start.line}:${f.range.start.character}\0${f.message}`));
  for (const e of envs) {
    if (used.has(e) || seen.has(key(e)) || syntax.has(`${e.range.start.line}:${e.range.start.character}\0${e.message}`)) continue;
    seen.add(key(e));
    out.push(e);
  }
  return out;
}

function key(f: Finding): string {
  const r = f.range;
  // Severity and environments too: one rule can be an error in production and info in dev at the same line.
  return [r.start.line, r.start.character, r.end.line, r.end.character, f.severity, f.code, f.message, (f.environments ?? []).join(',')].join('\0');
}

function within(inner: Finding['range'], outer: Finding['range']): boolean {
  const le = (a: Finding['range']['start'], b: Finding['range']['start']): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}
