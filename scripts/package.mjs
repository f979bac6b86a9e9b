#!/usr/bin/env node
// `npm run package`: a production build, then `vsce package --no-dependencies` (everything runs
// from the bundles in dist/; .vscodeignore keeps the rest out), offline. Prints the .vsix path,
// its size and what is inside. Exit code 1 with vsce's message when packaging fails.
//   node scripts/package.mjs [--out FILE]
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

export function packageVsix(out = join(root, `${pkg.name}-${pkg.version}.vsix`), { quiet = false } = {}) {
  const io = quiet ? 'pipe' : 'inherit';
  const build = spawnSync(process.execPath, ['build.mjs', '--production'], { cwd: root, stdio: io, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`production build failed:\n${build.stdout ?? ''}${build.stderr ?? ''}`);
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!existsSync(vsce)) throw new Error('@vscode/vsce is not installed (npm ci)');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, VSCE_TELEMETRY: 'false' },
    input: 'n\n', // never hang on a question: answer "no"
  });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`vsce package failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return { file: out, bytes: statSync(out).size, files: listZip(out), log: `${r.stdout}${r.stderr}` };
}

/** Names inside a .vsix (a zip), read from its central directory: no unzip tool needed. */
export function listZip(file) {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: broken zip directory`);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extra + comment;
  }
  return names;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  try {
    const t0 = Date.now();
    const r = packageVsix(values.out ? resolve(values.out) : undefined);
    console.log(`package: ${r.files.length} files:\n  ${r.files.join('\n  ')}`);
    console.log(`package: ${r.file} (${(r.bytes / 1024).toFixed(0)} KiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    console.error(`package: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
