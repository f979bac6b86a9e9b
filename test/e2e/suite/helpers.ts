// Helpers for the suites that run inside the real VS Code extension host (code-server).
// Every wait is on an event (onDidChangeDiagnostics, onDidChangeTextDocument, onDidChangeTabs)
// with a generous deadline that fails with what was seen, never a fixed sleep.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'authlog.authlog';
export const SOURCE = 'authlog';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e suites need a workspace folder (samples/workspace)');
  return folder.uri;
}

export function file(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

/** Activates AuthLog (if the workspace did not already) and waits for its language server. */
export async function authlog(): Promise<{ getClient(): unknown; ready: Promise<void> }> {
  const ext = vscode.extensions.getExtension<{ getClient(): unknown; ready: Promise<void> }>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  await api.ready;
  return api;
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Writes a scratch copy (own file per test, so tests never see each other's edits) and opens it. */
export async function scratch(rel: string, text: string): Promise<vscode.TextEditor> {
  const uri = file(`e2e-scratch/${rel}`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return open(uri);
}

export async function readSample(rel: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(file(rel)));
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) return '';
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function describeDiagnostics(ds: readonly vscode.Diagnostic[]): string {
  if (!ds.length) return '(none)';
  return ds.map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1} [${codeOf(d)}] ${d.message}`).join('\n');
}

/** Waits until AuthLog's diagnostics for `uri` satisfy `ok`; returns them. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  ok: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const ds = ours(uri);
      if (!ok(ds)) return false;
      cleanup();
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; AuthLog diagnostics now:\n${describeDiagnostics(ours(uri))}\nall diagnostics:\n${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

/** Waits until the document's text satisfies `ok`. */
export function waitForText(doc: vscode.TextDocument, ok: (text: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (ok(doc.getText())) return resolve(doc.getText());
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== doc || !ok(doc.getText())) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(doc.getText());
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; the text now:\n${doc.getText()}`));
    }, timeoutMs);
  });
}

/** Waits until some tab satisfies `ok`. */
export function waitForTab(ok: (tab: vscode.Tab) => boolean, what: string, timeoutMs = 30_000): Promise<vscode.Tab> {
  const find = (): vscode.Tab | undefined => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(ok);
  return new Promise((resolve, reject) => {
    const now = find();
    if (now) return resolve(now);
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      const t = find();
      if (!t) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(t);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => `${t.label} (${t.input?.constructor?.name ?? typeof t.input})`);
      reject(new Error(`timed out waiting for ${what}; open tabs: ${tabs.join(', ') || '(none)'}`));
    }, timeoutMs);
  });
}

/** Every string a completion item offers (label, insert text, edit text, filter text). */
export function completionTexts(item: vscode.CompletionItem): string[] {
  const out: string[] = [typeof item.label === 'string' ? item.label : item.label.label];
  if (typeof item.insertText === 'string') out.push(item.insertText);
  else if (item.insertText) out.push(item.insertText.value);
  if (item.filterText) out.push(item.filterText);
  const edit = item.textEdit as vscode.TextEdit | undefined;
  if (edit?.newText) out.push(edit.newText);
  return out;
}

/** Where `needle` is in the document (first occurrence, or the nth). */
export function positionOf(doc: vscode.TextDocument, needle: string, nth = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.getText().indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found in ${vscode.workspace.asRelativePath(doc.uri)}`);
  }
  return doc.positionAt(at);
}

/** A one-line metric the e2e entry point picks out of the extension host's output. */
export function metric(name: string, value: number, unit = 'ms'): void {
  console.log(`[e2e-metric] ${name}=${Math.round(value)}${unit}`);
}

/** Reverts what a test typed (so no "Save changes?" dialog waits for nobody), then closes every editor. */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
