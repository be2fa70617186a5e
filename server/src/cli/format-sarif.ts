// SARIF 2.1.0 output (validated against the OASIS schema in test/cli): one run,
// the rule registry as reportingDescriptors (title, description, help with the
// bad/good example), real start/end lines and columns (1-based).
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../findings';
import { RULES } from '../rules';
import type { Rule } from '../rules/types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Codes that are not rules (syntax, schema, render, config problems). */
const OTHER: Record<string, string> = {
  'yaml-syntax': 'YAML syntax error',
  render: 'Kustomize render error',
  config: 'Problem in thebot.yaml',
  'unused-patch': 'A patch file no kustomization uses',
};

function descriptor(rule: Rule) {
  return {
    id: rule.id,
    name: rule.id
      .split('-')
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.description },
    help: {
      text: `${rule.rationale}\n\nBad:\n${rule.docs.bad}\n\nGood:\n${rule.docs.good}`,
      markdown: `${rule.rationale}\n\n**Bad**\n\n\`\`\`yaml\n${rule.docs.bad}\n\`\`\`\n\n**Good**\n\n\`\`\`yaml\n${rule.docs.good}\n\`\`\``,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { category: rule.category },
  };
}

/** Relative to SRCROOT when inside the working directory, else an absolute file URI. */
function artifact(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const r = relative(cwd, file);
  if (!r || r.startsWith('..')) return { uri: pathToFileURL(file).href };
  return { uri: r.split(sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

function region(f: { range: Finding['range'] }) {
  return {
    startLine: f.range.start.line + 1,
    startColumn: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
  };
}

export function formatSarif(findings: Finding[], cwd: string, version: string): string {
  const rules = RULES.map(descriptor);
  const ids = rules.map((r) => r.id);
  for (const f of findings) {
    if (ids.includes(f.code)) continue;
    ids.push(f.code);
    const text = OTHER[f.code] ?? (f.code.startsWith('schema') || f.code === 'deprecated-api' ? 'Kubernetes schema validation' : f.code);
    rules.push({ id: f.code, shortDescription: { text } } as ReturnType<typeof descriptor>);
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'thebot', version, rules } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: ids.indexOf(f.code),
          level: LEVEL[f.severity],
          message: { text: f.environments?.length ? `${f.message} [${f.environments.join(',')}]` : f.message },
          locations: [{ physicalLocation: { artifactLocation: artifact(f.file, cwd), region: region(f) } }],
          ...(f.related?.length
            ? {
                relatedLocations: f.related.map((r, i) => ({
                  id: i,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: artifact(r.file, cwd), region: region(r) },
                })),
              }
            : {}),
          ...(f.environments?.length ? { properties: { environments: f.environments } } : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
