// Pages of rows around the viewport, kept in a small LRU. Every filter change or `changed`
// notification starts a new generation: rows of older generations are still shown (no flicker)
// until the fresh page arrives, but never count as up to date.
import type { LogRow } from '../../shared/protocol';

export const PAGE_SIZE = 200;

interface Page {
  gen: number;
  rows: LogRow[];
}

export class PageCache {
  private readonly pages = new Map<number, Page>();
  /** page index -> generation being fetched */
  private readonly inflight = new Map<number, number>();
  gen = 0;

  constructor(private readonly maxPages = 40) {}

  /** Starts a new generation. `drop` forgets the rows too (the filter changed: old rows are wrong). */
  invalidate(drop: boolean): void {
    this.gen++;
    this.inflight.clear();
    if (drop) this.pages.clear();
  }

  row(index: number): LogRow | undefined {
    const p = this.pages.get(Math.floor(index / PAGE_SIZE));
    return p?.rows[index % PAGE_SIZE];
  }

  /** Pages that cover rows [first, last] and are missing or stale, and not already being fetched. */
  wanted(first: number, last: number): number[] {
    const out: number[] = [];
    if (last < first) return out;
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
      const have = this.pages.get(p);
      if (have) {
        // LRU: touch
        this.pages.delete(p);
        this.pages.set(p, have);
      }
      if ((!have || have.gen !== this.gen) && this.inflight.get(p) !== this.gen) out.push(p);
    }
    return out;
  }

  begin(page: number): number {
    this.inflight.set(page, this.gen);
    return this.gen;
  }

  /** Stores a page fetched in generation `gen`; false (and nothing stored) when it is outdated. */
  put(page: number, gen: number, rows: LogRow[]): boolean {
    if (this.inflight.get(page) === gen) this.inflight.delete(page);
    if (gen !== this.gen) return false;
    this.pages.delete(page);
    this.pages.set(page, { gen, rows });
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
    return true;
  }

  /** A failed page is not asked for again in the same generation (no request storm); the next change retries. */
  failed(page: number, gen: number): void {
    void page;
    void gen;
  }

  get size(): number {
    return this.pages.size;
  }
}
