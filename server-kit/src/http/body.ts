import type { z } from 'zod';
import { HubError } from '../errors.js';
import type { HubContext } from './state.js';
import { parseInput } from './validate.js';

/** Reads the whole request body, refusing (413) as soon as it exceeds `limit` bytes. */
export async function readBody(ctx: HubContext, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw new HubError(413, `Request body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      ctx.req.unpipe();
      ctx.req.resume();
      throw new HubError(413, `Request body larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON object body (or, where `form` is allowed, an urlencoded form) and validates it. */
export async function readInput<T extends z.ZodType>(ctx: HubContext, schema: T, options: { form?: boolean; optional?: boolean } = {}): Promise<z.infer<T>> {
  const raw = await readBody(ctx, ctx.services.config.limits.jsonBody);
  const type = (ctx.get('content-type').split(';')[0] ?? '').trim().toLowerCase();
  let value: unknown;
  if (options.form && type === 'application/x-www-form-urlencoded') {
    value = formToObject(new URLSearchParams(raw.toString('utf8')));
  } else if (type === '' || type === 'application/json' || type === 'text/plain' || type.endsWith('+json')) {
    const text = raw.toString('utf8').trim();
    if (!text) {
      if (!options.optional) throw new HubError(400, 'A JSON body is required');
      value = {};
    } else {
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new HubError(400, `Malformed JSON body: ${(err as Error).message}`);
      }
    }
  } else {
    throw new HubError(415, `Unsupported content type "${type}": send application/json${options.form ? ' or a form' : ''}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HubError(400, 'The body must be a JSON object');
  return parseInput(schema, value);
}

/** Repeated keys become arrays, as Python's requests and httpx send lists. */
function formToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
