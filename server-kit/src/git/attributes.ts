import ignore, { type Ignore } from 'ignore';
import { minimatch } from 'minimatch';

/**
 * The `.gitattributes` patterns whose files go to Git LFS (`filter=lfs`), matched as git does:
 * a pattern without '/' matches the file name at any depth; one with '/' matches from the root.
 */
export class LfsAttributes {
  private readonly rules: Array<{ pattern: string; lfs: boolean }> = [];

  constructor(...sources: string[]) {
    for (const text of sources) {
      for (const line of text.split(/\r?\n/)) {
        const trimmed = line.trim();
        if (!trimmed || trimmed.startsWith('#')) continue;
        const [pattern, ...attrs] = trimmed.split(/\s+/);
        const filter = attrs.find((a) => a.startsWith('filter=') || a === '-filter' || a === '!filter');
        if (pattern && filter) this.rules.push({ pattern, lfs: filter === 'filter=lfs' });
      }
    }
  }

  /** The last matching rule wins, as in git. */
  isLfs(path: string): boolean {
    let lfs = false;
    for (const rule of this.rules) if (matchesAttributePattern(rule.pattern, path)) lfs = rule.lfs;
    return lfs;
  }
}

function matchesAttributePattern(pattern: string, path: string): boolean {
  const anchored = pattern.includes('/');
  const p = pattern.replace(/^\//, '');
  if (!anchored) return minimatch(path.split('/').pop()!, p, { dot: true });
  return minimatch(path, p, { dot: true }) || (p.endsWith('/**') && path.startsWith(p.slice(0, -2)));
}

/** `.gitignore` rules of the repository plus those a client sends along. */
export function gitIgnoreMatcher(...sources: string[]): Ignore {
  return ignore({ allowRelativePaths: true }).add(sources.filter(Boolean).join('\n'));
}
