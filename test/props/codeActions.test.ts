// Property tests of the quick fixes and "Add audit logging" actions (issue 6): on random variants
// of valid configs (the team's realistic ones and the real shipped ones, with mistakes injected,
// lines dropped, CRLF line endings), every fix keeps every line it was not meant to touch, keeps
// the file's line endings, removes the finding it fixes, and applying an action again changes nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { createConfigService } from '../../server/src/config/service';
import { loggingFeatures } from '../../server/src/config/codeActions';
import { filesUnder, propRuns } from './setup';

const RUNS = propRuns(150, 20261122);
const service = createConfigService();
const stats = { variants: 0, fixesApplied: 0, addActionsApplied: 0 };
after(() => console.log(`# code action cases: ${stats.variants} config variants, ${stats.fixesApplied} quick fixes applied, ${stats.addActionsApplied} add-logging actions applied`));

const fixtureDir = join(__dirname, '..', 'fixtures');
const bases = filesUnder(fixtureDir)
  .filter((p) => /(real-configs|configs)\//.test(p) && /\.(properties|xml)$/.test(p) && !/mistakes/.test(p))
  .map((p) => ({ name: p.slice(fixtureDir.length + 1), uri: 'file:///cfg/' + p.slice(fixtureDir.length + 1).replace(/[^/]*\//, ''), text: readFileSync(p, 'utf8') }));

/** Mistakes admins make, as text rewrites. */
const mistakes: ((t: string) => string)[] = [
  (t) => t.replace('com.kantegasso.AuditLog', 'com.kantegasso.Auditlog'),
  (t) => t.replace(/^log4j\.additivity\.com\.kantegasso\.AuditLog.*(\r?\n|$)/m, ''),
  (t) => t.replace(/(log4j\.logger\.com\.kantegasso\.AuditLog\s*=\s*)INFO/, '$1WARN'),
  (t) => t.replace(/(name="com\.kantegasso\.AuditLog" level=")INFO/, '$1ERROR'),
  (t) => t.replace(/ additivity="false"/, ''),
  (t) => t.replace(/(log4j\.logger\.de\.resolution\.apitokenauth\s*=\s*INFO,\s*)\w+/, '$1apitokenlog'),
  (t) => t.replace(/<AppenderRef ref="filelog"\/>/, '<AppenderRef ref="filelogg"/>'),
  (t) => t + (t.endsWith('\n') ? '' : '\n') + 'log4j.logger.com.kantegasso.DiagnosticsLog = INFO, securitylog\n',
  (t) => t.replace(/^(log4j\.rootLogger\s*=\s*)\w+/m, '$1WARNING'),
];

const variant = fc.record({
  base: fc.constantFrom(...bases),
  mistakes: fc.subarray(mistakes.map((_, i) => i), { maxLength: 4 }),
  dropLine: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
  crlf: fc.boolean(),
});

function build(v: { base: (typeof bases)[number]; mistakes: number[]; dropLine: number | null; crlf: boolean }): string {
  let t = v.base.text;
  for (const i of v.mistakes) t = mistakes[i]!(t);
  if (v.dropLine !== null) {
    const lines = t.split('\n');
    lines.splice(Math.floor(v.dropLine * lines.length), 1);
    t = lines.join('\n');
  }
  if (v.crlf) t = t.replace(/\r?\n/g, '\r\n');
  return t;
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const e = action.edit;
  if (!e) return [];
  const out: TextEdit[] = [...(e.changes?.[uri] ?? [])];
  for (const c of e.documentChanges ?? []) if ('textDocument' in c && c.textDocument.uri === uri) out.push(...(c.edits as TextEdit[]));
  return out;
}

/** Lines (by index) an edit may change: those its range covers; an insertion at a line start touches none. */
function touched(edits: TextEdit[]): Set<number> {
  const s = new Set<number>();
  for (const e of edits) {
    const { start, end } = e.range;
    const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
    const insertionAtLineStart = start.line === end.line && start.character === 0 && end.character === 0;
    if (insertionAtLineStart) continue;
    for (let l = start.line; l <= last; l++) s.add(l);
  }
  return s;
}

function lines(t: string): string[] {
  return t.split(/\r\n|\r|\n/);
}

/** `kept` appears in `all` in order (a subsequence). */
function isSubsequence(kept: string[], all: string[]): boolean {
  let i = 0;
  for (const l of all) if (i < kept.length && l === kept[i]) i++;
  return i === kept.length;
}

function checkEdit(doc: TextDocument, action: CodeAction, crlf: boolean): string {
  const edits = editsOf(action, doc.uri);
  assert.ok(edits.length > 0, `${action.title} has an edit`);
  const before = doc.getText();
  const after = TextDocument.applyEdits(doc, edits);
  const touchedLines = touched(edits);
  const kept = lines(before).filter((_, i) => !touchedLines.has(i));
  assert.ok(isSubsequence(kept, lines(after)), `${action.title}: every line it was not meant to touch is still there, in order`);
  if (crlf) assert.ok(!/(^|[^\r])\n/.test(after), `${action.title}: a CRLF file stays CRLF`);
  return after;
}

function findings(doc: TextDocument): Diagnostic[] {
  const model = service.parse(doc);
  return model ? service.validate(doc, model) : [];
}

test('quick fixes keep untouched lines and line endings, and remove the finding they fix', () => {
  assert.ok(bases.length >= 5, `valid configs to start from: ${bases.length}`);
  fc.assert(
    fc.property(variant, (v) => {
      stats.variants++;
      const text = build(v);
      const doc = TextDocument.create(v.base.uri, v.base.uri.endsWith('.xml') ? 'xml' : 'properties', 1, text);
      const model = service.parse(doc);
      if (!model) return;
      const diagnostics = service.validate(doc, model);
      for (const d of diagnostics) {
        const actions = service.codeActions(doc, model, d.range, { diagnostics: [d] }).filter((a) => a.kind === 'quickfix' && a.edit);
        for (const a of actions) {
          stats.fixesApplied++;
          const after = checkEdit(doc, a, v.crlf);
          const doc2 = TextDocument.create(doc.uri, doc.languageId, 2, after);
          const sameBefore = diagnostics.filter((x) => x.code === d.code && x.message === d.message).length;
          const sameAfter = findings(doc2).filter((x) => x.code === d.code && x.message === d.message).length;
          assert.ok(sameAfter < sameBefore, `${a.title}: the ${String(d.code)} finding "${d.message}" is gone (${sameBefore} -> ${sameAfter})\n${after}`);
        }
      }
    }),
    { numRuns: RUNS },
  );
});

test('"Add audit logging" actions keep untouched lines, and applying one again changes nothing', () => {
  fc.assert(
    fc.property(variant, fc.constantFrom(...loggingFeatures.map((f) => f.id)), (v, appId) => {
      stats.variants++;
      const text = build(v);
      const doc = TextDocument.create(v.base.uri, v.base.uri.endsWith('.xml') ? 'xml' : 'properties', 1, text);
      const model = service.parse(doc);
      if (!model) return;
      const action = service.enableLogging(doc, model, appId);
      if (!action) return; // already declared: nothing to add
      stats.addActionsApplied++;
      const after = checkEdit(doc, action, v.crlf);
      const doc2 = TextDocument.create(doc.uri, doc.languageId, 2, after);
      const model2 = service.parse(doc2)!;
      const again = service.enableLogging(doc2, model2, appId);
      const twice = again ? TextDocument.applyEdits(doc2, editsOf(again, doc.uri)) : after;
      assert.equal(twice, after, `applying "${action.title}" a second time changes nothing`);
    }),
    { numRuns: RUNS },
  );
});
