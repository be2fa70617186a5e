// thebot.yaml's validator is compiled ahead of time (server/src/config/validatorSource.ts):
// the committed file must be what the schema compiles to today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configValidatorSource } from '../../server/src/config/validatorSource';

test('configValidator.generated.ts is the compiled schema (else run npx tsx scripts/gen-config-validator.ts)', () => {
  const committed = readFileSync(join(__dirname, '..', '..', 'server', 'src', 'config', 'configValidator.generated.ts'), 'utf8');
  assert.equal(committed, configValidatorSource());
});
