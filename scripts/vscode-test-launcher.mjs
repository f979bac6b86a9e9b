#!/usr/bin/env node
// Stands in for the VS Code executable of @vscode/test-cli (`useInstallation.fromPath` in
// .vscode-test.mjs): test-cli cannot download VS Code here, so this runs the same suite in a real
// VS Code served by code-server, driven by Chromium, through the codeAutomationLog/Exit hooks.
// It receives what test-electron passes to VS Code: --extensionDevelopmentPath=..,
// --extensionTestsPath=.., the workspace folder, and flags that do not apply here (ignored).
// The workspace folder is copied into the run folder first, so a suite never changes the original.
// Exit code: the suite's (0 = all passed).
import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runExtensionTests } from './workbench.mjs';
import { newRunDir } from './code-server.mjs';

const args = process.argv.slice(2);
const value = (name) => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  if (a) return a.slice(name.length + 3);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const devPath = value('extensionDevelopmentPath');
const testsPath = value('extensionTestsPath');
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && /^--(extensionDevelopmentPath|extensionTestsPath|user-data-dir|extensions-dir)$/.test(args[i - 1])));
const folderArg = positional[0];

if (!devPath || !testsPath) {
  console.error('vscode-test-launcher: needs --extensionDevelopmentPath=<dir> and --extensionTestsPath=<module>');
  process.exit(2);
}

const runDir = newRunDir('suite');
let folder;
if (folderArg) {
  if (!existsSync(folderArg)) {
    console.error(`vscode-test-launcher: workspace folder ${folderArg} does not exist`);
    process.exit(2);
  }
  folder = join(runDir, 'workspace');
  cpSync(resolve(folderArg), folder, { recursive: true });
}

const r = await runExtensionTests({
  extensionDevelopmentPath: devPath,
  extensionTestsPath: testsPath,
  folder,
  runDir,
  env: {
    VSCODE_TEST_OPTIONS: process.env.VSCODE_TEST_OPTIONS ?? '',
    AUTHLOG_E2E_RUN_DIR: runDir,
  },
  timeoutMs: Number(process.env.AUTHLOG_E2E_TIMEOUT_MS ?? 300_000),
  echo: true,
});
console.log(`[e2e] suite finished with exit code ${r.code} in ${(r.ms / 1000).toFixed(1)} s (code-server log: ${r.logFile})`);
process.exit(r.code);
