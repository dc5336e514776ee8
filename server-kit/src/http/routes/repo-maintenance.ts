import { z } from 'zod';
import type { RepoType } from '../../db/models.js';
import { badRequest } from '../../errors.js';
import { auditKey } from '../../services/repos.js';
import { protectedBranchesOf } from '../../services/push-policy.js';
import { readInput } from '../body.js';
import { loadRepo, revisionAndPath, revisionNotFound } from '../repo-context.js';
import type { HubContext, HubRouter } from '../state.js';
import { PLURAL_TO_TYPE } from '../urls.js';

const squashSchema = z.object({ message: z.string().max(10_000).optional() });

/** Hugging Face's `auth_check` (may I read / write this repository?) and `super_squash_history`. */
export function registerRepoMaintenanceRoutes(router: HubRouter): void {
  for (const [plural, type] of Object.entries(PLURAL_TO_TYPE)) {
    const base = `/api/${plural}/:namespace/:name`;
    router.get(`${base}/auth-check`, (ctx) => authCheck(ctx, type, 'read'));
    router.get(`${base}/auth-check/write`, (ctx) => authCheck(ctx, type, 'write'));
    router.post(`${base}/super-squash/*rest`, (ctx) => superSquash(ctx, type));
  }
}

async function authCheck(ctx: HubContext, type: RepoType, action: 'read' | 'write'): Promise<void> {
  await loadRepo(ctx, type, action);
  ctx.body = {};
}

/**
 * Replaces a branch's history by one commit holding its current files (to forget large files
 * nobody needs any more). Rewriting a protected branch, the default one included, needs admin.
 */
async function superSquash(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'write');
  const { revision, path } = revisionAndPath(ctx, 'super-squash');
  if (path) throw badRequest('A branch cannot be followed by a path here');
  const { reader, writer, sync } = ctx.services.git;
  const branch = await reader.branchOf(repo.gitDir, revision, repo.row.defaultBranch);
  if (!branch) throw revisionNotFound(revision);
  if (protectedBranchesOf(repo.row).has(branch)) await ctx.services.access.authorize(ctx.state.actor, 'admin', repo.row);
  const input = await readInput(ctx, squashSchema, { optional: true });
  const ref = `refs/heads/${branch}`;
  const head = (await reader.refs.resolve(repo.gitDir, ref))!;
  const tree = (await reader.objectInfo(repo.gitDir, `${head}^{tree}`))!.oid;
  const user = ctx.state.actor.user!;
  const sha = await writer.commitTree(repo.gitDir, {
    tree, parents: [], ref, expected: head, author: { name: user.fullName || user.name, email: user.email },
    message: input.message?.trim() || `Super-squash branch '${branch}'`,
  });
  await sync.afterUpdate(repo.row, repo.gitDir, [{ oldSha: head, newSha: sha, ref }]);
  await ctx.services.audit.record(ctx.state.actor, { action: 'repo.super-squash', repoKey: auditKey(repo.row), ip: ctx.ip, details: { branch, from: head, to: sha } });
  ctx.body = { commitOid: sha };
}
