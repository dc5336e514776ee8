import { z } from 'zod';
import { HubError } from '../../errors.js';
import { OID } from '../../stores/blob-store.js';
import { readBody } from '../body.js';
import { sendFileRange } from '../send-file-range.js';
import type { HubContext, HubRouter } from '../state.js';
import { queryString } from '../validate.js';
import { parseRange } from './files.js';

const completeSchema = z.object({
  oid: z.string(),
  parts: z.array(z.object({ partNumber: z.number().int().min(1), etag: z.string().max(1024) })).min(1).max(10_000),
});

/**
 * The URLs the LFS batch hands out when bytes go through the hub (the file store): each one is
 * self-authorising (an HMAC-signed `t`), because Hugging Face clients send no credentials there.
 */
export function registerLfsObjectRoutes(router: HubRouter): void {
  router.put('/lfs/objects/:oid', upload);
  router.get('/lfs/objects/:oid', download);
  router.head('/lfs/objects/:oid', download);
  router.post('/lfs/verify', verify);
  router.put('/lfs/uploads/:id/:part', uploadPart);
  router.post('/lfs/uploads/:id', completeUpload);
}

function claims(ctx: HubContext, op: 'upload' | 'download' | 'verify' | 'part' | 'complete') {
  const found = ctx.services.lfs.signer.verify(queryString(ctx.query, 't'), op);
  if (!found || (ctx.params.oid !== undefined && found.oid !== ctx.params.oid) || (ctx.params.id !== undefined && found.uploadId !== ctx.params.id)) {
    throw new HubError(401, 'This link is invalid or has expired; ask the batch API for a new one');
  }
  return found;
}

async function upload(ctx: HubContext): Promise<void> {
  if (!OID.test(ctx.params.oid!)) throw new HubError(422, 'Invalid object id');
  const c = claims(ctx, 'upload');
  const declared = ctx.get('content-length');
  if (declared && Number(declared) !== c.size) throw new HubError(422, `Content-Length ${declared} does not match the object size ${c.size}`);
  await ctx.services.lfs.receiveUpload(c, ctx.req);
  ctx.status = 200;
  ctx.body = {};
}

async function download(ctx: HubContext): Promise<void> {
  if (!OID.test(ctx.params.oid!)) throw new HubError(422, 'Invalid object id');
  const c = claims(ctx, 'download');
  const { store } = ctx.services.lfs;
  const stat = await store.stat(c.oid);
  if (!stat) throw new HubError(404, 'Object not found');
  ctx.set('ETag', `"${c.oid}"`);
  if (c.commit) {
    // Reached from /resolve by a client that follows same-host redirects: the metadata it reads there.
    ctx.set('X-Repo-Commit', c.commit);
    ctx.set('X-Linked-ETag', `"${c.oid}"`);
    ctx.set('X-Linked-Size', String(stat.size));
  }
  ctx.set('Accept-Ranges', 'bytes');
  ctx.set('Content-Type', 'application/octet-stream');
  ctx.set('Cache-Control', 'private, max-age=31536000, immutable');
  let [start, end] = [0, stat.size - 1];
  const range = ctx.get('range');
  if (range) {
    const parsed = parseRange(range, stat.size);
    if (parsed === 'unsatisfiable') throw new HubError(416, 'Range not satisfiable', { headers: { 'Content-Range': `bytes */${stat.size}` } });
    if (parsed) {
      [start, end] = parsed;
      ctx.status = 206;
      ctx.set('Content-Range', `bytes ${start}-${end}/${stat.size}`);
    }
  }
  if (ctx.status !== 206) ctx.status = 200;
  ctx.set('Content-Length', String(stat.size === 0 ? 0 : end - start + 1));
  if (ctx.method === 'HEAD') return;
  if (stat.size === 0) ctx.body = Buffer.alloc(0);
  else if (store.localFile) {
    await sendFileRange(ctx, store.localFile(c.oid), start, end).catch((err: NodeJS.ErrnoException) => {
      // Removed (garbage-collected) between the stat and the open.
      throw err.code === 'ENOENT' ? new HubError(404, 'Object not found') : err;
    });
  }
  else ctx.body = await store.read(c.oid, start, end);
}

async function verify(ctx: HubContext): Promise<void> {
  const c = claims(ctx, 'verify');
  let body: { oid?: unknown; size?: unknown };
  try {
    body = JSON.parse((await readBody(ctx, 64 * 1024)).toString('utf8')) as typeof body;
  } catch {
    throw new HubError(422, 'Malformed JSON body');
  }
  await ctx.services.lfs.verify(c, body ?? {});
  ctx.type = 'application/vnd.git-lfs+json';
  ctx.body = {};
}

async function uploadPart(ctx: HubContext): Promise<void> {
  const c = claims(ctx, 'part');
  if (String(c.part) !== ctx.params.part) throw new HubError(401, 'This link is for another part');
  const etag = await ctx.services.lfs.receivePart(c, ctx.req);
  ctx.set('ETag', etag);
  ctx.body = {};
}

async function completeUpload(ctx: HubContext): Promise<void> {
  const c = claims(ctx, 'complete');
  let body: unknown;
  try {
    body = JSON.parse((await readBody(ctx, 4 * 1024 * 1024)).toString('utf8'));
  } catch {
    throw new HubError(422, 'Malformed JSON body');
  }
  const parsed = completeSchema.safeParse(body);
  if (!parsed.success || parsed.data.oid !== c.oid) throw new HubError(422, 'Expected {"oid", "parts": [{"partNumber", "etag"}]} for this upload');
  await ctx.services.lfs.completeMultipart(c, parsed.data.parts);
  ctx.body = {};
}
