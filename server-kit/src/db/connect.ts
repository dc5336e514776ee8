import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, type Options } from 'sequelize';
import { Umzug, SequelizeStorage } from 'umzug';
import type { Logger } from 'pino';
import * as initial from './migrations/0001-initial.js';
import * as protectedBranches from './migrations/0002-protected-branches.js';
import * as lfs from './migrations/0003-lfs.js';
import * as discussions from './migrations/0004-discussions.js';
import * as viewerJobs from './migrations/0005-viewer-jobs.js';
import { initModels } from './models.js';
import { attachSqliteReader, SqliteReader } from './sqlite-reader.js';

/** Versioned migrations, applied in order at start. Append; never edit one that has shipped. */
const migrations = [
  { name: '0001-initial', ...initial },
  { name: '0002-protected-branches', ...protectedBranches },
  { name: '0003-lfs', ...lfs },
  { name: '0004-discussions', ...discussions },
  { name: '0005-viewer-jobs', ...viewerJobs },
];

export interface Database {
  sequelize: Sequelize;
  dialect: 'sqlite' | 'mysql';
  close(): Promise<void>;
}

/** Opens `sqlite:/path/file` or `mysql://user:pass@host:port/db`, migrates, binds the models. */
export async function openDatabase(url: string, logger?: Logger): Promise<Database> {
  const options: Options = { logging: false, define: { underscored: true } };
  let sequelize: Sequelize;
  let dialect: Database['dialect'];
  let storage: string | undefined;
  if (url.startsWith('sqlite:')) {
    storage = url.slice('sqlite:'.length);
    fs.mkdirSync(path.dirname(path.resolve(storage)), { recursive: true });
    sequelize = new Sequelize({ ...options, dialect: 'sqlite', storage, transactionType: 'IMMEDIATE' as never });
    dialect = 'sqlite';
    configureSqliteConnections(sequelize);
    serializeSqliteTransactions(sequelize);
  } else if (/^(mysql|mariadb):\/\//.test(url)) {
    sequelize = new Sequelize(url.replace(/^mariadb:/, 'mysql:'), {
      ...options,
      dialect: 'mysql',
      timezone: '+00:00',
      pool: { max: 10, min: 0, idle: 10_000 },
      dialectOptions: { charset: 'utf8mb4' },
    });
    dialect = 'mysql';
  } else {
    throw new Error(`Unsupported database URL "${url}": use sqlite:PATH or mysql://user:pass@host:port/db`);
  }
  await sequelize.authenticate();
  const umzug = new Umzug({
    migrations,
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
  const applied = await umzug.up();
  if (applied.length) logger?.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
  initModels(sequelize);
  // Opened after the migrations: the file exists and is in WAL mode. (An in-memory database has
  // no file a second connection could open; it keeps to Sequelize's.)
  const reader = storage && storage !== ':memory:' ? new SqliteReader(storage) : undefined;
  if (reader) attachSqliteReader(sequelize, reader);
  return {
    sequelize,
    dialect,
    close: async () => {
      reader?.close();
      await sequelize.close();
    },
  };
}

/**
 * Sequelize opens one SQLite connection per transaction. Each one needs a busy timeout, so
 * concurrent writers wait for the lock instead of failing with SQLITE_BUSY; WAL lets readers
 * proceed while a writer holds it.
 */
function configureSqliteConnections(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as { getConnection(o?: unknown): Promise<SqliteHandle> };
  const configured = new WeakSet<object>();
  const original = manager.getConnection.bind(manager);
  manager.getConnection = async (options?: unknown) => {
    const connection = await original(options);
    if (!configured.has(connection)) {
      configured.add(connection);
      connection.configure('busyTimeout', 15_000);
      await new Promise<void>((resolve, reject) => connection.run('PRAGMA journal_mode=WAL', (err) => (err ? reject(err) : resolve())));
    }
    return connection;
  };
}

/**
 * SQLite allows one writer. Transactions waiting for the lock would each block one of libuv's
 * four threads inside the busy timeout, until the one holding the lock had no thread left to
 * commit with: at five concurrent writes the whole hub stalled for the full timeout. So this
 * process runs its (managed) transactions one after another; the busy timeout only arbitrates
 * between processes sharing the file (e.g. the CLI while `serve` runs).
 */
function serializeSqliteTransactions(sequelize: Sequelize): void {
  const original = sequelize.transaction.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  (sequelize as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (...args: unknown[]) => {
    if (!args.some((a) => typeof a === 'function')) return original(...args);
    const run = () => original(...args);
    const result = tail.then(run, run);
    tail = result.catch(() => undefined);
    return result;
  };
}

interface SqliteHandle {
  configure(option: 'busyTimeout', value: number): void;
  run(sql: string, callback: (err: Error | null) => void): void;
}
