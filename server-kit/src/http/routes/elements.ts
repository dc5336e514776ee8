import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { notFound } from '../../errors.js';
import type { HubContext, HubRouter } from '../state.js';

const CHUNK = /^[A-Za-z0-9_-]+\.js$/;

/**
 * The elements bundle for pages on any origin: `<script type="module" src="{hub}/elements.js">`.
 * Chunks (markdown, highlighting) have content hashes in their names and are cached for good.
 */
export function registerElementRoutes(router: HubRouter): void {
  router.get('/elements.js', (ctx) => serve(ctx, 'elements.js', 'no-cache'));
  router.get('/static/elements/:file', (ctx) => {
    const file = ctx.params.file ?? '';
    if (!CHUNK.test(file)) throw notFound(`No such elements chunk: ${file.slice(0, 100)}`);
    return serve(ctx, path.join('static', 'elements', file), 'public, max-age=31536000, immutable');
  });
}

async function serve(ctx: HubContext, relative: string, cacheControl: string): Promise<void> {
  const file = path.join(ctx.services.config.elementsDir, relative);
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) {
    throw notFound(relative === 'elements.js' ? 'The elements bundle is not built (pnpm --filter @csghub/elements bundle)' : `No such elements chunk: ${path.basename(relative)}`);
  }
  // Scripts for every origin: module scripts are CORS requests, and no credentials are involved.
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Cache-Control', cacheControl);
  ctx.type = 'text/javascript; charset=utf-8';
  ctx.etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  ctx.lastModified = stat.mtime;
  ctx.status = 200; // ctx.fresh only compares validators on a 2xx
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.length = stat.size;
  ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
}
