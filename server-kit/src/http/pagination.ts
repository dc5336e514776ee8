import { badRequest } from '../errors.js';
import type { HubContext } from './state.js';
import { publicBase } from './urls.js';
import { queryString } from './validate.js';

/** Offset cursors, opaque to clients; the next page's absolute URL goes in `Link` (Hugging Face's contract). */
export const encodeCursor = (offset: number): string => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');

export function parseCursor(value: string | undefined): number {
  if (value === undefined) return 0;
  try {
    const { o } = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { o: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw badRequest('Invalid cursor');
}

export function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw badRequest('limit must be a positive integer');
  return Math.min(n, max);
}

export function pageParams(ctx: HubContext, fallback: number, max: number): { offset: number; limit: number } {
  return { offset: parseCursor(queryString(ctx.query, 'cursor')), limit: parseLimit(queryString(ctx.query, 'limit'), fallback, max) };
}

/** Sets `Link: <absolute next URL>; rel="next"` for the page after `offset + limit`. */
export function setNextLink(ctx: HubContext, nextOffset: number): void {
  const url = new URL(ctx.originalUrl, 'http://placeholder');
  url.searchParams.delete('p');
  url.searchParams.set('cursor', encodeCursor(nextOffset));
  ctx.set('Link', `<${publicBase(ctx)}${url.pathname}${url.search}>; rel="next"`);
}
