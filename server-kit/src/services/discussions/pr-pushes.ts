import type { RepoRow } from '../../db/models.js';
import type { RefUpdate } from '../../git/hook-server.js';
import type { GitReader } from '../../git/reader.js';
import { ZERO_SHA } from '../../git/refs.js';
import { DiscussionsService } from './discussions.js';
import { prNumberOf } from './pull-requests.js';

const discussions = new DiscussionsService();

/** After a git push: each refs/pr/N that moved gets a commit event in its pull request's timeline. */
export async function recordPullRequestPushes(reader: GitReader, gitDir: string, row: RepoRow, authorId: number | null, updates: RefUpdate[]): Promise<void> {
  for (const { ref, newSha } of updates) {
    const num = prNumberOf(ref);
    if (num === null || newSha === ZERO_SHA) continue;
    const pr = await discussions.find(row.id, num);
    const commit = pr ? await reader.commit(gitDir, newSha) : null;
    if (pr && commit) await discussions.recordCommit(pr, authorId, { oid: commit.id, subject: commit.title });
  }
}
