// Atlassian log files in the real VS Code: the language id that colours them, and the AuthLog
// Viewer opening one (the rows inside the webview are checked through Playwright by e2e.test.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { authlog, closeAll, file, waitForTab } from './helpers';

suite('Atlassian log files in VS Code', () => {
  teardown(closeAll);

  for (const rel of ['logs/node1/atlassian-jira-security.log', 'logs/node2/atlassian-jira.log', 'logs/node1/apitokenservice.log']) {
    test(`${rel.split('/').pop()} opens as language "atlassian-log" (AuthLog's grammar colours it)`, async () => {
      const doc = await vscode.workspace.openTextDocument(file(rel));
      assert.equal(doc.languageId, 'atlassian-log');
    });
  }

  test('a log4j.properties file stays "properties" (AuthLog does not take over other files)', async () => {
    const doc = await vscode.workspace.openTextDocument(file('jira/log4j.properties'));
    assert.equal(doc.languageId, 'properties');
  });

  test('a sample log opens in the AuthLog Viewer (vscode.openWith authlog.logViewer)', async function () {
    this.timeout(90_000);
    await authlog(); // the viewer reads logs through the language server
    const uri = file('logs/node1/atlassian-jira.log');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'authlog.logViewer');
    const tab = await waitForTab(
      (t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'authlog.logViewer' && t.input.uri.toString() === uri.toString(),
      'an AuthLog Viewer tab for atlassian-jira.log',
    );
    assert.equal(tab.label, 'atlassian-jira.log');
  });

  test('"AuthLog: Open in AuthLog Viewer" on the active log opens the viewer', async () => {
    const uri = file('logs/node2/atlassian-jira-security.log');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('authlog.openInViewer');
    await waitForTab(
      (t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'authlog.logViewer' && t.input.uri.toString() === uri.toString(),
      'an AuthLog Viewer tab for node2/atlassian-jira-security.log',
    );
  });

  test('two nodes\' logs selected together open in one merged AuthLog Viewer', async () => {
    const a = file('logs/node1/atlassian-jira-security.log');
    const b = file('logs/node2/atlassian-jira-security.log');
    await vscode.commands.executeCommand('authlog.openInViewer', a, [a, b]);
    const tab = await waitForTab(
      (t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('authlog.logViewer'),
      'a merged AuthLog Viewer panel',
    );
    assert.match(tab.label, /^AuthLog: /);
  });
});
