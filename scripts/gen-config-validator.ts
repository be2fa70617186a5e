// Writes server/src/config/configValidator.generated.ts, thebot.yaml's schema
// validator compiled ahead of time (see server/src/config/validatorSource.ts).
// Usage: npx tsx scripts/gen-config-validator.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configValidatorSource } from '../server/src/config/validatorSource';

const out = join(__dirname, '..', 'server', 'src', 'config', 'configValidator.generated.ts');
writeFileSync(out, configValidatorSource());
console.log(`wrote ${out}`);
