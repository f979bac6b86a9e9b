// Follow mode for one file of a session: new lines appear as they are appended, through rotation
// and truncation, without losing or duplicating entries.
//
// - Polls the path: a check every `intervalMs` (a stat, no busy loop; works on every file system,
//   and sees renames, which fs.watch on the file would not follow). Not fs.watchFile: it reports
//   changes against a first stat it takes later, on the thread pool, so an append that landed
//   between the follower's first check and that stat was not reported until the next change (seen
//   with a busy thread pool: the test waiting for a partial line timed out under load).
// - Appended bytes: the index re-scans from its last entry (which may have grown) and appends.
// - Rotation (the path now has another inode: the file was renamed to .1 and a new one created):
//   the rest of the old file is read through the descriptor still open on it, then the new file is
//   chained after it (ChainSource: one offset space over several files), so ids stay stable.
// - Truncation (same inode, smaller size, e.g. logrotate's copytruncate): a message, then the
//   entries of that file are dropped and it is indexed again from its start.
// - Deletion: a message; what was read stays; if a file appears again under the name it is
//   followed as a rotation.
// Every check runs one after the other (a promise chain), so events never interleave.

import { statSync, type Stats } from 'node:fs';
import type { ChangedParams, LogFormat, MessageParams } from '../../../shared/protocol';
import { openLogSource, readFully, type LogSource, type Segment } from './fileAccess';
import type { FileIndex } from './indexer';

interface Piece {
  base: number;
  lineBase: number;
  /** Fixed size (rotated away, or the virtual newline); undefined = the live file (its size is `src.size`). */
  fixed?: number;
  src?: LogSource;
  bytes?: Buffer;
}

/** One offset space over a rotated file and its successor(s). */
export class ChainSource implements LogSource {
  readonly path: string;
  readonly gzip = false;
  readonly format: LogFormat;
  problem?: string;
  private readonly pieces: Piece[];
  constructor(first: LogSource) {
    this.path = first.path;
    this.format = first.format;
    this.pieces = [{ base: 0, lineBase: 0, src: first }];
  }
  get readPath(): string {
    return this.live.src!.readPath;
  }
  get workerPath(): undefined {
    return undefined;
  }
  private get live(): Piece {
    return this.pieces[this.pieces.length - 1]!;
  }
  private pieceSize(p: Piece): number {
    return p.fixed ?? p.src!.size;
  }
  get size(): number {
    const l = this.live;
    return l.base + this.pieceSize(l);
  }
  set size(v: number) {
    const l = this.live;
    if (l.src && l.fixed === undefined) l.src.size = v - l.base;
  }
  /** Base offset of the live file. */
  get liveBase(): number {
    return this.live.base;
  }
  /** Freezes the live file at `size` bytes and chains `next` after it (with a newline between when the old one did not end with one). */
  rotate(next: LogSource, oldSize: number, lineBase: number): void {
    const l = this.live;
    l.fixed = oldSize;
    let base = l.base + oldSize;
    if (oldSize > 0) {
      const lastByte = this.read(base - 1, 1);
      if (lastByte.length === 1 && lastByte[0] !== 10) {
        this.pieces.push({ base, lineBase, fixed: 1, bytes: Buffer.from('\n') });
        base += 1;
      }
    }
    this.pieces.push({ base, lineBase, src: next });
  }
  private pieceAt(pos: number): Piece | undefined {
    for (let k = this.pieces.length - 1; k >= 0; k--) if (pos >= this.pieces[k]!.base) return this.pieces[k];
    return undefined;
  }
  readInto(buf: Buffer, offset: number, length: number, position: number): number {
    const p = this.pieceAt(position);
    if (!p) return 0;
    const rel = position - p.base;
    const n = Math.min(length, this.pieceSize(p) - rel);
    if (n <= 0) {
      // At the end of a frozen piece: continue in the next one.
      const next = this.pieces[this.pieces.indexOf(p) + 1];
      return next ? this.readInto(buf, offset, length, next.base) : 0;
    }
    if (p.bytes) {
      p.bytes.copy(buf, offset, rel, rel + n);
      return n;
    }
    return p.src!.readInto(buf, offset, n, rel);
  }
  read(position: number, length: number): Buffer {
    return readFully(this, position, length);
  }
  stat(): { size: number; ino: number } {
    return this.live.src!.stat();
  }
  /** The live file's own size and inode through its descriptor. */
  liveStat(): { size: number; ino: number } {
    return this.live.src!.stat();
  }
  segments(): Segment[] {
    return this.pieces.map((p) => ({
      readPath: p.src?.readPath ?? '',
      base: p.base,
      size: this.pieceSize(p),
      lineBase: p.lineBase,
      ...(p.fixed !== undefined ? { detached: true } : {}),
    }));
  }
  close(): void {
    for (const p of this.pieces) p.src?.close();
  }
}

export interface FollowOptions {
  intervalMs: number;
  onMessage: (severity: MessageParams['severity'], text: string) => void;
  onChange: (reason: ChangedParams['reason']) => void;
}

export class Follower {
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private ino: number;
  private missing = false;
  private readonly timer: ReturnType<typeof setInterval>;
  /** A check is queued or running: a tick adds none. */
  private checking = false;
  /** The live file's first bytes: if they change while the size does not shrink, the file was replaced in place. */
  private sig: Buffer = Buffer.alloc(0);

  constructor(private readonly path: string, private readonly index: FileIndex, private readonly opts: FollowOptions) {
    this.ino = index.source.stat().ino;
    this.sig = this.head();
    // Each check compares the file with what the index holds, so none can be missed.
    this.timer = setInterval(() => {
      if (this.checking) return;
      this.checking = true;
      void this.schedule().finally(() => {
        this.checking = false;
      });
    }, Math.max(10, opts.intervalMs));
    this.schedule(); // what was appended while the index was being built
  }

  /** Queues a check (also called by tests that do not want to wait for the poll). */
  schedule(): Promise<void> {
    this.chain = this.chain.then(() => this.check()).catch((err: unknown) => {
      this.opts.onMessage('error', `${this.path}: follow mode stopped: ${err instanceof Error ? err.message : String(err)}`);
    });
    return this.chain;
  }

  idle(): Promise<void> {
    return this.chain;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private chainSource(): ChainSource {
    const s = this.index.source;
    if (s instanceof ChainSource) return s;
    const c = new ChainSource(s);
    this.index.source = c;
    return c;
  }

  /** Up to 64 first bytes of the live file, read through the open descriptor. */
  private head(): Buffer {
    const base = this.liveBase();
    const n = Math.min(64, Math.max(0, this.index.indexedEnd - base));
    return Buffer.from(this.index.source.read(base, n));
  }

  /** Size of the live file as the index knows it (offsets minus the live file's base). */
  private liveBase(): number {
    const s = this.index.source;
    return s instanceof ChainSource ? s.liveBase : 0;
  }

  private async grow(): Promise<boolean> {
    const live = this.index.source.stat().size; // through the open descriptor: works after a rename or delete
    const total = this.liveBase() + live;
    if (total <= this.index.indexedEnd) return false;
    this.index.source.size = total;
    await this.index.whenIdle();
    await this.index.extend(total);
    return true;
  }

  /**
   * Rotated files written after the one being followed, oldest first: when the followed file (by
   * inode) now sits at `<path>.k` with k > 1, the files `.k-1` ... `.1` came between it and the
   * new `<path>`.
   */
  private missedRotations(): string[] {
    for (let k = 2; k <= 20; k++) {
      let st: Stats;
      try {
        st = statSync(`${this.path}.${k}`);
      } catch {
        return [];
      }
      if (st.ino === this.ino) {
        const out: string[] = [];
        for (let j = k - 1; j >= 1; j--) out.push(`${this.path}.${j}`);
        return out;
      }
    }
    return [];
  }

  private async check(): Promise<void> {
    if (this.stopped) return;
    await this.index.whenIdle();
    let st: Stats | undefined;
    try {
      st = statSync(this.path);
    } catch {
      st = undefined;
    }
    if (!st) {
      const grew = await this.grow();
      if (grew) this.opts.onChange('appended');
      if (!this.missing) {
        this.missing = true;
        this.opts.onMessage('warning', `${this.path} was deleted or moved away; the ${this.index.entries} entries read are kept. Following resumes if the file comes back.`);
      }
      return;
    }
    if (st.ino !== this.ino) {
      // Rotation: finish the old file through its descriptor, then chain the files rotated in
      // between (when several rotations fell within one poll: the old file is now `.k`, and
      // `.k-1` ... `.1` were written after it), then the new one.
      await this.grow();
      let next: LogSource | undefined;
      for (const p of [...this.missedRotations(), this.path]) {
        try {
          next = await openLogSource(p);
        } catch (err) {
          this.opts.onMessage('warning', err instanceof Error ? err.message : String(err));
          return;
        }
        const c = this.chainSource();
        const oldSize = this.index.indexedEnd - c.liveBase;
        c.rotate(next, oldSize, this.index.lines);
        if (p !== this.path) await this.index.extend(c.size);
      }
      if (!next) return;
      const c = this.chainSource();
      this.ino = next.stat().ino;
      this.missing = false;
      this.opts.onMessage('info', `${this.path} was rotated; the rest of the old file was read, following the new file.`);
      await this.index.extend(c.size);
      this.sig = this.head();
      this.opts.onChange('rotated');
      return;
    }
    this.missing = false;
    const base = this.liveBase();
    const known = this.index.indexedEnd - base;
    const now = this.sig.length ? this.index.source.read(base, this.sig.length) : this.sig;
    const replaced = st.size >= known && this.sig.length > 0 && st.size >= this.sig.length && !now.equals(this.sig);
    if (st.size < known || replaced) {
      this.opts.onMessage(
        'warning',
        replaced
          ? `${this.path} was rewritten in place (its first bytes changed); its entries are read again from the start.`
          : `${this.path} shrank from ${known} to ${st.size} bytes (truncated); its entries are read again from the start.`,
      );
      // Entries from the first at or after the live file's start go.
      this.index.truncateEntries(this.index.cols.offset.lowerBound(base), base);
      this.index.source.size = base + st.size;
      await this.index.extend(base + st.size);
      this.sig = this.head();
      this.opts.onChange('truncated');
      return;
    }
    if (await this.grow()) {
      if (this.sig.length < 64) this.sig = this.head();
      this.opts.onChange('appended');
    }
  }
}
