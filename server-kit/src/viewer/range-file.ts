import fsp from 'node:fs/promises';
import { HubError } from '../errors.js';
import type { BlobStore } from '../stores/blob-store.js';

type Interval = [number, number]; // [start, end)

/** Largest gap between wanted ranges that is fetched anyway, to make fewer requests. */
const COALESCE_GAP = 256 * 1024;

/**
 * A Parquet object in S3 as a sparse local file that DuckDB can open: it has the object's size,
 * but only the byte ranges fetched so far are filled (footer first, then the row groups a page
 * needs), each with one ranged GET. Which ranges are filled is kept beside it (`.ranges`), so the
 * cache survives restarts. Reads are only issued for filled ranges: callers `ensure` first.
 */
export class RangeFile {
  private filled: Interval[] | null = null;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string, private readonly store: BlobStore, private readonly oid: string, readonly size: number) {}

  /** Creates the sparse file (once) and fetches the footer. */
  async open(): Promise<void> {
    // Anyone can push a .parquet that is not one: a data error (422), like DuckDB's on the fs store.
    const notParquet = () => new HubError(422, 'Could not read the data: not a Parquet file');
    if (this.size < 12) throw notParquet(); // "PAR1", footer length, "PAR1"
    await this.serial(async () => {
      await this.load();
      if (!(await fsp.stat(this.path).catch(() => null))) {
        const handle = await fsp.open(this.path, 'w');
        await handle.truncate(this.size);
        await handle.close();
        this.filled = [];
        await this.save();
      }
    });
    const tail = Math.min(this.size, 8);
    await this.ensure([[this.size - tail, this.size]]);
    const head = await fsp.open(this.path, 'r');
    try {
      const buf = Buffer.alloc(8);
      await head.read(buf, 0, 8, this.size - 8);
      if (buf.toString('latin1', 4) !== 'PAR1') throw notParquet();
      const footer = buf.readUInt32LE(0);
      await this.ensure([[Math.max(0, this.size - 8 - footer), this.size], [0, Math.min(this.size, 4)]]);
    } finally {
      await head.close();
    }
  }

  /** Fetches whatever of `ranges` is not filled yet. */
  ensure(ranges: Interval[]): Promise<void> {
    return this.serial(async () => {
      await this.load();
      const missing = coalesce(subtract(merge(ranges), this.filled!));
      if (!missing.length) return;
      const handle = await fsp.open(this.path, 'r+');
      try {
        for (const [start, end] of missing) {
          let position = start;
          for await (const chunk of await this.store.read(this.oid, start, end - 1)) {
            const buf = chunk as Buffer;
            await handle.write(buf, 0, buf.length, position);
            position += buf.length;
          }
          if (position !== end) throw new Error(`short read from the object store: ${position - start} of ${end - start} bytes`);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      this.filled = merge([...this.filled!, ...missing]);
      await this.save();
    });
  }

  ensureAll(): Promise<void> {
    return this.ensure([[0, this.size]]);
  }

  /** Bytes filled so far (for tests and the benchmark). */
  async filledBytes(): Promise<number> {
    await this.load();
    return this.filled!.reduce((n, [a, b]) => n + b - a, 0);
  }

  private async load(): Promise<void> {
    if (this.filled) return;
    const text = await fsp.readFile(`${this.path}.ranges`, 'utf8').catch(() => null);
    const exists = await fsp.stat(this.path).then(() => true, () => false);
    this.filled = text && exists ? (JSON.parse(text) as Interval[]) : [];
  }

  private async save(): Promise<void> {
    const tmp = `${this.path}.ranges.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(this.filled));
    await fsp.rename(tmp, `${this.path}.ranges`);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

function merge(list: Interval[]): Interval[] {
  const sorted = list.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function subtract(wanted: Interval[], have: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [a0, b] of wanted) {
    let a = a0;
    for (const [c, d] of have) {
      if (d <= a || c >= b) continue;
      if (c > a) out.push([a, c]);
      a = Math.max(a, d);
      if (a >= b) break;
    }
    if (a < b) out.push([a, b]);
  }
  return out;
}

function coalesce(list: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [a, b] of list) {
    const last = out[out.length - 1];
    if (last && a - last[1] <= COALESCE_GAP) last[1] = b;
    else out.push([a, b]);
  }
  return out;
}
