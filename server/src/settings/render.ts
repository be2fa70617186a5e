// The two generated views of the settings definition: package.json's
// `contributes.configuration` and docs/settings.md (`npm run gen:settings`).
import { SETTINGS, type SettingDefinition } from './definition';

const SECTION = 'thebot';

/** The `contributes.configuration` block of package.json. */
export function configurationContribution(): { title: string; properties: Record<string, Record<string, unknown>> } {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const [id, def] of Object.entries(SETTINGS) as [string, SettingDefinition][]) {
    const p: Record<string, unknown> = { type: def.type, default: def.default, scope: def.scope };
    if (def.type === 'number') {
      if (def.minimum !== undefined) p.minimum = def.minimum;
      if (def.maximum !== undefined) p.maximum = def.maximum;
    }
    if (def.type === 'object') p.additionalProperties = { type: 'string' };
    p.markdownDescription = def.description;
    properties[`${SECTION}.${id}`] = p;
  }
  return { title: 'THE_BOT', properties };
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeText(def: SettingDefinition): string {
  if (def.type === 'object') return 'object (string values)';
  if (def.type !== 'number') return def.type;
  const range = [def.minimum !== undefined ? `≥ ${def.minimum}` : '', def.maximum !== undefined ? `≤ ${def.maximum}` : ''].filter(Boolean).join(', ');
  return range ? `number (${range})` : 'number';
}

/** docs/settings.md: one markdown table. */
export function renderSettingsDocs(): string {
  const rows = (Object.entries(SETTINGS) as [string, SettingDefinition][]).map(
    ([id, def]) =>
      `| \`${SECTION}.${id}\` | ${typeText(def)} | \`${JSON.stringify(def.default)}\` | ${def.scope} | ${def.readBy} | ${cell(def.description)} |`,
  );
  return [
    '# Settings',
    '',
    '<!-- Generated from server/src/settings/definition.ts by `npm run gen:settings`; a test fails when this file is stale. -->',
    '',
    "The extension's settings (*File › Preferences › Settings*, search `thebot`). A value of the wrong type or out of range is ignored and the default used. *Scope* is VS Code's: `machine` settings are taken from your user settings only, never from a workspace's `.vscode/settings.json`; `resource` settings may differ per folder.",
    '',
    '| setting | type | default | scope | read by | description |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
