// Reading a log file in (offset, length) ranges, whatever it is: plain, gzipped, binary, unreadable.
//
// - Plain files are read in place through a file descriptor; nothing is held in memory.
// - A gzipped file (magic bytes 1f 8b, whatever its name) is decompressed once, streaming, into a
//   temporary file (os.tmpdir()/authlog-*/), which is then indexed and paged like a plain file:
//   offsets refer to the decompressed stream. The temporary file is deleted on close() and at exit.
//   (Re-decompressing for every page would make paging near the end of a big archive slow.)
//   A gzip whose content is not a text log is refused with a clear message; a damaged gzip keeps
//   what could be decompressed, with a message.
// - Binary content (NUL bytes, mostly invalid UTF-8) is reported as a `problem` but still indexed:
//   invalid bytes show as U+FFFD; decoding never throws.
// - Errors (missing file, permission denied, a folder) become LogFileError with a message a user can act on.

import { closeSync, createReadStream, createWriteStream, fstatSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, Writable } from 'node:stream';
import { createGunzip, constants as zlibConstants } from 'node:zlib';
import { decodeUtf8 } from './scan';
import { detectFormat, isEntryStart } from './formats';
import type { LogFormat } from '../../../shared/protocol';

export class LogFileError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'LogFileError';
  }
}

export const SAMPLE_BYTES = 64 * 1024;

/** A clear message for a file system error on `path`. */
export function describeFsError(err: unknown, path: string): LogFileError {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ?? 'EIO';
  switch (code) {
    case 'ENOENT':
      return new LogFileError(`${path}: no such file (it may have been moved, rotated or deleted).`, code);
    case 'EACCES':
    case 'EPERM':
      return new LogFileError(`${path}: permission denied. The log is readable only by its owner (often the Jira/Confluence service user); copy it or run as a user who can read it.`, code);
    case 'EISDIR':
      return new LogFileError(`${path}: is a folder, not a log file.`, code);
    case 'EMFILE':
    case 'ENFILE':
      return new LogFileError(`${path}: too many open files; close some log sessions and try again.`, code);
    default:
      return new LogFileError(`${path}: cannot be read (${e?.message ?? String(err)}).`, code);
  }
}

export interface SampleCheck {
  /** A message when the bytes do not look like a text log. */
  problem?: string;
  binary: boolean;
  /** At least one line starts with a timestamp. */
  hasEntries: boolean;
}

/** Looks at the first bytes of a file: NUL bytes or many invalid UTF-8 sequences mean binary. */
/** The gzip trailer's ISIZE (last 4 bytes, little-endian) equals the decompressed size mod 2^32. */
function gzipSizeMatches(path: string, decompressed: number): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size < 18) return false; // shorter than a gzip header and trailer
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, size - 4);
    return b.readUInt32LE(0) === decompressed % 2 ** 32;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The whole archive decompresses without an error (every member, each with its trailer). */
async function gunzipsCleanly(path: string): Promise<boolean> {
  try {
    await pipeline(createReadStream(path), createGunzip(), new Writable({ write: (_chunk, _enc, cb) => cb() }));
    return true;
  } catch {
    return false;
  }
}

/** "the first 12 KB" or, for a sample under a kilobyte, "its 300 bytes". */
function sampleSize(n: number): string {
  return n < 1024 ? `its ${n} byte${n === 1 ? '' : 's'}` : `the first ${Math.round(n / 1024)} KB`;
}

export function checkSample(sample: Uint8Array, name: string): SampleCheck {
  if (sample.length === 0) return { binary: false, hasEntries: false };
  // Counted with indexOf (memchr and the string search), not a loop per character: this runs on
  // the thread that opens the file while the workers boot.
  const bytes = Buffer.from(sample.buffer, sample.byteOffset, sample.length);
  let nul = 0;
  for (let k = bytes.indexOf(0); k >= 0; k = bytes.indexOf(0, k + 1)) nul++;
  const text = decodeUtf8(sample);
  let bad = 0;
  for (let k = text.indexOf('\uFFFD'); k >= 0; k = text.indexOf('\uFFFD', k + 1)) bad++;
  const hasEntries = text.split('\n', 2000).some((l) => isEntryStart(l));
  // The last character may be a UTF-8 sequence cut by the sample's end: allow a few.
  const badRatio = bad / Math.max(1, text.length);
  if (nul > 0) {
    return { binary: true, hasEntries, problem: `${name} looks binary (${nul} NUL byte${nul === 1 ? '' : 's'} in ${sampleSize(sample.length)}); it is shown with replacement characters.` };
  }
  if (bad > 3 && badRatio > 0.01) {
    return { binary: true, hasEntries, problem: `${name} is not UTF-8 text (${(badRatio * 100).toFixed(1)}% invalid bytes at its start); invalid bytes are shown as \uFFFD.` };
  }
  if (!hasEntries && text.length > 0) {
    return { binary: false, hasEntries, problem: `${name}: no line of ${sampleSize(sample.length)} starts with a timestamp; is it an Atlassian log? Every line is shown as one entry's continuation.` };
  }
  return { binary: false, hasEntries };
}

/** A piece of a source readable by a worker through its own file descriptor. */
export interface Segment {
  readPath: string;
  /** Where the segment starts in the source's offsets. */
  base: number;
  size: number;
  /** Lines before the segment (line numbers shown are per segment file). */
  lineBase: number;
  /** The path no longer names these bytes (a rotated-away file): read them through the source, not by path. */
  detached?: boolean;
}

export interface LogSource {
  /** The path the user gave. */
  readonly path: string;
  /** The path actually read (the decompressed temporary file for a gzip). */
  readonly readPath: string;
  readonly gzip: boolean;
  readonly format: LogFormat;
  /** Bytes readable now (decompressed size for a gzip). */
  size: number;
  problem?: string;
  /** Reads into `buf[offset..offset+length)` from `position`; returns the bytes read. Never past the end. */
  readInto(buf: Buffer, offset: number, length: number, position: number): number;
  /** Reads up to `length` bytes at `position`. */
  read(position: number, length: number): Buffer;
  /** Re-reads the size (follow mode). */
  stat(): { size: number; ino: number };
  /** Where workers can read the bytes: one segment for a plain file, several after rotations in follow mode. */
  segments(): Segment[];
  /** A worker can index it by path (a single segment whose offsets are the file's). */
  readonly workerPath?: string;
  close(): void;
}

const tempDirs = new Set<string>();
let exitHook = false;
function rememberTemp(dir: string): void {
  tempDirs.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const d of tempDirs) {
        try {
          rmSync(d, { recursive: true, force: true });
        } catch {
          // best effort at exit
        }
      }
    });
  }
}

/** Up to `length` bytes at `position` through a source's `readInto` (fewer at its end). */
export function readFully(src: Pick<LogSource, 'readInto'>, position: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(Math.max(0, length));
  let got = 0;
  while (got < length) {
    const n = src.readInto(b, got, length - got, position + got);
    if (n <= 0) break;
    got += n;
  }
  return b.subarray(0, got);
}

function isGzipMagic(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

class FdSource implements LogSource {
  size: number;
  problem?: string;
  private fd: number;
  private closed = false;
  constructor(
    readonly path: string,
    readonly readPath: string,
    fd: number,
    readonly gzip: boolean,
    readonly format: LogFormat,
    private readonly tempDir: string | undefined,
    problem: string | undefined,
  ) {
    this.fd = fd;
    this.size = fstatSync(fd).size;
    if (problem) this.problem = problem;
  }
  get workerPath(): string {
    return this.readPath;
  }
  segments(): Segment[] {
    return [{ readPath: this.readPath, base: 0, size: this.size, lineBase: 0 }];
  }
  readInto(buf: Buffer, offset: number, length: number, position: number): number {
    if (this.closed || length <= 0) return 0;
    return readSync(this.fd, buf, offset, length, position);
  }
  read(position: number, length: number): Buffer {
    return readFully(this, position, length);
  }
  stat(): { size: number; ino: number } {
    const s = fstatSync(this.fd);
    return { size: s.size, ino: s.ino };
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    if (this.tempDir) {
      try {
        rmSync(this.tempDir, { recursive: true, force: true });
      } catch {
        // best effort
      }
      tempDirs.delete(this.tempDir);
    }
  }
}

function sampleFormat(sample: Uint8Array, path: string): LogFormat {
  const lines = decodeUtf8(sample).split('\n', 400).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  return detectFormat(lines.filter((l) => isEntryStart(l)).slice(0, 50), path);
}

function readHead(fd: number, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  let got = 0;
  while (got < n) {
    const r = readSync(fd, b, got, n - got, got);
    if (r <= 0) break;
    got += r;
  }
  return b.subarray(0, got);
}

export interface OpenOptions {
  /** Called while a gzip is decompressed (bytes of the compressed file read so far). */
  onGzipProgress?: (compressedDone: number, compressedTotal: number) => void;
}

/** Opens a log file for ranged reads. Throws LogFileError with a clear message when it cannot. */
export async function openLogSource(path: string, opts: OpenOptions = {}): Promise<LogSource> {
  let fd: number;
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    fd = openSync(path, 'r');
  } catch (err) {
    throw describeFsError(err, path);
  }
  let head: Buffer;
  try {
    head = readHead(fd, SAMPLE_BYTES);
  } catch (err) {
    closeSync(fd);
    throw describeFsError(err, path);
  }
  const name = basename(path);
  if (!isGzipMagic(head)) {
    const check = checkSample(head, name);
    return new FdSource(path, path, fd, false, sampleFormat(head, path), undefined, check.problem);
  }
  closeSync(fd);
  return openGzip(path, name, opts);
}

async function openGzip(path: string, name: string, opts: OpenOptions): Promise<LogSource> {
  const dir = mkdtempSync(join(tmpdir(), 'authlog-'));
  rememberTemp(dir);
  const out = join(dir, name.replace(/\.gz$/i, '') || 'log');
  const total = statSync(path).size;
  let checked = false;
  let refused: LogFileError | undefined;
  let damaged: string | undefined;
  let head = Buffer.alloc(0);
  const gate = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!checked) {
        head = Buffer.concat([head, chunk]);
        if (head.length < SAMPLE_BYTES) return cb();
        checked = true;
        const c = checkSample(head.subarray(0, SAMPLE_BYTES), name);
        if (c.binary || !c.hasEntries) {
          refused = new LogFileError(`${name} is a gzip archive, but what it holds is not a text log (${c.binary ? 'binary content' : 'no line starts with a timestamp'}). Extract it and open the log inside.`, 'ENOTLOG');
          return cb(refused);
        }
        const h = head;
        head = Buffer.alloc(0);
        return cb(null, h);
      }
      cb(null, chunk);
    },
    flush(cb) {
      if (!checked) {
        checked = true;
        const c = checkSample(head, name);
        if (head.length > 0 && (c.binary || !c.hasEntries)) {
          refused = new LogFileError(`${name} is a gzip archive, but what it holds is not a text log (${c.binary ? 'binary content' : 'no line starts with a timestamp'}). Extract it and open the log inside.`, 'ENOTLOG');
          return cb(refused);
        }
        return cb(null, head);
      }
      cb();
    },
  });
  const input = createReadStream(path);
  if (opts.onGzipProgress) input.on('data', () => opts.onGzipProgress?.(input.bytesRead, total));
  try {
    // Z_SYNC_FLUSH at the end: a cut archive yields everything that can be decompressed (with the
    // default Z_FINISH the error could race the last decompressed bytes to the temp file).
    await pipeline(input, createGunzip({ finishFlush: zlibConstants.Z_SYNC_FLUSH }), gate, createWriteStream(out));
    // A cut archive ends without an error then: its trailer (the size of the data, mod 2^32) tells.
    // The trailer gives the size of the last member only: when it differs, a strict pass (Z_FINISH,
    // output discarded) decides, so an archive of several members (`cat a.gz b.gz`) is not called damaged.
    if (!gzipSizeMatches(path, statSync(out).size) && !(await gunzipsCleanly(path))) {
      damaged = `${name}: the gzip data is damaged or cut (it ends before its recorded end); showing what could be decompressed.`;
    }
  } catch (err) {
    if (refused) {
      rmSync(dir, { recursive: true, force: true });
      tempDirs.delete(dir);
      throw refused;
    }
    const e = err as NodeJS.ErrnoException;
    if (e?.code === 'EACCES' || e?.code === 'EPERM' || e?.code === 'ENOENT') {
      rmSync(dir, { recursive: true, force: true });
      tempDirs.delete(dir);
      throw describeFsError(err, path);
    }
    // Damaged or cut archive: keep what was decompressed.
    damaged = `${name}: the gzip data is damaged or cut (${e?.message ?? String(err)}); showing what could be decompressed.`;
  }
  let fd: number;
  try {
    fd = openSync(out, 'r');
  } catch {
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
    throw new LogFileError(`${name}: the gzip data is damaged; nothing could be decompressed.`, 'EGZIP');
  }
  const sample = readHead(fd, SAMPLE_BYTES);
  if (sample.length === 0 && damaged) {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
    throw new LogFileError(`${name}: the gzip data is damaged; nothing could be decompressed.`, 'EGZIP');
  }
  const check = checkSample(sample, name);
  return new FdSource(path, out, fd, true, sampleFormat(sample, path), dir, damaged ?? check.problem);
}
