import type { Next } from 'koa';
import { HubError } from '../../errors.js';
import type { HubContext } from '../state.js';

/**
 * The one place errors become responses: `{"error": message}` with the status, and the headers
 * Hugging Face clients read (`X-Error-Code`, `X-Error-Message`). Unknown errors are logged and
 * answered 500 without details.
 */
export async function errorHandler(ctx: HubContext, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) throw new HubError(404, `Not found: ${ctx.method} ${ctx.path}`);
  } catch (err) {
    const { status, message, code, headers } = describe(err);
    const extra = err instanceof HubError ? err.extra : {};
    if (status >= 500) ctx.services.logger.error({ err, reqId: ctx.state.requestId }, 'request failed');
    ctx.status = status;
    ctx.set(headers);
    if (code) ctx.set('X-Error-Code', code);
    ctx.set('X-Error-Message', headerSafe(message));
    ctx.body = { error: message, ...extra };
  }
}

function describe(err: unknown): { status: number; message: string; code?: string; headers: Record<string, string> } {
  if (err instanceof HubError) return { status: err.status, message: err.message, code: err.code, headers: err.headers };
  const e = err as { status?: number; statusCode?: number; expose?: boolean; message?: string; headers?: Record<string, string> };
  const status = e.status ?? e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: e.expose !== false && e.message ? e.message : 'Bad request', headers: e.headers ?? {} };
  }
  return { status: 500, message: 'Internal server error', headers: {} };
}

/** Header values must be latin-1 without control characters. */
function headerSafe(message: string): string {
  return message.replace(/[^\x20-\x7e]/g, '?').slice(0, 512);
}
