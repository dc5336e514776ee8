import type { z } from 'zod';
import { badRequest } from '../errors.js';

/** Validates untrusted input; the first problem becomes a 400 naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw badRequest(`Invalid request: ${where}${issue.message}`);
}

/** Query booleans arrive as true/false, True/False (Python 0.x) or 1/0. */
export function queryFlag(value: unknown): boolean {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && /^(1|true|yes)$/i.test(v);
}

/** Repeated query keys, with or without `[]`. */
export function queryList(query: Record<string, unknown>, key: string): string[] {
  const values = [query[key], query[`${key}[]`]].flat().filter((v): v is string => typeof v === 'string' && v !== '');
  return values;
}

export function queryString(query: Record<string, unknown>, key: string): string | undefined {
  const v = query[key];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s !== '' ? s : undefined;
}
