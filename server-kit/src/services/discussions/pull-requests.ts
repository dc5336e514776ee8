import type { DiscussionRow, RepoRow } from '../../db/models.js';
import { HubError } from '../../errors.js';
import type { GitEnvironment } from '../../git/environment.js';
import type { GitReader } from '../../git/reader.js';
import { FULL_SHA } from '../../git/refs.js';
import { runGit } from '../../git/run.js';
import type { GitWriter, Identity } from '../../git/writer.js';
import type { RepoSync } from '../repo-sync.js';
import type { DiscussionsService } from './discussions.js';

export const prRef = (num: number): string => `refs/pr/${num}`;
/** `refs/pr/N` (as a revision) to N, else null. */
export function prNumberOf(revision: string): number | null {
  const match = /^refs\/pr\/([1-9]\d{0,8})$/.exec(revision);
  return match ? Number(match[1]) : null;
}

export interface MergePreview {
  /** The tree a merge would have, or null when there is nothing to merge. */
  tree: string | null;
  conflicts: string[];
}

/**
 * The git side of pull requests. A pull request's commits live on `refs/pr/N`; it targets a
 * branch. Merging writes a real merge commit (tree from `git merge-tree --write-tree`, which
 * needs no worktree) onto the target branch with compare-and-swap.
 */
export class PullRequests {
  constructor(
    private readonly env: GitEnvironment,
    private readonly reader: GitReader,
    private readonly writer: GitWriter,
    private readonly sync: RepoSync,
    private readonly discussions: DiscussionsService,
  ) {}

  /** A new pull request on `target`: refs/pr/N starts at the branch head, as a draft until a commit lands. */
  async open(repo: RepoRow, gitDir: string, input: { title: string; description: string; authorId: number; target: string }): Promise<DiscussionRow> {
    const head = await this.reader.refs.resolve(gitDir, `refs/heads/${input.target}`);
    if (!head) throw new HubError(404, `Invalid rev id: ${input.target}`, { code: 'RevisionNotFound' });
    const pr = await this.discussions.create(repo, { ...input, pullRequest: { targetBranch: input.target, status: 'draft' } });
    try {
      await this.writer.moveRef(gitDir, prRef(pr.num), head, null);
    } catch (err) {
      await this.discussions.discard(pr);
      throw err;
    }
    return pr;
  }

  async head(gitDir: string, pr: DiscussionRow): Promise<string | null> {
    return this.reader.refs.resolve(gitDir, prRef(pr.num));
  }

  async base(gitDir: string, pr: DiscussionRow): Promise<string | null> {
    return pr.targetBranch ? this.reader.refs.resolve(gitDir, `refs/heads/${pr.targetBranch}`) : null;
  }

  /** What merging would give: conflicting paths, or the merged tree. */
  async preview(gitDir: string, base: string, head: string): Promise<MergePreview> {
    if (await this.reader.isAncestor(gitDir, head, base)) return { tree: null, conflicts: [] };
    const out = await runGit(this.env, ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', base, head], { gitDir, okCodes: [1] });
    const [tree, ...rest] = out.stdout.toString('utf8').split('\0');
    if (!tree || !FULL_SHA.test(tree)) throw new Error(`git merge-tree gave no tree: ${out.stderr.slice(0, 200)}`);
    return out.code === 0 ? { tree, conflicts: [] } : { tree: null, conflicts: [...new Set(rest.filter(Boolean))] };
  }

  /** The pull request's changes: its head against the merge base with the target branch. */
  async diff(gitDir: string, pr: DiscussionRow, maxPatch = 1024 * 1024): Promise<{ patch: string; truncated: boolean; files: unknown[] } | null> {
    const [base, head] = [await this.base(gitDir, pr), await this.head(gitDir, pr)];
    if (!base || !head) return null;
    const mergeBase = (await runGit(this.env, ['merge-base', base, head], { gitDir, okCodes: [1] })).stdout.toString().trim();
    return this.reader.diff(gitDir, head, maxPatch, FULL_SHA.test(mergeBase) ? mergeBase : undefined);
  }

  /** Merges refs/pr/N into its target branch; 409 with the paths on conflicts or when the branch moved meanwhile. */
  async merge(repo: RepoRow, gitDir: string, pr: DiscussionRow, by: { id: number; identity: Identity }, comment?: string) {
    if (!pr.isPullRequest) throw new HubError(400, `#${pr.num} is a discussion, not a pull request`);
    if (pr.status === 'merged') throw new HubError(409, `Pull request #${pr.num} is already merged`);
    if (pr.status === 'closed') throw new HubError(409, `Pull request #${pr.num} is closed; reopen it first`);
    const [base, head] = [await this.base(gitDir, pr), await this.head(gitDir, pr)];
    if (!base) throw new HubError(409, `The target branch ${pr.targetBranch ?? ''} no longer exists`);
    if (!head) throw new HubError(409, `refs/pr/${pr.num} no longer exists`);
    const preview = await this.preview(gitDir, base, head);
    if (preview.conflicts.length) {
      const err = new HubError(409, `Pull request #${pr.num} has conflicts with ${pr.targetBranch}: ${preview.conflicts.slice(0, 20).join(', ')}`);
      err.extra = { filesWithConflicts: preview.conflicts };
      throw err;
    }
    if (!preview.tree) throw new HubError(400, `Pull request #${pr.num} has no changes to merge into ${pr.targetBranch}`);
    const ref = `refs/heads/${pr.targetBranch}`;
    const sha = await this.writer.commitTree(gitDir, {
      tree: preview.tree, parents: [base, head], ref, expected: base, author: by.identity,
      message: `Merge pull request #${pr.num}: ${pr.title}`,
    });
    await this.sync.afterUpdate(repo, gitDir, [{ oldSha: base, newSha: sha, ref }]);
    const event = await this.discussions.changeStatus(pr, by.id, 'merged', comment, { mergeCommitId: sha });
    return { sha, event };
  }
}
