import type { RepoAction } from '../access/policy.js';
import type { RepoRow, RepoType } from '../db/models.js';
import { HubError } from '../errors.js';
import { splitRevisionAndPath } from './repo-path.js';
import type { HubContext } from './state.js';

export interface LoadedRepo {
  row: RepoRow;
  gitDir: string;
}

/** The repository named by `:namespace/:name`, if the caller may do `action`; else 404/403/401 from the policy. */
export async function loadRepo(ctx: HubContext, type: RepoType, action: RepoAction): Promise<LoadedRepo> {
  return loadRepoRef(ctx, { type, namespace: ctx.params.namespace!, name: ctx.params.name! }, action);
}

/** The same door for transports that name the repository elsewhere (the viewer's `?dataset=ns/name`). */
export async function loadRepoRef(ctx: HubContext, ref: { type: RepoType; namespace: string; name: string }, action: RepoAction): Promise<LoadedRepo> {
  const row = ctx.services.repos.requireFound(await ctx.services.repos.find(ref), ref);
  await ctx.services.access.authorize(ctx.state.actor, action, row);
  return { row, gitDir: ctx.services.repos.gitDir(row) };
}

export const revisionNotFound = (revision: string) =>
  new HubError(404, `Invalid rev id: ${revision}`, { code: 'RevisionNotFound' });

/** The commit a revision names, or 404 `RevisionNotFound`. */
export async function resolveCommit(ctx: HubContext, repo: LoadedRepo, revision: string): Promise<string> {
  const sha = await ctx.services.git.reader.resolveRevision(repo.gitDir, revision, repo.row.defaultBranch);
  if (!sha) throw revisionNotFound(revision);
  return sha;
}

/**
 * The raw segments after `/api/{type}s/{ns}/{name}/{verb}/` in the request path: the router
 * decodes `%2F` away, but a revision like `refs%2Fpr%2F1` must stay one segment.
 */
export function revisionAndPath(ctx: HubContext, verb: string): { revision: string; path: string } {
  // ['', 'api', '{type}s', ns, name, verb, ...rest]
  const segments = ctx.path.split('/');
  const rest = segments.slice(6);
  if (rest.length > 1 && rest[rest.length - 1] === '') rest.pop();
  const parsed = segments[5] === verb ? splitRevisionAndPath(rest) : null;
  if (!parsed) throw new HubError(400, 'Malformed revision or path in the URL');
  return parsed;
}
