#!/usr/bin/env node
// Installs a real VS Code (code-server 4.100.3 = VS Code 1.100.3, the last line that runs on Node 20)
// offline into .authlog-cache/code-server/, for the end-to-end tests and `npm run try`.
//
// The only download code-server's install makes outside the npm registry is ripgrep
// (@vscode/ripgrep's postinstall fetches it from GitHub). That postinstall first looks for
// $TMPDIR/vscode-ripgrep-cache-<package version>/ripgrep-<tag>-<target>.tar.gz, so we put an
// archive of Debian's /usr/bin/rg there, with a TMPDIR of our own, and let code-server's own
// postinstall run unchanged. See docs/real-vscode.md (team docs) for the facts this relies on.
//
// Idempotent: when the installed version is already there, it returns in about a second.
// Usage: node scripts/install-code-server.mjs [--force]
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, copyFileSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

export const CODE_SERVER_VERSION = '4.100.3';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.authlog-cache');
export const installDir = join(cacheDir, 'code-server');
/** The code-server launcher script inside the installation. */
export const codeServerBin = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const marker = join(installDir, '.installed');

function fail(message) {
  console.error(`install-code-server: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    fail(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${out}`);
  }
  return r.stdout ?? '';
}

/** Is the wanted version installed and complete? */
export function isInstalled() {
  if (!existsSync(marker) || !existsSync(codeServerBin)) return false;
  try {
    return JSON.parse(readFileSync(marker, 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function ripgrepTarget() {
  const arch = process.env.npm_config_arch || os.arch();
  if (os.platform() !== 'linux') fail(`only Linux is supported by this offline installer (this is ${os.platform()})`);
  if (arch === 'x64') return 'x86_64-unknown-linux-musl';
  if (arch === 'arm64') return 'aarch64-unknown-linux-musl';
  fail(`unsupported CPU architecture for the ripgrep cache: ${arch}`);
}

/** Reads one file out of a .tgz without unpacking the rest. */
function fromTarball(tgz, path) {
  return run('tar', ['-xzf', tgz, '-O', path]);
}

function main() {
  const force = process.argv.includes('--force');
  if (!force && isInstalled()) {
    console.log(`install-code-server: code-server ${CODE_SERVER_VERSION} already installed in ${installDir}`);
    return;
  }
  const t0 = Date.now();
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20) fail(`code-server ${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.versions.node}`);
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) fail(`${rg} is missing: install the Debian package "ripgrep" (scripts/setup.sh does it)`);
  for (const tool of ['make', 'g++', 'python3']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) fail(`"${tool}" is missing: code-server builds native modules (apt-get install build-essential python3)`);
  }
  if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/krb5/krb5.h')) {
    fail('Kerberos headers are missing: install the Debian package "libkrb5-dev" (scripts/setup.sh does it)');
  }
  if (!existsSync('/usr/include/node/node.h')) fail('Node headers are missing in /usr/include/node (Debian/NodeSource nodejs package provides them)');

  const tmp = join(cacheDir, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });

  console.log(`install-code-server: fetching code-server@${CODE_SERVER_VERSION} from the npm registry`);
  run('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', tmp, '--silent'], { cwd: tmp });
  const tgz = join(tmp, `code-server-${CODE_SERVER_VERSION}.tgz`);
  if (!existsSync(tgz)) fail(`npm pack did not produce ${tgz}`);

  // Every @vscode/ripgrep version code-server's lockfiles pin, and for each the release tag its postinstall wants.
  const versions = new Set();
  for (const lock of ['package/npm-shrinkwrap.json', 'package/lib/vscode/npm-shrinkwrap.json', 'package/lib/vscode/extensions/npm-shrinkwrap.json']) {
    let json;
    try {
      json = JSON.parse(fromTarball(tgz, lock));
    } catch {
      continue;
    }
    for (const [key, pkg] of Object.entries(json.packages ?? {})) {
      if (key.endsWith('node_modules/@vscode/ripgrep') && pkg.version) versions.add(pkg.version);
    }
  }
  if (!versions.size) fail('found no @vscode/ripgrep in code-server\'s lockfiles: the install layout changed, update this script');
  const target = ripgrepTarget();
  for (const version of versions) {
    run('npm', ['pack', `@vscode/ripgrep@${version}`, '--pack-destination', tmp, '--silent'], { cwd: tmp });
    const rgTgz = join(tmp, `vscode-ripgrep-${version}.tgz`);
    const postinstall = fromTarball(rgTgz, 'package/lib/postinstall.js');
    const tag = /const VERSION = '([^']+)'/.exec(postinstall)?.[1];
    if (!tag) fail(`could not read the ripgrep release tag from @vscode/ripgrep@${version}'s postinstall.js`);
    const cache = join(tmp, `vscode-ripgrep-cache-${version}`);
    const stage = join(tmp, `rg-stage-${version}`);
    mkdirSync(cache, { recursive: true });
    mkdirSync(stage, { recursive: true });
    copyFileSync(rg, join(stage, 'rg'));
    run('tar', ['-czf', join(cache, `ripgrep-${tag}-${target}.tar.gz`), '-C', stage, 'rg']);
    console.log(`install-code-server: ripgrep cache for @vscode/ripgrep@${version} (${tag}, ${target}) from ${rg}`);
  }

  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'authlog-code-server', private: true }, null, 2) + '\n');
  console.log('install-code-server: npm install (builds native modules; 1.5 to 3 minutes on 2 cores)');
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true',
    npm_config_nodedir: '/usr',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  run('npm', ['install', '--no-save', '--no-package-lock', tgz], { cwd: installDir, env });
  if (!existsSync(codeServerBin)) fail(`npm install finished but ${codeServerBin} is missing`);
  const rgBinDir = join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin');
  if (!existsSync(rgBinDir) || !readdirSync(rgBinDir).includes('rg')) fail(`ripgrep was not installed into ${rgBinDir}`);
  // --version writes a default config.yaml under XDG_CONFIG_HOME: keep it out of $HOME.
  const xdg = { XDG_CONFIG_HOME: join(tmp, 'xdg-config'), XDG_DATA_HOME: join(tmp, 'xdg-data'), XDG_CACHE_HOME: join(tmp, 'xdg-cache') };
  const out = run(process.execPath, [codeServerBin, '--version'], { cwd: installDir, env: { ...process.env, TMPDIR: tmp, ...xdg } });
  const reports = out.trim().split('\n').filter((l) => !l.startsWith('[')).pop() ?? '';
  if (!reports.startsWith(CODE_SERVER_VERSION)) fail(`code-server --version printed "${out.trim()}", expected ${CODE_SERVER_VERSION}`);
  writeFileSync(marker, JSON.stringify({ version: CODE_SERVER_VERSION, reports, installedAt: new Date().toISOString() }) + '\n');
  rmSync(tmp, { recursive: true, force: true });
  console.log(`install-code-server: code-server ${reports} installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
