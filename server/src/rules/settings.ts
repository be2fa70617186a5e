// Effective severity of a rule in an environment: the rule's default, then
// `rules.severity`, then `rules.environments.<env>`; include/exclude globs.
import picomatch from 'picomatch';
import type { Severity } from '../findings';
import type { ProjectConfig, RuleSeverity } from '../config/types';
import type { Rule } from './types';

export function ruleSeverity(rule: Rule, config: ProjectConfig, envName: string | undefined): Severity | 'off' {
  const { include, exclude, severity, environments } = config.rules;
  if (!picomatch.isMatch(rule.id, include.length ? include : ['*'])) return 'off';
  if (exclude.length && picomatch.isMatch(rule.id, exclude)) return 'off';
  let s: RuleSeverity = rule.severity;
  if (severity[rule.id]) s = severity[rule.id];
  const perEnv = envName ? environments[envName]?.[rule.id] : undefined;
  if (perEnv) s = perEnv;
  return s;
}
