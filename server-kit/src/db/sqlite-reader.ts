import BetterSqlite from 'better-sqlite3';
import type { Sequelize } from 'sequelize';
import { TurnCache } from '../util/turn-cache.js';

type Row = Record<string, unknown>;

/**
 * A second, read-only SQLite connection for the lookups on the path of every request (a token,
 * a repository by name). It runs them synchronously: a lookup by a unique index takes a few
 * microseconds, while the same statement on the asynchronous driver costs a round trip through
 * libuv's thread pool, which was 40% of the hub's CPU time per anonymous download. In WAL mode a
 * reader never waits for the writer and sees every committed transaction at once.
 */
export class SqliteReader {
  private readonly db: BetterSqlite.Database;
  private readonly statements = new Map<string, BetterSqlite.Statement>();
  private readonly recent = new TurnCache<Row | null>();

  constructor(storage: string) {
    // A short busy timeout: this blocks the event loop, and a busy reader falls back (see selectFirst).
    this.db = new BetterSqlite(storage, { readonly: true, fileMustExist: true, timeout: 20 });
  }

  /** The first row, or undefined; throws SQLITE_BUSY in the rare moments a WAL reader must wait. */
  first(sql: string, params: Array<string | number>): Row | undefined {
    const key = `${sql}\0${params.join('\0')}`;
    const seen = this.recent.get(key);
    // A copy: callers build model instances from it and must not share one.
    if (seen !== undefined) return seen ? { ...seen } : undefined;
    const row = this.read(sql, params);
    this.recent.set(key, row ?? null);
    return row ? { ...row } : undefined;
  }

  private read(sql: string, params: unknown[]): Row | undefined {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement.get(...params) as Row | undefined;
  }

  close(): void {
    this.db.close();
  }
}

const readers = new WeakMap<Sequelize, SqliteReader>();

export function attachSqliteReader(sequelize: Sequelize, reader: SqliteReader): void {
  readers.set(sequelize, reader);
}

export function sqliteReaderOf(sequelize: Sequelize): SqliteReader | undefined {
  return readers.get(sequelize);
}
