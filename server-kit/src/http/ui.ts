import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Next } from 'koa';
import type { HubContext } from './state.js';

/**
 * The standalone hub UI (the built playground/) at `/`. It runs after every router and transport,
 * so git smart-HTTP, LFS, /resolve, /raw, /api, /viewer and /elements.js always win; it only
 * answers requests nothing else answered:
 *  - `/static/ui/*`: the UI's hashed assets;
 *  - `/playground/{intranet,react,vue}`: the embedding demos;
 *  - any other GET a browser navigates to (Accept: text/html) outside the API prefixes: index.html,
 *    whose router then reads the URL (`/{ns}/{name}`, `/datasets/{ns}/{name}/tree/main/...`).
 */
const ASSET = /^\/static\/ui\/[A-Za-z0-9_.-]+$/;
const DEMOS: Record<string, string> = { '/playground/intranet': 'intranet', '/playground/react': 'react', '/playground/vue': 'vue' };
// Never an HTML page, whatever the Accept header says: machine paths answer their own 404s.
const MACHINE = /^\/(?:api|viewer|lfs|static|elements\.js)(?:\/|$)|\.git(?:\/|$)|\/(?:resolve|raw|info\/lfs)\//;

/** Scripts and styles from the hub only; data from the hub (and blob:/data: images the elements make). */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Lit applies some styles through style attributes (styleMap); no inline scripts are allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json', '.map': 'application/json',
};

export function ui(uiDir: string) {
  return async function serveUi(ctx: HubContext, next: Next): Promise<void> {
    await next();
    if (ctx.status !== 404 || ctx.body !== undefined || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return;
    if (ASSET.test(ctx.path)) {
      await sendFile(ctx, path.join(uiDir, ctx.path), 'public, max-age=31536000, immutable');
      return;
    }
    const demo = DEMOS[ctx.path.replace(/\/+$/, '')];
    if (demo) {
      await sendPage(ctx, path.join(uiDir, demo, 'index.html'));
      return;
    }
    if (MACHINE.test(ctx.path) || !ctx.accepts('html') || !/text\/html/.test(ctx.get('accept'))) return;
    await sendPage(ctx, path.join(uiDir, 'index.html'));
  };
}

async function sendPage(ctx: HubContext, file: string): Promise<void> {
  if (await sendFile(ctx, file, 'no-cache')) ctx.set('Content-Security-Policy', UI_CSP);
}

/** Sends a file if it exists (false: leaves the 404 to the error handler). */
async function sendFile(ctx: HubContext, file: string, cacheControl: string): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return false;
  ctx.set('Cache-Control', cacheControl);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'same-origin');
  ctx.type = TYPES[path.extname(file)] ?? 'text/html; charset=utf-8';
  ctx.etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  ctx.lastModified = stat.mtime;
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return true;
  }
  ctx.length = stat.size;
  ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
  return true;
}
