#!/usr/bin/env node
// Starts a real VS Code (code-server, installed by scripts/install-code-server.mjs) for the
// end-to-end tests and `npm run try`: 127.0.0.1 on a free port, its own process group, user data,
// extensions and XDG folders isolated under a run folder, a quiet settings.json, no marketplace.
// The whole process group is ended by its id on stop(), on process exit and on SIGINT/SIGTERM.
//
// Library:
//   const cs = await startCodeServer({ runDir, env, vsix: ['authlog-0.1.0.vsix'] });
//   cs.workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath })  -> URL to open
//   await cs.stop();
// CLI:
//   node scripts/code-server.mjs [--folder DIR] [--dev EXTENSION_DIR] [--port N]
//   prints the URL and stays up until Ctrl+C.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, openSync, closeSync, existsSync, readFileSync, mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..');
export const cacheDir = join(repoRoot, '.authlog-cache');
export const codeServerEntry = join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Settings that keep the workbench quiet and deterministic (no welcome page, no telemetry, no updates). */
export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.accessibilitySupport': 'off',
  'files.hotExit': 'off',
  'window.confirmBeforeClose': 'never',
};

/** Every group we started and have not stopped yet: killed on exit, whatever happens. */
/** pid -> its TMPDIR (removed with it). */
const live = new Map();
let handlersInstalled = false;

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const killAll = () => {
    for (const [pid, tmp] of live) {
      killGroup(pid, 'SIGKILL');
      rmSync(tmp, { recursive: true, force: true });
    }
    live.clear();
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      killAll();
      process.removeListener(sig, onSignal);
      // Re-raise so the process ends the way it would have without us (unless someone else handles it).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

let runCounter = 0;
/** A fresh run folder under .authlog-cache/runs/. */
export function newRunDir(label = 'run') {
  // Short names: VS Code's IPC socket paths under it must stay below 107 characters.
  const stamp = new Date().toISOString().slice(11, 19).replace(/:/g, '');
  const dir = join(cacheDir, 'runs', `${label}-${stamp}-${process.pid}-${++runCounter}`);
  mkdirSync(dir, { recursive: true });
  pruneRuns();
  return dir;
}

/** Keeps the newest `keep` run folders, and any whose process is still alive (another run in progress). */
export function pruneRuns(keep = 12) {
  const runs = join(cacheDir, 'runs');
  let entries;
  try {
    entries = readdirSync(runs).map((name) => ({ name, mtime: statSync(join(runs, name)).mtimeMs }));
  } catch {
    return;
  }
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const { name } of entries.slice(keep)) {
    const pid = Number(/-(\d+)-\d+$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && isAlive(pid)) continue;
    if (pid === process.pid) continue;
    rmSync(join(runs, name), { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function ensureInstalled() {
  if (!existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed (${codeServerEntry} missing): run \`node scripts/install-code-server.mjs\` (or scripts/setup.sh)`);
  }
}

function childEnv(dirs, extra) {
  const env = { ...process.env };
  // Whatever runs us (node:test, tsx) must not leak into code-server or the extension host.
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  delete env.ELECTRON_RUN_AS_NODE;
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') && k !== 'VSCODE_TEST_OPTIONS') delete env[k];
  return {
    ...env,
    EXTENSIONS_GALLERY: '{}',
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmp,
    ...extra,
  };
}

function layout(runDir) {
  const dirs = {
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    xdgData: join(runDir, 'xdg', 'data'),
    xdgConfig: join(runDir, 'xdg', 'config'),
    xdgCache: join(runDir, 'xdg', 'cache'),
  };
  // TMPDIR holds VS Code's IPC sockets, whose paths must stay below 107 characters: keep it short.
  dirs.tmp = mkdtempSync(join(tmpdir(), 'authlog-cs-'));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return dirs;
}

/**
 * Installs .vsix files the way a user would (`code-server --install-extension`), into the run
 * folder's extensions dir. Returns code-server's output. Throws with that output on failure.
 */
export function installExtensions(runDir, vsixFiles, env = {}) {
  ensureInstalled();
  const dirs = layout(runDir);
  const args = [codeServerEntry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  for (const v of vsixFiles) args.push('--install-extension', resolve(v));
  const r = spawnSync(process.execPath, args, { env: childEnv(dirs, env), encoding: 'utf8', timeout: 120_000 });
  rmSync(dirs.tmp, { recursive: true, force: true });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (exit ${r.status ?? r.signal}):\n${out}`);
  return out;
}

/**
 * Starts code-server. Options:
 *   runDir     folder for everything this instance writes (default: a new one under .authlog-cache/runs/)
 *   env        extra environment for code-server and the extension host
 *   settings   extra user settings merged over quietSettings
 *   vsix       .vsix files to install first, as a user would
 *   port       a fixed port (default: a free one)
 *   timeoutMs  how long to wait for /healthz (default 60 s)
 */
export async function startCodeServer(opts = {}) {
  ensureInstalled();
  const runDir = resolve(opts.runDir ?? newRunDir('code-server'));
  mkdirSync(runDir, { recursive: true });
  const dirs = layout(runDir);
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...(opts.settings ?? {}) }, null, 2) + '\n');
  if (opts.vsix?.length) installExtensions(runDir, opts.vsix, opts.env);

  const port = opts.port ?? (await freePort());
  const configFile = join(runDir, 'config.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = join(runDir, 'code-server.log');
  const fd = openSync(logFile, 'a');
  const args = [
    codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--config', configFile,
  ];
  installExitHandlers();
  const child = spawn(process.execPath, args, {
    cwd: runDir,
    env: childEnv(dirs, opts.env ?? {}),
    detached: true, // its own process group: stop() ends the file watcher and extension hosts too
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const pid = child.pid;
  if (!pid) throw new Error('code-server did not start (no pid)');
  live.set(pid, dirs.tmp);
  let exited = null;
  const exitPromise = new Promise((res) => child.on('exit', (code, signal) => { exited = { code, signal }; res(exited); }));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!live.has(pid)) return; // stopped already
    if (!exited) {
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
    }
    killGroup(pid, 'SIGKILL'); // leftovers of the group (watchers, extension hosts)
    live.delete(pid);
    rmSync(dirs.tmp, { recursive: true, force: true });
  };

  // Wait for /healthz (a condition, not a fixed time); fail at once if the process dies.
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited before it was ready (${JSON.stringify(exited)}); its log (${logFile}):\n${tail(logFile)}`);
    }
    try {
      const r = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${baseUrl}/healthz in time; its log (${logFile}):\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  /** The URL that opens a folder with a development extension and, optionally, a test runner. */
  const workbenchUrl = ({ folder, extensionDevelopmentPath, extensionTestsPath } = {}) => {
    const payload = [];
    if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${resolve(extensionDevelopmentPath)}`]);
    if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${resolve(extensionTestsPath)}`]);
    const q = new URLSearchParams();
    if (folder) q.set('folder', resolve(folder));
    if (payload.length) q.set('payload', JSON.stringify(payload));
    const qs = q.toString();
    return `${baseUrl}/${qs ? `?${qs}` : ''}`;
  };

  return { pid, port, baseUrl, runDir, dirs, logFile, workbenchUrl, stop, exited: exitPromise };
}

/** The last lines of a file, for error messages. */
export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function cli() {
  const { values } = parseArgs({
    options: {
      folder: { type: 'string' },
      dev: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: node scripts/code-server.mjs [--folder DIR] [--dev EXTENSION_DIR] [--port N]');
    return;
  }
  const cs = await startCodeServer({ port: values.port ? Number(values.port) : undefined });
  console.log(`code-server is running (pid ${cs.pid}, log ${cs.logFile})`);
  console.log(`Open: ${cs.workbenchUrl({ folder: values.folder, extensionDevelopmentPath: values.dev })}`);
  console.log('Ctrl+C stops it.');
  await cs.exited;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((e) => {
    console.error(`code-server: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
