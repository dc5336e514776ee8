import type { ArrowColumn, ArrowRows } from '../lazy/arrow.js';

/** The hub answers at most 100 rows a request. */
export const PAGE_SIZE = 100;

export interface PreviewRow {
  /** Position in the result. */
  index: number;
  /** Index of the row in the split (search and filter results keep the split's numbers). */
  rowIdx: number;
  cells: Array<string | null>;
  /** Names of the cells the hub cut (over 5,000 characters). */
  truncated: ReadonlySet<string>;
}

export interface RowsPage {
  columns: ArrowColumn[];
  rows: PreviewRow[];
  total: number;
}

export type PageFetcher = (offset: number, length: number, signal: AbortSignal) => Promise<ArrowRows>;

/** One decoded Arrow answer → rows with their indexes, truncated cells and the total. */
export function toPage(decoded: ArrowRows, offset: number): RowsPage {
  const indexes = JSON.parse(decoded.metadata.row_idx ?? '[]') as number[];
  const truncated = JSON.parse(decoded.metadata.truncated_cells ?? '[]') as string[][];
  return {
    columns: decoded.columns,
    rows: decoded.rows.map((cells, i) => ({ index: offset + i, rowIdx: indexes[i] ?? offset + i, cells, truncated: new Set(truncated[i] ?? []) })),
    total: Number(decoded.metadata.num_rows_total ?? decoded.rows.length),
  };
}

/**
 * Pages of one query (rows, search or filter), fetched on demand as the table scrolls and kept in
 * a small LRU; requests for pages that scrolled away are aborted.
 */
export class RowPages {
  private readonly pages = new Map<number, RowsPage>();
  private readonly inflight = new Map<number, AbortController>();
  private failure?: unknown;

  constructor(private readonly fetcher: PageFetcher, private readonly onChange: () => void, private readonly capacity = 60) {}

  /** A loaded page, marked as recently used. */
  page(n: number): RowsPage | undefined {
    const p = this.pages.get(n);
    if (p) {
      this.pages.delete(n);
      this.pages.set(n, p);
    }
    return p;
  }

  get error(): unknown {
    return this.failure;
  }

  /** Seeds the cache with a page fetched elsewhere (the first one). */
  put(n: number, page: RowsPage): void {
    this.pages.set(n, page);
  }

  /** Loads the pages covering rows [first, last]; aborts any other request still running. */
  want(first: number, last: number): void {
    const from = Math.floor(first / PAGE_SIZE);
    const to = Math.floor(last / PAGE_SIZE);
    for (const [n, ctrl] of this.inflight) {
      if (n < from || n > to) {
        ctrl.abort();
        this.inflight.delete(n);
      }
    }
    for (let n = from; n <= to; n++) {
      if (this.pages.has(n) || this.inflight.has(n)) continue;
      const ctrl = new AbortController();
      this.inflight.set(n, ctrl);
      this.fetcher(n * PAGE_SIZE, PAGE_SIZE, ctrl.signal).then(
        (decoded) => {
          this.pages.set(n, toPage(decoded, n * PAGE_SIZE));
          while (this.pages.size > this.capacity) this.pages.delete(this.pages.keys().next().value!);
          this.failure = undefined;
        },
        (error: unknown) => {
          if ((error as { name?: string }).name !== 'AbortError') this.failure = error;
        },
      ).finally(() => {
        if (this.inflight.get(n) === ctrl) this.inflight.delete(n);
        if (!ctrl.signal.aborted) this.onChange();
      });
    }
  }

  /** The row at an index, if its page is loaded. */
  row(index: number): PreviewRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE];
  }

  dispose(): void {
    for (const ctrl of this.inflight.values()) ctrl.abort();
    this.inflight.clear();
  }
}
