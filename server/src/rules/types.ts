// What a rule is: metadata (id, title, severity, rationale, docs with a bad
// and a good example) plus a check over one rendered environment. The registry
// (index.ts), the docs generator and the meta-test all read this shape.
import type { Severity, Location } from '../findings';
import type { Environment, Facts, ProjectConfig } from '../config/types';
import type { PatchMatch, PathSegment, RenderedResource } from '../kustomize/model';
import type { ResourceIndex } from './lib/index-resources';
import type { ParsedYaml } from '../documents/parse';
import type { KustomizationFile } from './lib/kustomizations';

export type RuleCategory = 'references' | 'workloads' | 'security' | 'images' | 'kustomize' | 'environment' | 'meta';

export interface RuleDocs {
  /** What the rule checks, in a sentence or two (Markdown). */
  description: string;
  /** A YAML snippet the rule reports. */
  bad: string;
  /** The same snippet fixed. */
  good: string;
}

export interface Rule {
  /** Kebab-case id = file name = fixture directory = docs anchor. */
  id: string;
  title: string;
  category: RuleCategory;
  severity: Severity;
  /** Why it matters: the failure it prevents. */
  rationale: string;
  docs: RuleDocs;
  check(ctx: RuleContext): void;
}

/** A point in a rendered object; mapped to a source line through origins. */
export interface ObjectRef {
  resource: RenderedResource;
  path: PathSegment[];
}

/** Quick fix: replace the source text of the value at the report's path. */
export interface RuleFix {
  title: string;
  newText: string;
}

export interface Report extends Partial<ObjectRef> {
  message: string;
  /** For findings that are not in a rendered object (kustomization files). */
  location?: Location;
  related?: (ObjectRef & { message: string })[];
  fix?: RuleFix;
  /** The part of a composite value the report is about (an image's `name`, `tag` or `digest`): placed where that part was set. */
  part?: string;
  /** Lowers the rule's severity for this report (a weaker case of the rule); never raises it. */
  severity?: Severity;
}

export interface RuleContext {
  env: Environment;
  facts: Facts;
  config: ProjectConfig;
  resources: RenderedResource[];
  index: ResourceIndex;
  /** Kustomization files that took part in the render, parsed with positions. */
  kustomizations: KustomizationFile[];
  /**
   * What each targeted `patches` entry selected when the engine applied it;
   * undefined when the resources did not come from the engine (test adapter).
   */
  patchMatches?: readonly PatchMatch[];
  /**
   * The parsed source files (the analysis' parse cache), for checks of what
   * the render no longer shows (a list entry a merge dropped, a base value
   * every environment overrides); undefined where sources are not at hand.
   */
  parse?: (file: string) => ParsedYaml | undefined;
  /** Ids of every registered rule (for suppression annotations). */
  ruleIds: ReadonlySet<string>;
  report(report: Report): void;
}
