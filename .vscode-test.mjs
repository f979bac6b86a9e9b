// @vscode/test-cli configuration. VS Code cannot be downloaded on these machines, so
// `useInstallation.fromPath` points at a launcher that runs the suites in a real VS Code served by
// code-server (scripts/vscode-test-launcher.mjs). Build the suites first: `node scripts/build-e2e.mjs`,
// then `npx vscode-test` (or run everything with `node test/run.mjs e2e`).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'e2e',
  files: 'out/e2e/suite/**/*.suite.js',
  workspaceFolder: './samples/workspace',
  useInstallation: { fromPath: './scripts/vscode-test-launcher.mjs' },
  skipExtensionDependencies: true,
  mocha: { ui: 'tdd', timeout: 60_000, color: false },
});
