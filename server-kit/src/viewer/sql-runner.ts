import type { DuckDBValue } from '@duckdb/node-api';
import { HubError } from '../errors.js';
import { type DuckPool, sqlIdent } from './duckdb-pool.js';
import { presentRow, type Column } from './features.js';
import { checkQueryTree, SqlRefused } from './sql-guard.js';
import type { PreparedSplit } from './viewer-service.js';

export interface SqlLimits {
  maxRows: number;
  timeoutMs: number;
  /** Queries running at once in this process; more wait in line, up to `maxQueued`. */
  concurrency: number;
  maxQueued: number;
}

export const defaultSqlLimits: SqlLimits = { maxRows: 1_000, timeoutMs: 10_000, concurrency: 2, maxQueued: 16 };

export interface SqlResult {
  columns: Column[];
  rows: Array<Record<string, unknown>>;
  truncatedCells: string[][];
  /** More rows than `maxRows` were produced; only the first `maxRows` are returned. */
  truncated: boolean;
}

/**
 * `POST /viewer/sql`: one read-only SELECT over a config's splits, exposed as temporary views
 * named after the splits on a connection of its own. The query is checked on DuckDB's parse tree
 * first (see sql-guard.ts), then runs under the instance's locked-down configuration with a row
 * limit (results are streamed and cut), a time limit (interrupt) and the instance memory limit.
 */
export class SqlRunner {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly pool: DuckPool, private readonly limits: SqlLimits = defaultSqlLimits) {}

  /** `beforeRun` (fetching sparse S3 files) runs only once the query has passed the checks. */
  async run(splits: PreparedSplit[], query: string, beforeRun: () => Promise<void> = async () => {}): Promise<SqlResult> {
    if (this.running >= this.limits.concurrency) {
      if (this.queue.length >= this.limits.maxQueued) throw new HubError(429, 'Too many SQL queries at once; try again shortly');
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
    this.running++;
    try {
      return await this.execute(splits, query, beforeRun);
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  private async execute(splits: PreparedSplit[], query: string, beforeRun: () => Promise<void>): Promise<SqlResult> {
    const conn = await this.pool.dedicated();
    try {
      const parsed = await conn.runAndReadAll('SELECT json_serialize_sql(?::VARCHAR)', [query]);
      try {
        checkQueryTree(String(parsed.getRows()[0]![0]), new Set(splits.map((s) => s.split)));
      } catch (err) {
        if (err instanceof SqlRefused) throw new HubError(400, `Query refused: ${err.message}`, { code: 'SqlQueryRefused' });
        throw err;
      }
      await beforeRun();
      for (const s of splits) await conn.run(`CREATE TEMP VIEW ${sqlIdent(s.split)} AS SELECT * FROM ${s.from}`);

      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        conn.interrupt();
      }, this.limits.timeoutMs);
      try {
        const result = await conn.stream(query);
        const names = uniqueNames(result.columnNames());
        const columns = names.map((name, i) => ({ name, type: result.columnTypes()[i]! }));
        const values: DuckDBValue[][] = [];
        let truncated = false;
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          values.push(...chunk.getRows());
          if (values.length > this.limits.maxRows) {
            truncated = true;
            values.length = this.limits.maxRows;
            break;
          }
        }
        const presented = values.map((v) => presentRow(v, columns));
        return { columns, rows: presented.map((p) => p.row), truncatedCells: presented.map((p) => p.truncated_cells), truncated };
      } catch (err) {
        if (err instanceof HubError) throw err;
        if (timedOut) throw new HubError(400, `Query stopped: it ran longer than ${this.limits.timeoutMs / 1000} s`, { code: 'SqlQueryFailed' });
        throw new HubError(400, `Query failed: ${((err as Error).message ?? String(err)).split('\n')[0]!.slice(0, 300)}`, { code: 'SqlQueryFailed' });
      } finally {
        clearTimeout(timer);
      }
    } finally {
      conn.closeSync();
    }
  }
}

/** Duplicate output names (`SELECT a, a`) get a suffix so rows can be objects. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const count = seen.get(n) ?? 0;
    seen.set(n, count + 1);
    return count ? `${n}_${count}` : n;
  });
}
