// Runs rules over one rendered environment and returns what they reported with
// the effective severity; suppressions are applied here, mapping to source
// lines happens in analysis/.
import type { Severity } from '../findings';
import type { Environment, ProjectConfig } from '../config/types';
import type { PatchMatch, RenderedResource } from '../kustomize/model';
import { ResourceIndex } from './lib/index-resources';
import type { KustomizationFile } from './lib/kustomizations';
import { ruleSeverity } from './settings';
import { isSuppressed } from './suppression';
import type { Report, Rule } from './types';
import { RULES } from './index';
import { kustomizationFile } from '../config/discover';
import type { ParsedYaml } from '../documents/parse';

export interface RuleHit {
  rule: Rule;
  severity: Severity;
  report: Report;
}

export interface RunRulesInput {
  config: ProjectConfig;
  env: Environment;
  resources: RenderedResource[];
  kustomizations: KustomizationFile[];
  rules: Rule[];
  noSuppressions?: boolean;
  /** From the render (RenderResult.patchMatches). */
  patchMatches?: readonly PatchMatch[];
  /** Parsed source files (see RuleContext.parse). */
  parse?: (file: string) => ParsedYaml | undefined;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The lower of the configured severity and the report's own. */
function lower(a: Severity, b: Severity | undefined): Severity {
  return b !== undefined && RANK[b] > RANK[a] ? b : a;
}

/** Ids of every registered rule: made once (RULES never changes). */
let registeredIds: ReadonlySet<string> | undefined;

export function runRules(input: RunRulesInput): RuleHit[] {
  const { config, env, resources, kustomizations, patchMatches, parse } = input;
  const index = new ResourceIndex(resources, env.namespace);
  const hits: RuleHit[] = [];
  const ruleIds = (registeredIds ??= new Set(RULES.map((r) => r.id)));
  for (const rule of input.rules) {
    const severity = ruleSeverity(rule, config, env.name);
    if (severity === 'off') continue;
    const report = (r: Report): void => {
      if (!input.noSuppressions && r.resource && rule.category !== 'meta' && isSuppressed(r.resource, rule.id)) return;
      hits.push({ rule, severity: lower(severity, r.severity), report: r });
    };
    try {
      // One literal of one shape for every rule (spreading the optional fields in built each context
      // field by field, and left the rules' reads of it polymorphic).
      rule.check({ env, facts: env.facts, config, resources, index, kustomizations, patchMatches, parse, ruleIds, report });
    } catch (e) {
      // A rule that trips over an unexpected shape must not take the other rules
      // (or the editor's diagnostics) down with it; the failure is itself reported.
      const file = kustomizationFile(env.overlay) ?? env.overlay;
      const zero = { line: 0, character: 0 };
      hits.push({ rule, severity: 'error', report: { location: { file, range: { start: zero, end: zero } }, message: `rule ${rule.id} failed: ${(e as Error).message}` } });
    }
  }
  return hits;
}
