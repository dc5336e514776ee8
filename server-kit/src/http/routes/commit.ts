import readline from 'node:readline';
import { z } from 'zod';
import type { RepoType } from '../../db/models.js';
import { HubError, badRequest } from '../../errors.js';
import { gitIgnoreMatcher, LfsAttributes } from '../../git/attributes.js';
import { isSafeRepoPath } from '../../git/reader.js';
import { formatLfsPointer } from '../../git/lfs-pointer.js';
import type { CommitOperation } from '../../git/writer.js';
import { auditKey, repoId } from '../../services/repos.js';
import { formatBytes } from '../../services/push-policy.js';
import { parseCardMetadata } from '../../util/card.js';
import { readInput } from '../body.js';
import { loadRepo, revisionAndPath, revisionNotFound, type LoadedRepo } from '../repo-context.js';
import type { HubContext, HubRouter } from '../state.js';
import { PLURAL_TO_TYPE, repoWebUrl } from '../urls.js';
import { queryFlag } from '../validate.js';
import type { DiscussionRow } from '../../db/models.js';
import { prNumberOf, prRef } from '../../services/discussions/pull-requests.js';
import { participant } from './discussions.js';

const MAX_PREUPLOAD_FILES = 1000;

const preuploadSchema = z.object({
  files: z.array(z.object({ path: z.string().min(1).max(4096), size: z.number().int().min(0), sample: z.string().max(4096).optional() })).max(MAX_PREUPLOAD_FILES),
  gitIgnore: z.string().max(1024 * 1024).optional(),
  gitAttributes: z.string().max(1024 * 1024).optional(),
});

const validateYamlSchema = z.object({ content: z.string().max(1024 * 1024), repoType: z.string().max(20).optional() });

const headerSchema = z.object({ summary: z.string().max(10_000).optional(), description: z.string().max(100_000).optional(), parentCommit: z.string().regex(/^[0-9a-f]{5,40}$/, 'must be 5 to 40 lower-case hex digits').optional() });
const fileSchema = z.object({ path: z.string().min(1).max(4096), content: z.string(), encoding: z.enum(['base64', 'utf-8']).optional() });
const lfsFileSchema = z.object({ path: z.string().min(1).max(4096), algo: z.literal('sha256').optional(), oid: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0).optional() });
const pathSchema = z.object({ path: z.string().min(1).max(4096) });

/** Server-side commits (ndjson, Hugging Face's commit API), preupload, and README metadata validation. */
export function registerCommitRoutes(router: HubRouter): void {
  router.post('/api/validate-yaml', validateYaml);
  for (const [plural, type] of Object.entries(PLURAL_TO_TYPE)) {
    router.post(`/api/${plural}/:namespace/:name/preupload/*rest`, (ctx) => preupload(ctx, type));
    router.post(`/api/${plural}/:namespace/:name/commit/*rest`, (ctx) => commit(ctx, type));
  }
}

async function validateYaml(ctx: HubContext): Promise<void> {
  const input = await readInput(ctx, validateYamlSchema);
  const card = parseCardMetadata(input.content);
  if (card.error) {
    ctx.status = 400;
    ctx.body = { errors: [{ message: card.error }], warnings: [] };
    return;
  }
  ctx.body = { errors: [], warnings: [] };
}

interface CommitTarget {
  /** The full ref the commit moves: refs/heads/{branch} or a pull request's refs/pr/N. */
  ref: string;
  branch: string;
  head: string | null;
  /** The pull request the commit goes to (an existing one, for a refs/pr/N revision). */
  pullRequest?: DiscussionRow;
  /** `create_pr=1`: a new pull request on `branch` will take the commit. */
  createPr: boolean;
}

/**
 * Where a commit (or preupload) goes, and whether the caller may put it there: a branch needs
 * write access; a new pull request (`create_pr=1`) or a commit to an open one (`refs/pr/N`) needs
 * a signed-in reader, and for an existing pull request its author or a writer.
 */
async function commitTarget(ctx: HubContext, repo: LoadedRepo, verb: string): Promise<CommitTarget> {
  const { revision, path } = revisionAndPath(ctx, verb);
  if (path) throw badRequest('A revision cannot be followed by a path here');
  const createPr = queryFlag(ctx.query.create_pr);
  const { reader } = ctx.services.git;
  const num = prNumberOf(revision);
  if (num !== null) {
    if (createPr) throw badRequest('create_pr cannot be used with a pull request revision');
    const pr = await ctx.services.discussions.find(repo.row.id, num);
    const head = pr?.isPullRequest ? await reader.refs.resolve(repo.gitDir, revision) : null;
    if (!pr || !head) throw revisionNotFound(revision);
    const user = participant(ctx, 'contribute to pull requests');
    if (pr.authorId !== user.id) await ctx.services.access.authorize(ctx.state.actor, 'write', repo.row);
    if (pr.status !== 'open' && pr.status !== 'draft') throw new HubError(409, `Pull request #${num} is ${pr.status}; reopen it to add commits`);
    return { ref: revision, branch: pr.targetBranch ?? repo.row.defaultBranch, head, pullRequest: pr, createPr: false };
  }
  if (createPr) participant(ctx, 'contribute to pull requests');
  else await ctx.services.access.authorize(ctx.state.actor, 'write', repo.row);
  const branch = await reader.branchOf(repo.gitDir, revision, repo.row.defaultBranch);
  if (branch) return { ref: `refs/heads/${branch}`, branch, head: await reader.refs.resolve(repo.gitDir, `refs/heads/${branch}`), createPr };
  // A repository with no commits at all takes its first commit on the default branch.
  const name = revision === 'HEAD' ? repo.row.defaultBranch : revision;
  if (!createPr && name === repo.row.defaultBranch && !(await reader.refs.list(repo.gitDir, 'refs/heads/')).length) {
    return { ref: `refs/heads/${name}`, branch: name, head: null, createPr };
  }
  throw revisionNotFound(revision);
}

async function preupload(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const { head } = await commitTarget(ctx, repo, 'preupload');
  const input = await readInput(ctx, preuploadSchema);
  const { reader } = ctx.services.git;
  const readText = async (path: string) => {
    const entry = head ? await reader.entry(repo.gitDir, head, path) : null;
    return entry?.type === 'file' && !entry.lfs ? ((await reader.readBlob(repo.gitDir, entry.oid, 1024 * 1024))?.toString('utf8') ?? '') : '';
  };
  const attributes = new LfsAttributes(await readText('.gitattributes'), input.gitAttributes ?? '');
  const ignored = gitIgnoreMatcher(await readText('.gitignore'), input.gitIgnore ?? '');
  const limit = ctx.services.config.limits.maxBlobBytes;
  ctx.body = {
    files: await Promise.all(input.files.map(async (file) => {
      if (!isSafeRepoPath(file.path)) throw badRequest(`Invalid path "${file.path.slice(0, 200)}"`);
      const sample = file.sample ? Buffer.from(file.sample, 'base64') : Buffer.alloc(0);
      // Hugging Face's rule: empty files are regular; large, LFS-tracked or binary files go to LFS.
      const lfs = file.size > 0 && (file.size > limit || attributes.isLfs(file.path) || sample.includes(0));
      const current = head ? await reader.entry(repo.gitDir, head, file.path) : null;
      const oid = current?.type === 'file' ? (current.lfs?.oid ?? current.oid) : undefined;
      return { path: file.path, uploadMode: lfs ? 'lfs' : 'regular', shouldIgnore: ignored.ignores(file.path), ...(oid ? { oid } : {}) };
    })),
    ...(head ? { commitOid: head } : {}),
  };
}

interface ParsedCommit {
  summary: string;
  description: string;
  parentCommit?: string;
  operations: CommitOperation[];
  lfsPaths: string[];
}

/**
 * Reads the ndjson body line by line and writes each file's blob as it arrives, so memory holds
 * one file at most, never the whole commit. Blobs of a commit that is then refused stay
 * unreferenced and invisible.
 */
async function parseCommitBody(ctx: HubContext, repo: LoadedRepo): Promise<ParsedCommit> {
  const type = (ctx.get('content-type').split(';')[0] ?? '').trim().toLowerCase();
  if (type && type !== 'application/x-ndjson' && type !== 'application/json' && type !== 'text/plain') {
    throw new HubError(415, `Unsupported content type "${type}": send application/x-ndjson`);
  }
  const limits = ctx.services.config.limits;
  const maxLine = Math.ceil((limits.maxBlobBytes * 4) / 3) + 64 * 1024;
  let total = 0;
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limits.commitBody) throw new HubError(413, `Commit body larger than ${limits.commitBody} bytes`);
  ctx.req.on('data', (chunk: Buffer) => {
    total += chunk.length;
    if (total > limits.commitBody) ctx.req.destroy(new HubError(413, `Commit body larger than ${limits.commitBody} bytes`));
  });
  const lines = readline.createInterface({ input: ctx.req, crlfDelay: Infinity });
  let header: z.infer<typeof headerSchema> | undefined;
  const operations: CommitOperation[] = [];
  const lfsPaths: string[] = [];
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (!line.trim()) continue;
      if (line.length > maxLine) throw new HubError(413, `Line ${lineNumber} is too large: regular files above ${formatBytes(limits.maxBlobBytes)} must be uploaded with Git LFS`);
      let item: { key?: unknown; value?: unknown };
      try {
        item = JSON.parse(line) as typeof item;
      } catch {
        throw badRequest(`Line ${lineNumber} is not valid JSON`);
      }
      const at = `line ${lineNumber} (${String(item?.key)})`;
      const parse = <T extends z.ZodType>(schema: T): z.infer<T> => {
        const r = schema.safeParse(item.value);
        if (!r.success) throw badRequest(`Invalid ${at}: ${r.error.issues[0]!.path.join('.') || 'value'}: ${r.error.issues[0]!.message}`);
        return r.data;
      };
      const checkedPath = (p: string) => {
        if (!p || !isSafeRepoPath(p)) throw badRequest(`Invalid path "${p.slice(0, 200)}" on ${at}`);
        return p;
      };
      switch (item?.key) {
        case 'header':
          if (header || operations.length) throw badRequest('The header must come first, once');
          header = parse(headerSchema);
          break;
        case 'file': {
          const v = parse(fileSchema);
          const content = Buffer.from(v.content, v.encoding === 'base64' ? 'base64' : 'utf8');
          if (content.length > limits.maxBlobBytes) {
            throw badRequest(`${v.path} is ${formatBytes(content.length)}: files above ${formatBytes(limits.maxBlobBytes)} must be uploaded with Git LFS`);
          }
          const path = checkedPath(v.path);
          operations.push({ kind: 'file', path, oid: await ctx.services.git.writer.writeBlob(repo.gitDir, content) });
          break;
        }
        case 'lfsFile': {
          const v = parse(lfsFileSchema);
          const path = checkedPath(v.path);
          const stored = await ctx.services.lfs.available(repo.row.id, v.oid);
          if (stored === null) throw new HubError(422, `The LFS object ${v.oid} of ${path} was not uploaded to this repository`);
          if (v.size !== undefined && v.size !== stored) throw badRequest(`${path}: the LFS object has ${stored} bytes, not ${v.size}`);
          const pointer = Buffer.from(formatLfsPointer(v.oid, stored));
          operations.push({ kind: 'file', path, oid: await ctx.services.git.writer.writeBlob(repo.gitDir, pointer) });
          lfsPaths.push(path);
          break;
        }
        case 'deletedFile':
          operations.push({ kind: 'deletedFile', path: checkedPath(parse(pathSchema).path) });
          break;
        case 'deletedFolder':
          operations.push({ kind: 'deletedFolder', path: checkedPath(parse(pathSchema).path.replace(/\/+$/, '')) });
          break;
        default:
          throw badRequest(`Unknown operation "${String(item?.key).slice(0, 50)}" on line ${lineNumber}`);
      }
    }
  } finally {
    lines.close();
  }
  if (!header) throw badRequest('The commit has no header line');
  const summary = header.summary?.trim() ?? '';
  if (!summary) throw badRequest('The commit summary is required');
  if (!operations.length) throw badRequest('The commit has no operations');
  return { summary, description: header.description ?? '', parentCommit: header.parentCommit, operations, lfsPaths };
}

/**
 * Keeps `.gitattributes` right: every LFS file of the commit must be tracked by an LFS rule, or
 * git clients would check out its pointer. Missing rules are appended, as Hugging Face does.
 */
async function trackLfsPaths(ctx: HubContext, repo: LoadedRepo, head: string | null, input: ParsedCommit): Promise<void> {
  if (!input.lfsPaths.length) return;
  const { reader, writer } = ctx.services.git;
  const ops = input.operations;
  const own = [...ops].reverse().find((op) => op.path === '.gitattributes');
  let current = '';
  if (own?.kind === 'file') current = (await reader.readBlob(repo.gitDir, own.oid, 1024 * 1024))?.toString('utf8') ?? '';
  else if (!own && head) {
    const entry = await reader.entry(repo.gitDir, head, '.gitattributes');
    if (entry?.type === 'file') current = (await reader.readBlob(repo.gitDir, entry.oid, 1024 * 1024))?.toString('utf8') ?? '';
  }
  const attributes = new LfsAttributes(current);
  const missing = [...new Set(input.lfsPaths)].filter((p) => !attributes.isLfs(p));
  if (!missing.length) return;
  const escape = (p: string) => p.replace(/([\\#!*?[\]])/g, '\\$1').replace(/ /g, '[[:space:]]');
  const lines = missing.map((p) => `${escape(p)} filter=lfs diff=lfs merge=lfs -text`).join('\n');
  const updated = `${current}${current && !current.endsWith('\n') ? '\n' : ''}${lines}\n`;
  ops.push({ kind: 'file', path: '.gitattributes', oid: await writer.writeBlob(repo.gitDir, Buffer.from(updated)) });
}

async function commit(ctx: HubContext, type: RepoType): Promise<void> {
  const repo = await loadRepo(ctx, type, 'read');
  const target = await commitTarget(ctx, repo, 'commit');
  const { head } = target;
  const input = await parseCommitBody(ctx, repo);
  await trackLfsPaths(ctx, repo, head, input);
  if (input.parentCommit && !(head ?? '').startsWith(input.parentCommit)) {
    throw new HubError(409, 'A commit has happened since. Please refresh and try again.');
  }
  const user = ctx.state.actor.user!;
  const { git } = ctx.services;
  // A new pull request is opened first: its number names the ref the commit goes to.
  const pullRequest = target.createPr
    ? await ctx.services.discussions.create(repo.row, {
      title: input.summary, description: input.description, authorId: user.id, pullRequest: { targetBranch: target.branch, status: 'draft' },
    })
    : target.pullRequest;
  const ref = target.createPr ? prRef(pullRequest!.num) : target.ref;
  // Without parentCommit the caller accepts whatever head it lands on: a lost race is retried on
  // the new head. With parentCommit, the compare-and-swap failure is the answer (409).
  let parent = head;
  let sha: string | undefined;
  try {
    for (let attempt = 0; !sha; attempt++) {
      try {
        sha = await git.writer.commit(repo.gitDir, {
          branch: target.branch,
          ref,
          // A new pull request's ref does not exist yet: its first commit sits on the branch head.
          ...(target.createPr ? { expected: null } : {}),
          parent,
          operations: input.operations,
          author: { name: user.fullName || user.name, email: user.email },
          message: input.description ? `${input.summary}\n\n${input.description}` : input.summary,
        });
      } catch (err) {
        if (input.parentCommit || target.createPr || attempt >= 8 || !(err instanceof HubError && err.status === 409)) throw err;
        parent = await git.reader.refs.resolve(repo.gitDir, ref);
      }
    }
  } catch (err) {
    if (target.createPr && pullRequest) await ctx.services.discussions.discard(pullRequest);
    throw err;
  }
  if (pullRequest) {
    await ctx.services.discussions.recordCommit(pullRequest, user.id, { oid: sha, subject: input.summary });
  } else {
    await git.sync.afterUpdate(repo.row, repo.gitDir, [{ oldSha: parent ?? '0'.repeat(40), newSha: sha, ref }]);
  }
  await ctx.services.audit.record(ctx.state.actor, { action: 'repo.commit', repoKey: auditKey(repo.row), ip: ctx.ip, details: { branch: target.branch, sha, ...(pullRequest ? { ref } : {}) } });
  const repoUrl = repoWebUrl(ctx, repo.row.type, repoId(repo.row));
  ctx.body = {
    success: true,
    commitOid: sha,
    commitUrl: `${repoUrl}/commit/${sha}`,
    hookOutput: '',
    ...(target.createPr ? { pullRequestUrl: `${repoUrl}/discussions/${pullRequest!.num}` } : {}),
  };
}
