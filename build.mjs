// Bundles AuthLog with esbuild. Type checking is separate: `npm run typecheck`.
//   dist/client.js     extension host glue (vscode is external)
//   dist/server.js     the LSP server: `node dist/server.js --stdio`
//   dist/cli.js        the `authlog` command
//   dist/logWorker.js  worker thread that indexes log files (spawned by the server and the CLI)
//   dist/webview.js    the log viewer's browser code (+ dist/webview.css)
//   dist/scan.wasm     the log scanner's SIMD core (server/wasm/scan.ts, AssemblyScript)
import * as esbuild from 'esbuild';
import asc from 'assemblyscript/asc';
import { existsSync, mkdirSync, copyFileSync, chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const builds = [
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { ...node, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { ...node, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['server/src/logs/worker.ts'], outfile: 'dist/logWorker.js' },
  {
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: !production, minify: production,
    logLevel: 'warning', entryPoints: ['client/webview/main.ts'], outfile: 'dist/webview.js',
  },
];

mkdirSync('dist', { recursive: true });
const active = builds.filter((b) => existsSync(b.entryPoints[0]));
for (const b of builds) if (!active.includes(b)) console.warn(`build: skipping ${b.outfile} (${b.entryPoints[0]} not written yet)`);

const copies = [['client/webview/main.css', 'dist/webview.css']];
function copyAssets() {
  for (const [from, to] of copies) if (existsSync(from)) copyFileSync(from, to);
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}

/** Compiles server/wasm/scan.ts to dist/scan.wasm (a few kB; no imports, memory laid out by scanWasm.ts). */
async function buildWasm() {
  const { error, stderr } = await asc.main([
    'server/wasm/scan.ts', '--outFile', 'dist/scan.wasm', '-O3', '--runtime', 'stub', '--noAssert',
    '--use', 'abort=', '--enable', 'simd', '--enable', 'bulk-memory',
  ]);
  if (error) {
    console.error(stderr.toString());
    throw error;
  }
}

await buildWasm();
if (watch) {
  for (const b of active) (await esbuild.context(b)).watch();
  copyAssets();
  console.log('build: watching');
} else {
  await Promise.all(active.map((b) => esbuild.build(b)));
  copyAssets();
}
