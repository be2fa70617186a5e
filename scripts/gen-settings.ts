// Writes package.json's `contributes.configuration` and docs/settings.md from
// server/src/settings/definition.ts: `npm run gen:settings`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationContribution, renderSettingsDocs } from '../server/src/settings/render';

const root = join(__dirname, '..');
const pkgFile = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { contributes: { configuration: unknown } };
pkg.contributes.configuration = configurationContribution();
writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
const docs = join(root, 'docs', 'settings.md');
writeFileSync(docs, renderSettingsDocs());
process.stdout.write(`wrote ${pkgFile} (contributes.configuration) and ${docs}\n`);
