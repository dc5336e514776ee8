import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { RepoType } from '../db/models.js';

/** Hugging Face's default query files for models: a request for one of them is one download. */
const QUERY_FILES = new Set(['config.json', 'config.yaml', 'hyperparams.yaml', 'meta.yaml']);
/** All files a client fetches from a dataset within this window count as one download (as on Hugging Face). */
export const DATASET_WINDOW_MS = 5 * 60 * 1000;

/**
 * Download counts, counted as Hugging Face counts them: a GET or HEAD `/resolve` of a model's
 * query file (top-level config.json, config.yaml, hyperparams.yaml, meta.yaml, or any .gguf file),
 * or of any file of a dataset, once per client address and dataset per five minutes.
 *
 * `record` is synchronous and touches no database: counts gather in memory and are written in one
 * `UPDATE ... downloads = downloads + n` per repository, shortly after, off the request path.
 * Counts still pending when a process dies are lost, as a download counter may afford.
 */
export class DownloadCounter {
  private readonly pending = new Map<number, number>();
  private readonly recent = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly sequelize: Sequelize, private readonly logger: Logger, private readonly delayMs = 1000) {}

  record(repo: { id: number; type: RepoType }, path: string, client: string, now = Date.now()): void {
    if (!this.counts(repo, path, client, now)) return;
    this.pending.set(repo.id, (this.pending.get(repo.id) ?? 0) + 1);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs).unref();
  }

  private counts(repo: { id: number; type: RepoType }, path: string, client: string, now: number): boolean {
    if (repo.type === 'model' || repo.type === 'code') return QUERY_FILES.has(path) || path.toLowerCase().endsWith('.gguf');
    if (repo.type !== 'dataset') return false;
    const key = `${repo.id}\0${client}`;
    const until = this.recent.get(key);
    if (until !== undefined && until > now) return false;
    if (this.recent.size >= 100_000) this.prune(now);
    this.recent.set(key, now + DATASET_WINDOW_MS);
    return true;
  }

  private prune(now: number): void {
    for (const [key, until] of this.recent) if (until <= now) this.recent.delete(key);
    // Still full of live windows: forget the oldest rather than grow without bound.
    for (const key of this.recent.keys()) {
      if (this.recent.size < 90_000) break;
      this.recent.delete(key);
    }
  }

  /** Writes the gathered counts; resolves once they are in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    this.flushing = this.flushing.then(async () => {
      for (const [repoId, n] of batch) {
        try {
          await this.sequelize.query('UPDATE repositories SET downloads = downloads + ? WHERE id = ?', { replacements: [n, repoId], type: QueryTypes.UPDATE });
        } catch (err) {
          this.logger.warn({ err, repoId }, 'download count not saved');
        }
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
