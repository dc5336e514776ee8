import fs from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { HubError } from '../errors.js';

export interface DuckPoolOptions {
  /** The only directories DuckDB may read or write (LFS objects, the viewer cache). */
  allowedDirectories: string[];
  /** Where DuckDB spills when a query outgrows `memoryLimit` (must be inside an allowed directory). */
  tempDirectory: string;
  memoryLimit: string;
  threads: number;
  connections: number;
}

/**
 * One DuckDB instance per hub, locked down before any query runs: no file access outside the
 * hub's own data, no extension installs or loads, and a locked configuration (no statement can
 * change a setting afterwards). Connections are pooled; a query that runs past its deadline is
 * interrupted.
 */
export class DuckPool {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiters: Array<(c: DuckDBConnection) => void> = [];
  private created = 0;
  private closed = false;

  private constructor(private readonly instance: DuckDBInstance, private readonly size: number) {}

  static async open(options: DuckPoolOptions): Promise<DuckPool> {
    fs.mkdirSync(options.tempDirectory, { recursive: true });
    for (const dir of options.allowedDirectories) fs.mkdirSync(dir, { recursive: true });
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(options.threads),
      memory_limit: options.memoryLimit,
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const setup = await instance.connect();
    const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
    const dirs = options.allowedDirectories.map((d) => quote(d.endsWith('/') ? d : `${d}/`)).join(', ');
    // Order matters: the allowed directories must be set before external access is switched off,
    // and nothing can be changed once the configuration is locked.
    for (const sql of [
      `SET temp_directory = ${quote(options.tempDirectory)}`,
      `SET allowed_directories = [${dirs}]`,
      'SET enable_external_access = false',
      'SET allow_community_extensions = false',
      // Parquet footers are read once per file, not once per page request.
      'SET parquet_metadata_cache = true',
      'SET lock_configuration = true',
    ]) await setup.run(sql);
    setup.closeSync();
    return new DuckPool(instance, options.connections);
  }

  /** A connection of its own (for a query that creates temporary views); the caller closes it. */
  async dedicated(): Promise<DuckDBConnection> {
    if (this.closed) throw new HubError(503, 'The dataset viewer is shutting down');
    return this.instance.connect();
  }

  /** Runs `fn` on a pooled connection; past `timeoutMs` the running query is interrupted. */
  async use<T>(fn: (c: DuckDBConnection) => Promise<T>, timeoutMs = 60_000): Promise<T> {
    const conn = await this.acquire();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      conn.interrupt();
    }, timeoutMs);
    try {
      return await fn(conn);
    } catch (err) {
      if (timedOut) throw new HubError(504, `The query took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
      throw err;
    } finally {
      clearTimeout(timer);
      this.release(conn);
    }
  }

  private async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new HubError(503, 'The dataset viewer is shutting down');
    const conn = this.idle.pop();
    if (conn) return conn;
    if (this.created < this.size) {
      this.created++;
      return this.instance.connect();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(conn: DuckDBConnection): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(conn);
    else if (this.closed) conn.closeSync();
    else this.idle.push(conn);
  }

  close(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.closeSync();
    this.instance.closeSync();
  }
}

/** SQL string literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** SQL identifier. */
export const sqlIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;
