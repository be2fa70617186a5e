// Effective severity of a rule in an environment: the rule's default, then
// `rules.severity`, then `rules.environments.<env>`; include/exclude globs.
import picomatch from 'picomatch';
import type { Severity } from '../findings';
import type { ProjectConfig, RuleSeverity } from '../config/types';
import type { Rule } from './types';

// Per rule settings object and environment: picomatch compiles its globs on every isMatch call, which was
// 1% of an edit's CPU profile (every rule, every environment, every keystroke). A config is never changed
// once loaded (an edited thebot.yaml is loaded into a new one).
// Per rule object and environment name, with the rule's default severity it was computed for.
const memo = new WeakMap<ProjectConfig['rules'], Map<Rule, Map<string, { default: Severity; s: Severity | 'off' }>>>();

export function ruleSeverity(rule: Rule, config: ProjectConfig, envName: string | undefined): Severity | 'off' {
  let known = memo.get(config.rules);
  if (!known) memo.set(config.rules, (known = new Map()));
  let byEnv = known.get(rule);
  if (!byEnv) known.set(rule, (byEnv = new Map()));
  const env = envName ?? '';
  let e = byEnv.get(env);
  if (e === undefined || e.default !== rule.severity) byEnv.set(env, (e = { default: rule.severity, s: computeSeverity(rule, config, envName) }));
  return e.s;
}

function computeSeverity(rule: Rule, config: ProjectConfig, envName: string | undefined): Severity | 'off' {
  const { include, exclude, severity, environments } = config.rules;
  if (!picomatch.isMatch(rule.id, include.length ? include : ['*'])) return 'off';
  if (exclude.length && picomatch.isMatch(rule.id, exclude)) return 'off';
  let s: RuleSeverity = rule.severity;
  if (severity[rule.id]) s = severity[rule.id];
  const perEnv = envName ? environments[envName]?.[rule.id] : undefined;
  if (perEnv) s = perEnv;
  return s;
}
