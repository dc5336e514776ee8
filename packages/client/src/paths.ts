import type { RepoRef, RepoType } from './types.js';

const PLURAL: Record<RepoType, string> = { model: 'models', dataset: 'datasets', space: 'spaces', code: 'codes' };
const PREFIX: Record<RepoType, string> = { model: '', dataset: 'datasets/', space: 'spaces/', code: 'codes/' };

export interface RepoId {
  type: RepoType;
  namespace: string;
  name: string;
  /** `namespace/name` */
  id: string;
}

/** Normalises `ns/name`, `datasets/ns/name` or `{type, name}` into a repository id. */
export function repoId(repo: RepoRef, fallbackType: RepoType = 'model'): RepoId {
  let type: RepoType = fallbackType;
  let full: string;
  if (typeof repo === 'string') {
    full = repo;
    const prefixed = /^(models|datasets|spaces|codes)\/(.+)$/.exec(repo);
    if (prefixed && prefixed[2]!.includes('/')) {
      type = (Object.entries(PLURAL).find(([, p]) => p === prefixed[1])![0]) as RepoType;
      full = prefixed[2]!;
    }
  } else {
    type = repo.type ?? fallbackType;
    full = repo.name;
  }
  const parts = full.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new TypeError(`Invalid repository id "${full}": expected "namespace/name"`);
  return { type, namespace: parts[0], name: parts[1], id: full };
}

const seg = (s: string): string => encodeURIComponent(s);

/**
 * URL parsers resolve `.` and `..` segments (also as `%2e`), so a path taken from page state
 * could steer a request carrying the token to another of the hub's routes: they are refused.
 */
const isDotSegment = (s: string): boolean => s === '.' || s === '..';

/** A file path with each segment encoded and `/` kept. */
export const encodePath = (path: string): string => {
  const segments = path.split('/').filter((p) => p !== '');
  if (segments.some(isDotSegment)) throw new TypeError(`Invalid path "${path}": "." and ".." segments are not allowed`);
  return segments.map(seg).join('/');
};

/** A revision as one path segment (`refs/pr/1` → `refs%2Fpr%2F1`), as Hugging Face's Python client sends it. */
export const encodeRevision = (revision: string): string => {
  if (isDotSegment(revision)) throw new TypeError(`Invalid revision "${revision}"`);
  return seg(revision);
};

/** `/api/{plural}/{ns}/{name}` */
export const apiBase = (r: RepoId): string => `/api/${PLURAL[r.type]}/${seg(r.namespace)}/${seg(r.name)}`;

/** `/{prefix}{ns}/{name}` (the web and git URL of a repository). */
export const webBase = (r: RepoId): string => `/${PREFIX[r.type]}${seg(r.namespace)}/${seg(r.name)}`;

export const pluralOf = (type: RepoType): string => PLURAL[type];
