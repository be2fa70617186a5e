// Findings about the config that need the rule registry: severities or
// overrides naming rules that do not exist (a typo silently disables nothing).
import type { Finding } from '../findings';
import { configSource, parseProjectConfig } from '../config/load';
import type { ProjectConfig } from '../config/types';
import { rangeOfPath } from '../config/positions';
import type { Rule } from '../rules/types';

// The same config text gets the same findings: every check (a new
// ProjectAnalysis in the CLI, the benchmarks, the tests) asks again for a text
// that rarely changes.
let last: { file: string; text: string; rules: Rule[]; findings: Finding[] } | undefined;

/**
 * The unknown rule ids of the config `text`. `loaded` is the project's config:
 * when it was parsed from this very text, its rule ids, document and line
 * counter are used (the text is not parsed again); else the text is parsed here.
 */
export function unknownRuleFindings(file: string, text: string, rules: Rule[], loaded?: ProjectConfig): Finding[] {
  if (last && last.file === file && last.text === text && last.rules === rules) return last.findings;
  const findings = findUnknownRules(file, text, rules, loaded);
  last = { file, text, rules, findings };
  return findings;
}

function findUnknownRules(file: string, text: string, rules: Rule[], loaded: ProjectConfig | undefined): Finding[] {
  const config = loaded && loaded.file === file && configSource(loaded)?.text === text ? loaded : parseProjectConfig(file, text);
  // None for a config refused unread (nested too deep): it has no rules.
  const source = configSource(config);
  if (!source) return [];
  const ids = new Set(rules.map((r) => r.id));
  const out: Finding[] = [];
  const check = (path: string[], id: string): void => {
    if (ids.has(id)) return;
    out.push({ file, range: rangeOfPath(source.doc, source.lineCounter, [...path, id], true), severity: 'warning', code: 'config', source: 'thebot', message: `unknown rule '${id}'` });
  };
  for (const id of Object.keys(config.rules.severity)) check(['rules', 'severity'], id);
  for (const [env, map] of Object.entries(config.rules.environments)) for (const id of Object.keys(map)) check(['rules', 'environments', env], id);
  return out;
}
