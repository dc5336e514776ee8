import fs from 'node:fs';
import git from 'isomorphic-git';
import { z } from 'zod';
import type { RepoType } from '../../db/models.js';
import { badRequest, HubError } from '../../errors.js';
import { isValidRefName } from '../../git/refs.js';
import { auditKey } from '../../services/repos.js';
import { protectedBranchesOf } from '../../services/push-policy.js';
import { readInput } from '../body.js';
import { loadRepo, resolveCommit, type LoadedRepo } from '../repo-context.js';
import { decode } from '../repo-path.js';
import type { HubContext, HubRouter } from '../state.js';
import { PLURAL_TO_TYPE } from '../urls.js';

const branchSchema = z.object({ startingPoint: z.string().max(255).optional(), emptyBranch: z.boolean().optional(), overwrite: z.boolean().optional() });
const tagSchema = z.object({ tag: z.string().min(1).max(255), message: z.string().max(100_000).optional() });

/** Branches and tags through the API (Hugging Face's routes), under the same rules as a push. */
export function registerRefWriteRoutes(router: HubRouter): void {
  for (const [plural, type] of Object.entries(PLURAL_TO_TYPE)) {
    const base = `/api/${plural}/:namespace/:name`;
    router.post(`${base}/branch/*rest`, (ctx) => createBranch(ctx, type));
    router.delete(`${base}/branch/*rest`, (ctx) => deleteBranch(ctx, type));
    router.post(`${base}/tag/*rest`, (ctx) => createTag(ctx, type));
    router.delete(`${base}/tag/*rest`, (ctx) => deleteTag(ctx, type));
  }
}

/** The ref name after `/branch/` or `/tag/`: one segment, or several raw ones ("feature/x"). */
function refNameFrom(ctx: HubContext, verb: string, what: string): string {
  const segments = ctx.path.split('/').slice(6).map(decode);
  if (ctx.path.split('/')[5] !== verb || segments.some((s) => s === null)) throw badRequest(`Malformed ${what} name`);
  const name = segments.join('/');
  if (!isValidRefName(name) || name.startsWith('refs/') || name === 'HEAD') throw badRequest(`Invalid ${what} name "${name.slice(0, 255)}"`);
  return name;
}

async function isRepoAdmin(ctx: HubContext, repo: LoadedRepo): Promise<boolean> {
  return ctx.services.access.can(ctx.state.actor, 'admin', repo.row);
}

async function createBranch(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'write');
  const branch = refNameFrom(ctx, 'branch', 'branch');
  const input = await readInput(ctx, branchSchema, { optional: true });
  const { git: gitServices } = ctx.services;
  const existing = await gitServices.reader.refs.resolve(repo.gitDir, `refs/heads/${branch}`);
  if (existing && !input.overwrite) throw new HubError(409, `Branch ${branch} already exists`);
  if (existing && protectedBranchesOf(repo.row).has(branch) && !(await isRepoAdmin(ctx, repo))) {
    throw new HubError(403, `${branch} is protected: only repository admins can overwrite it`);
  }
  let target: string;
  if (input.emptyBranch) {
    const tree = await git.writeTree({ fs, gitdir: repo.gitDir, tree: [] });
    const user = ctx.state.actor.user!;
    const who = { name: user.fullName || user.name, email: user.email, timestamp: Math.floor(Date.now() / 1000), timezoneOffset: 0 };
    target = await git.writeCommit({ fs, gitdir: repo.gitDir, commit: { message: `Create empty branch ${branch}\n`, tree, parent: [], author: who, committer: who } });
  } else {
    target = await resolveCommit(ctx, repo, input.startingPoint ?? 'HEAD');
  }
  await gitServices.writer.moveRef(repo.gitDir, `refs/heads/${branch}`, target, existing);
  await gitServices.sync.afterUpdate(repo.row, repo.gitDir, [{ oldSha: existing ?? '0'.repeat(40), newSha: target, ref: `refs/heads/${branch}` }]);
  await ctx.services.audit.record(ctx.state.actor, { action: 'branch.create', repoKey: auditKey(repo.row), target: branch, ip: ctx.ip });
  ctx.body = { name: branch, ref: `refs/heads/${branch}`, targetCommit: target };
}

async function deleteBranch(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'write');
  const branch = refNameFrom(ctx, 'branch', 'branch');
  if (branch === repo.row.defaultBranch) throw new HubError(403, 'The default branch cannot be deleted');
  if (protectedBranchesOf(repo.row).has(branch) && !(await isRepoAdmin(ctx, repo))) {
    throw new HubError(403, `${branch} is protected: only repository admins can delete it`);
  }
  const existing = await ctx.services.git.reader.refs.resolve(repo.gitDir, `refs/heads/${branch}`);
  if (!existing) throw new HubError(404, `Branch not found: ${branch}`, { code: 'RevisionNotFound' });
  await ctx.services.git.writer.moveRef(repo.gitDir, `refs/heads/${branch}`, null, existing);
  await ctx.services.audit.record(ctx.state.actor, { action: 'branch.delete', repoKey: auditKey(repo.row), target: branch, ip: ctx.ip });
  ctx.body = {};
}

async function createTag(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'write');
  const segments = ctx.path.split('/').slice(6).map(decode);
  if (segments.length !== 1 || segments[0] === null) throw badRequest('Expected /tag/{revision}');
  const commit = await resolveCommit(ctx, repo, segments[0]!);
  const input = await readInput(ctx, tagSchema);
  if (!isValidRefName(input.tag) || input.tag.startsWith('refs/')) throw badRequest(`Invalid tag name "${input.tag.slice(0, 255)}"`);
  const { git: gitServices } = ctx.services;
  if (await gitServices.reader.refs.resolve(repo.gitDir, `refs/tags/${input.tag}`)) throw new HubError(409, `Tag ${input.tag} already exists`);
  let target = commit;
  if (input.message) {
    const user = ctx.state.actor.user!;
    target = await git.writeTag({
      fs, gitdir: repo.gitDir,
      tag: {
        object: commit, type: 'commit', tag: input.tag, message: input.message.replace(/\n+$/, ''),
        tagger: { name: user.fullName || user.name, email: user.email, timestamp: Math.floor(Date.now() / 1000), timezoneOffset: 0 },
      },
    });
  }
  await gitServices.writer.moveRef(repo.gitDir, `refs/tags/${input.tag}`, target, null);
  await ctx.services.audit.record(ctx.state.actor, { action: 'tag.create', repoKey: auditKey(repo.row), target: input.tag, ip: ctx.ip });
  ctx.body = { name: input.tag, ref: `refs/tags/${input.tag}`, targetCommit: commit };
}

async function deleteTag(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'write');
  const tag = refNameFrom(ctx, 'tag', 'tag');
  const existing = await ctx.services.git.reader.refs.resolve(repo.gitDir, `refs/tags/${tag}`);
  if (!existing) throw new HubError(404, `Tag not found: ${tag}`, { code: 'RevisionNotFound' });
  await ctx.services.git.writer.moveRef(repo.gitDir, `refs/tags/${tag}`, null, existing);
  await ctx.services.audit.record(ctx.state.actor, { action: 'tag.delete', repoKey: auditKey(repo.row), target: tag, ip: ctx.ip });
  ctx.body = {};
}
