import type { GitEnvironment } from './environment.js';
import { spawnGit } from './run.js';

export interface LastCommit {
  id: string;
  title: string;
  date: string;
}

/** Trees larger than this are not indexed: their paths are looked up one request at a time. */
const MAX_INDEXED_PATHS = 20_000;
const MAX_INDEXES = 32;

/**
 * The last commit of every path of a commit's tree, from one walk of the history. Clients ask
 * for last commits file by file (a JS snapshot sends one paths-info with expand per file), and a
 * `git log` per request costs a process each time; the answer for a commit never changes, so the
 * first request builds the index for all paths and the others read it.
 */
export class LastCommitIndex {
  private readonly built = new Map<string, Promise<Map<string, LastCommit>>>();

  constructor(private readonly git: GitEnvironment) {}

  /** The index of `commit`, or null when its tree has more than MAX_INDEXED_PATHS paths. */
  async of(gitDir: string, commit: string, treePaths: () => Promise<string[] | null>): Promise<Map<string, LastCommit> | null> {
    const key = `${gitDir}\0${commit}`;
    let index = this.built.get(key);
    if (index) {
      // Most recently used last.
      this.built.delete(key);
      this.built.set(key, index);
      return index;
    }
    const paths = await treePaths();
    if (!paths || paths.length > MAX_INDEXED_PATHS) return null;
    index = this.walk(gitDir, commit, new Set(paths));
    this.built.set(key, index);
    index.catch(() => this.built.delete(key));
    if (this.built.size > MAX_INDEXES) this.built.delete(this.built.keys().next().value!);
    return index;
  }

  /** `git log --name-only` from `commit` until every path (and folder) has its last commit. */
  private async walk(gitDir: string, commit: string, wanted: Set<string>): Promise<Map<string, LastCommit>> {
    const found = new Map<string, LastCommit>();
    const child = spawnGit(this.git, gitDir, ['log', '--no-renames', '--name-only', '-z', '--format=%x1e%H%x1f%s%x1f%cI', commit]);
    child.stdin!.end();
    child.stderr!.resume();
    let buffered = '';
    let current: LastCommit | null = null;
    const consume = (final: boolean) => {
      const records = buffered.split(/[\0\n]/);
      buffered = final ? '' : records.pop()!;
      for (const record of records) {
        if (record.startsWith('\x1e')) {
          const [id, title, date] = record.slice(1).split('\x1f');
          current = { id: id!, title: title!, date: new Date(date!).toISOString() };
        } else if (record && current) {
          // The file and each folder above it were last changed here, unless a newer commit did.
          for (let p = record; p; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '') {
            if (wanted.delete(p)) found.set(p, current);
          }
        }
      }
    };
    try {
      for await (const chunk of child.stdout! as AsyncIterable<Buffer>) {
        buffered += chunk.toString('utf8');
        consume(false);
        if (!wanted.size) break;
      }
      consume(true);
    } finally {
      child.kill();
    }
    return found;
  }
}
