import { z } from 'zod';
import type { RepoRow, RepoType, Visibility } from '../../db/models.js';
import { badRequest, HubError, notFound, unauthorized } from '../../errors.js';
import { auditKey, repoId, REPO_TYPES, type RepoRef, type RepoSort } from '../../services/repos.js';
import { assertValidName, nameKey } from '../../util/names.js';
import type { InitialFile } from '../../stores/repo-storage.js';
import { readInput } from '../body.js';
import { repoInfo } from '../presenters/repo-info.js';
import type { HubContext, HubRouter } from '../state.js';
import { PLURAL_TO_TYPE, repoWebUrl } from '../urls.js';
import { pageParams, setNextLink } from '../pagination.js';
import { loadRepo } from '../repo-context.js';
import { repoInfoAt } from './browse.js';
import { protectedBranchesOf } from '../../services/push-policy.js';
import { queryFlag, queryList, queryString } from '../validate.js';

const repoType = z.enum(REPO_TYPES as [RepoType, ...RepoType[]]);
const visibility = z.enum(['public', 'internal', 'private']);

const createSchema = z.object({
  name: z.string().min(1).max(200),
  organization: z.string().max(96).nullish(),
  type: repoType.optional(),
  private: z.boolean().nullish(),
  visibility: visibility.optional(),
  license: z.string().max(100).nullish(),
  description: z.string().max(1000).optional(),
  files: z
    .array(z.object({ path: z.string().min(1).max(1000), content: z.string(), encoding: z.enum(['base64', 'utf-8']).optional() }))
    .max(100)
    .optional(),
});

const deleteSchema = z.object({ name: z.string().min(1).max(200), organization: z.string().max(96).nullish(), type: repoType.optional() });

const moveSchema = z.object({ fromRepo: z.string().min(1).max(200), toRepo: z.string().min(1).max(200), type: repoType.optional() });

const settingsSchema = z.object({
  private: z.boolean().optional(),
  visibility: visibility.optional(),
  gated: z.union([z.literal(false), z.enum(['auto', 'manual'])]).optional(),
  description: z.string().max(1000).optional(),
  protectedBranches: z.array(z.string().min(1).max(255)).max(100).optional(),
});

const SORTS: readonly RepoSort[] = ['lastModified', 'createdAt', 'downloads', 'likes', 'trendingScore', 'id'];
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** Repository lifecycle and discovery, on Hugging Face's paths: create, delete, move, settings, list, info. */
export function registerRepoRoutes(router: HubRouter): void {
  router.post('/api/repos/create', createRepo);
  router.delete('/api/repos/delete', deleteRepo);
  router.post('/api/repos/move', moveRepo);
  for (const [plural, type] of Object.entries(PLURAL_TO_TYPE)) {
    router.get(`/api/${plural}`, (ctx) => listRepos(ctx, type));
    router.get(`/api/${plural}/:namespace/:name`, (ctx) => getRepo(ctx, type));
    router.get(`/api/${plural}/:namespace/:name/settings`, (ctx) => readSettings(ctx, type));
    router.put(`/api/${plural}/:namespace/:name/settings`, (ctx) => updateSettings(ctx, type));
  }
}

/** Splits "ns/name", or takes the namespace from `organization`, defaulting to the caller. */
function splitRepoName(name: string, organization: string | null | undefined, fallback: string | undefined): { namespace: string; name: string } {
  const parts = name.split('/');
  if (parts.length === 2 && !organization) return { namespace: parts[0]!, name: parts[1]! };
  if (parts.length !== 1) throw badRequest(`Invalid repository name "${name.slice(0, 200)}"`);
  const namespace = organization ?? fallback;
  if (!namespace) throw unauthorized('Sign in to create a repository');
  return { namespace, name };
}

function requestedVisibility(input: { private?: boolean | null; visibility?: Visibility }): Visibility | undefined {
  if (input.visibility && typeof input.private === 'boolean' && (input.visibility === 'public') === input.private) {
    throw badRequest('"private" and "visibility" disagree');
  }
  if (input.visibility) return input.visibility;
  if (typeof input.private === 'boolean') return input.private ? 'private' : 'public';
  return undefined;
}

async function createRepo(ctx: HubContext): Promise<void> {
  const { actor } = ctx.state;
  if (!actor.user) throw unauthorized('Sign in to create a repository');
  const input = await readInput(ctx, createSchema);
  const { services } = ctx;
  const { namespace, name } = splitRepoName(input.name, input.organization, actor.user.name);
  assertValidName(namespace, 'namespace');
  const type = input.type ?? 'model';
  const kind = await services.accounts.namespaceKind(namespace);
  if (!kind) throw notFound(`No user or organization is named "${namespace}"`);
  if (!(await services.access.canInNamespace(actor, 'create-repo', nameKey(namespace)))) {
    throw new HubError(403, kind === 'org'
      ? `You need the write or admin role in ${namespace} to create repositories there`
      : `You cannot create repositories under ${namespace}`);
  }
  const files = (input.files ?? []).map(decodeFile);
  const row = await services.repos.create(
    { type, namespace, name, visibility: requestedVisibility(input) ?? 'public', license: input.license ?? null, description: input.description ?? '', files },
    { name: actor.user.fullName || actor.user.name, email: actor.user.email },
  ).catch((err: unknown) => {
    // huggingface_hub's create_repo(exist_ok=True) reads the existing repository's `url` from the 409.
    if (err instanceof HubError && err.status === 409) err.extra = { ...err.extra, url: repoWebUrl(ctx, type, `${namespace}/${name}`) };
    throw err;
  });
  await services.audit.record(actor, { action: 'repo.create', repoKey: auditKey(row), ip: ctx.ip, details: { visibility: row.visibility } });
  ctx.body = { url: repoWebUrl(ctx, type, repoId(row)), name: repoId(row), id: String(row.id) };
}

function decodeFile(file: { path: string; content: string; encoding?: 'base64' | 'utf-8' }): InitialFile {
  const segments = file.path.split('/');
  if (file.path.startsWith('/') || file.path.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..' || s.toLowerCase() === '.git')) {
    throw badRequest(`Invalid file path "${file.path.slice(0, 200)}"`);
  }
  return { path: file.path, content: Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8') };
}

/** Finds a repository the caller may act on; anything they may not read is simply not found. */
async function authorizedRepo(ctx: HubContext, ref: RepoRef, action: 'read' | 'write' | 'admin') {
  const row = ctx.services.repos.requireFound(await ctx.services.repos.find(ref), ref);
  await ctx.services.access.authorize(ctx.state.actor, action, row);
  return row;
}

async function deleteRepo(ctx: HubContext): Promise<void> {
  const input = await readInput(ctx, deleteSchema);
  const ref = { type: input.type ?? 'model', ...splitRepoName(input.name, input.organization, ctx.state.actor.user?.name) };
  const row = await authorizedRepo(ctx, ref, 'admin');
  await ctx.services.repos.delete(row);
  await ctx.services.audit.record(ctx.state.actor, { action: 'repo.delete', repoKey: auditKey(row), ip: ctx.ip });
  ctx.body = {};
}

function parseRepoId(id: string): { namespace: string; name: string } {
  const parts = id.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw badRequest(`Invalid repository id "${id.slice(0, 200)}": expected "namespace/name"`);
  return { namespace: parts[0], name: parts[1] };
}

async function moveRepo(ctx: HubContext): Promise<void> {
  const input = await readInput(ctx, moveSchema);
  const type = input.type ?? 'model';
  const row = await authorizedRepo(ctx, { type, ...parseRepoId(input.fromRepo) }, 'admin');
  const to = parseRepoId(input.toRepo);
  const from = auditKey(row);
  if (nameKey(to.namespace) !== row.namespaceKey) {
    const kind = await ctx.services.accounts.namespaceKind(to.namespace);
    if (!kind) throw notFound(`No user or organization is named "${to.namespace}"`);
    if (!(await ctx.services.access.canInNamespace(ctx.state.actor, 'create-repo', nameKey(to.namespace)))) {
      throw new HubError(403, `You cannot create repositories under ${to.namespace}`);
    }
  }
  const moved = await ctx.services.repos.move(row, to);
  await ctx.services.audit.record(ctx.state.actor, { action: 'repo.move', repoKey: auditKey(moved), ip: ctx.ip, details: { from } });
  ctx.body = { url: repoWebUrl(ctx, type, repoId(moved)), name: repoId(moved) };
}

/** The shape both settings routes answer. */
function settingsOf(row: RepoRow) {
  return {
    private: row.visibility !== 'public', visibility: row.visibility, gated: false, description: row.description,
    protectedBranches: [...protectedBranchesOf(row)],
  };
}

/** Extension (Hugging Face has no GET): the settings for those who may change them, under the same policy as the PUT. */
async function readSettings(ctx: HubContext, type: RepoType): Promise<void> {
  ctx.body = settingsOf(await authorizedRepo(ctx, { type, namespace: ctx.params.namespace!, name: ctx.params.name! }, 'admin'));
}

async function updateSettings(ctx: HubContext, type: RepoType): Promise<void> {
  const row = await authorizedRepo(ctx, { type, namespace: ctx.params.namespace!, name: ctx.params.name! }, 'admin');
  const input = await readInput(ctx, settingsSchema);
  if (input.gated) throw badRequest('Gated access is not supported by this hub; use private or internal visibility');
  const next = requestedVisibility(input);
  const before = row.visibility;
  const updated = await ctx.services.repos.updateSettings(row, { visibility: next, description: input.description, protectedBranches: input.protectedBranches });
  if (next && next !== before) {
    await ctx.services.audit.record(ctx.state.actor, { action: 'repo.visibility', repoKey: auditKey(row), ip: ctx.ip, details: { from: before, to: next } });
  }
  ctx.body = settingsOf(updated);
}

async function getRepo(ctx: HubContext, type: RepoType): Promise<void> {
  ctx.body = await repoInfoAt(ctx, await loadRepo(ctx, type, 'read'), 'HEAD');
}

async function listRepos(ctx: HubContext, type: RepoType): Promise<void> {
  const { query } = ctx;
  const { offset, limit } = pageParams(ctx, DEFAULT_PAGE, MAX_PAGE);
  const sort = queryString(query, 'sort') ?? 'lastModified';
  if (!SORTS.includes(sort as RepoSort)) throw badRequest(`Invalid sort "${sort}": use one of ${SORTS.join(', ')}`);
  const direction = queryString(query, 'direction');
  if (direction !== undefined && direction !== '1' && direction !== '-1') throw badRequest('direction must be 1 or -1');
  const rows = await ctx.services.repos.list({
    type,
    readable: await ctx.services.access.readableWhere(ctx.state.actor),
    search: queryString(query, 'search'),
    author: queryString(query, 'author'),
    tags: queryList(query, 'filter'),
    sort: sort as RepoSort,
    ascending: direction === '1',
    offset,
    // One extra row tells whether a next page exists without counting.
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  if (rows.length > limit) setNextLink(ctx, offset + limit);
  const full = queryFlag(query.full);
  const expand = queryList(query, 'expand');
  const { reader } = ctx.services.git;
  ctx.body = await Promise.all(page.map(async (row) => {
    if (!full && !expand.includes('siblings')) return repoInfo(row, { expand });
    const sha = row.lastCommit;
    const files = sha ? ((await reader.listTree(ctx.services.repos.gitDir(row), sha, '', true)) ?? []) : [];
    return repoInfo(row, { expand, sha, siblings: files.filter((f) => f.type === 'file').map((f) => f.path) });
  }));
}
