import { randomUUID } from 'node:crypto';
import type { Next } from 'koa';
import type { HubContext } from '../state.js';
import { clearTurnCaches } from '../../util/turn-cache.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const INCOMING_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Gives every request an id (kept from a proxy's X-Request-Id when it is sane) and logs it once done. */
export async function requestContext(ctx: HubContext, next: Next): Promise<void> {
  const incoming = ctx.get('x-request-id');
  const requestId = INCOMING_ID.test(incoming) ? incoming : randomUUID();
  ctx.state.requestId = requestId;
  ctx.set('X-Request-Id', requestId);
  const started = process.hrtime.bigint();
  try {
    await next();
  } finally {
    // A write has completed: whoever reads next must see it (see TurnCache).
    if (!SAFE_METHODS.has(ctx.method)) clearTurnCaches();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    ctx.services.logger.info(
      { reqId: requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10, user: ctx.state.actor?.user?.name },
      'request',
    );
  }
}
