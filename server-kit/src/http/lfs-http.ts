import type { Next } from 'koa';
import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import { authenticate } from '../auth/authenticate.js';
import type { RepoRow } from '../db/models.js';
import { HubError } from '../errors.js';
import { readBody } from './body.js';
import { parseRepoPath } from './repo-path.js';
import type { HubContext } from './state.js';
import { publicBase } from './urls.js';

const LFS_TYPE = 'application/vnd.git-lfs+json';
const LFS_REALM = { 'LFS-Authenticate': 'Basic realm="CSGHub"', 'WWW-Authenticate': 'Basic realm="CSGHub"' };
const MAX_BATCH_BODY = 16 * 1024 * 1024;

const batchSchema = z.object({
  operation: z.enum(['upload', 'download']),
  transfers: z.array(z.string().max(64)).max(32).optional(),
  objects: z.array(z.object({ oid: z.string().max(200), size: z.number() })).min(1).max(10_000),
  ref: z.object({ name: z.string().max(1024) }).nullish(),
  hash_algo: z.string().max(32).optional(),
});
const lockSchema = z.object({ path: z.string().min(1).max(4096), ref: z.object({ name: z.string().max(1024) }).nullish() });
const verifyLocksSchema = z.object({ cursor: z.string().max(32).optional(), limit: z.number().int().min(1).max(1000).optional(), ref: z.object({ name: z.string().max(1024) }).nullish() });
const unlockSchema = z.object({ force: z.boolean().optional(), ref: z.object({ name: z.string().max(1024) }).nullish() });

/**
 * The Git LFS API at `{repository}.git/info/lfs/`: the batch endpoint and the locks API. Errors
 * take LFS's shape (`{"message"}`); anonymous callers get an `LFS-Authenticate` challenge.
 */
export async function lfsHttp(ctx: HubContext, next: Next): Promise<void> {
  const repoPath = parseRepoPath(ctx.path);
  const rest = repoPath?.rest.join('/') ?? '';
  if (!repoPath || !rest.startsWith('info/lfs/')) return next();
  const route = rest.slice('info/lfs/'.length);
  try {
    let actor: Actor;
    try {
      actor = (await authenticate(ctx, ctx.services)).actor;
    } catch (err) {
      if (err instanceof HubError && err.status === 401) throw new HubError(401, err.message, { headers: LFS_REALM });
      throw err;
    }
    ctx.state.actor = actor;
    const row = await ctx.services.repos.find(repoPath);
    const json = async <T extends z.ZodType>(schema: T): Promise<z.infer<T>> => {
      const raw = await readBody(ctx, MAX_BATCH_BODY);
      let value: unknown;
      try {
        value = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        throw new HubError(422, 'Malformed JSON body');
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new HubError(422, `Invalid request: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
      return parsed.data;
    };

    if (route === 'objects/batch' && ctx.method === 'POST') {
      const input = await json(batchSchema);
      if (input.hash_algo && !['sha256', 'sha_256'].includes(input.hash_algo)) throw new HubError(409, `Unsupported hash algorithm ${input.hash_algo}: only sha256`);
      const repo = await authorize(ctx, actor, row, input.operation === 'upload' ? 'write' : 'read');
      const answer = await ctx.services.lfs.batch(actor, repo, { operation: input.operation, transfers: input.transfers, objects: input.objects }, publicBase(ctx));
      return reply(ctx, 200, answer);
    }
    if (route === 'locks' && ctx.method === 'POST') {
      const input = await json(lockSchema);
      const repo = await authorize(ctx, actor, row, 'write');
      const lock = await ctx.services.lfsLocks.create(repo, actor.user!, input.path, input.ref?.name ?? null);
      return reply(ctx, 201, { lock });
    }
    if (route === 'locks' && ctx.method === 'GET') {
      const repo = await authorize(ctx, actor, row, 'read');
      const q = ctx.query;
      const one = (v: unknown) => (Array.isArray(v) ? v[0] : v) as string | undefined;
      const cursor = one(q.cursor) ?? '0';
      const limit = one(q.limit) ?? '100';
      if (!/^\d{1,12}$/.test(cursor) || !/^\d{1,4}$/.test(limit) || Number(limit) < 1) throw new HubError(422, 'cursor and limit must be non-negative integers (limit 1-1000)');
      const id = one(q.id);
      if (id !== undefined && !/^\d{1,12}$/.test(id)) return reply(ctx, 200, { locks: [] });
      return reply(ctx, 200, await ctx.services.lfsLocks.list(repo, { path: one(q.path), id, cursor: Number(cursor), limit: Math.min(Number(limit), 1000) }));
    }
    if (route === 'locks/verify' && ctx.method === 'POST') {
      const input = await json(verifyLocksSchema);
      const repo = await authorize(ctx, actor, row, 'write');
      if (input.cursor !== undefined && !/^\d{1,12}$/.test(input.cursor)) throw new HubError(422, 'Invalid cursor');
      return reply(ctx, 200, await ctx.services.lfsLocks.verify(repo, actor.user!, Number(input.cursor ?? 0), input.limit ?? 100));
    }
    const unlock = /^locks\/(\d{1,12})\/unlock$/.exec(route);
    if (unlock && ctx.method === 'POST') {
      const input = await json(unlockSchema);
      const repo = await authorize(ctx, actor, row, 'write');
      const mayForce = await ctx.services.access.can(actor, 'admin', repo);
      const lock = await ctx.services.lfsLocks.unlock(repo, actor.user!, Number(unlock[1]), input.force ?? false, mayForce);
      return reply(ctx, 200, { lock });
    }
    throw new HubError(404, 'Not found');
  } catch (err) {
    if (!(err instanceof HubError)) throw err;
    ctx.set(err.headers);
    reply(ctx, err.status, { message: err.message, ...err.extra, request_id: ctx.state.requestId });
  }
}

function reply(ctx: HubContext, status: number, body: unknown): void {
  ctx.status = status;
  ctx.body = body;
  ctx.type = LFS_TYPE;
}

/** The access policy, answered the LFS way: anonymous callers are asked to sign in where that could help. */
async function authorize(ctx: HubContext, actor: Actor, row: RepoRow | null, action: 'read' | 'write'): Promise<RepoRow> {
  const decision = row ? await ctx.services.access.decide(actor, action, row) : 'hidden';
  if (decision === 'allow' && row) return row;
  if (!actor.user) throw new HubError(401, 'Authentication required', { headers: LFS_REALM });
  if (decision === 'forbidden') throw new HubError(403, `You do not have ${action} access to this repository`);
  throw new HubError(404, 'Repository not found');
}
