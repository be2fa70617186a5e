// Writes docs/rules.md from the rule registry: `npm run docs:rules`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDocs } from '../server/src/rules/docs';

const file = join(__dirname, '..', 'docs', 'rules.md');
writeFileSync(file, renderRuleDocs());
process.stdout.write(`wrote ${file}\n`);
