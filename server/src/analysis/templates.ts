// Files that are templates, not YAML: kustomize reads only the files a
// kustomization names, and a file nothing names is checked on its own only if
// it is YAML. These are not:
//  - a Helm chart's `templates/` (a directory holding `Chart.yaml` is a chart;
//    helm renders its templates with Go's text/template, and kustomize reads
//    them only through a helmCharts field, i.e. rendered);
//  - a Helm chart's `files/` (data its templates read, often templates too);
//  - any other file that holds Go template actions (`{{`) and does not parse,
//    or parses only because an unquoted action reads as a flow mapping used
//    as a key (`name: {{ .fluxns }}`; no Kubernetes object has a mapping as a
//    key): Go-templated YAML (test harness templates, clusterloader configs)
//    is YAML only after rendering;
//  - a file that does not parse and holds a Liquid/Jinja tag (`{% raw %}`
//    around a documentation snippet, `{% if %}`): no YAML has `{%` outside a
//    quoted or block scalar, where it parses.
// Such a file gets no finding of its own (not even syntax); when a
// kustomization names it, it is a resource and checked as one.
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { isMap, visit, type Document } from 'yaml';
import type { ParsedYaml } from '../documents/parse';
import type { TestAssertionLookup } from './testAssertions';
import { within } from '../kustomize/fs';

/** Whether a directory holds a Chart.yaml, memoised per directory (cleared when the tree changes). */
export class HelmChartLookup {
  private readonly memo = new Map<string, boolean>();

  constructor(private readonly exists: (path: string) => boolean = existsSync) {}

  private isChart(dir: string): boolean {
    let hit = this.memo.get(dir);
    if (hit === undefined) this.memo.set(dir, (hit = this.exists(`${dir}/Chart.yaml`)));
    return hit;
  }

  /** Whether the file is below `<chart>/templates/` or `<chart>/files/` (data the templates read) for a chart directory at or below `stop`. */
  inChartTemplates(file: string, stop: string): boolean {
    let child = dirname(file);
    let dir = dirname(child);
    while (dir !== child && within(stop, dir)) {
      if ((basename(child) === 'templates' || basename(child) === 'files') && this.isChart(dir)) return true;
      child = dir;
      dir = dirname(dir);
    }
    return false;
  }

  /**
   * Whether the file sits directly in a chart directory at or below `stop`:
   * helm's own files (Chart.yaml, values.yaml and other values files,
   * requirements.yaml, Chart.lock), read by helm as configuration, never
   * applied. descheduler's chart has `kind: CronJob` in its values.yaml (which
   * workload the templates make): it was checked as an object without an
   * apiVersion. A chart's objects installed as they are live in `crds/`.
   */
  atChartRoot(file: string, stop: string): boolean {
    const dir = dirname(file);
    return within(stop, dir) && this.isChart(dir);
  }

  clear(): void {
    this.memo.clear();
  }
}

/**
 * A file no kustomization names: a template (no findings of its own), YAML
 * data that is not a Kubernetes object (a chart's Chart.yaml has an
 * `apiVersion` of helm's own, its values files are helm's input, a kuttl or
 * chainsaw assertion holds partial objects (testAssertions.ts): syntax only),
 * or standalone YAML.
 */
export function standaloneRole(file: string, parsed: ParsedYaml, charts: HelmChartLookup, root: string, tests?: TestAssertionLookup): 'template' | 'data' | 'standalone' {
  if (charts.inChartTemplates(file, root)) return 'template';
  if (basename(file) === 'Chart.yaml' || charts.atChartRoot(file, root) || tests?.isAssertion(file, root)) return 'data';
  if (parsed.text.includes('{{') && (parsed.errors.length > 0 || parsed.documents.some(hasMapKey))) return 'template';
  if (parsed.errors.length > 0 && parsed.text.includes('{%')) return 'template';
  return 'standalone';
}

/** Whether a mapping in the document has a mapping as a key (`{{ .x }}` read as YAML). */
function hasMapKey(document: Document.Parsed): boolean {
  let found = false;
  visit(document, {
    Pair(_, pair) {
      if (isMap(pair.key)) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
