// docs/rules.md is generated from the rule modules (npm run docs:rules); a
// test fails when the committed file differs from this output.
import { CATEGORY_ORDER, RULES } from './index';
import { SUPPRESSION_PREFIX } from './suppression';
import type { RuleCategory } from './types';
import { UNUSED_PATCH } from '../analysis/unused';
import configSchema from '../../../schemas/thebot-config.schema.json';

interface SchemaProp {
  description?: string;
  $ref?: string;
  properties?: Record<string, SchemaProp>;
  additionalProperties?: SchemaProp | boolean;
}

/** The thebot.yaml reference, generated from the descriptions in its JSON schema (one source). */
function configReference(): string[] {
  const defs = (configSchema as unknown as { definitions: Record<string, SchemaProp> }).definitions;
  const deref = (p: SchemaProp): SchemaProp => (p.$ref ? { ...defs[p.$ref.replace('#/definitions/', '')], ...(p.description ? { description: p.description } : {}) } : p);
  const rows: string[] = [];
  const walk = (props: Record<string, SchemaProp>, prefix: string): void => {
    for (const [name, raw] of Object.entries(props)) {
      const p = deref(raw);
      const key = `${prefix}${name}`;
      rows.push(`| \`${key}\` | ${(p.description ?? '').replace(/\|/g, '\\|')} |`);
      if (p.properties) walk(p.properties, `${key}.`);
      else if (typeof p.additionalProperties === 'object') {
        const inner = deref(p.additionalProperties);
        if (inner.properties) walk(inner.properties, `${key}.<name>.`);
      }
    }
  };
  walk((configSchema as unknown as { properties: Record<string, SchemaProp> }).properties, '');
  return [
    '## Project configuration (thebot.yaml)',
    '',
    `${(configSchema as { description: string }).description} Found upward from the checked directory (or in a direct child such as \`manifests/\`); schema: \`schemas/thebot-config.schema.json\`. THE_BOT's own is \`manifests/thebot.yaml\`.`,
    '',
    '| Key | Meaning |',
    '|---|---|',
    ...rows,
    '',
  ];
}

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
    `| [\`${UNUSED_PATCH.id}\`](#${UNUSED_PATCH.id}) | ${UNUSED_PATCH.severity} | ${UNUSED_PATCH.title} (a file-level check, not a rule: no severity setting, no suppression) |`,
    '',
  ];
  out.push(...configReference());
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
  out.push(
    '## File-level checks',
    '',
    `### ${UNUSED_PATCH.id}`,
    '',
    `**${UNUSED_PATCH.title}** — severity: \`${UNUSED_PATCH.severity}\``,
    '',
    UNUSED_PATCH.description,
    '',
    'Reported:',
    '',
    '```yaml',
    UNUSED_PATCH.bad,
    '```',
    '',
    'Fixed:',
    '',
    '```yaml',
    UNUSED_PATCH.good,
    '```',
    '',
  );
  return out.join('\n');
}
