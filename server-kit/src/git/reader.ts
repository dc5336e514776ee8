import { Readable } from 'node:stream';
import { LastCommitIndex } from './last-commit-index.js';
import type { CatFilePool, ObjectInfo } from './cat-file-pool.js';
import type { GitEnvironment } from './environment.js';
import { parseLfsPointer, POINTER_MAX_SIZE, POINTER_MIN_SIZE, type LfsPointer } from './lfs-pointer.js';
import { Lru } from './lru.js';
import { FULL_SHA, isValidRefName, SHORT_SHA, type RefReader } from './refs.js';
import { runGit, spawnGit } from './run.js';

export interface TreeEntry {
  type: 'file' | 'directory';
  path: string;
  oid: string;
  size: number;
  mode: string;
  lfs?: LfsPointer;
}

export interface CommitSummary {
  id: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authorDate: string;
  committerDate: string;
  title: string;
  message: string;
}

export interface RefsListing {
  branches: Array<{ name: string; ref: string; targetCommit: string }>;
  tags: Array<{ name: string; ref: string; targetCommit: string }>;
  converts: Array<{ name: string; ref: string; targetCommit: string }>;
  pullRequests: Array<{ name: string; ref: string; targetCommit: string }>;
}

export interface DiffFile {
  path: string;
  oldPath?: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';
  additions: number | null;
  deletions: number | null;
  binary: boolean;
}

interface RawEntry {
  name: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  size: number;
}

const SMALL_BLOB = 64 * 1024;

function setLfs(entry: TreeEntry, lfs: LfsPointer): void {
  entry.lfs = lfs;
  entry.size = lfs.size;
}

/** Paths inside a repository: relative, '/'-separated, no '.', '..', empty or '.git' parts, no NUL or newline. */
export function isSafeRepoPath(path: string): boolean {
  if (path === '') return true;
  if (path.length > 4096 || /[\x00\n\r]/.test(path) || path.startsWith('/') || path.endsWith('/')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && part.toLowerCase() !== '.git');
}

/**
 * Reads repositories: revisions, trees, blobs, history and diffs. Object lookups go through the
 * pooled `git cat-file --batch-command`; listings and history through short-lived git commands.
 * Caches are keyed by object id, so they are never stale.
 */
export class GitReader {
  private readonly trees = new Lru<string, RawEntry[]>(2_000);
  private readonly pointers = new Lru<string, LfsPointer | null>(100_000);
  /** Entries by "commit:path": a commit's content never changes. */
  private readonly entries = new Lru<string, TreeEntry | null>(50_000);
  /** Small blobs' bytes by object id (at most SMALL_BLOB x 1,000 = 64 MiB). */
  private readonly smallBlobs = new Lru<string, Buffer>(1_000);
  /** Commits by the full object id they were asked by (a commit, or a tag that peels to one). */
  private readonly peeled = new Lru<string, string>(10_000);

  private readonly lastCommitIndex: LastCommitIndex;

  constructor(
    private readonly git: GitEnvironment,
    private readonly pool: CatFilePool,
    readonly refs: RefReader,
  ) {
    this.lastCommitIndex = new LastCommitIndex(git);
  }

  /**
   * A revision to a commit sha: "HEAD" (the default branch), a branch, a tag, `refs/pr/N`,
   * `refs/convert/X`, a full ref name, or a full or short commit sha. Null when unknown.
   */
  async resolveRevision(gitDir: string, revision: string, defaultBranch: string): Promise<string | null> {
    const rev = revision === 'HEAD' ? defaultBranch : revision;
    if (!rev || rev.length > 255 || /[\x00-\x1f\x7f]/.test(rev)) return null;
    const candidates: string[] = [];
    if (rev.startsWith('refs/')) candidates.push(rev);
    else if (isValidRefName(rev)) candidates.push(`refs/heads/${rev}`, `refs/tags/${rev}`);
    for (const ref of candidates) {
      const sha = await this.refs.resolve(gitDir, ref);
      // git only lets branches point at commits; tags and other refs may need peeling.
      if (sha) return ref.startsWith('refs/heads/') ? sha : this.peelToCommit(gitDir, sha);
    }
    if (FULL_SHA.test(rev) || SHORT_SHA.test(rev)) return this.peelToCommit(gitDir, rev);
    return null;
  }

  private async peelToCommit(gitDir: string, object: string): Promise<string | null> {
    // Only a full id names one object forever; a short one may become ambiguous.
    const key = FULL_SHA.test(object) ? `${gitDir}\0${object}` : null;
    const known = key && this.peeled.get(key);
    if (known) return known;
    const info = await this.pool.info(gitDir, `${object}^{commit}`);
    const commit = info?.type === 'commit' ? info.oid : null;
    // Misses are not kept: the object may arrive with the next push.
    if (key && commit) this.peeled.set(key, commit);
    return commit;
  }

  /**
   * Forgets what was read from a repository that was deleted or moved: a new repository at the
   * same path must not answer from the old one's commits (object ids alone stay safe to cache,
   * as they are reached only through this repository's own commits).
   */
  forget(gitDir: string): void {
    const prefix = `${gitDir}\0`;
    this.peeled.deleteWhere((key) => key.startsWith(prefix));
    this.entries.deleteWhere((key) => key.startsWith(prefix));
  }

  /** The branch the revision names, when it names one (for writes). */
  async branchOf(gitDir: string, revision: string, defaultBranch: string): Promise<string | null> {
    const rev = revision === 'HEAD' ? defaultBranch : revision.startsWith('refs/heads/') ? revision.slice(11) : revision;
    if (!isValidRefName(rev) || rev.startsWith('refs/')) return null;
    return (await this.refs.resolve(gitDir, `refs/heads/${rev}`)) ? rev : null;
  }

  async objectInfo(gitDir: string, object: string): Promise<ObjectInfo | null> {
    return this.pool.info(gitDir, object);
  }

  /** The entry at `path` in `commit` (the root is a directory), or null. */
  async entry(gitDir: string, commit: string, path: string): Promise<TreeEntry | null> {
    if (!isSafeRepoPath(path)) return null;
    const key = `${gitDir}\0${commit}:${path}`;
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached && { ...cached };
    const found = await this.readEntry(gitDir, commit, path);
    // Misses are cached too: at a commit, a missing path stays missing.
    this.entries.set(key, found);
    return found && { ...found };
  }

  private async readEntry(gitDir: string, commit: string, path: string): Promise<TreeEntry | null> {
    const info = await this.pool.info(gitDir, `${commit}:${path}`);
    if (!info) return null;
    if (info.type === 'tree') return { type: 'directory', path, oid: info.oid, size: 0, mode: '040000' };
    if (info.type !== 'blob') return null;
    const entry: TreeEntry = { type: 'file', path, oid: info.oid, size: info.size, mode: '100644' };
    const lfs = await this.lfsPointerOf(gitDir, info.oid, info.size);
    if (lfs) {
      entry.lfs = lfs;
      entry.size = lfs.size;
    }
    return entry;
  }

  /**
   * Children of the directory at `path` (all descendants when recursive), or null if it is not
   * a directory. With `page`, only that slice is returned (LFS details are read for it alone),
   * and `total` counts every entry.
   */
  async listTree(gitDir: string, commit: string, path: string, recursive: boolean, page?: { offset: number; limit: number }): Promise<TreeEntry[] | null> {
    return (await this.listTreePage(gitDir, commit, path, recursive, page))?.entries ?? null;
  }

  async listTreePage(gitDir: string, commit: string, path: string, recursive: boolean, page?: { offset: number; limit: number }): Promise<{ entries: TreeEntry[]; total: number } | null> {
    if (!isSafeRepoPath(path)) return null;
    const tree = await this.treeAt(gitDir, commit, path);
    if (!tree) return null;
    const raw = await this.lsTree(gitDir, tree, recursive);
    const slice = page ? raw.slice(page.offset, page.offset + page.limit) : raw;
    const prefix = path ? `${path}/` : '';
    const entries: TreeEntry[] = slice.map((e) => e.type === 'tree'
      ? { type: 'directory', path: prefix + e.name, oid: e.oid, size: 0, mode: e.mode }
      : { type: 'file', path: prefix + e.name, oid: e.oid, size: e.size, mode: e.mode });
    await this.attachLfs(gitDir, entries);
    return { entries, total: raw.length };
  }

  /** The tree id at `path` in `commit` (the root when path is ''), through the entry cache. */
  private async treeAt(gitDir: string, commit: string, path: string): Promise<string | null> {
    if (path) {
      const entry = await this.entry(gitDir, commit, path);
      return entry?.type === 'directory' ? entry.oid : null;
    }
    const key = `${gitDir}\0${commit}^{tree}`;
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached?.oid ?? null;
    const info = await this.pool.info(gitDir, `${commit}^{tree}`);
    const root: TreeEntry | null = info?.type === 'tree' ? { type: 'directory', path: '', oid: info.oid, size: 0, mode: '040000' } : null;
    this.entries.set(key, root);
    return root?.oid ?? null;
  }

  /** Replaces pointer sizes by the real file sizes and records `lfs` on LFS files. */
  private async attachLfs(gitDir: string, entries: TreeEntry[]): Promise<void> {
    const unknown: TreeEntry[] = [];
    for (const entry of entries) {
      if (entry.type !== 'file' || entry.size < POINTER_MIN_SIZE || entry.size > POINTER_MAX_SIZE) continue;
      // Answered from the cache without a promise per entry: a page holds up to 1,000 of them.
      const cached = this.pointers.get(entry.oid);
      if (cached === undefined) unknown.push(entry);
      else if (cached) setLfs(entry, cached);
    }
    await Promise.all(unknown.map(async (entry) => {
      const lfs = await this.lfsPointerOf(gitDir, entry.oid, entry.size);
      if (lfs) setLfs(entry, lfs);
    }));
  }

  async lfsPointerOf(gitDir: string, oid: string, size: number): Promise<LfsPointer | null> {
    if (size < POINTER_MIN_SIZE || size > POINTER_MAX_SIZE) return null;
    const cached = this.pointers.get(oid);
    if (cached !== undefined) return cached;
    const blob = await this.pool.contents(gitDir, oid);
    const pointer = blob ? parseLfsPointer(blob.data) : null;
    this.pointers.set(oid, pointer);
    return pointer;
  }

  private async lsTree(gitDir: string, treeOid: string, recursive: boolean): Promise<RawEntry[]> {
    const key = `${treeOid}:${recursive ? 'r' : ''}`;
    const cached = this.trees.get(key);
    if (cached) return cached;
    const args = ['ls-tree', '-z', '-l', ...(recursive ? ['-r', '-t'] : []), treeOid];
    const { stdout } = await runGit(this.git, args, { gitDir });
    const entries: RawEntry[] = [];
    let start = 0;
    for (;;) {
      const end = stdout.indexOf(0, start);
      if (end < 0) break;
      const record = stdout.toString('utf8', start, end);
      start = end + 1;
      const tab = record.indexOf('\t');
      const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
      // Submodules (type commit) have no content here.
      if (type !== 'commit') entries.push({ name: record.slice(tab + 1), mode: mode!, type: type as RawEntry['type'], oid: oid!, size: size === '-' ? 0 : Number(size) });
    }
    this.trees.set(key, entries);
    return entries;
  }

  /** A small blob's bytes (up to `max`), or null. */
  async readBlob(gitDir: string, oid: string, max = 16 * 1024 * 1024): Promise<Buffer | null> {
    const info = await this.pool.info(gitDir, oid);
    if (!info || info.type !== 'blob' || info.size > max) return null;
    return (await this.pool.contents(gitDir, oid))?.data ?? null;
  }

  /**
   * A small blob's bytes (up to SMALL_BLOB), kept in memory by object id: a snapshot download asks
   * each small file twice (a one-byte range, then the whole), and a pipe round trip to git costs
   * more than the answer. Null when the blob is larger or missing.
   */
  async smallBlob(gitDir: string, oid: string, size: number): Promise<Buffer | null> {
    if (size > SMALL_BLOB) return null;
    const cached = this.smallBlobs.get(oid);
    if (cached) return cached;
    const blob = await this.pool.contents(gitDir, oid);
    if (!blob || blob.data.length > SMALL_BLOB) return null;
    this.smallBlobs.set(oid, blob.data);
    return blob.data;
  }

  /** Streams bytes [start, end] of a blob; small blobs come from the pool, large ones from their own process. */
  async streamBlob(gitDir: string, oid: string, size: number, start = 0, end = size - 1): Promise<Readable> {
    if (size <= 1024 * 1024) {
      const blob = await this.pool.contents(gitDir, oid);
      return Readable.from([blob ? blob.data.subarray(start, end + 1) : Buffer.alloc(0)]);
    }
    const child = spawnGit(this.git, gitDir, ['cat-file', 'blob', oid]);
    child.stderr!.resume();
    child.stdin!.end();
    const out = child.stdout!;
    let position = 0;
    const sliced = Readable.from((async function* () {
      try {
        for await (const chunk of out as AsyncIterable<Buffer>) {
          const from = Math.max(start - position, 0);
          const to = Math.min(end + 1 - position, chunk.length);
          position += chunk.length;
          if (to > from) yield chunk.subarray(from, to);
          if (position > end) break;
        }
      } finally {
        child.kill();
      }
    })());
    return sliced;
  }

  /** For each path, the last commit (from `commit`, a commit id, back) that touched it. */
  async lastCommits(gitDir: string, commit: string, paths: string[]): Promise<Map<string, { id: string; title: string; date: string }>> {
    const found = new Map<string, { id: string; title: string; date: string }>();
    if (!paths.length) return found;
    const index = FULL_SHA.test(commit)
      ? await this.lastCommitIndex.of(gitDir, commit, async () => (await this.listTree(gitDir, commit, '', true))?.map((e) => e.path) ?? null)
      : null;
    if (index) {
      for (const p of paths) if (index.has(p)) found.set(p, index.get(p)!);
      return found;
    }
    const wanted = new Set(paths);
    const child = spawnGit(this.git, gitDir, [
      'log', '--no-renames', '--name-only', '-z', '--format=%x1e%H%x1f%s%x1f%cI', commit, '--', ...paths,
    ]);
    child.stdin!.end();
    child.stderr!.resume();
    let buffered = '';
    let current: { id: string; title: string; date: string } | null = null;
    const consume = (final: boolean) => {
      const records = buffered.split(/[\0\n]/);
      buffered = final ? '' : records.pop()!;
      for (const record of records) {
        if (record.startsWith('\x1e')) {
          const [id, title, date] = record.slice(1).split('\x1f');
          current = { id: id!, title: title!, date: new Date(date!).toISOString() };
        } else if (record && current) {
          for (const p of wanted) {
            if (record === p || record.startsWith(`${p}/`)) {
              found.set(p, current);
              wanted.delete(p);
            }
          }
        }
      }
    };
    for await (const chunk of child.stdout! as AsyncIterable<Buffer>) {
      buffered += chunk.toString('utf8');
      consume(false);
      if (!wanted.size) break;
    }
    consume(true);
    child.kill();
    return found;
  }

  async log(gitDir: string, commit: string, options: { skip: number; limit: number; path?: string }): Promise<CommitSummary[]> {
    const args = ['log', '-z', `--skip=${options.skip}`, `--max-count=${options.limit}`, '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%s%x1f%B', commit];
    if (options.path) args.push('--', options.path);
    const { stdout } = await runGit(this.git, args, { gitDir });
    return stdout.toString('utf8').split('\0').filter(Boolean).map(parseCommitRecord);
  }

  async commit(gitDir: string, sha: string): Promise<CommitSummary | null> {
    if (!FULL_SHA.test(sha)) return null;
    const [found] = await this.log(gitDir, sha, { skip: 0, limit: 1 });
    return found ?? null;
  }

  async countCommits(gitDir: string, commit: string): Promise<number> {
    const { stdout } = await runGit(this.git, ['rev-list', '--count', commit], { gitDir });
    return Number(stdout.toString().trim());
  }

  async isAncestor(gitDir: string, ancestor: string, descendant: string, env: Record<string, string> = {}): Promise<boolean> {
    const { code } = await runGit(this.git, ['merge-base', '--is-ancestor', ancestor, descendant], { gitDir, env, okCodes: [1] });
    return code === 0;
  }

  /**
   * Files changed by a commit (against its first parent, or the empty tree; or against `from`,
   * a commit id, when given) and the patch, cut at `maxPatch` bytes.
   */
  async diff(gitDir: string, sha: string, maxPatch = 1024 * 1024, from?: string): Promise<{ files: DiffFile[]; patch: string; truncated: boolean }> {
    const base = ['diff-tree', '-r', '--root', '-M', '--no-ext-diff', '--no-textconv', '--no-commit-id'];
    const commits = from ? [from, sha] : [sha];
    const [status, numstat] = await Promise.all([
      runGit(this.git, [...base, '-z', '--name-status', ...commits], { gitDir }),
      runGit(this.git, [...base, '-z', '--numstat', ...commits], { gitDir }),
    ]);
    const files = parseNameStatus(status.stdout.toString('utf8'));
    const counts = parseNumstat(numstat.stdout.toString('utf8'));
    for (const file of files) {
      const c = counts.get(file.path);
      if (c) Object.assign(file, c);
    }
    const patch = await runGit(this.git, [...base, '-p', ...commits], { gitDir, maxOutput: 64 * 1024 * 1024 });
    const truncated = patch.stdout.length > maxPatch;
    return { files, patch: patch.stdout.subarray(0, maxPatch).toString('utf8'), truncated };
  }

  async listRefs(gitDir: string): Promise<RefsListing> {
    const all = await this.refs.list(gitDir, 'refs/');
    const out: RefsListing = { branches: [], tags: [], converts: [], pullRequests: [] };
    for (const { name, target } of all) {
      const groups: Array<[string, keyof RefsListing]> = [['refs/heads/', 'branches'], ['refs/tags/', 'tags'], ['refs/convert/', 'converts'], ['refs/pr/', 'pullRequests']];
      for (const [prefix, key] of groups) {
        if (name.startsWith(prefix)) {
          const commit = key === 'tags' ? ((await this.peelToCommit(gitDir, target)) ?? target) : target;
          out[key].push({ name: name.slice(prefix.length), ref: name, targetCommit: commit });
        }
      }
    }
    return out;
  }
}

function parseCommitRecord(record: string): CommitSummary {
  const [id, parents, authorName, authorEmail, authorDate, committerDate, title, message] = record.replace(/^\n/, '').split('\x1f');
  return {
    id: id!, parents: parents ? parents.split(' ') : [], authorName: authorName!, authorEmail: authorEmail!,
    authorDate: new Date(authorDate!).toISOString(), committerDate: new Date(committerDate!).toISOString(),
    title: title!, message: (message ?? '').replace(/\n+$/, ''),
  };
}

const STATUS: Record<string, DiffFile['status']> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed' };

function parseNameStatus(text: string): DiffFile[] {
  const parts = text.split('\0');
  const files: DiffFile[] = [];
  for (let i = 0; i < parts.length - 1;) {
    const code = parts[i++]!;
    if (!code) continue;
    const status = STATUS[code[0]!] ?? 'modified';
    if (status === 'renamed' || status === 'copied') {
      const oldPath = parts[i++]!;
      files.push({ path: parts[i++]!, oldPath, status, additions: null, deletions: null, binary: false });
    } else {
      files.push({ path: parts[i++]!, status, additions: null, deletions: null, binary: false });
    }
  }
  return files;
}

function parseNumstat(text: string): Map<string, { additions: number | null; deletions: number | null; binary: boolean }> {
  const out = new Map<string, { additions: number | null; deletions: number | null; binary: boolean }>();
  const parts = text.split('\0');
  for (let i = 0; i < parts.length - 1;) {
    const head = parts[i++]!;
    if (!head) continue;
    const [add, del, path] = head.split('\t');
    let target = path;
    if (path === '') {
      i++; // old path of a rename
      target = parts[i++];
    }
    const binary = add === '-';
    out.set(target!, { additions: binary ? null : Number(add), deletions: binary ? null : Number(del), binary });
  }
  return out;
}
