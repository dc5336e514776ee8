import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { formatLfsPointer } from '../git/lfs-pointer.js';
import type { GitReader } from '../git/reader.js';
import type { CommitOperation, GitWriter } from '../git/writer.js';
import type { LfsService } from '../services/lfs.js';
import { sqlString } from './duckdb-pool.js';
import type { Job } from './job-queue.js';
import { readerSql } from './split-source.js';
import { CONVERT_REF, MANIFEST, ViewerService, type ConvertManifest, type DatasetHandle } from './viewer-service.js';

const GITATTRIBUTES = '*.parquet filter=lfs diff=lfs merge=lfs -text\n';
const BOT = { name: 'CSGHub Kit parquet-converter', email: 'parquet-converter@csghub.local' };

/**
 * Converts a dataset's CSV, JSON and Arrow splits to Parquet on refs/convert/parquet, as the Hub
 * does ({config}/{split}/0000.parquet, stored as LFS objects of the repository). DuckDB's COPY
 * streams, so memory stays bounded whatever the file size. A split whose source files did not
 * change keeps its earlier conversion (the manifest records what each was made from).
 */
export class ParquetConverter {
  constructor(
    private readonly viewer: ViewerService,
    private readonly reader: GitReader,
    private readonly writer: GitWriter,
    private readonly lfs: LfsService,
    private readonly tmpDir: string,
    private readonly logger: Logger,
  ) {}

  async convert(job: Job, ds: DatasetHandle, signal: AbortSignal): Promise<void> {
    const layout = await this.viewer.layout(ds, job.commitSha);
    if (layout.error || !layout.sha) return;
    const parent = await this.reader.refs.resolve(ds.gitDir, CONVERT_REF);
    const manifest: ConvertManifest = { source: layout.sha, splits: {} };
    let changed = false;
    for (const config of layout.configs) {
      for (const split of config.splits) {
        if (!ViewerService.needsConversion(split)) continue;
        signal.throwIfAborted();
        const key = `${config.name}/${split.name}`;
        const sourceKey = ViewerService.sourceKey(split);
        const previous = layout.manifest?.splits[key];
        if (previous && previous.sourceKey === sourceKey) {
          manifest.splits[key] = previous;
          continue;
        }
        const file = await this.convertSplit(ds, split, signal);
        manifest.splits[key] = { sourceKey, files: [{ path: `${config.name}/${split.name}/0000.parquet`, ...file }] };
        changed = true;
      }
    }
    const before = Object.keys(layout.manifest?.splits ?? {}).sort().join('\n');
    if (!changed && parent && before === Object.keys(manifest.splits).sort().join('\n')) return;
    if (!Object.keys(manifest.splits).length && !parent) return;
    signal.throwIfAborted();
    const operations: CommitOperation[] = [
      { kind: 'file', path: '.gitattributes', oid: await this.writer.writeBlob(ds.gitDir, Buffer.from(GITATTRIBUTES)) },
      { kind: 'file', path: MANIFEST, oid: await this.writer.writeBlob(ds.gitDir, Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`)) },
    ];
    for (const entry of Object.values(manifest.splits)) {
      for (const f of entry.files) {
        operations.push({ kind: 'file', path: f.path, oid: await this.writer.writeBlob(ds.gitDir, Buffer.from(formatLfsPointer(f.oid, f.size))) });
      }
    }
    await this.writer.commit(ds.gitDir, {
      branch: 'convert/parquet', ref: CONVERT_REF, freshTree: true, parent, operations, author: BOT,
      message: `Update parquet files (from ${layout.sha.slice(0, 12)})`,
    });
    this.logger.info({ dataset: ds.id, source: layout.sha }, 'parquet conversion committed');
  }

  /** One split to one Parquet file: DuckDB COPY to a temporary file, hashed, stored as an LFS object. */
  private async convertSplit(ds: DatasetHandle, split: Parameters<ViewerService['prepareSource']>[1], signal: AbortSignal): Promise<{ oid: string; size: number }> {
    const parts = await this.viewer.prepareSource(ds, split);
    await fsp.mkdir(this.tmpDir, { recursive: true });
    const tmp = path.join(this.tmpDir, `${randomUUID()}.parquet`);
    const conn = await this.viewer.pool.dedicated();
    const abort = () => conn.interrupt();
    signal.addEventListener('abort', abort);
    try {
      signal.throwIfAborted();
      await conn.run(`COPY (SELECT * FROM ${readerSql(parts)}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)`);
      signal.throwIfAborted();
      const hash = createHash('sha256');
      for await (const chunk of fs.createReadStream(tmp)) hash.update(chunk as Buffer);
      const oid = hash.digest('hex');
      const { size } = await fsp.stat(tmp);
      await this.lfs.storeServerObject(ds.repoId, oid, size, fs.createReadStream(tmp));
      return { oid, size };
    } finally {
      signal.removeEventListener('abort', abort);
      conn.closeSync();
      await fsp.rm(tmp, { force: true });
    }
  }
}
