import type { Next } from 'koa';
import { timingSafeEqual } from 'node:crypto';
import { authenticate } from '../../auth/authenticate.js';
import { HubError } from '../../errors.js';
import type { HubContext } from '../state.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sets `ctx.state.actor`. Writes that ride on a session cookie must carry the session's CSRF
 * token in `X-CSRF-Token`; token-authenticated calls cannot be forged by a browser, so need none.
 */
export async function authenticateRequest(ctx: HubContext, next: Next): Promise<void> {
  const auth = await authenticate(ctx, ctx.services);
  ctx.state.actor = auth.actor;
  if (auth.sessionId) ctx.state.sessionId = auth.sessionId;
  if (auth.csrfToken) {
    ctx.state.csrfToken = auth.csrfToken;
    if (!SAFE_METHODS.has(ctx.method) && !sameSecret(ctx.get('x-csrf-token'), auth.csrfToken)) {
      throw new HubError(403, 'Missing or invalid X-CSRF-Token header for a cookie-authenticated request');
    }
  }
  await next();
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
