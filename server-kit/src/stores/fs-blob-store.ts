import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HubError } from '../errors.js';
import type { BlobStore } from './blob-store.js';

/** LFS objects as files: DATA/lfs/{oid[0:2]}/{oid[2:4]}/{oid}, written via DATA/tmp and renamed once verified. */
export class FsBlobStore implements BlobStore {
  readonly kind = 'fs' as const;

  constructor(private readonly root: string, private readonly tmp: string) {}

  pathOf(oid: string): string {
    return path.join(this.root, oid.slice(0, 2), oid.slice(2, 4), oid);
  }

  async stat(oid: string): Promise<{ size: number } | null> {
    const s = await fsp.stat(this.pathOf(oid)).catch(() => null);
    return s?.isFile() ? { size: s.size } : null;
  }

  async putVerified(oid: string, size: number, body: Readable): Promise<void> {
    await fsp.mkdir(this.tmp, { recursive: true });
    const temp = path.join(this.tmp, `lfs-${randomUUID()}`);
    // Large buffers: a socket chunk should not wait for its own disk write.
    const out = fs.createWriteStream(temp, { flags: 'wx', highWaterMark: 4 * 1024 * 1024 });
    const flusher = new EarlyFlusher(temp, () => out.bytesWritten);
    try {
      await pipeline(body, verifyingStream(oid, size), flusher.tap(), out);
      // On disk before it is visible: a crash must not leave a truncated object under a verified oid.
      await flusher.close();
      const handle = await fsp.open(temp, 'r');
      await handle.sync();
      await handle.close();
      const target = this.pathOf(oid);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      // Content-addressed: if another upload landed first, its bytes are the same.
      await fsp.rename(temp, target);
    } finally {
      await flusher.close();
      // A stream failing early may still be opening its file: wait for it to close, or the
      // temp file would appear after it was removed.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      await fsp.rm(temp, { force: true });
    }
  }

  async read(oid: string, start = 0, end?: number): Promise<Readable> {
    return fs.createReadStream(this.pathOf(oid), { start, highWaterMark: 1024 * 1024, ...(end !== undefined ? { end } : {}) });
  }

  localFile(oid: string): string {
    return this.pathOf(oid);
  }

  async downloadUrl(): Promise<string | null> {
    return null;
  }

  async remove(oid: string): Promise<void> {
    await fsp.rm(this.pathOf(oid), { force: true });
  }

  async quarantine(oid: string): Promise<void> {
    const target = path.join(path.dirname(this.root), 'lfs-quarantine', `${oid}-${Date.now()}`);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rename(this.pathOf(oid), target).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}

/**
 * Starts `fdatasync` in the background every FLUSH_EVERY bytes written, one at a time, so the
 * disk writes back while the rest of the upload is still arriving: the final sync before the
 * object becomes visible then waits for the last stretch only, not for gigabytes of dirty pages.
 * It syncs through a descriptor of its own: the file's dirty pages are the same whichever
 * descriptor asks, and the write stream keeps sole charge of its own.
 */
class EarlyFlusher {
  static readonly FLUSH_EVERY = 128 * 1024 * 1024;
  private handle: Promise<fsp.FileHandle> | null = null;
  private inFlight: Promise<void> | null = null;
  private flushedUpTo = 0;

  constructor(private readonly file: string, private readonly written: () => number) {}

  tap(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        this.maybeFlush();
        done(null, chunk);
      },
    });
  }

  private maybeFlush(): void {
    const written = this.written();
    if (this.inFlight || written - this.flushedUpTo < EarlyFlusher.FLUSH_EVERY) return;
    this.flushedUpTo = written;
    this.handle ??= fsp.open(this.file, 'r');
    // A failed early flush is not fatal on its own: the final sync decides.
    this.inFlight = this.handle
      .then((h) => h.datasync())
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = null;
      });
  }

  async close(): Promise<void> {
    await this.inFlight;
    const handle = this.handle;
    this.handle = null;
    if (handle) await (await handle.catch(() => null))?.close().catch(() => undefined);
  }
}

/**
 * Passes bytes through while hashing and counting them; fails (422) as soon as there are too
 * many, and at the end if the count or the sha256 is wrong.
 */
export function verifyingStream(oid: string, size: number): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > size) return done(new HubError(422, `More than the announced ${size} bytes for object ${oid}`));
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      if (seen !== size) return done(new HubError(422, `Object ${oid}: received ${seen} bytes, expected ${size}`));
      const actual = hash.digest('hex');
      if (actual !== oid) return done(new HubError(422, `Object ${oid}: the content's sha256 is ${actual}`));
      done();
    },
  });
}
