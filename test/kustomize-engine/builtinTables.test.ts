// The built-in field-spec tables are read by a small line reader (no YAML
// parser at start-up): it must give exactly what the YAML parse of each
// section gives, and refuse a line it does not understand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { BUILTIN_FIELD_SPECS_YAML } from '../../server/src/kustomize/builtinFieldSpecs';
import { readBuiltinTables } from '../../server/src/kustomize/builtinTables';

/** Each `name:` section parsed as YAML on its own (names repeat), lists concatenated. */
function parsedByYaml(text: string): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const parts = text.split(/^([A-Za-z]+):\s*$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const parsed = parse(`${name}:\n${parts[i + 1]}`) as Record<string, unknown[]> | null;
    out[name] = [...(out[name] ?? []), ...(parsed?.[name] ?? [])];
  }
  return out;
}

test('the line reader equals the YAML parse of every built-in table', () => {
  const read = readBuiltinTables(BUILTIN_FIELD_SPECS_YAML);
  assert.deepEqual(read, parsedByYaml(BUILTIN_FIELD_SPECS_YAML));
  assert.deepEqual(Object.keys(read), ['namePrefix', 'nameSuffix', 'commonLabels', 'templateLabels', 'commonAnnotations', 'namespace', 'varReference', 'nameReference', 'images', 'replicas']);
  assert.equal(read.nameReference!.length, 16);
});

test('a line of another shape is refused, naming it', () => {
  assert.throws(() => readBuiltinTables('images:\n- path: a\n  kind: "quoted"\n'), /unexpected line "  kind: \\"quoted\\""/);
  assert.throws(() => readBuiltinTables('images:\n   path: a\n'), /unexpected line "   path: a"/);
});
