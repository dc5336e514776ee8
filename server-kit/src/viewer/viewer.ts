import path from 'node:path';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import { RepoRow } from '../db/models.js';
import type { RefUpdate } from '../git/hook-server.js';
import type { GitReader } from '../git/reader.js';
import type { GitWriter } from '../git/writer.js';
import type { LfsService } from '../services/lfs.js';
import { JobQueue, type JobQueueOptions } from './job-queue.js';
import { ParquetConverter } from './parquet-conversion.js';
import { defaultSqlLimits, SqlRunner, type SqlLimits } from './sql-runner.js';
import { ViewerService } from './viewer-service.js';

export interface ViewerOptions {
  dataDir: string;
  sequelize: Sequelize;
  reader: GitReader;
  writer: GitWriter;
  lfs: LfsService;
  logger: Logger;
  gitDirOf(row: RepoRow): string;
  memoryLimit?: string;
  threads?: number;
  sql?: Partial<SqlLimits>;
  jobs?: Partial<JobQueueOptions>;
}

const CONVERT = 'parquet-conversion';

/** The dataset viewer: reads (service), SQL, and the Parquet conversion queue fed by pushes. */
export class Viewer {
  private constructor(
    readonly service: ViewerService,
    readonly sql: SqlRunner,
    readonly jobs: JobQueue,
    private readonly logger: Logger,
  ) {}

  static async open(o: ViewerOptions): Promise<Viewer> {
    const service = await ViewerService.open({ dataDir: o.dataDir, store: o.lfs.store, reader: o.reader, logger: o.logger, memoryLimit: o.memoryLimit, threads: o.threads,
      available: (repoId, oid) => o.lfs.available(repoId, oid),
    });
    const converter = new ParquetConverter(service, o.reader, o.writer, o.lfs, path.join(o.dataDir, 'cache', 'viewer', 'convert-tmp'), o.logger);
    const jobs = new JobQueue(o.sequelize, async (job, signal) => {
      const row = await RepoRow.findByPk(job.repoId);
      if (!row || row.type !== 'dataset') return;
      await converter.convert(job, { id: `${row.namespace}/${row.name}`, repoId: row.id, gitDir: o.gitDirOf(row), defaultBranch: row.defaultBranch }, signal);
    }, o.logger, { leaseMs: 60_000, pollMs: 5_000, maxAttempts: 3, timeoutMs: 30 * 60_000, ...o.jobs });
    return new Viewer(service, new SqlRunner(service.pool, { ...defaultSqlLimits, ...o.sql }), jobs, o.logger);
  }

  /** After a push: a dataset whose default branch moved gets a conversion job for its new head. */
  async afterUpdate(row: RepoRow, updates: RefUpdate[]): Promise<void> {
    if (row.type !== 'dataset' || !row.lastCommit) return;
    if (updates.length && !updates.some((u) => u.ref === `refs/heads/${row.defaultBranch}`)) return;
    try {
      await this.jobs.enqueue(row.id, CONVERT, row.lastCommit);
    } catch (err) {
      this.logger.warn({ err, repo: row.id }, 'viewer: could not queue the parquet conversion');
    }
  }

  start(): void {
    this.jobs.start();
  }

  async close(): Promise<void> {
    await this.jobs.stop();
    this.service.close();
  }
}
