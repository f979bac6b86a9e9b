// Grammar token tests with the engine VS Code itself uses (vscode-textmate + vscode-oniguruma).
// Two kinds of checks: what a user sees (this word gets that colour class), and a full token
// snapshot per fixture so any change to the grammar shows up in review.
// Update the snapshots deliberately with: UPDATE_SNAPSHOTS=1 node test/run.mjs grammar
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = join(__dirname, '..', '..');
const fixtures = join(__dirname, 'fixtures');
const snapshots = join(__dirname, 'snapshots');
const grammarPath = join(root, 'syntaxes', 'atlassian-log.tmLanguage.json');

interface Token {
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<textmate.IGrammar> | undefined;
function loadGrammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName !== 'text.log.atlassian') return null;
        return textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath);
      },
    });
    const g = await registry.loadGrammar('text.log.atlassian');
    if (!g) throw new Error('grammar did not load');
    return g;
  })();
  return grammarPromise;
}

async function tokenize(text: string): Promise<Token[][]> {
  const grammar = await loadGrammar();
  let stack = textmate.INITIAL;
  const out: Token[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const r = grammar.tokenizeLine(line, stack);
    out.push(
      r.tokens.map((t, i) => ({
        text: line.slice(t.startIndex, i + 1 < r.tokens.length ? r.tokens[i + 1]!.startIndex : line.length),
        scopes: t.scopes.slice(1),
      })),
    );
    stack = r.ruleStack;
  }
  return out;
}

/** Scopes of the token that covers `needle` on the given line (first occurrence). */
function scopesOf(lines: Token[][], line: number, needle: string): string[] {
  const tokens = lines[line];
  assert.ok(tokens, `line ${line} exists`);
  const t = tokens.find((tok) => tok.text === needle) ?? tokens.find((tok) => tok.text.includes(needle));
  assert.ok(t, `a token with ${JSON.stringify(needle)} on line ${line}: ${JSON.stringify(tokens.map((x) => x.text))}`);
  return t.scopes;
}

function hasScope(scopes: string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

test('Jira main log: time, thread, level, user, IP chain, URL and category each get their scope', async () => {
  const lines = await tokenize(fixture('atlassian-jira.log'));
  assert.ok(hasScope(scopesOf(lines, 1, '2020-02-20 12:20:13,418+0000'), 'log.date'));
  assert.ok(hasScope(scopesOf(lines, 1, 'http-nio-8080-exec-15'), 'log.thread'));
  assert.ok(hasScope(scopesOf(lines, 1, 'INFO'), 'log.info'));
  assert.ok(hasScope(scopesOf(lines, 1, 'anonymous'), 'log.user'));
  assert.ok(hasScope(scopesOf(lines, 1, '91.41.231.119'), 'log.ip'));
  assert.ok(hasScope(scopesOf(lines, 1, '100.100.0.6'), 'log.ip'));
  assert.ok(hasScope(scopesOf(lines, 1, '/rest/api/2/myself'), 'log.url'));
  assert.ok(hasScope(scopesOf(lines, 1, 'd.resolution.apitokenauth.ApiTokenAuthenticationService'), 'log.category.auth'));
  assert.ok(hasScope(scopesOf(lines, 3, 'ERROR'), 'log.error'));
  assert.ok(hasScope(scopesOf(lines, 3, 'c.a.jira.web.Foo'), 'log.category'));
  assert.ok(!hasScope(scopesOf(lines, 3, 'c.a.jira.web.Foo'), 'log.category.auth'));
});

test('every token carries two scopes: a standard one for themes and a log.* one', async () => {
  const all = [
    ...(await tokenize(fixture('atlassian-jira.log'))),
    ...(await tokenize(fixture('atlassian-jira-security.log'))),
    ...(await tokenize(fixture('atlassian-confluence.log'))),
  ];
  let checked = 0;
  for (const line of all)
    for (const t of line)
      {
        const named = t.scopes.filter((s) => !s.startsWith('meta.'));
        if (!named.length) continue;
        assert.ok(named.some((s) => s.endsWith('.atlassian-log')), `${JSON.stringify(t.text)} has a standard scope: ${named.join(' ')}`);
        assert.ok(named.some((s) => s.startsWith('log.')), `${JSON.stringify(t.text)} has a log.* scope: ${named.join(' ')}`);
        checked++;
      }
  assert.ok(checked > 50, `checked ${checked} scopes`);
});

test('Kantega diagnostics: the JSON object is highlighted as JSON, the stray " }" after it is not', async () => {
  const lines = await tokenize(fixture('atlassian-jira.log'));
  assert.ok(hasScope(scopesOf(lines, 0, 'com.kantegasso.DiagnosticsLog'), 'log.category.auth'));
  assert.ok(hasScope(scopesOf(lines, 0, '"timestamp"'), 'log.json.key'));
  assert.ok(hasScope(scopesOf(lines, 0, 'Kerberos'), 'log.json.string'));
  assert.ok(hasScope(scopesOf(lines, 0, 'FAILED'), 'log.failed'));
  assert.ok(hasScope(scopesOf(lines, 0, 'KerberosTicket'), 'log.key'), 'details inside the JSON message stand out');
  const last = lines[0]!.at(-1)!;
  assert.equal(last.text, ' }');
  assert.ok(!last.scopes.some((s) => s.includes('json')), 'trailing text is outside the JSON');
});

test('Kantega diagnostics JSON wrapped over two lines continues on the next line and ends at its brace', async () => {
  const lines = await tokenize(fixture('atlassian-jira.log'));
  const wrappedStart = lines.findIndex((l) => l.some((t) => t.text.includes('"context"')) && !l.some((t) => t.text === '"message"'));
  assert.ok(wrappedStart > 0);
  assert.ok(hasScope(scopesOf(lines, wrappedStart + 1, '"message"'), 'log.json.key'));
  // The next entry starts fresh: its date is a date, not JSON.
  assert.ok(hasScope(scopesOf(lines, wrappedStart + 2, '2020-02-20 12:24:00,000+0000'), 'log.date'));
});

test('stack traces: frames, Caused by and the exception class', async () => {
  const lines = await tokenize(fixture('atlassian-jira.log'));
  assert.ok(hasScope(scopesOf(lines, 4, 'java.lang.IllegalStateException'), 'log.exception'));
  assert.ok(hasScope(scopesOf(lines, 5, 'com.atlassian.jira.web.Foo.bar'), 'log.stacktrace'));
  assert.ok(hasScope(scopesOf(lines, 7, 'Caused by:'), 'log.exception'));
  assert.ok(hasScope(scopesOf(lines, 8, '... 12 more'), 'log.stacktrace'));
});

test('Jira security log and Kantega audit: user, PASSED/FAILED and the method', async () => {
  const lines = await tokenize(fixture('atlassian-jira-security.log'));
  assert.ok(hasScope(scopesOf(lines, 0, 'admin'), 'log.user'));
  assert.ok(hasScope(scopesOf(lines, 0, '10.1.2.3'), 'log.ip'));
  assert.ok(hasScope(scopesOf(lines, 0, '/rest/gadget/1.0/login'), 'log.url'));
  assert.ok(hasScope(scopesOf(lines, 0, 'PASSED'), 'log.passed'));
  assert.ok(hasScope(scopesOf(lines, 1, 'FAILED'), 'log.failed'));
  assert.ok(hasScope(scopesOf(lines, 2, 'john.doe@mycompany.com'), 'log.user'));
  assert.ok(hasScope(scopesOf(lines, 2, 'SAML'), 'log.method'));
  assert.ok(hasScope(scopesOf(lines, 3, 'Kerberos'), 'log.method'));
});

test('Confluence: level, thread, category and the audit line', async () => {
  const lines = await tokenize(fixture('atlassian-confluence.log'));
  assert.ok(hasScope(scopesOf(lines, 0, 'INFO'), 'log.info'));
  assert.ok(hasScope(scopesOf(lines, 0, 'Catalina-utility-1'), 'log.thread'));
  assert.ok(hasScope(scopesOf(lines, 0, 'confluence.cluster.hazelcast.HazelcastClusterManager'), 'log.category'));
  assert.ok(hasScope(scopesOf(lines, 1, 'com.kantegasso.AuditLog'), 'log.category.auth'));
  assert.ok(hasScope(scopesOf(lines, 1, 'FAILED'), 'log.failed'));
  assert.ok(hasScope(scopesOf(lines, 1, 'Kerberos'), 'log.method'));
});

test('API token app: matching token, failed verification, rate limiting, with empty %X{} columns', async () => {
  const lines = await tokenize(fixture('apitokenservice.log'));
  assert.ok(hasScope(scopesOf(lines, 0, 'Found a matching token'), 'log.passed'));
  assert.ok(hasScope(scopesOf(lines, 0, 'Read Only scope'), 'log.scope'));
  assert.ok(hasScope(scopesOf(lines, 0, 'automation-user'), 'log.user'));
  assert.equal(lines[0]!.find((t) => t.scopes.includes('log.user'))!.text, 'automation-user', 'the sentence\'s full stop is not part of the user');
  assert.ok(hasScope(scopesOf(lines, 0, 'd.r.a.p.auth.ApiTokenAuthSharedBase'), 'log.category.auth'), 'Bitbucket category');
  assert.ok(hasScope(scopesOf(lines, 0, '@A6X2OXx532x2669x0'), 'log.request'));
  assert.ok(hasScope(scopesOf(lines, 1, 'Token verification for user '), 'log.failed'));
  assert.ok(hasScope(scopesOf(lines, 2, 'd.resolution.apitokenauth.ApiTokenAuthenticationService'), 'log.category.auth'));
  assert.ok(hasScope(scopesOf(lines, 2, '10.2.3.4'), 'log.ip'));
  assert.ok(hasScope(scopesOf(lines, 3, 'rate limited'), 'log.failed'));
});

test('hostile text in a line is only tokens: the grammar never loses its place', async () => {
  const lines = await tokenize(fixture('atlassian-jira.log'));
  const evil = lines.length - 2; // last line of the file (the file ends with a newline)
  assert.ok(hasScope(scopesOf(lines, evil, 'DEBUG'), 'log.debug'));
  assert.equal(lines[evil]!.map((t) => t.text).join(''), fixture('atlassian-jira.log').split('\n')[evil]);
});

for (const name of existsSync(fixtures) ? readdirSync(fixtures).sort() : []) {
  test(`token snapshot: ${name}`, async () => {
    const lines = await tokenize(fixture(name));
    const rendered =
      lines
        .map((toks, i) => [`#${i + 1}`, ...toks.map((t) => `  ${JSON.stringify(t.text)} ${t.scopes.join(' | ')}`)].join('\n'))
        .join('\n') + '\n';
    const snap = join(snapshots, `${name}.tokens.txt`);
    if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(snap, rendered);
    assert.ok(existsSync(snap), `snapshot ${snap} exists (create it with UPDATE_SNAPSHOTS=1)`);
    assert.equal(rendered, readFileSync(snap, 'utf8'));
  });
}
