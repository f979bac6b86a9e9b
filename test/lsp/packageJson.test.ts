// package.json must offer exactly the rules the server knows, with their default severities, and
// the commands the client registers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../server/src/config/rules';
import { normalizeSettings, parseSeverity } from '../../server/src/lsp/settings';

const root = join(__dirname, '..', '..');
interface Prop {
  enum?: string[];
  default?: unknown;
  description?: string;
  markdownDescription?: string;
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    configuration: { properties: Record<string, Prop> };
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
};
const props = pkg.contributes.configuration.properties;

test('every rule has a setting authlog.rules.<id> with its default severity and description', () => {
  for (const rule of allRules) {
    const p = props[`authlog.rules.${rule.id}`];
    assert.ok(p, `missing setting authlog.rules.${rule.id}`);
    assert.equal(p.default, rule.defaultSeverity, rule.id);
    assert.deepEqual(p.enum, ['error', 'warning', 'information', 'hint', 'off']);
    assert.ok((p.markdownDescription ?? p.description ?? '').includes(rule.description), `${rule.id} description`);
  }
});

test('no setting for a rule that does not exist', () => {
  const ids = new Set(allRules.map((r) => r.id));
  const stale = Object.keys(props)
    .filter((k) => k.startsWith('authlog.rules.'))
    .map((k) => k.slice('authlog.rules.'.length))
    .filter((id) => !ids.has(id));
  assert.deepEqual(stale, [], 'run `node --import tsx scripts/gen-settings.mjs`');
});

test('package.json is what scripts/gen-settings.mjs generates', async () => {
  const script = '../../scripts/gen-settings.mjs'; // a variable: plain JavaScript, no types to resolve
  const gen = (await import(script)) as { update(p: unknown): unknown };
  const current: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.deepEqual(gen.update(current), current, 'run `npm run gen-settings`');
});

test('server settings and commands are contributed', () => {
  assert.deepEqual(props['authlog.product']?.enum, ['auto', 'jira', 'confluence']);
  assert.deepEqual(props['authlog.configFiles']?.default, []);
  assert.deepEqual(props['authlog.trace.server']?.enum, ['off', 'messages', 'verbose']);
  const commands = new Map(pkg.contributes.commands.map((c) => [c.command, c]));
  for (const id of ['authlog.restartServer', 'authlog.showOutput', 'authlog.enableAuditLogging']) {
    assert.equal(commands.get(id)?.category, 'AuthLog', id);
  }
  assert.equal(commands.get('authlog.restartServer')?.title, 'Restart Language Server');
  const palette = pkg.contributes.menus.commandPalette?.find((m) => m.command === 'authlog.enableAuditLogging');
  assert.match(palette?.when ?? '', /properties/);
});

test('settings from clients are normalised, junk dropped', () => {
  assert.deepEqual(normalizeSettings({ rules: { 'unknown-logger': 'off', additivity: 'warn', x: 42 }, product: 'jira' }), {
    rules: { 'unknown-logger': 'off', additivity: 'warning' },
    product: 'jira',
  });
  assert.deepEqual(normalizeSettings({ 'rules.additivity': 'ERROR' }), { rules: { additivity: 'error' } });
  assert.deepEqual(normalizeSettings(null), {});
  assert.deepEqual(normalizeSettings([1, 2]), {});
  assert.deepEqual(normalizeSettings({ product: 'bitbucket', rules: 'all' }), {});
  assert.equal(parseSeverity('info'), 'information');
  assert.equal(parseSeverity('loud'), undefined);
});
