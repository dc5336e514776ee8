import type { RepoType } from '../../db/models.js';
import { HubError, notFound, unauthorized } from '../../errors.js';
import { repoId } from '../../services/repos.js';
import { pageParams, setNextLink } from '../pagination.js';
import { loadRepo } from '../repo-context.js';
import type { HubContext, HubRouter } from '../state.js';
import { PLURAL_TO_TYPE } from '../urls.js';

/** Likes, on Hugging Face's paths: like and unlike a repository, its likers, a user's liked repositories. */
export function registerLikeRoutes(router: HubRouter): void {
  for (const [plural, type] of Object.entries(PLURAL_TO_TYPE)) {
    router.post(`/api/${plural}/:namespace/:name/like`, (ctx) => setLike(ctx, type, true));
    router.delete(`/api/${plural}/:namespace/:name/like`, (ctx) => setLike(ctx, type, false));
    router.get(`/api/${plural}/:namespace/:name/likers`, (ctx) => listLikers(ctx, type));
  }
  router.get('/api/users/:name/likes', likedByUser);
}

async function setLike(ctx: HubContext, type: RepoType, like: boolean): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const { user, scope } = ctx.state.actor;
  if (!user) throw unauthorized('Sign in to like repositories');
  if (scope === 'read') throw new HubError(403, 'This token has the "read" scope, which does not allow liking; use a write token');
  const likes = like ? await ctx.services.likes.like(repo.row, user.id) : await ctx.services.likes.unlike(repo.row, user.id);
  ctx.body = { liked: like, likes };
}

async function listLikers(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const { offset, limit } = pageParams(ctx, 100, 1000);
  const users = await ctx.services.likes.likers(repo.row.id, offset, limit + 1);
  if (users.length > limit) setNextLink(ctx, offset + limit);
  // No avatars on this hub; huggingface_hub reads the key.
  ctx.body = users.slice(0, limit).map((u) => ({ type: 'user', user: u.name, fullname: u.fullName, avatarUrl: null }));
}

async function likedByUser(ctx: HubContext): Promise<void> {
  const user = await ctx.services.accounts.findUser(ctx.params.name!);
  if (!user) throw notFound(`No user is named "${ctx.params.name!.slice(0, 96)}"`);
  const readable = await ctx.services.access.readableWhere(ctx.state.actor);
  const likes = await ctx.services.likes.likedBy(user.id, readable);
  ctx.body = likes.map(({ createdAt, repo }) => ({ createdAt: createdAt.toISOString(), repo: { name: repoId(repo), type: repo.type } }));
}
