// Generates the language server's `contributes` entries of package.json from the rule registry
// (server/src/config/rules.ts): one setting `authlog.rules.<id>` per rule, plus the server's
// other settings, commands and menu entries. Touches only those entries; everything else in
// package.json (other teams' commands, settings, menus) is kept as it is.
//
//   node --import tsx scripts/gen-settings.mjs           rewrite package.json
//   node --import tsx scripts/gen-settings.mjs --check   exit 1 when package.json is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagePath = join(root, 'package.json');
const { allRules } = await import('../server/src/config/rules.ts');

const severities = ['error', 'warning', 'information', 'hint', 'off'];
const severityDescriptions = [
  'Shown as an error (red squiggle; `authlog lint` exits with 1).',
  'Shown as a warning.',
  'Shown as information.',
  'Shown as a hint (faded dots).',
  'Not reported.',
];

/** The settings this script owns, in display order. */
export function serverSettings() {
  const settings = {
    'authlog.configFiles': {
      type: 'array',
      items: { type: 'string' },
      default: [],
      scope: 'window',
      order: 1,
      markdownDescription:
        'More glob patterns of log4j configuration files to check, besides `log4j*.properties` and `log4j*.xml` (for example `**/conf/jira-logging.properties`). Matched whatever their language; the server still checks the content.',
    },
    'authlog.product': {
      type: 'string',
      enum: ['auto', 'jira', 'confluence'],
      enumDescriptions: [
        'Detect the product from the file (appender names and classes).',
        'Assume Jira (securitylog, filelog appenders).',
        'Assume Confluence (confluencelog appender).',
      ],
      default: 'auto',
      scope: 'resource',
      order: 2,
      description: 'Product to assume when a log4j file does not tell which one it belongs to.',
    },
  };
  let order = 10;
  for (const rule of allRules) {
    settings[`authlog.rules.${rule.id}`] = {
      type: 'string',
      enum: severities,
      enumDescriptions: severityDescriptions,
      default: rule.defaultSeverity,
      scope: 'resource',
      order: order++,
      markdownDescription: `Rule \`${rule.id}\`: ${rule.description}`,
    };
  }
  settings['authlog.trace.server'] = {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    scope: 'window',
    order: 100,
    description: 'Traces the communication between VS Code and the AuthLog language server (in the "AuthLog" output).',
  };
  return settings;
}

export const serverCommands = [
  { command: 'authlog.restartServer', title: 'Restart Language Server', category: 'AuthLog' },
  { command: 'authlog.showOutput', title: 'Show Output', category: 'AuthLog' },
  { command: 'authlog.enableAuditLogging', title: 'Enable audit logging…', category: 'AuthLog', icon: '$(shield)' },
];

export const serverMenus = {
  'editor/context': [{ command: 'authlog.enableAuditLogging', when: 'authlog.isLog4jFile', group: '1_modification@90' }],
  'editor/title': [{ command: 'authlog.enableAuditLogging', when: 'authlog.isLog4jFile', group: 'navigation@90' }],
  commandPalette: [{ command: 'authlog.enableAuditLogging', when: 'editorLangId == properties || editorLangId == xml' }],
};

/** Returns package.json with the server's entries brought up to date (a new object). */
export function update(pkg) {
  const out = structuredClone(pkg);
  const c = (out.contributes ??= {});
  // Settings: drop ours (including rules that no longer exist), then add the current set.
  const cfg = (c.configuration ??= { title: 'AuthLog', properties: {} });
  const owned = (key) => key.startsWith('authlog.rules.') || key in serverSettings();
  const kept = Object.entries(cfg.properties ?? {}).filter(([key]) => !owned(key));
  cfg.properties = { ...Object.fromEntries(kept), ...serverSettings() };
  // Commands, by id.
  const ours = new Set(serverCommands.map((x) => x.command));
  c.commands = [...(c.commands ?? []).filter((x) => !ours.has(x.command)), ...serverCommands];
  // Menus: replace our entries in each menu we use.
  c.menus ??= {};
  for (const [menu, entries] of Object.entries(serverMenus)) {
    const ids = new Set(entries.map((e) => e.command));
    c.menus[menu] = [...(c.menus[menu] ?? []).filter((e) => !ids.has(e.command)), ...entries];
  }
  return out;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
/** Same content (formatting aside: other teams may lay out their entries as they like). */
export function upToDate(pkg) {
  return isDeepStrictEqual(update(pkg), pkg);
}

if (isMain) {
  const text = readFileSync(packagePath, 'utf8');
  const current = JSON.parse(text);
  const fresh = upToDate(current);
  const next = JSON.stringify(update(current), null, 2) + '\n';
  if (process.argv.includes('--check')) {
    if (!fresh) {
      console.error('package.json is out of date with server/src/config/rules.ts: run `node --import tsx scripts/gen-settings.mjs`.');
      process.exit(1);
    }
    console.log('package.json settings match the rule registry.');
  } else if (!fresh) {
    writeFileSync(packagePath, next);
    console.log(`package.json: ${allRules.length} rule settings written.`);
  } else {
    console.log('package.json already up to date.');
  }
}
