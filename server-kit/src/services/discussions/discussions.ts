import { col, fn, Op, UniqueConstraintError, where, type Transaction } from 'sequelize';
import {
  DiscussionEventRow, DiscussionRow, UserRow, type DiscussionEventType, type DiscussionStatus, type RepoRow,
} from '../../db/models.js';
import { badRequest, HubError } from '../../errors.js';

export const DISCUSSIONS_PAGE = 50;
export const MAX_TITLE = 200;
export const MAX_TEXT = 65_536;
/** A comment with its edit history, as stored (MySQL's MEDIUMTEXT holds 16 MiB; the whole history is sent with the discussion). */
export const MAX_COMMENT_DATA = 8 * 1024 * 1024;
/**
 * A discussion's details carry every event, so one discussion is bounded as a whole: any signed-in
 * reader could otherwise grow it until fetching it exhausts the hub's memory.
 */
export const MAX_EVENTS = 2_000;
export const MAX_DISCUSSION_DATA = 32 * 1024 * 1024;

export interface DiscussionFilter {
  type?: 'all' | 'discussion' | 'pull_request';
  status?: 'all' | 'open' | 'closed' | 'merged' | 'draft';
  authorId?: number | null;
  search?: string;
}

/** What a comment event stores: the text as written (Markdown, never rendered here) and earlier versions. */
export interface CommentData {
  raw: string;
  history: Array<{ raw: string; editedAt: string; editorId: number | null }>;
}

export const discussionNotFound = (num: number | string) => new HubError(404, `Discussion #${String(num).slice(0, 20)} not found`);

/**
 * Discussions and pull requests of a repository: numbered per repository from 1, with a
 * timeline of events (comments, status and title changes, commits). Markdown is stored exactly
 * as written. Pull-request git work (refs/pr/N, merge, diff) lives in pull-requests.ts.
 */
export class DiscussionsService {
  async list(repoId: number, filter: DiscussionFilter, page: number): Promise<{ rows: DiscussionRow[]; count: number; start: number }> {
    const clauses: object[] = [{ repoId }];
    if (filter.type === 'discussion') clauses.push({ isPullRequest: false });
    if (filter.type === 'pull_request') clauses.push({ isPullRequest: true });
    if (filter.status === 'open') clauses.push({ status: { [Op.in]: ['open', 'draft'] } });
    if (filter.status === 'closed') clauses.push({ status: { [Op.in]: ['closed', 'merged'] } });
    if (filter.status === 'merged' || filter.status === 'draft') clauses.push({ status: filter.status });
    if (filter.authorId !== undefined) clauses.push({ authorId: filter.authorId ?? -1 });
    // Case-insensitive substring through INSTR(LOWER()), the same on SQLite and MySQL; no LIKE wildcards to escape.
    if (filter.search) clauses.push(where(fn('INSTR', fn('LOWER', col('title')), filter.search.toLowerCase()), Op.gt, 0));
    const condition = { [Op.and]: clauses };
    const start = page * DISCUSSIONS_PAGE;
    const [rows, count] = await Promise.all([
      DiscussionRow.findAll({ where: condition, order: [['num', 'DESC']], offset: start, limit: DISCUSSIONS_PAGE }),
      DiscussionRow.count({ where: condition }),
    ]);
    return { rows, count, start };
  }

  async find(repoId: number, num: number): Promise<DiscussionRow | null> {
    if (!Number.isSafeInteger(num) || num < 1) return null;
    return DiscussionRow.findOne({ where: { repoId, num } });
  }

  async require(repoId: number, num: number): Promise<DiscussionRow> {
    const row = await this.find(repoId, num);
    if (!row) throw discussionNotFound(num);
    return row;
  }

  async events(discussionId: number): Promise<DiscussionEventRow[]> {
    return DiscussionEventRow.findAll({ where: { discussionId }, order: [['id', 'ASC']] });
  }

  async event(discussion: DiscussionRow, eventId: string): Promise<DiscussionEventRow> {
    const id = /^\d{1,9}$/.test(eventId) ? Number(eventId) : -1;
    const row = await DiscussionEventRow.findOne({ where: { id, discussionId: discussion.id } });
    if (!row) throw new HubError(404, `Comment ${eventId.slice(0, 40)} not found in discussion #${discussion.num}`);
    return row;
  }

  /** Names of the users among `ids` (deleted accounts are absent). */
  async users(ids: Array<number | null>): Promise<Map<number, UserRow>> {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    if (!wanted.length) return new Map();
    return new Map((await UserRow.findAll({ where: { id: wanted } })).map((u) => [u.id, u]));
  }

  /**
   * A new discussion (or pull request) with its description as first comment. The number is the
   * repository's highest plus one; a concurrent creator taking it makes this one retry.
   */
  async create(
    repo: RepoRow,
    input: { title: string; description: string; authorId: number; pullRequest?: { targetBranch: string; status: DiscussionStatus } },
  ): Promise<DiscussionRow> {
    const title = checkTitle(input.title);
    const description = checkText(input.description, true);
    const sequelize = DiscussionRow.sequelize!;
    for (let attempt = 0; ; attempt++) {
      try {
        return await sequelize.transaction(async (transaction) => {
          const highest = (await DiscussionRow.max<number, DiscussionRow>('num', { where: { repoId: repo.id }, transaction })) ?? 0;
          const row = await DiscussionRow.create({
            repoId: repo.id, num: Number(highest) + 1, title, status: input.pullRequest?.status ?? 'open', isPullRequest: !!input.pullRequest,
            authorId: input.authorId, targetBranch: input.pullRequest?.targetBranch ?? null, mergeCommitId: null,
          }, { transaction });
          if (description) await this.addEvent(row, 'comment', input.authorId, { raw: description, history: [] } satisfies CommentData, transaction);
          return row;
        });
      } catch (err) {
        if (!(err instanceof UniqueConstraintError) || attempt >= 10) throw err;
      }
    }
  }

  /** Removes a discussion that never came to be (its pull request's first commit failed). */
  async discard(row: DiscussionRow): Promise<void> {
    await row.destroy();
  }

  async comment(discussion: DiscussionRow, authorId: number, text: string): Promise<DiscussionEventRow> {
    const raw = checkText(text, false);
    const data = JSON.stringify({ raw, history: [] } satisfies CommentData);
    return this.touching(discussion, async (t) => {
      await this.assertRoom(discussion.id, Buffer.byteLength(data), 1, t);
      return DiscussionEventRow.create({ discussionId: discussion.id, type: 'comment', authorId, data }, { transaction: t });
    });
  }

  /** Replaces a comment's text; the previous text stays in its history. */
  async editComment(event: DiscussionEventRow, editorId: number, text: string): Promise<DiscussionEventRow> {
    if (event.type !== 'comment') throw badRequest('Only comments can be edited');
    if (event.hidden) throw new HubError(403, 'A hidden comment cannot be edited');
    const raw = checkText(text, false);
    const data = JSON.parse(event.data) as CommentData;
    if (data.raw === raw) return event;
    const next: CommentData = { raw, history: [...data.history, { raw: data.raw, editedAt: new Date().toISOString(), editorId }] };
    const stored = JSON.stringify(next);
    if (Buffer.byteLength(stored) > MAX_COMMENT_DATA) throw badRequest("This comment's edit history is full (8 MiB); post a new comment instead");
    await this.assertRoom(event.discussionId, Buffer.byteLength(stored) - Buffer.byteLength(event.data), 0);
    return event.update({ data: stored });
  }

  async hideComment(event: DiscussionEventRow, byId: number): Promise<DiscussionEventRow> {
    if (event.type !== 'comment') throw badRequest('Only comments can be hidden');
    if (event.hidden) return event;
    return event.update({ hidden: true, hiddenById: byId });
  }

  async changeTitle(discussion: DiscussionRow, authorId: number, title: string): Promise<DiscussionEventRow> {
    const to = checkTitle(title);
    const from = discussion.title;
    if (from === to) throw badRequest('The title is unchanged');
    return this.touching(discussion, async (t) => {
      await discussion.update({ title: to }, { transaction: t });
      return this.addEvent(discussion, 'title-change', authorId, { from, to }, t);
    });
  }

  /** Sets the status and records the change, with an optional comment first. */
  async changeStatus(
    discussion: DiscussionRow, authorId: number, status: DiscussionStatus, comment?: string, extra: { mergeCommitId?: string } = {},
  ): Promise<DiscussionEventRow> {
    if (discussion.status === 'merged') throw new HubError(409, `Pull request #${discussion.num} is merged; its status cannot change`);
    if (discussion.status === status) throw badRequest(`Discussion #${discussion.num} is already ${status}`);
    const text = comment?.trim() ? checkText(comment, false) : '';
    return this.touching(discussion, async (t) => {
      if (text) await this.addEvent(discussion, 'comment', authorId, { raw: text, history: [] } satisfies CommentData, t);
      await discussion.update({ status, ...(extra.mergeCommitId ? { mergeCommitId: extra.mergeCommitId } : {}) }, { transaction: t });
      return this.addEvent(discussion, 'status-change', authorId, { status }, t);
    });
  }

  /** A commit landed on the pull request's ref; a draft becomes open with its first commit. */
  async recordCommit(discussion: DiscussionRow, authorId: number | null, commit: { oid: string; subject: string }): Promise<void> {
    await this.touching(discussion, async (t) => {
      if (discussion.status === 'draft') await discussion.update({ status: 'open' }, { transaction: t });
      return this.addEvent(discussion, 'commit', authorId, commit, t);
    });
  }

  private async touching<T>(discussion: DiscussionRow, work: (t: Transaction) => Promise<T>): Promise<T> {
    return DiscussionRow.sequelize!.transaction(async (t) => {
      const out = await work(t);
      discussion.changed('updatedAt', true);
      await discussion.save({ transaction: t });
      return out;
    });
  }

  /** Refuses (400) what would take a discussion past MAX_EVENTS events or MAX_DISCUSSION_DATA stored bytes. */
  private async assertRoom(discussionId: number, addedBytes: number, addedEvents: number, transaction?: Transaction): Promise<void> {
    const [usage] = await DiscussionEventRow.findAll({
      attributes: [[fn('COUNT', col('id')), 'events'], [fn('SUM', fn('LENGTH', col('data'))), 'bytes']],
      where: { discussionId }, raw: true, transaction,
    }) as unknown as Array<{ events: number | string; bytes: number | string | null }>;
    if (Number(usage?.events ?? 0) + addedEvents > MAX_EVENTS) {
      throw badRequest(`This discussion has reached its limit of ${MAX_EVENTS} events; open a new one`);
    }
    if (Number(usage?.bytes ?? 0) + addedBytes > MAX_DISCUSSION_DATA) {
      throw badRequest('This discussion has reached its size limit (32 MiB); open a new one');
    }
  }

  private addEvent(discussion: DiscussionRow, type: DiscussionEventType, authorId: number | null, data: unknown, transaction?: Transaction): Promise<DiscussionEventRow> {
    return DiscussionEventRow.create({ discussionId: discussion.id, type, authorId, data: JSON.stringify(data) }, { transaction });
  }
}

function checkTitle(title: string): string {
  const t = title.trim();
  if (t.length < 3 || t.length > MAX_TITLE) throw badRequest(`The title must have 3 to ${MAX_TITLE} characters`);
  if (/[\x00-\x1f\x7f]/.test(t)) throw badRequest('The title cannot contain control characters');
  return t;
}

function checkText(text: string, optional: boolean): string {
  if (text.length > MAX_TEXT) throw badRequest(`The text must have at most ${MAX_TEXT} characters`);
  if (!optional && !text.trim()) throw badRequest('The comment cannot be empty');
  return text;
}
