import fs from 'node:fs/promises';
import fsSync from 'node:fs';
import path from 'node:path';
import { TurnCache } from '../util/turn-cache.js';

export const FULL_SHA = /^[0-9a-f]{40}$/;
export const SHORT_SHA = /^[0-9a-f]{4,39}$/;
export const ZERO_SHA = '0'.repeat(40);

/**
 * git's ref-name rules (git-check-ref-format), stricter where that is free: printable ASCII only,
 * no leading '-' (never an option), no '..', '@{', '//', '\\', control characters or
 * `~^:?*[ `, no component starting with '.' or ending with '.lock', no trailing '/' or '.'.
 */
export function isValidRefName(name: string): boolean {
  if (!name || name.length > 255 || name === '@' || name.startsWith('-') || name.startsWith('/')) return false;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name) || name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  if (name.endsWith('/') || name.endsWith('.')) return false;
  return name.split('/').every((part) => part.length > 0 && !part.startsWith('.') && !part.endsWith('.lock'));
}

interface LooseRef {
  ino: bigint;
  mtimeNs: bigint;
  size: bigint;
  value: string;
}

// Loose ref contents, revalidated by one stat: git replaces a ref by renaming a new file over it,
// so a changed ref always has a new inode (and mtime), and a stat costs a quarter of a read.
const looseRefs = new Map<string, LooseRef>();
const MAX_LOOSE_REFS = 10_000;

// The stat itself is shared by the requests of one event-loop turn (see TurnCache).
const looseThisTurn = new TurnCache<string | null>();

function readSmallFile(file: string): string | null {
  const seen = looseThisTurn.get(file);
  if (seen !== undefined) return seen;
  const value = readLooseRef(file);
  looseThisTurn.set(file, value);
  return value;
}

function readLooseRef(file: string): string | null {
  let stat: fsSync.BigIntStats | undefined;
  try {
    stat = fsSync.statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch {
    // ENOTDIR (refs/heads/main/x while refs/heads/main is a file), EACCES...: no such ref.
    stat = undefined;
  }
  if (!stat?.isFile()) {
    looseRefs.delete(file);
    return null;
  }
  const cached = looseRefs.get(file);
  if (cached && cached.ino === stat.ino && cached.mtimeNs === stat.mtimeNs && cached.size === stat.size) return cached.value;
  let value: string;
  try {
    value = fsSync.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  if (looseRefs.size >= MAX_LOOSE_REFS) looseRefs.delete(looseRefs.keys().next().value!);
  looseRefs.set(file, { ino: stat.ino, mtimeNs: stat.mtimeNs, size: stat.size, value });
  return value;
}

function statOrNull(file: string): fsSync.Stats | null {
  return fsSync.statSync(file, { throwIfNoEntry: false }) ?? null;
}

export interface RefEntry {
  name: string;
  target: string;
}

interface PackedCache {
  mtimeMs: number;
  size: number;
  refs: Map<string, string>;
  peeled: Map<string, string>;
}

/**
 * Reads refs straight from the repository's files (loose refs, then packed-refs) without
 * spawning git: resolving a branch is on the path of every download. packed-refs is cached
 * by mtime and size, so updates by git are seen at once.
 */
export class RefReader {
  private readonly packed = new Map<string, PackedCache>();

  /** The sha a full ref name points at (following symbolic refs), or null. */
  async resolve(gitDir: string, fullName: string, depth = 0): Promise<string | null> {
    if (depth > 5 || (fullName !== 'HEAD' && !(fullName.startsWith('refs/') && isValidRefName(fullName)))) return null;
    // Ref files are tiny: a synchronous read costs less than the thread-pool round trips of an async one.
    const loose = readSmallFile(path.join(gitDir, fullName));
    if (loose !== null) {
      const value = loose.trim();
      if (value.startsWith('ref: ')) return this.resolve(gitDir, value.slice(5), depth + 1);
      return FULL_SHA.test(value) ? value : null;
    }
    return (await this.packedRefs(gitDir)).refs.get(fullName) ?? null;
  }

  /** The branch HEAD names (e.g. "main"), or null when HEAD is detached or unreadable. */
  async headBranch(gitDir: string): Promise<string | null> {
    const head = await fs.readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => null);
    const match = head ? /^ref: refs\/heads\/(.+)\n?$/.exec(head) : null;
    return match ? match[1]! : null;
  }

  /** Every ref under `prefix` (e.g. "refs/heads/"), sorted by name. */
  async list(gitDir: string, prefix: string): Promise<RefEntry[]> {
    const found = new Map<string, string>();
    for (const [name, target] of (await this.packedRefs(gitDir)).refs) if (name.startsWith(prefix)) found.set(name, target);
    await this.walkLoose(gitDir, prefix.replace(/\/$/, ''), found);
    return [...found].map(([name, target]) => ({ name, target })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private async walkLoose(gitDir: string, dir: string, found: Map<string, string>): Promise<void> {
    const entries = await fs.readdir(path.join(gitDir, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const name = `${dir}/${entry.name}`;
      if (entry.isDirectory()) await this.walkLoose(gitDir, name, found);
      else if (entry.isFile() && !entry.name.endsWith('.lock')) {
        const value = (await fs.readFile(path.join(gitDir, name), 'utf8').catch(() => '')).trim();
        if (FULL_SHA.test(value)) found.set(name, value);
      }
    }
  }

  private async packedRefs(gitDir: string): Promise<PackedCache> {
    const file = path.join(gitDir, 'packed-refs');
    const stat = statOrNull(file);
    if (!stat) return { mtimeMs: 0, size: 0, refs: new Map(), peeled: new Map() };
    const cached = this.packed.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const refs = new Map<string, string>();
    const peeled = new Map<string, string>();
    let last = '';
    for (const line of (await fs.readFile(file, 'utf8')).split('\n')) {
      if (line.startsWith('^')) peeled.set(last, line.slice(1));
      else if (/^[0-9a-f]{40} /.test(line)) {
        last = line.slice(41);
        refs.set(last, line.slice(0, 40));
      }
    }
    const entry = { mtimeMs: stat.mtimeMs, size: stat.size, refs, peeled };
    if (this.packed.size > 1000) this.packed.clear();
    this.packed.set(file, entry);
    return entry;
  }
}
