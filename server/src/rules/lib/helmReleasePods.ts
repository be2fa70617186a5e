// Pods a Helm release of the set makes: a Flux HelmRelease installs a chart
// whose templates are in no manifest here, yet a Service of the set may
// select its pods (pi-cluster's `fluentd-ext` in front of the fluentd chart).
// Their labels are unknown, except by the chart convention every `helm create`
// chart follows: `app.kubernetes.io/instance: <release>` (`release: <release>`
// in older charts) and `app.kubernetes.io/name: <chart>`. The namespace is not
// looked at: Flux puts the release in `targetNamespace`, and the Service's
// own namespace is often set at apply time.
import { get, groupOf, kindOf, nameOf, type ResourceIndex } from './index-resources';

export interface HelmReleaseNames {
  releases: Set<string>;
  charts: Set<string>;
}

export function helmReleaseNames(index: ResourceIndex): HelmReleaseNames {
  const releases = new Set<string>();
  const charts = new Set<string>();
  for (const r of index.resources) {
    if (kindOf(r) !== 'HelmRelease' || groupOf(r) !== 'helm.toolkit.fluxcd.io') continue;
    const name = nameOf(r);
    const release = get(r.object, ['spec', 'releaseName']);
    const target = get(r.object, ['spec', 'targetNamespace']);
    // Flux's default release name: `<targetNamespace>-<name>` when a target namespace is set.
    releases.add(typeof release === 'string' && release ? release : typeof target === 'string' && target ? `${target}-${name}` : name);
    const chart = get(r.object, ['spec', 'chart', 'spec', 'chart']);
    if (typeof chart === 'string' && chart) charts.add(chart.split('/').pop()!);
  }
  return { releases, charts };
}

/** Whether a selector may select a Helm release's pods (by the chart convention's labels). */
export function selectsHelmReleasePods(labels: Record<string, string>, h: HelmReleaseNames): boolean {
  if (h.releases.size === 0) return false;
  const instance = labels['app.kubernetes.io/instance'] ?? labels.release;
  if (instance !== undefined) return h.releases.has(instance);
  const name = labels['app.kubernetes.io/name'];
  return name !== undefined && h.charts.has(name);
}
