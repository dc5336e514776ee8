/**
 * The OpenAPI description of the community routes (discussions, pull requests, likes) and the
 * Xet token routes; merged into the document by openapi.ts.
 */
type Schema = Record<string, unknown>;

const pathParam = (name: string, description: string): Schema => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
const query = (name: string, schema: Schema, description: string): Schema => ({ name, in: 'query', required: false, schema, description });
const json = (schema: Schema, description = 'OK'): Schema => ({ description, content: { 'application/json': { schema } } });
const body = (schema: Schema, required = true): Schema => ({ required, content: { 'application/json': { schema } } });
const error = (description: string): Schema => ({
  description,
  headers: { 'X-Error-Code': { schema: { type: 'string' } }, 'X-Error-Message': { schema: { type: 'string' } } },
  content: { 'application/json': { schema: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } } } },
});
const TEXT: Record<number, string> = {
  400: 'Invalid input', 401: 'Not signed in', 403: 'Read-only token, or not the author and without write access',
  404: 'Repository (or discussion) not found, also when the caller may not read the repository', 409: 'Conflict',
};
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), error(TEXT[c] ?? 'Error')]));

const author = { type: 'object', properties: { type: { const: 'user' }, name: { type: 'string' }, fullname: { type: 'string' } }, description: 'Absent when the account was deleted' };
const discussion: Schema = {
  type: 'object',
  required: ['num', 'title', 'status', 'isPullRequest', 'createdAt', 'repo'],
  properties: {
    num: { type: 'integer' }, title: { type: 'string' }, status: { enum: ['open', 'closed', 'merged', 'draft'] }, isPullRequest: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' }, author,
    repo: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' } } }, pinned: { type: 'boolean' },
    gitRef: { type: 'string', description: 'refs/pr/N (pull requests)' },
  },
};
const event: Schema = {
  type: 'object',
  required: ['id', 'type', 'createdAt', 'data'],
  properties: {
    id: { type: 'string' }, type: { enum: ['comment', 'status-change', 'title-change', 'commit'] }, createdAt: { type: 'string', format: 'date-time' }, author,
    data: {
      type: 'object',
      description: 'comment: {latest:{raw (Markdown as written, never rendered), updatedAt}, numEdits, edited, editors, hidden, hiddenBy?, history:[{raw, updatedAt, editor}]}; ' +
        'status-change: {status}; title-change: {from, to}; commit: {oid, subject}',
    },
  },
};
const details: Schema = {
  allOf: [discussion, {
    type: 'object',
    properties: {
      events: { type: 'array', items: event },
      changes: { type: 'object', properties: { base: { type: 'string' }, headCommitId: { type: 'string' }, mergeCommitId: { type: 'string' } } },
      filesWithConflicts: { type: 'array', items: { type: 'string' } },
      diff: { type: 'string', description: 'Unified diff of the pull request against its merge base (at most 1 MB)' },
      diffTruncated: { type: 'boolean' },
    },
  }],
};
const text = { type: 'string', maxLength: 65536 };

export function communityOperations(plural: string, type: string): Record<string, Record<string, Schema>> {
  const base = `/api/${plural}/{namespace}/{name}`;
  const ns = pathParam('namespace', 'User or organization name');
  const repoName = pathParam('name', 'Repository name');
  const num = pathParam('num', 'Discussion or pull request number');
  const commentId = pathParam('commentId', 'Event id of the comment');
  const tags = ['discussions'];
  const d = `${base}/discussions/{num}`;
  return {
    [`${base}/discussions`]: {
      get: {
        summary: `Discussions and pull requests of a ${type}, newest first, 50 a page`, tags,
        parameters: [ns, repoName, query('p', { type: 'integer' }, 'Page index from 0'), query('type', { enum: ['all', 'discussion', 'pull_request'] }, 'Kind'),
          query('status', { enum: ['all', 'open', 'closed', 'merged', 'draft'] }, 'open includes drafts; closed includes merged'), query('author', { type: 'string' }, 'User name'), query('search', { type: 'string' }, 'Substring of the title')],
        responses: { '200': json({ type: 'object', properties: { discussions: { type: 'array', items: discussion }, count: { type: 'integer' }, start: { type: 'integer' } } }), ...errors(400, 404) },
      },
      post: {
        summary: 'Open a discussion, or (pullRequest) a draft pull request on refs/pr/N at the default branch head', tags, parameters: [ns, repoName],
        requestBody: body({ type: 'object', required: ['title'], properties: { title: { type: 'string', minLength: 3, maxLength: 200 }, description: text, pullRequest: { type: 'boolean' } } }),
        responses: { '200': json(details), ...errors(400, 401, 403, 404) },
      },
    },
    [d]: {
      get: { summary: 'A discussion with its events; pull requests add changes, filesWithConflicts and diff', tags, parameters: [ns, repoName, num], responses: { '200': json(details), ...errors(404) } },
    },
    [`${d}/comment`]: {
      post: { summary: 'Comment', tags, parameters: [ns, repoName, num], requestBody: body({ type: 'object', required: ['comment'], properties: { comment: text } }), responses: { '200': json({ type: 'object', properties: { newMessage: event } }), ...errors(400, 401, 403, 404) } },
    },
    [`${d}/comment/{commentId}/edit`]: {
      post: { summary: 'Edit your comment; the previous text stays in its history', tags, parameters: [ns, repoName, num, commentId], requestBody: body({ type: 'object', required: ['content'], properties: { content: text } }), responses: { '200': json({ type: 'object', properties: { updatedComment: event } }), ...errors(400, 401, 403, 404) } },
    },
    [`${d}/comment/{commentId}/hide`]: {
      post: { summary: 'Hide a comment (its author, or a writer); irreversible', tags, parameters: [ns, repoName, num, commentId], responses: { '200': json({ type: 'object', properties: { updatedComment: event } }), ...errors(400, 401, 403, 404) } },
      put: { summary: 'Hide a comment (same as POST)', tags, parameters: [ns, repoName, num, commentId], responses: { '200': json({ type: 'object', properties: { updatedComment: event } }), ...errors(400, 401, 403, 404) } },
    },
    [`${d}/title`]: {
      post: { summary: 'Rename (the author, or a writer)', tags, parameters: [ns, repoName, num], requestBody: body({ type: 'object', required: ['title'], properties: { title: { type: 'string' } } }), responses: { '200': json({ type: 'object', properties: { newTitle: event } }), ...errors(400, 401, 403, 404) } },
    },
    [`${d}/status`]: {
      post: { summary: 'Close or reopen (the author, or a writer), with an optional comment', tags, parameters: [ns, repoName, num], requestBody: body({ type: 'object', required: ['status'], properties: { status: { enum: ['open', 'closed'] }, comment: text } }), responses: { '200': json({ type: 'object', properties: { newStatus: event } }), ...errors(400, 401, 403, 404, 409) } },
    },
    [`${d}/merge`]: {
      post: {
        summary: 'Merge a pull request into its target branch with a merge commit (writers); 409 with filesWithConflicts on conflicts', tags, parameters: [ns, repoName, num],
        requestBody: body({ type: 'object', properties: { comment: text } }, false),
        responses: { '200': json({ type: 'object', properties: { newStatus: event, mergeCommitId: { type: 'string' } } }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    [`${base}/like`]: {
      post: { summary: 'Like (once per user)', tags: ['likes'], parameters: [ns, repoName], responses: { '200': json({ type: 'object', properties: { liked: { type: 'boolean' }, likes: { type: 'integer' } } }), ...errors(401, 403, 404) } },
      delete: { summary: 'Unlike', tags: ['likes'], parameters: [ns, repoName], responses: { '200': json({ type: 'object', properties: { liked: { type: 'boolean' }, likes: { type: 'integer' } } }), ...errors(401, 403, 404) } },
    },
    [`${base}/likers`]: {
      get: {
        summary: 'Users who like it (next page in Link)', tags: ['likes'], parameters: [ns, repoName, query('limit', { type: 'integer' }, 'Page size'), query('cursor', { type: 'string' }, 'From Link')],
        responses: { '200': json({ type: 'array', items: { type: 'object', properties: { type: { const: 'user' }, user: { type: 'string' }, fullname: { type: 'string' }, avatarUrl: { type: 'null' } } } }), ...errors(400, 404) },
      },
    },
    [`${base}/auth-check`]: {
      get: { summary: 'Whether the caller may read the repository (200), else 404 RepoNotFound or 401', tags: ['repositories'], parameters: [ns, repoName], responses: { '200': json({ type: 'object' }), ...errors(401, 404) } },
    },
    [`${base}/auth-check/write`]: {
      get: { summary: 'Whether the caller may write to the repository (200), else 401/403/404', tags: ['repositories'], parameters: [ns, repoName], responses: { '200': json({ type: 'object' }), ...errors(401, 403, 404) } },
    },
    [`${base}/super-squash/{rest}`]: {
      post: {
        summary: "Replace a branch's history by one commit of its current files (writers; admins for protected branches, the default one included)",
        tags: ['git'], parameters: [ns, repoName, pathParam('rest', 'Branch')],
        requestBody: body({ type: 'object', properties: { message: { type: 'string' } } }, false),
        responses: { '200': json({ type: 'object', properties: { commitOid: { type: 'string' } } }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    [`${base}/xet-read-token/{rest}`]: {
      get: { summary: 'Not supported: this hub stores large files with Git LFS (404 XetNotEnabled; set HF_HUB_DISABLE_XET=1)', tags: ['xet'], parameters: [ns, repoName, pathParam('rest', 'Revision')], responses: errors(404) },
    },
    [`${base}/xet-write-token/{rest}`]: {
      get: { summary: 'Not supported: this hub stores large files with Git LFS (404 XetNotEnabled; set HF_HUB_DISABLE_XET=1)', tags: ['xet'], parameters: [ns, repoName, pathParam('rest', 'Revision')], responses: errors(404) },
    },
  };
}

export const likedReposOperation: Record<string, Record<string, Schema>> = {
  '/api/users/{name}/likes': {
    get: {
      summary: "Repositories a user likes, newest like first (only those the caller can read)", tags: ['likes'], parameters: [pathParam('name', 'User name')],
      responses: { '200': json({ type: 'array', items: { type: 'object', properties: { createdAt: { type: 'string', format: 'date-time' }, repo: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' } } } } } }), ...errors(404) },
    },
  },
};
