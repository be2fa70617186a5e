// The extension manifest agrees with the code: every command in the command
// table is contributed (and vice versa), menus name contributed commands,
// config.ts reads the settings through their one definition, the icon is a 128x128 PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SETTINGS } from '../../server/src/settings/definition';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(root + 'package.json', 'utf8'));
const table = readFileSync(root + 'client/src/commands/index.ts', 'utf8');

test('command table and contributes.commands list the same ids', () => {
  const inTable = [...table.matchAll(/'(thebot\.[A-Za-z]+)':/g)].map((m) => m[1]).sort();
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(inTable, contributed);
  for (const c of pkg.contributes.commands) assert.equal(c.category, 'THE_BOT', c.command);
});

test('menus only name contributed commands', () => {
  const ids = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
    for (const item of items) assert.ok(ids.has(item.command), `${menu}: ${item.command}`);
  }
});

test('config.ts reads the settings through the one definition, every client-side setting of it', () => {
  const config = readFileSync(root + 'client/src/config.ts', 'utf8');
  assert.match(config, /readSettingValues\(/);
  assert.doesNotMatch(config, /c\.get<.+?>\('/, 'no setting read past the definition');
  const read = [...new Set([...config.matchAll(/\bv\.([A-Za-z]+)\b/g)].map((m) => m[1]))].sort();
  const clientSide = Object.entries(SETTINGS).filter(([, d]) => d.readBy !== 'server').map(([id]) => id).sort();
  assert.deepEqual(read, clientSide);
});

test('the icon is a 128x128 PNG', () => {
  const png = readFileSync(root + pkg.icon);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
});
