import type { Next } from 'koa';
import type { HubContext } from '../state.js';

// The headers @huggingface/hub reads in a browser; the same list the real Hub exposes.
const EXPOSED = [
  'X-Repo-Commit', 'X-Request-Id', 'X-Error-Code', 'X-Error-Message', 'X-Total-Count', 'ETag', 'Link',
  'Accept-Ranges', 'Content-Range', 'X-Linked-Size', 'X-Linked-ETag',
].join(',');

/**
 * Any origin may call the API with a token (no cookies are honoured cross-origin: credentials are
 * never allowed), so browser pages can use @huggingface/hub against the hub.
 */
export async function cors(ctx: HubContext, next: Next): Promise<void> {
  const origin = ctx.get('origin');
  if (!origin) return next();
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Access-Control-Expose-Headers', EXPOSED);
  if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
    ctx.set('Access-Control-Allow-Methods', 'GET,HEAD,POST,PUT,PATCH,DELETE');
    ctx.set('Access-Control-Allow-Headers', ctx.get('access-control-request-headers') || 'Authorization,Content-Type');
    ctx.set('Access-Control-Max-Age', '86400');
    ctx.status = 204;
    return;
  }
  await next();
}
