// File-level findings: what a file gets on its own, beside the findings of the
// environments that include it. Syntax always; then by the file's role:
// kustomization files against the kustomization schema, patch files in patch
// mode (partial objects), and files no environment includes validated as
// full manifests on their own.
import { isMap } from 'yaml';
import type { Finding } from '../findings';
import type { ParsedYaml } from '../documents/parse';
import { syntaxFindings } from './syntax';

export type FileRole = 'kustomization' | 'patch' | 'json-patch' | 'resource' | 'standalone';

export interface FileValidators {
  manifest(file: string, parsed: ParsedYaml, kubernetesVersion: string): Finding[];
  patch(file: string, parsed: ParsedYaml, kubernetesVersion: string): Finding[];
  kustomization(file: string, parsed: ParsedYaml): Finding[];
}

export interface FileCheck {
  role: FileRole;
  /** Schema checks on (syntax is always checked). */
  validate: boolean;
  kubernetesVersion: string;
}

export function fileFindings(file: string, parsed: ParsedYaml, check: FileCheck, validators: FileValidators): Finding[] {
  const { role, validate, kubernetesVersion } = check;
  const out = syntaxFindings(file, parsed);
  if (!validate || parsed.errors.length) return out;
  switch (role) {
    case 'kustomization':
      return [...out, ...validators.kustomization(file, parsed)];
    case 'patch':
      return [...out, ...validators.patch(file, parsed, kubernetesVersion)];
    case 'standalone':
      // Only YAML that looks like Kubernetes objects: other YAML (CI workflows, compose files) is not ours to judge.
      return looksLikeKubernetes(parsed) ? [...out, ...validators.manifest(file, parsed, kubernetesVersion)] : out;
    default:
      // Resources and JSON 6902 patches are checked as part of each environment's render.
      return out;
  }
}

function looksLikeKubernetes(parsed: ParsedYaml): boolean {
  return parsed.documents.some((d) => isMap(d.contents) && (d.contents.has('apiVersion') || d.contents.has('kind')));
}

/**
 * Environment findings and file-level findings of one file, without
 * duplicates: a render error at a line that already has a syntax error says
 * the same thing twice.
 */
export function combineFindings(environment: Finding[], fileLevel: Finding[]): Finding[] {
  const syntaxLines = new Set(fileLevel.filter((f) => f.code === 'yaml-syntax').map((f) => f.range.start.line));
  const seen = new Set<string>();
  const out: Finding[] = [];
  // Environment findings win over the same file-level finding: they say which environments it affects.
  const ordered = [...fileLevel.filter((f) => f.code === 'yaml-syntax'), ...environment, ...fileLevel.filter((f) => f.code !== 'yaml-syntax')];
  for (const f of ordered) {
    if (f.code === 'render' && syntaxLines.size && (syntaxLines.has(f.range.start.line) || /yaml|syntax/i.test(f.message))) continue;
    const r = f.range;
    const key = [r.start.line, r.start.character, r.end.line, r.end.character, f.code, f.message].join('\0');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}
