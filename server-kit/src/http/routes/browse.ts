import { z } from 'zod';
import type { RepoType } from '../../db/models.js';
import { isSafeRepoPath } from '../../git/reader.js';
import { badRequest, HubError } from '../../errors.js';
import { readInput } from '../body.js';
import { pageParams, setNextLink } from '../pagination.js';
import { repoInfo } from '../presenters/repo-info.js';
import { commitJson, treeEntryJson } from '../presenters/tree.js';
import { loadRepo, resolveCommit, revisionAndPath, type LoadedRepo } from '../repo-context.js';
import type { HubContext, HubRouter } from '../state.js';
import { PLURAL_TO_TYPE } from '../urls.js';
import { LfsMaintenance } from '../../services/lfs-maintenance.js';
import { queryFlag, queryList, queryString } from '../validate.js';

const TREE_PAGE = 1000;
const TREE_PAGE_EXPANDED = 50;
const MAX_PATHS = 1000;

const pathsInfoSchema = z.object({
  paths: z.union([z.string(), z.array(z.string()).max(MAX_PATHS)]),
  expand: z.union([z.boolean(), z.string()]).optional(),
});

/** Reading a repository at a revision, in Hugging Face's shapes: revision info, tree, paths-info, refs, commits, a commit's diff. */
export function registerBrowseRoutes(router: HubRouter): void {
  for (const [plural, type] of Object.entries(PLURAL_TO_TYPE)) {
    const base = `/api/${plural}/:namespace/:name`;
    router.get(`${base}/revision/*rest`, (ctx) => revisionInfo(ctx, type));
    router.get(`${base}/tree/*rest`, (ctx) => listTree(ctx, type));
    router.post(`${base}/paths-info/*rest`, (ctx) => pathsInfo(ctx, type));
    router.get(`${base}/refs`, (ctx) => listRefs(ctx, type));
    router.get(`${base}/commits/*rest`, (ctx) => listCommits(ctx, type));
    router.get(`${base}/commit/*rest`, (ctx) => commitDetails(ctx, type));
  }
}

/** Repo info at a revision; `blobs=true` adds sizes, blob ids and LFS details to the siblings. */
export async function repoInfoAt(ctx: HubContext, repo: LoadedRepo, revision: string): Promise<Record<string, unknown>> {
  const { reader } = ctx.services.git;
  const sha = await reader.resolveRevision(repo.gitDir, revision, repo.row.defaultBranch);
  if (!sha && revision !== 'HEAD') throw new HubError(404, `Invalid rev id: ${revision}`, { code: 'RevisionNotFound' });
  const files = sha ? ((await reader.listTree(repo.gitDir, sha, '', true)) ?? []).filter((e) => e.type === 'file') : [];
  const info = repoInfo(repo.row, { sha, siblings: files.map((f) => f.path), expand: queryList(ctx.query, 'expand') });
  const expand = queryList(ctx.query, 'expand');
  if (!expand.length || expand.includes('lfsSize')) info.lfsSize = await LfsMaintenance.repoSize(repo.row.id);
  if (queryFlag(ctx.query.blobs) && Array.isArray(info.siblings)) {
    info.siblings = files.map((f) => ({
      rfilename: f.path, size: f.size, blobId: f.oid,
      ...(f.lfs ? { lfs: { sha256: f.lfs.oid, size: f.lfs.size, pointerSize: f.lfs.pointerSize } } : {}),
    }));
  }
  return info;
}

async function revisionInfo(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const { revision, path } = revisionAndPath(ctx, 'revision');
  if (path) throw badRequest('A revision cannot be followed by a path here');
  ctx.body = await repoInfoAt(ctx, repo, revision);
}

async function listTree(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const { revision, path } = revisionAndPath(ctx, 'tree');
  if (!isSafeRepoPath(path)) throw badRequest(`Invalid path "${path.slice(0, 200)}"`);
  const sha = await resolveCommit(ctx, repo, revision);
  ctx.set('X-Repo-Commit', sha);
  const { reader } = ctx.services.git;
  const expand = queryFlag(ctx.query.expand);
  const { offset, limit } = pageParams(ctx, expand ? TREE_PAGE_EXPANDED : TREE_PAGE, expand ? TREE_PAGE_EXPANDED : TREE_PAGE);
  const listing = await reader.listTreePage(repo.gitDir, sha, path, queryFlag(ctx.query.recursive), { offset, limit });
  if (!listing) {
    const entry = await reader.entry(repo.gitDir, sha, path);
    throw new HubError(404, entry ? `${path} is a file, not a folder` : `Folder not found: ${path}`, { code: 'EntryNotFound' });
  }
  const page = listing.entries;
  if (offset + limit < listing.total) setNextLink(ctx, offset + limit);
  const lastCommits = expand ? await reader.lastCommits(repo.gitDir, sha, page.map((e) => e.path)) : null;
  ctx.body = page.map((e) => treeEntryJson(e, lastCommits?.get(e.path)));
}

async function pathsInfo(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const { revision, path } = revisionAndPath(ctx, 'paths-info');
  if (path) throw badRequest('A revision cannot be followed by a path here');
  const input = await readInput(ctx, pathsInfoSchema, { form: true });
  const paths = [...new Set((Array.isArray(input.paths) ? input.paths : [input.paths]).map((p) => p.replace(/^\/+|\/+$/g, '')))];
  if (paths.length > MAX_PATHS) throw badRequest(`At most ${MAX_PATHS} paths per request`);
  const sha = await resolveCommit(ctx, repo, revision);
  ctx.set('X-Repo-Commit', sha);
  const { reader } = ctx.services.git;
  const entries = (await Promise.all(paths.filter((p) => p && isSafeRepoPath(p)).map((p) => reader.entry(repo.gitDir, sha, p)))).filter((e) => e !== null);
  const expand = input.expand === true || (typeof input.expand === 'string' && /^(1|true)$/i.test(input.expand));
  const lastCommits = expand ? await reader.lastCommits(repo.gitDir, sha, entries.map((e) => e.path)) : null;
  ctx.body = entries.map((e) => treeEntryJson(e, lastCommits?.get(e.path)));
}

async function listRefs(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const refs = await ctx.services.git.reader.listRefs(repo.gitDir);
  ctx.body = {
    branches: refs.branches, converts: refs.converts, tags: refs.tags,
    ...(queryFlag(ctx.query.include_prs) ? { pullRequests: refs.pullRequests } : {}),
  };
}

async function listCommits(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const { revision, path } = revisionAndPath(ctx, 'commits');
  if (path) throw badRequest('A revision cannot be followed by a path here; use ?path= to follow one file');
  const sha = await resolveCommit(ctx, repo, revision);
  const filePath = queryString(ctx.query, 'path');
  if (filePath !== undefined && !isSafeRepoPath(filePath)) throw badRequest(`Invalid path "${filePath.slice(0, 200)}"`);
  const { reader } = ctx.services.git;
  const p = queryString(ctx.query, 'p');
  const { offset: cursorOffset, limit } = pageParams(ctx, 50, 1000);
  if (p !== undefined && !/^\d{1,9}$/.test(p)) throw badRequest('p must be a page number');
  const offset = p !== undefined ? Number(p) * limit : cursorOffset;
  const [commits, total] = await Promise.all([
    reader.log(repo.gitDir, sha, { skip: offset, limit: limit + 1, path: filePath }),
    filePath ? Promise.resolve(null) : reader.countCommits(repo.gitDir, sha),
  ]);
  if (total !== null) ctx.set('X-Total-Count', String(total));
  if (commits.length > limit) setNextLink(ctx, offset + limit);
  ctx.set('X-Repo-Commit', sha);
  ctx.body = commits.slice(0, limit).map(commitJson);
}

/** Extension: one commit with its changed files and patch, for the elements' history view. */
async function commitDetails(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const { revision, path } = revisionAndPath(ctx, 'commit');
  if (path) throw badRequest('A revision cannot be followed by a path here');
  const sha = await resolveCommit(ctx, repo, revision);
  const { reader } = ctx.services.git;
  const commit = (await reader.commit(repo.gitDir, sha))!;
  const diff = await reader.diff(repo.gitDir, sha);
  ctx.body = { ...commitJson(commit), parents: commit.parents, files: diff.files, patch: diff.patch, truncated: diff.truncated };
}
