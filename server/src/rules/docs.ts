// docs/rules.md is generated from the rule modules (npm run docs:rules); a
// test fails when the committed file differs from this output.
import { CATEGORY_ORDER, RULES } from './index';
import { SUPPRESSION_PREFIX } from './suppression';
import type { RuleCategory } from './types';

const CATEGORY_TITLE: Record<RuleCategory, string> = {
  references: 'References inside an environment',
  workloads: 'Workloads',
  security: 'Security',
  images: 'Images',
  kustomize: 'Kustomize',
  environment: 'Environment policy (from thebot.yaml facts)',
  meta: 'Suppressions',
};

export function renderRuleDocs(): string {
  const out: string[] = [
    '<!-- Generated from server/src/rules/*.ts by `npm run docs:rules`. Do not edit by hand. -->',
    '# Rules',
    '',
    '`thebot check` and the language server run these rules on every rendered environment and report each finding at the source line that set the value (an overlay entry, a patch, or the base). Rule id = module `server/src/rules/<id>.ts` = fixture `test/fixtures/rules/<id>/`.',
    '',
    '- **Severity**: change it per rule in `thebot.yaml` under `rules.severity`, per environment under `rules.environments.<env>` (`error`, `warning`, `info`, `off`); select rules with `rules.include` / `rules.exclude` globs.',
    `- **Suppression**: annotate the object with \`${SUPPRESSION_PREFIX}<rule-id>: "<reason>"\`. The reason is required; \`thebot check --no-suppressions\` ignores all suppressions.`,
    '- **Facts**: rules that need project knowledge (registries, hosts, required labels, replica minimums, external objects) read it from `facts` in `thebot.yaml`, globally or per environment; no value is built in.',
    '',
    '| Rule | Severity | Title |',
    '|---|---|---|',
    ...RULES.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.title.replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const category of CATEGORY_ORDER) {
    const rules = RULES.filter((r) => r.category === category);
    if (!rules.length) continue;
    out.push(`## ${CATEGORY_TITLE[category]}`, '');
    for (const r of rules) {
      out.push(
        `### ${r.id}`,
        '',
        `**${r.title}** — default severity: \`${r.severity}\``,
        '',
        r.docs.description,
        '',
        `*Why:* ${r.rationale}`,
        '',
        'Reported:',
        '',
        '```yaml',
        r.docs.bad,
        '```',
        '',
        'Fixed:',
        '',
        '```yaml',
        r.docs.good,
        '```',
        '',
      );
    }
  }
  return out.join('\n');
}
