import { badRequest } from '../errors.js';

/**
 * Words that cannot be user, organisation or repository names, because they are
 * top-level paths of the hub's URL space (web pages, API, git routes) or would mislead users.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'about', 'admin', 'administrator', 'api', 'assets', 'auth', 'blog', 'codes', 'collections', 'datasets',
  'docs', 'elements.js', 'explore', 'favicon.ico', 'git', 'health', 'help', 'join', 'lfs', 'login', 'logout',
  'me', 'models', 'new', 'oauth', 'organizations', 'orgs', 'playground', 'pricing', 'privacy', 'root',
  'search', 'settings', 'signin', 'signout', 'signup', 'spaces', 'static', 'storybook', 'support', 'system',
  'terms', 'user', 'users', 'viewer', 'www', 'hub', 'csghub', 'none', 'null', 'undefined', '.well-known',
]);

// Hugging Face's rule: letters, digits, '-', '_', '.'; no leading or trailing '-' or '.',
// no '--' or '..'; at most 96 characters. ASCII only, so look-alike Unicode names cannot exist.
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$/;

/** Throws a 400 explaining why `value` is not a valid name of `what`. */
export function assertValidName(value: unknown, what: 'user' | 'organization' | 'repository' | 'namespace'): string {
  if (typeof value !== 'string' || value.length === 0) throw badRequest(`The ${what} name is required`);
  if (value.length > 96) throw badRequest(`The ${what} name is longer than 96 characters`);
  if (!NAME.test(value) || value.includes('--') || value.includes('..')) {
    throw badRequest(
      `Invalid ${what} name "${value.slice(0, 100)}": use letters, digits, '-', '_' and '.', ` +
        `start and end with a letter or digit, and no '--' or '..'`,
    );
  }
  if (what === 'repository' && value.toLowerCase().endsWith('.git')) {
    throw badRequest(`Invalid repository name "${value}": it cannot end with ".git"`);
  }
  if (RESERVED_NAMES.has(value.toLowerCase())) {
    throw badRequest(`"${value}" is a reserved name`);
  }
  return value;
}

export const nameKey = (name: string): string => name.toLowerCase();

/** Whether a name could exist at all: lookups skip the database for anything else. */
export const isPlausibleName = (value: string): boolean => value.length <= 96 && NAME.test(value);
