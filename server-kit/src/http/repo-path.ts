import type { RepoType } from '../db/models.js';

const PREFIX_TYPES: Record<string, RepoType> = { datasets: 'dataset', spaces: 'space', codes: 'code' };

export interface RepoPath {
  type: RepoType;
  namespace: string;
  name: string;
  /** Whether the name carried a `.git` suffix. */
  dotGit: boolean;
  /** Raw (still percent-encoded) segments after the repository name. */
  rest: string[];
}

/**
 * Splits a web/git path `/[datasets|spaces|codes/]ns/name[.git]/rest...` (Hugging Face's URL
 * scheme: models have no prefix). Segments are decoded one by one, so an encoded '/' (%2F)
 * inside the name is rejected rather than re-split.
 */
export function parseRepoPath(rawPath: string): RepoPath | null {
  const segments = rawPath.split('/').slice(1);
  let type: RepoType = 'model';
  const prefixType = PREFIX_TYPES[segments[0] ?? ''];
  if (prefixType) {
    type = prefixType;
    segments.shift();
  }
  if (segments.length < 2) return null;
  const namespace = decode(segments[0]!);
  let name = decode(segments[1]!);
  if (namespace === null || name === null || namespace.includes('/') || name.includes('/')) return null;
  const dotGit = name.endsWith('.git');
  if (dotGit) name = name.slice(0, -4);
  if (!namespace || !name) return null;
  return { type, namespace, name, dotGit, rest: segments.slice(2) };
}

export function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Splits `{revision}/{path...}`: the revision is one segment (where %2F stands for '/'), or
 * a raw `refs/pr/N` or `refs/convert/X`, which clients also send unencoded.
 */
export function splitRevisionAndPath(raw: string[]): { revision: string; path: string } | null {
  const parts = raw.map(decode);
  if (parts.some((p) => p === null) || !parts.length) return null;
  const decoded = parts as string[];
  if (decoded[0] === 'refs' && (decoded[1] === 'pr' || decoded[1] === 'convert') && decoded.length >= 3) {
    return { revision: decoded.slice(0, 3).join('/'), path: decoded.slice(3).join('/') };
  }
  return { revision: decoded[0]!, path: decoded.slice(1).join('/') };
}
