import type { RepoRow } from '../db/models.js';
import type { GitEnvironment } from '../git/environment.js';
import type { RefUpdate } from '../git/hook-server.js';
import type { GitReader } from '../git/reader.js';
import { ZERO_SHA } from '../git/refs.js';
import { runGit } from '../git/run.js';
import { parseCardMetadata, tagsFromCard } from '../util/card.js';

/**
 * After refs move (a push or a server-side commit): the database learns the new head, the card
 * metadata and tags from README.md's front matter, and, on a repository's first branch, its
 * default branch.
 */
export type RepoUpdatedListener = (row: RepoRow, gitDir: string, updates: RefUpdate[]) => Promise<void> | void;

export class RepoSync {
  private readonly listeners: RepoUpdatedListener[] = [];

  constructor(private readonly env: GitEnvironment, private readonly reader: GitReader) {}

  /** Called after every sync (e.g. the dataset viewer queues a Parquet conversion); a failing listener is logged by the caller's logger, never fails the push. */
  onUpdated(listener: RepoUpdatedListener): void {
    this.listeners.push(listener);
  }

  async afterUpdate(row: RepoRow, gitDir: string, updates: RefUpdate[] = []): Promise<void> {
    let head = await this.reader.refs.resolve(gitDir, `refs/heads/${row.defaultBranch}`);
    if (!head) {
      const created = updates.filter((u) => u.ref.startsWith('refs/heads/') && u.newSha !== ZERO_SHA).map((u) => u.ref.slice(11));
      const next = created.includes('main') ? 'main' : created[0];
      if (next) {
        await runGit(this.env, ['symbolic-ref', 'HEAD', `refs/heads/${next}`], { gitDir });
        row.defaultBranch = next;
        head = await this.reader.refs.resolve(gitDir, `refs/heads/${next}`);
      }
    }
    row.lastCommit = head;
    if (head) {
      const readme = await this.reader.entry(gitDir, head, 'README.md');
      const text = readme?.type === 'file' && !readme.lfs ? await this.reader.readBlob(gitDir, readme.oid, 1024 * 1024) : null;
      const card = text ? parseCardMetadata(text.toString('utf8')).data : null;
      row.cardData = card ? JSON.stringify(card) : null;
      row.tags = JSON.stringify(tagsFromCard(card));
      row.license = typeof card?.license === 'string' ? card.license.slice(0, 100) : null;
    }
    row.changed('updatedAt', true);
    await row.save();
    for (const listener of this.listeners) {
      try {
        await listener(row, gitDir, updates);
      } catch {
        // A listener's own failure (e.g. the viewer's queue) must not fail the push; listeners log for themselves.
      }
    }
  }
}
