#!/usr/bin/env node
// `npm run try`: AuthLog in a real VS Code in your browser, on a sample workspace, in one command.
// Builds the extension, copies samples/workspace/ into a fresh run folder (your edits never touch
// the originals), starts code-server with AuthLog as a development extension and prints the URL.
// Stays up until Ctrl+C, which stops everything it started.
//   node scripts/try.mjs [--port N] [--folder DIR] [--no-build]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCodeServer, newRunDir, repoRoot, codeServerEntry } from './code-server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    folder: { type: 'string' },
    'no-build': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('usage: npm run try [-- --port N] [--folder DIR] [--no-build]');
  process.exit(0);
}

function die(message) {
  console.error(`try: ${message}`);
  process.exit(1);
}

if (!existsSync(codeServerEntry)) {
  console.log('try: code-server is not installed yet; installing it (once, about 1.5 minutes)');
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'install-code-server.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) die('could not install code-server (see above); scripts/setup.sh installs what it needs');
}

if (!values['no-build']) {
  console.log('try: building AuthLog (npm run build)');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) die('the build failed (see above)');
}
if (!existsSync(join(repoRoot, 'dist', 'client.js'))) die('dist/client.js is missing after the build');

const source = resolve(values.folder ?? join(repoRoot, 'samples', 'workspace'));
if (!existsSync(source)) die(`${source} does not exist`);
const runDir = newRunDir('try');
const folder = join(runDir, 'workspace');
cpSync(source, folder, { recursive: true });

const cs = await startCodeServer({ runDir, port: values.port ? Number(values.port) : undefined }).catch((e) => die(e.message));
const url = cs.workbenchUrl({ folder, extensionDevelopmentPath: repoRoot });
console.log('');
console.log('AuthLog is running in VS Code (code-server). Open this URL in your browser:');
console.log('');
console.log(`  ${url}`);
console.log('');
console.log(`Workspace: ${folder} (a copy of ${source}; start with its README.md)`);
console.log(`Logs:      ${cs.logFile}`);
console.log('Ctrl+C stops it.');
const exit = await cs.exited;
die(`code-server stopped (${JSON.stringify(exit)}); see ${cs.logFile}`);
