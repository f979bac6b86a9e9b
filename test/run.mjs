// Runs AuthLog's node:test suites (TypeScript through tsx). `node test/run.mjs [suite...]`
// suites: unit grammar lsp props bench webview e2e (default: all of them, e2e last).
// `bench` holds the benchmark's own tests (generator truth, a small end-to-end bench run).
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const all = ['unit', 'grammar', 'lsp', 'props', 'bench', 'webview', 'e2e'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;

function find(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (/\.test\.(ts|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

let failed = false;
for (const suite of wanted) {
  const files = suite === 'bench' ? find('bench').filter((f) => !f.includes(join('bench', 'data'))) : find(join('test', suite));
  if (!files.length) { console.log(`# suite ${suite}: no tests`); continue; }
  console.log(`# suite ${suite}: ${files.length} file(s)`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: process.env,
  });
  if (r.status !== 0) { failed = true; console.error(`# suite ${suite}: FAILED`); }
}
process.exit(failed ? 1 : 0);
