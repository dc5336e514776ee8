import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { GitReader } from '../git/reader.js';
import type { BlobStore } from '../stores/blob-store.js';
import { FsBlobStore } from '../stores/fs-blob-store.js';
import type { SplitFile } from './configs.js';
import { arrowIpcToJsonl } from './arrow-ipc-file.js';
import { RangeFile } from './range-file.js';

/**
 * Hands DuckDB local files. LFS objects on the fs store are already files under DATA/lfs; git
 * blobs and objects from S3 are copied once per object id into DATA/cache/viewer (written to a
 * temporary name, then renamed, so a reader never sees half a file), and Arrow IPC files become
 * JSON lines there once. Concurrent requests for the same object share one copy.
 */
export class Materialiser {
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly ranged = new Map<string, Promise<RangeFile>>();

  constructor(
    private readonly cacheDir: string,
    private readonly store: BlobStore,
    private readonly reader: GitReader,
  ) {}

  /** The directories DuckDB must be allowed to read. */
  get readableDirs(): string[] {
    const dirs = [this.cacheDir];
    if (this.store instanceof FsBlobStore) dirs.push(path.dirname(path.dirname(path.dirname(this.store.pathOf('0'.repeat(64))))));
    return dirs;
  }

  /** A local path DuckDB can read for this file (for Arrow IPC: a JSON-lines rendering of it). */
  async localPath(gitDir: string, file: SplitFile): Promise<string> {
    const raw = await this.rawPath(gitDir, file);
    if (file.format !== 'arrow') return raw;
    const key = `${file.lfsOid ?? file.oid}.jsonl`;
    return this.once(key, (target) => arrowIpcToJsonl(raw, target));
  }

  private async rawPath(gitDir: string, file: SplitFile): Promise<string> {
    // A name ending like the original keeps DuckDB's compression detection meaningful in logs.
    const suffix = file.path.slice(file.path.lastIndexOf('/') + 1).replace(/^[^.]*/, '').replace(/[^A-Za-z0-9.]/g, '');
    if (file.lfsOid) {
      if (this.store instanceof FsBlobStore) return this.store.pathOf(file.lfsOid);
      // Parquet in an object store: a sparse local file filled by ranged reads, never downloaded whole up front.
      if (file.format === 'parquet') return (await this.rangeFileFor(file.lfsOid, file.size)).path;
      const oid = file.lfsOid;
      return this.once(`${oid}${suffix}`, async (target) => pipeline(await this.store.read(oid), fs.createWriteStream(target)));
    }
    return this.once(`${file.oid}${suffix}`, async (target) =>
      pipeline(await this.reader.streamBlob(gitDir, file.oid, file.size), fs.createWriteStream(target)));
  }

  private rangeFileFor(oid: string, size: number): Promise<RangeFile> {
    const target = path.join(this.cacheDir, 'ranged', oid.slice(0, 2), `${oid}.parquet`);
    let file = this.ranged.get(target);
    if (!file) {
      file = (async () => {
        await fsp.mkdir(path.dirname(target), { recursive: true });
        const f = new RangeFile(target, this.store, oid, size);
        await f.open();
        return f;
      })();
      file.catch(() => this.ranged.delete(target));
      this.ranged.set(target, file);
    }
    return file;
  }

  /** The sparse file behind a local path, when it is one (Parquet from S3). */
  rangeFile(local: string): Promise<RangeFile> | undefined {
    return this.ranged.get(local);
  }

  private once(key: string, write: (target: string) => Promise<void>): Promise<string> {
    const target = path.join(this.cacheDir, 'objects', key.slice(0, 2), key);
    const running = this.inFlight.get(target);
    if (running) return running;
    const job = (async () => {
      if (await fsp.stat(target).then(() => true, () => false)) return target;
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.${randomUUID()}.tmp`;
      try {
        await write(tmp);
        await fsp.rename(tmp, target);
      } finally {
        await fsp.rm(tmp, { force: true });
      }
      return target;
    })().finally(() => this.inFlight.delete(target));
    this.inFlight.set(target, job);
    return job;
  }
}
