import { ForbiddenError, NetworkError, NotFoundError, UnauthorizedError } from '@csghub/client';
import { common } from '../i18n/common.js';
import { translate, type Locale } from '../i18n/i18n.js';

/** A user-facing sentence for an error, in the element's language. */
export function errorMessage(error: unknown, locale: Locale): string {
  if (error instanceof NotFoundError) return translate(common, locale, 'notFound');
  if (error instanceof UnauthorizedError) return translate(common, locale, 'unauthorized');
  if (error instanceof ForbiddenError) return translate(common, locale, 'forbidden');
  if (error instanceof NetworkError) return translate(common, locale, 'network');
  return translate(common, locale, 'error', { message: error instanceof Error ? error.message : String(error) });
}

export const isAbort = (error: unknown): boolean => (error as { name?: string } | null)?.name === 'AbortError';
