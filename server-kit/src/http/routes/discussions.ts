import { z } from 'zod';
import type { DiscussionRow, RepoType } from '../../db/models.js';
import { badRequest, HubError, unauthorized } from '../../errors.js';
import { auditKey, repoId } from '../../services/repos.js';
import type { DiscussionFilter } from '../../services/discussions/discussions.js';
import { discussionNotFound } from '../../services/discussions/discussions.js';
import { readInput } from '../body.js';
import { discussionJson, eventJson, eventUserIds } from '../presenters/discussion.js';
import { loadRepo, type LoadedRepo } from '../repo-context.js';
import type { HubContext, HubRouter } from '../state.js';
import { PLURAL_TO_TYPE, repoWebUrl } from '../urls.js';
import { queryString } from '../validate.js';

const text = z.string().max(65_536);
const createSchema = z.object({ title: z.string().max(1000), description: text.optional(), pullRequest: z.boolean().optional() });
const commentSchema = z.object({ comment: text });
const editSchema = z.object({ content: text });
const titleSchema = z.object({ title: z.string().max(1000) });
const statusSchema = z.object({ status: z.enum(['open', 'closed']), comment: text.optional() });
const mergeSchema = z.object({ comment: text.optional() });

/**
 * Discussions and pull requests (Hugging Face's community API). Reading needs read access to the
 * repository; writing needs a signed-in caller who can read it; moderating what others wrote
 * (hiding their comments, closing or renaming their discussions) and merging need write access.
 */
export function registerDiscussionRoutes(router: HubRouter): void {
  for (const [plural, type] of Object.entries(PLURAL_TO_TYPE)) {
    const base = `/api/${plural}/:namespace/:name/discussions`;
    router.get(base, (ctx) => listDiscussions(ctx, type));
    router.post(base, (ctx) => createDiscussion(ctx, type));
    router.get(`${base}/:num`, (ctx) => discussionDetails(ctx, type));
    router.post(`${base}/:num/comment`, (ctx) => addComment(ctx, type));
    router.post(`${base}/:num/comment/:commentId/edit`, (ctx) => editComment(ctx, type));
    // huggingface_hub POSTs; PUT is accepted too.
    router.post(`${base}/:num/comment/:commentId/hide`, (ctx) => hideComment(ctx, type));
    router.put(`${base}/:num/comment/:commentId/hide`, (ctx) => hideComment(ctx, type));
    router.post(`${base}/:num/title`, (ctx) => changeTitle(ctx, type));
    router.post(`${base}/:num/status`, (ctx) => changeStatus(ctx, type));
    router.post(`${base}/:num/merge`, (ctx) => mergePullRequest(ctx, type));
  }
}

export const discussionUrl = (ctx: HubContext, repo: LoadedRepo, num: number): string =>
  `${repoWebUrl(ctx, repo.row.type, repoId(repo.row))}/discussions/${num}`;

/** The signed-in caller, with a token that may write (read-scoped tokens only read). */
export function participant(ctx: HubContext, action = 'take part in discussions'): { id: number; name: string } {
  const { actor } = ctx.state;
  if (!actor.user) throw unauthorized(`Sign in to ${action}`);
  if (actor.scope === 'read') throw new HubError(403, 'This token has the "read" scope, which does not allow posting; use a write token');
  return actor.user;
}

async function loadDiscussion(ctx: HubContext, type: RepoType): Promise<{ repo: LoadedRepo; discussion: DiscussionRow }> {
  const repo = await loadRepo(ctx, type, 'read');
  const raw = ctx.params.num!;
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw discussionNotFound(raw);
  return { repo, discussion: await ctx.services.discussions.require(repo.row.id, Number(raw)) };
}

/** The author may act on their own discussion or comment; anyone else needs write access. */
async function requireAuthorOrWriter(ctx: HubContext, repo: LoadedRepo, authorId: number | null, what: string): Promise<void> {
  const user = participant(ctx);
  if (authorId === user.id) return;
  if (!(await ctx.services.access.can(ctx.state.actor, 'write', repo.row))) {
    throw new HubError(403, `Only the author or someone with write access to ${repoId(repo.row)} can ${what}`);
  }
}

async function eventReply(ctx: HubContext, event: Parameters<typeof eventJson>[0]): Promise<Record<string, unknown>> {
  return eventJson(event, await ctx.services.discussions.users(eventUserIds(event)));
}

function pick<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw badRequest(`Invalid ${name} "${value.slice(0, 40)}": use one of ${allowed.join(', ')}`);
  return value as T;
}

async function listDiscussions(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const { query } = ctx;
  const p = queryString(query, 'p') ?? '0';
  if (!/^\d{1,6}$/.test(p)) throw badRequest('p must be a page number');
  // Titles have none, and SQLite's inlined literals cannot carry a NUL (the query would fail).
  if (/[\x00-\x1f\x7f]/.test(queryString(query, 'search') ?? '')) throw badRequest('search cannot contain control characters');
  const filter: DiscussionFilter = {
    type: pick(queryString(query, 'type'), ['all', 'discussion', 'pull_request'] as const, 'type'),
    status: pick(queryString(query, 'status'), ['all', 'open', 'closed', 'merged', 'draft'] as const, 'status'),
    search: queryString(query, 'search')?.slice(0, 200),
  };
  const author = queryString(query, 'author');
  if (author !== undefined) filter.authorId = (await ctx.services.accounts.findUser(author))?.id ?? null;
  const { rows, count, start } = await ctx.services.discussions.list(repo.row.id, filter, Number(p));
  const users = await ctx.services.discussions.users(rows.map((r) => r.authorId));
  ctx.body = { discussions: rows.map((r) => discussionJson(r, repo.row, users)), count, start };
}

async function createDiscussion(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const user = participant(ctx);
  const input = await readInput(ctx, createSchema);
  const { discussions, pullRequests } = ctx.services;
  const fields = { title: input.title, description: input.description ?? '', authorId: user.id };
  const row = input.pullRequest
    ? await pullRequests.open(repo.row, repo.gitDir, { ...fields, target: repo.row.defaultBranch })
    : await discussions.create(repo.row, fields);
  await ctx.services.audit.record(ctx.state.actor, { action: input.pullRequest ? 'pr.create' : 'discussion.create', repoKey: auditKey(repo.row), ip: ctx.ip, details: { num: row.num } });
  ctx.body = { ...(await details(ctx, repo, row)), url: discussionUrl(ctx, repo, row.num) };
}

async function details(ctx: HubContext, repo: LoadedRepo, row: DiscussionRow): Promise<Record<string, unknown>> {
  const { discussions, pullRequests } = ctx.services;
  const events = await discussions.events(row.id);
  const users = await discussions.users([row.authorId, ...events.flatMap(eventUserIds)]);
  const out: Record<string, unknown> = { ...discussionJson(row, repo.row, users), events: events.map((e) => eventJson(e, users)) };
  if (!row.isPullRequest) return out;
  const [base, head] = [await pullRequests.base(repo.gitDir, row), await pullRequests.head(repo.gitDir, row)];
  const open = row.status === 'open' || row.status === 'draft';
  const preview = open && base && head ? await pullRequests.preview(repo.gitDir, base, head) : { conflicts: [] };
  const diff = head ? await pullRequests.diff(repo.gitDir, row) : null;
  return {
    ...out,
    changes: { base: `refs/heads/${row.targetBranch ?? repo.row.defaultBranch}`, ...(head ? { headCommitId: head } : {}), ...(row.mergeCommitId ? { mergeCommitId: row.mergeCommitId } : {}) },
    filesWithConflicts: preview.conflicts,
    diff: diff?.patch ?? '',
    diffTruncated: diff?.truncated ?? false,
  };
}

async function discussionDetails(ctx: HubContext, type: RepoType): Promise<void> {
  const { repo, discussion } = await loadDiscussion(ctx, type);
  ctx.body = await details(ctx, repo, discussion);
}

async function addComment(ctx: HubContext, type: RepoType): Promise<void> {
  const { discussion } = await loadDiscussion(ctx, type);
  const user = participant(ctx);
  const input = await readInput(ctx, commentSchema);
  ctx.body = { newMessage: await eventReply(ctx, await ctx.services.discussions.comment(discussion, user.id, input.comment)) };
}

async function editComment(ctx: HubContext, type: RepoType): Promise<void> {
  const { discussion } = await loadDiscussion(ctx, type);
  const user = participant(ctx);
  const event = await ctx.services.discussions.event(discussion, ctx.params.commentId!);
  // Only the author edits their words; moderators hide them instead.
  if (event.authorId !== user.id) throw new HubError(403, 'Only the author of a comment can edit it');
  const input = await readInput(ctx, editSchema);
  ctx.body = { updatedComment: await eventReply(ctx, await ctx.services.discussions.editComment(event, user.id, input.content)) };
}

async function hideComment(ctx: HubContext, type: RepoType): Promise<void> {
  const { repo, discussion } = await loadDiscussion(ctx, type);
  const event = await ctx.services.discussions.event(discussion, ctx.params.commentId!);
  await requireAuthorOrWriter(ctx, repo, event.authorId, 'hide this comment');
  const hidden = await ctx.services.discussions.hideComment(event, participant(ctx).id);
  await ctx.services.audit.record(ctx.state.actor, { action: 'discussion.hide-comment', repoKey: auditKey(repo.row), ip: ctx.ip, details: { num: discussion.num, comment: event.id } });
  ctx.body = { updatedComment: await eventReply(ctx, hidden) };
}

async function changeTitle(ctx: HubContext, type: RepoType): Promise<void> {
  const { repo, discussion } = await loadDiscussion(ctx, type);
  await requireAuthorOrWriter(ctx, repo, discussion.authorId, 'rename this discussion');
  const input = await readInput(ctx, titleSchema);
  ctx.body = { newTitle: await eventReply(ctx, await ctx.services.discussions.changeTitle(discussion, participant(ctx).id, input.title)) };
}

async function changeStatus(ctx: HubContext, type: RepoType): Promise<void> {
  const { repo, discussion } = await loadDiscussion(ctx, type);
  await requireAuthorOrWriter(ctx, repo, discussion.authorId, `change the status of #${discussion.num}`);
  const input = await readInput(ctx, statusSchema);
  const event = await ctx.services.discussions.changeStatus(discussion, participant(ctx).id, input.status, input.comment);
  ctx.body = { newStatus: await eventReply(ctx, event) };
}

async function mergePullRequest(ctx: HubContext, type: RepoType): Promise<void> {
  const { repo, discussion } = await loadDiscussion(ctx, type);
  participant(ctx);
  await ctx.services.access.authorize(ctx.state.actor, 'write', repo.row);
  const input = await readInput(ctx, mergeSchema, { optional: true });
  const user = ctx.state.actor.user!;
  const { sha, event } = await ctx.services.pullRequests.merge(repo.row, repo.gitDir, discussion, {
    id: user.id, identity: { name: user.fullName || user.name, email: user.email },
  }, input.comment);
  await ctx.services.audit.record(ctx.state.actor, { action: 'pr.merge', repoKey: auditKey(repo.row), ip: ctx.ip, details: { num: discussion.num, sha } });
  ctx.body = { newStatus: await eventReply(ctx, event), mergeCommitId: sha };
}
