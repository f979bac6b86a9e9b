// Reading the user's `authlog` settings from whatever a client sends. Clients are not trusted to
// send the right shape (a hand-written Neovim table, an old settings.json): anything unexpected is
// dropped, never thrown.
import type { ConfigSettings, RuleSeverity } from '../config/api';
import type { Product } from '../config/model';

const severities: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];
const products: readonly (Product | 'auto')[] = ['auto', 'jira', 'confluence', 'unknown'];

/** Aliases people write by habit (`warn`, `info`, `none`...). */
const severityAliases: Record<string, RuleSeverity> = {
  warn: 'warning',
  info: 'information',
  none: 'off',
  ignore: 'off',
  false: 'off',
};

export function parseSeverity(value: unknown): RuleSeverity | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if ((severities as readonly string[]).includes(v)) return v as RuleSeverity;
  return severityAliases[v];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Normalises the `authlog` section. Accepts both the nested form VS Code sends for the settings
 * `authlog.rules.<id>` (`{ rules: { 'unknown-logger': 'off' } }`) and flat keys
 * (`{ 'rules.unknown-logger': 'off' }`) some clients produce.
 */
export function normalizeSettings(raw: unknown): ConfigSettings {
  const out: ConfigSettings = {};
  if (!isRecord(raw)) return out;
  const rules: Record<string, RuleSeverity> = {};
  if (isRecord(raw.rules)) {
    for (const [id, value] of Object.entries(raw.rules)) {
      const s = parseSeverity(value);
      if (s) rules[id] = s;
    }
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('rules.')) {
      const s = parseSeverity(value);
      if (s) rules[key.slice('rules.'.length)] = s;
    }
  }
  if (Object.keys(rules).length) out.rules = rules;
  if (typeof raw.product === 'string' && (products as readonly string[]).includes(raw.product)) {
    out.product = raw.product as Product | 'auto';
  }
  return out;
}
