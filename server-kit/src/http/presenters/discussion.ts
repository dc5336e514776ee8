import type { DiscussionEventRow, DiscussionRow, RepoRow, UserRow } from '../../db/models.js';
import { repoId } from '../../services/repos.js';
import type { CommentData } from '../../services/discussions/discussions.js';

export type Users = Map<number, UserRow>;

/** The author shape Hugging Face sends; a deleted account has none (clients then say "deleted"). */
function authorJson(id: number | null, users: Users): Record<string, unknown> | undefined {
  const user = id === null ? undefined : users.get(id);
  return user ? { type: 'user', name: user.name, fullname: user.fullName } : undefined;
}

/** A discussion or pull request in Hugging Face's list shape. */
export function discussionJson(row: DiscussionRow, repo: RepoRow, users: Users): Record<string, unknown> {
  const author = authorJson(row.authorId, users);
  return {
    num: row.num,
    title: row.title,
    status: row.status,
    isPullRequest: row.isPullRequest,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(author ? { author } : {}),
    repo: { name: repoId(repo), type: repo.type },
    pinned: false,
    ...(row.isPullRequest ? { gitRef: `refs/pr/${row.num}` } : {}),
  };
}

/**
 * One timeline event. Comments carry their Markdown as written (`latest.raw`; nothing is rendered
 * here) and their earlier versions; a hidden comment shows neither.
 */
export function eventJson(event: DiscussionEventRow, users: Users): Record<string, unknown> {
  const author = authorJson(event.authorId, users);
  const base = { id: String(event.id), type: event.type, createdAt: event.createdAt.toISOString(), ...(author ? { author } : {}) };
  const data = JSON.parse(event.data) as Record<string, unknown>;
  if (event.type !== 'comment') return { ...base, data };
  const comment = data as unknown as CommentData;
  const editors = [...new Set(comment.history.map((h) => h.editorId))].map((id) => (id === null ? 'deleted' : users.get(id)?.name ?? 'deleted'));
  const hiddenBy = event.hiddenById === null || event.hiddenById === undefined ? undefined : users.get(event.hiddenById)?.name;
  return {
    ...base,
    data: {
      edited: comment.history.length > 0,
      hidden: event.hidden,
      ...(event.hidden ? { hiddenBy: hiddenBy ?? 'deleted' } : {}),
      numEdits: comment.history.length,
      editors,
      latest: { raw: event.hidden ? '' : comment.raw, updatedAt: event.updatedAt.toISOString(), ...(author ? { author } : {}) },
      history: event.hidden ? [] : comment.history.map((h) => ({ raw: h.raw, updatedAt: h.editedAt, editor: h.editorId === null ? 'deleted' : users.get(h.editorId)?.name ?? 'deleted' })),
    },
  };
}

/** The user ids an event names, so their names can be loaded at once. */
export function eventUserIds(event: DiscussionEventRow): Array<number | null> {
  const ids: Array<number | null> = [event.authorId, event.hiddenById ?? null];
  if (event.type === 'comment') ids.push(...(JSON.parse(event.data) as CommentData).history.map((h) => h.editorId));
  return ids;
}
