// Findings about the config that need the rule registry: severities or
// overrides naming rules that do not exist (a typo silently disables nothing).
import { deepNestingAt } from '../yaml/nesting';
import type { Finding } from '../findings';
import { parseProjectConfig } from '../config/load';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { rangeOfPath } from '../config/positions';
import type { Rule } from '../rules/types';

// The same config text gets the same findings: every check (a new
// ProjectAnalysis in the CLI, the benchmarks, the tests) asks again for a text
// that rarely changes, and the answer parses it twice (as the config, and with positions).
let last: { file: string; text: string; rules: Rule[]; findings: Finding[] } | undefined;

export function unknownRuleFindings(file: string, text: string, rules: Rule[]): Finding[] {
  if (last && last.file === file && last.text === text && last.rules === rules) return last.findings;
  const findings = findUnknownRules(file, text, rules);
  last = { file, text, rules, findings };
  return findings;
}

function findUnknownRules(file: string, text: string, rules: Rule[]): Finding[] {
  const config = parseProjectConfig(file, text);
  if (deepNestingAt(text) >= 0) return [];
  const ids = new Set(rules.map((r) => r.id));
  // Positions only when a rule is unknown: parsing the text again with them is the larger part of this.
  let positions: { doc: Document.Parsed; lc: LineCounter } | undefined;
  const out: Finding[] = [];
  const check = (path: string[], id: string): void => {
    if (ids.has(id)) return;
    if (!positions) {
      const lc = new LineCounter();
      positions = { doc: parseDocument(text, { lineCounter: lc }) as Document.Parsed, lc };
    }
    out.push({ file, range: rangeOfPath(positions.doc, positions.lc, [...path, id], true), severity: 'warning', code: 'config', source: 'thebot', message: `unknown rule '${id}'` });
  };
  for (const id of Object.keys(config.rules.severity)) check(['rules', 'severity'], id);
  for (const [env, map] of Object.entries(config.rules.environments)) for (const id of Object.keys(map)) check(['rules', 'environments', env], id);
  return out;
}
