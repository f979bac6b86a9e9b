#!/usr/bin/env node
// `npm run package`: a production build and `vsce package --no-dependencies` (everything runs from
// the bundles in dist/; .vscodeignore keeps the rest out), offline. Prints the .vsix, its size and
// what is inside. Exit code 1 with the build's or vsce's message when it fails.
//   node scripts/package.mjs [--out FILE]
//
// It works in a staging folder of its own (.authlog-cache/package-<pid>/: the sources linked, the
// shipped files copied), so the production build never replaces the development build in dist/
// that a running test or `npm run try` may be using. The images README.md links to are copied
// too, and links are left relative (no repository URL to rewrite them to): the Extensions view
// shows them from the installed extension.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, statSync, existsSync, mkdirSync, rmSync, symlinkSync, cpSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Files and folders the .vsix is made of (before .vscodeignore filters them). */
const shipped = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'syntaxes', 'images', 'docs/walkthrough'];
/** Sources the build reads, linked into the staging folder. */
const linked = ['client', 'server', 'shared', 'node_modules', 'tsconfig.json', 'tsconfig.base.json'];

/** Relative image paths README.md shows (Markdown `![](path)` and `<img src="path">`). */
export function readmeImages(markdown) {
  const out = new Set();
  for (const m of markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|<img\s[^>]*src=["']([^"']+)["']/g)) {
    const p = (m[1] ?? m[2] ?? '').replace(/^\.\//, '');
    if (p && !/^[a-z]+:/i.test(p) && !p.startsWith('/') && !p.includes('..')) out.add(p);
  }
  return [...out];
}

export function packageVsix(out = join(root, `${pkg.name}-${pkg.version}.vsix`), { quiet = false } = {}) {
  const stage = join(root, '.authlog-cache', `package-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  try {
    for (const p of linked) if (existsSync(join(root, p))) symlinkSync(join(root, p), join(stage, p));
    const readme = existsSync(join(root, 'README.md')) ? readFileSync(join(root, 'README.md'), 'utf8') : '';
    const images = readmeImages(readme).filter((p) => existsSync(join(root, p)));
    for (const p of [...shipped, ...images]) {
      if (!existsSync(join(root, p))) continue;
      mkdirSync(dirname(join(stage, p)), { recursive: true });
      cpSync(join(root, p), join(stage, p), { recursive: true });
    }
    const build = spawnSync(process.execPath, [join(root, 'build.mjs'), '--production'], { cwd: stage, encoding: 'utf8' });
    if (!quiet && build.stdout) process.stdout.write(build.stdout);
    if (!quiet && build.stderr) process.stderr.write(build.stderr);
    if (build.status !== 0) throw new Error(`production build failed:\n${build.stdout ?? ''}${build.stderr ?? ''}`);
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    if (!existsSync(vsce)) throw new Error('@vscode/vsce is not installed (npm ci)');
    // .vscodeignore is read from the staging folder: README images are whitelisted here, per file.
    const ignore = readFileSync(join(stage, '.vscodeignore'), 'utf8') + images.map((p) => `!${p}\n`).join('');
    writeFileSync(join(stage, '.vscodeignore'), ignore);
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', resolve(out)], {
      cwd: stage,
      encoding: 'utf8',
      env: { ...process.env, VSCE_TELEMETRY: 'false' },
      input: 'n\n', // never hang on a question: answer "no"
    });
    if (r.status !== 0 || !existsSync(out)) throw new Error(`vsce package failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    return { file: resolve(out), bytes: statSync(out).size, files: listZip(out), log: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
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
