import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Op } from 'sequelize';
import { LfsObjectRow, LfsUploadRow, RepoLfsRow } from '../db/models.js';
import type { BlobStore } from '../stores/blob-store.js';

export interface FsckReport {
  checked: number;
  bad: Array<{ oid: string; problem: string }>;
  repaired: number;
}

/** Operations on the LFS store: checking every object, and collecting the ones nothing uses. */
export class LfsMaintenance {
  constructor(private readonly store: BlobStore, private readonly tmpDir: string) {}

  /**
   * Re-hashes every recorded object. With `repair`, damaged or missing ones are quarantined and
   * forgotten, so the next push or upload of the file stores it again.
   */
  async fsck(repair: boolean, onProgress?: (oid: string, ok: boolean) => void): Promise<FsckReport> {
    const report: FsckReport = { checked: 0, bad: [], repaired: 0 };
    let after = '';
    for (;;) {
      const rows = await LfsObjectRow.findAll({ where: { oid: { [Op.gt]: after } }, order: [['oid', 'ASC']], limit: 500 });
      if (!rows.length) break;
      for (const row of rows) {
        after = row.oid;
        report.checked++;
        const problem = await this.check(row.oid, row.size);
        onProgress?.(row.oid, problem === null);
        if (!problem) continue;
        report.bad.push({ oid: row.oid, problem });
        if (repair) {
          await this.store.quarantine(row.oid);
          await RepoLfsRow.destroy({ where: { oid: row.oid } });
          await row.destroy();
          report.repaired++;
        }
      }
    }
    return report;
  }

  private async check(oid: string, size: number): Promise<string | null> {
    const stat = await this.store.stat(oid);
    if (!stat) return 'missing from the store';
    if (stat.size !== size) return `size ${stat.size}, expected ${size}`;
    const hash = createHash('sha256');
    for await (const chunk of await this.store.read(oid)) hash.update(chunk as Buffer);
    const actual = hash.digest('hex');
    return actual === oid ? null : `content hashes to ${actual}`;
  }

  /**
   * Deletes objects that no repository links to any more (repositories deleted, uploads never
   * committed) once they are older than the grace period, and expired direct-upload records.
   */
  async gc(graceMs: number): Promise<{ removed: number; bytes: number; expiredUploads: number }> {
    const cutoff = new Date(Date.now() - graceMs);
    let removed = 0;
    let bytes = 0;
    const orphans = await LfsObjectRow.findAll({ where: { createdAt: { [Op.lt]: cutoff } } });
    for (const row of orphans) {
      if (await RepoLfsRow.count({ where: { oid: row.oid } })) continue;
      await this.store.remove(row.oid);
      await row.destroy();
      removed++;
      bytes += row.size;
    }
    const expired = await LfsUploadRow.findAll({ where: { expiresAt: { [Op.lt]: cutoff } } });
    for (const upload of expired) {
      await this.store.abortStaging?.(upload.stagingKey, upload.multipartId === 'hub' ? null : upload.multipartId);
      await fs.rm(path.join(this.tmpDir, `upload-${upload.id}`), { recursive: true, force: true });
      await upload.destroy();
    }
    return { removed, bytes, expiredUploads: expired.length };
  }

  /** Bytes of LFS objects linked to a repository. */
  static async repoSize(repoId: number): Promise<number> {
    const links = await RepoLfsRow.findAll({ where: { repoId }, attributes: ['oid'] });
    if (!links.length) return 0;
    const sum = await LfsObjectRow.sum('size', { where: { oid: { [Op.in]: links.map((l) => l.oid) } } });
    return Number(sum ?? 0);
  }
}
