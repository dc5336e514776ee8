import path from 'node:path';
import type { Next } from 'koa';
import type { RepoType } from '../../db/models.js';
import { HubError } from '../../errors.js';
import type { TreeEntry } from '../../git/reader.js';
import { isSafeRepoPath } from '../../git/reader.js';
import { parseRepoPath, splitRevisionAndPath } from '../repo-path.js';
import type { LoadedRepo } from '../repo-context.js';
import { revisionNotFound } from '../repo-context.js';
import type { HubContext, HubRouter } from '../state.js';
import { publicBase, TYPE_PREFIX } from '../urls.js';
import { nameKey, RESERVED_NAMES } from '../../util/names.js';

const TEXT_TYPES: Record<string, string> = {
  '.md': 'text/markdown', '.txt': 'text/plain', '.json': 'application/json', '.jsonl': 'application/jsonl', '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values', '.py': 'text/x-python', '.yaml': 'text/yaml', '.yml': 'text/yaml', '.html': 'text/plain',
  '.js': 'text/javascript', '.ts': 'text/plain', '.svg': 'text/plain', '.xml': 'text/plain', '.gitattributes': 'text/plain',
};
const BINARY_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

// Served file content never runs as a page on the hub's origin: HTML and SVG go out as plain text.
function contentType(filePath: string): string {
  const ext = path.extname(filePath).toLowerCase() || path.basename(filePath).toLowerCase();
  if (TEXT_TYPES[ext]) return `${TEXT_TYPES[ext]}; charset=utf-8`;
  return BINARY_TYPES[ext] ?? 'application/octet-stream';
}

/** `/resolve` (file content; LFS files by their object) and `/raw` (the git blob) at Hugging Face's URLs. */
export function registerFileRoutes(router: HubRouter): void {
  for (const [type, prefix] of Object.entries(TYPE_PREFIX) as Array<[RepoType, string]>) {
    for (const kind of ['resolve', 'raw'] as const) {
      const route = `/${prefix}:namespace/:name/${kind}/*rest`;
      router.get(route, (ctx, next) => serveFile(ctx, next, type, kind));
      router.head(route, (ctx, next) => serveFile(ctx, next, type, kind));
    }
  }
}

async function serveFile(ctx: HubContext, next: Next, type: RepoType, kind: 'resolve' | 'raw'): Promise<void> {
  const parsed = parseRepoPath(ctx.path);
  // Not a file URL of this type: the route pattern also matches API URLs such as
  // /api/users/resolve/likes (no namespace can be called "api"), which the other routes answer.
  if (!parsed || parsed.type !== type || parsed.rest[0] !== kind || RESERVED_NAMES.has(nameKey(parsed.namespace))) return next();
  const target = splitRevisionAndPath(parsed.rest.slice(1));
  if (!target || !target.path) throw new HubError(400, 'Expected /{revision}/{path} after /' + kind);
  const ref = { type, namespace: parsed.namespace, name: parsed.name };
  const row = ctx.services.repos.requireFound(await ctx.services.repos.find(ref), ref);
  await ctx.services.access.authorize(ctx.state.actor, 'read', row);
  const repo: LoadedRepo = { row, gitDir: ctx.services.repos.gitDir(row) };
  const { reader } = ctx.services.git;
  const commit = await reader.resolveRevision(repo.gitDir, target.revision, row.defaultBranch);
  if (!commit) throw revisionNotFound(target.revision);
  const entry = isSafeRepoPath(target.path) ? await reader.entry(repo.gitDir, commit, target.path) : null;
  if (!entry || entry.type !== 'file') {
    throw new HubError(404, `Entry not found: ${target.path}`, { code: 'EntryNotFound', headers: { 'X-Repo-Commit': commit } });
  }
  ctx.set('X-Repo-Commit', commit);
  if (kind === 'resolve') ctx.services.downloads.record(row, target.path, ctx.ip);
  if (kind === 'resolve' && entry.lfs) {
    const size = await ctx.services.lfs.available(row.id, entry.lfs.oid);
    if (size === null) {
      throw new HubError(404, `The Git LFS object of ${target.path} was never uploaded`, { code: 'EntryNotFound', headers: { 'X-Repo-Commit': commit } });
    }
    // Hugging Face's contract: the metadata is on the redirect itself, which points at storage.
    ctx.status = 302;
    ctx.set('Location', await ctx.services.lfs.downloadHref(row, ctx.state.actor, entry.lfs.oid, size, publicBase(ctx), commit));
    ctx.set('X-Linked-Size', String(size));
    ctx.set('X-Linked-ETag', `"${entry.lfs.oid}"`);
    ctx.set('ETag', `"${entry.lfs.oid}"`);
    ctx.set('Accept-Ranges', 'bytes');
    ctx.set('Cache-Control', 'private, max-age=0, must-revalidate');
    ctx.body = Buffer.alloc(0);
    return;
  }
  await sendBlob(ctx, repo, entry);
}

/** Sends a git blob: ETag = blob sha1, real Content-Length, byte ranges, never compressed. */
async function sendBlob(ctx: HubContext, repo: LoadedRepo, entry: TreeEntry): Promise<void> {
  // For /raw of an LFS file, the blob is the pointer itself.
  const size = entry.lfs ? entry.lfs.pointerSize : entry.size;
  const etag = `"${entry.oid}"`;
  ctx.set('ETag', etag);
  ctx.set('Accept-Ranges', 'bytes');
  ctx.set('Content-Type', contentType(entry.path));
  ctx.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(path.basename(entry.path))}`);
  ctx.set('Cache-Control', 'private, max-age=0, must-revalidate');
  ctx.set('X-Content-Type-Options', 'nosniff');
  if (ctx.get('if-none-match').split(/\s*,\s*/).includes(etag)) {
    ctx.status = 304;
    return;
  }
  let start = 0;
  let end = size - 1;
  const range = ctx.get('range');
  if (range) {
    const parsed = parseRange(range, size);
    if (parsed === 'unsatisfiable') {
      ctx.set('Content-Range', `bytes */${size}`);
      throw new HubError(416, 'Range not satisfiable', { headers: { 'Content-Range': `bytes */${size}` } });
    }
    if (parsed) {
      [start, end] = parsed;
      ctx.status = 206;
      ctx.set('Content-Range', `bytes ${start}-${end}/${size}`);
    }
  }
  if (ctx.status !== 206) ctx.status = 200;
  ctx.set('Content-Length', String(size === 0 ? 0 : end - start + 1));
  // HEAD sends the same headers and no body (setting a null body would turn it into a 204).
  if (ctx.method === 'HEAD') return;
  if (size === 0) {
    ctx.body = Buffer.alloc(0);
    return;
  }
  const { reader } = ctx.services.git;
  const small = await reader.smallBlob(repo.gitDir, entry.oid, size);
  ctx.body = small ? small.subarray(start, end + 1) : await reader.streamBlob(repo.gitDir, entry.oid, size, start, end);
}

/** One `bytes=` range (a-b, a-, -n); several ranges are answered with the whole file, as RFC 9110 allows. */
export function parseRange(header: string, size: number): [number, number] | null | 'unsatisfiable' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return null;
  let start: number;
  let end: number;
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(size - suffix, 0);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
    if (match[2] && Number(match[2]) < start) return null;
  }
  if (start >= size || size === 0) return 'unsatisfiable';
  return [start, end];
}
