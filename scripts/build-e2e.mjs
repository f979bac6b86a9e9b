// Compiles the suites that run inside the real VS Code (test/e2e/suite/*.suite.ts; not *.test.ts,
// which test/run.mjs would run under node:test) into out/e2e/suite/*.suite.js: one CommonJS bundle per file, `vscode` and `mocha` external.
// `node scripts/build-e2e.mjs` (the e2e entry point calls it before each run).
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const suiteSrc = join(root, 'test', 'e2e', 'suite');
export const suiteOut = join(root, 'out', 'e2e', 'suite');

export async function buildSuites() {
  const entries = readdirSync(suiteSrc).filter((f) => f.endsWith('.suite.ts')).map((f) => join(suiteSrc, f));
  rmSync(suiteOut, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries,
    outdir: suiteOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode', 'mocha'],
  });
  return entries.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = await buildSuites();
  console.log(`build-e2e: ${n} suite file(s) -> ${suiteOut}`);
}
