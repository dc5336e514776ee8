import fs from 'node:fs';
import git from 'isomorphic-git';
import { HubError } from '../errors.js';
import type { CatFilePool } from './cat-file-pool.js';
import type { GitEnvironment } from './environment.js';
import { runGit, GitCommandError } from './run.js';

/** A file's content is written first (`writeBlob`), so a commit never holds all files in memory. */
export type CommitOperation =
  | { kind: 'file'; path: string; oid: string }
  | { kind: 'deletedFile'; path: string }
  | { kind: 'deletedFolder'; path: string };

export interface Identity {
  name: string;
  email: string;
}

interface Entry {
  mode: string;
  oid: string;
  type: 'blob' | 'tree' | 'commit';
}

/** A directory being edited: its entries as read, and the subdirectories opened for editing. */
interface Dir {
  entries: Map<string, Entry>;
  open: Map<string, Dir>;
}

/**
 * Server-side commits: objects are written in-process with isomorphic-git (loose objects only;
 * existing trees are read through the cat-file pool, never by loading packs into memory), then
 * the branch moves by compare-and-swap (`git update-ref ref new old`): a lost race changes nothing.
 */
export class GitWriter {
  constructor(private readonly env: GitEnvironment, private readonly pool: CatFilePool) {}

  async writeBlob(gitDir: string, content: Buffer): Promise<string> {
    return git.writeBlob({ fs, gitdir: gitDir, blob: content });
  }

  /**
   * Commits onto `refs/heads/{branch}`, or onto `ref` (a full ref name such as refs/pr/3 or
   * refs/convert/parquet) when given; the ref must point at `parent`, or at `expected` when given
   * (null: must not exist yet). `freshTree` starts from an empty tree instead of the parent's, for
   * refs whose content is regenerated as a whole.
   */
  async commit(gitDir: string, input: { branch: string; ref?: string; expected?: string | null; parent: string | null; operations: CommitOperation[]; author: Identity; message: string; freshTree?: boolean }): Promise<string> {
    const rootTree = input.parent && !input.freshTree ? (await this.pool.info(gitDir, `${input.parent}^{tree}`))?.oid ?? null : null;
    const root: Dir = await this.load(gitDir, rootTree);
    for (const op of input.operations) await this.apply(gitDir, root, op);
    const tree = await this.write(gitDir, root);
    const now = Math.floor(Date.now() / 1000);
    const who = { name: input.author.name, email: input.author.email, timestamp: now, timezoneOffset: 0 };
    const sha = await git.writeCommit({
      fs, gitdir: gitDir,
      commit: { message: input.message.endsWith('\n') ? input.message : `${input.message}\n`, tree, parent: input.parent ? [input.parent] : [], author: who, committer: who },
    });
    await this.moveRef(gitDir, input.ref ?? `refs/heads/${input.branch}`, sha, input.expected !== undefined ? input.expected : input.parent);
    return sha;
  }

  /** Writes a commit of an existing tree with these parents (a merge) and moves `ref` from `expected` to it. */
  async commitTree(gitDir: string, input: { tree: string; parents: string[]; ref: string; expected: string; author: Identity; message: string }): Promise<string> {
    const who = { name: input.author.name, email: input.author.email, timestamp: Math.floor(Date.now() / 1000), timezoneOffset: 0 };
    const sha = await git.writeCommit({
      fs, gitdir: gitDir,
      commit: { message: input.message.endsWith('\n') ? input.message : `${input.message}\n`, tree: input.tree, parent: input.parents, author: who, committer: who },
    });
    await this.moveRef(gitDir, input.ref, sha, input.expected);
    return sha;
  }

  /** Compare-and-swap: succeeds only if the ref still points at `expected` (null: must not exist). */
  async moveRef(gitDir: string, ref: string, next: string | null, expected: string | null): Promise<void> {
    const args = next === null
      ? ['update-ref', '-m', 'csghub', '-d', ref, ...(expected ? [expected] : [])]
      : ['update-ref', '-m', 'csghub', ref, next, expected ?? '0'.repeat(40)];
    try {
      await runGit(this.env, args, { gitDir });
    } catch (err) {
      if (err instanceof GitCommandError) {
        throw new HubError(409, `${ref.replace(/^refs\/(heads|tags)\//, '')} was updated by someone else meanwhile; fetch the new head and try again`);
      }
      throw err;
    }
  }

  private async load(gitDir: string, oid: string | null): Promise<Dir> {
    const dir: Dir = { entries: new Map(), open: new Map() };
    if (!oid) return dir;
    const tree = await this.pool.contents(gitDir, oid);
    if (!tree || tree.info.type !== 'tree') throw new Error(`tree ${oid} is missing`);
    const data = tree.data;
    let i = 0;
    while (i < data.length) {
      const space = data.indexOf(0x20, i);
      const nul = data.indexOf(0, space);
      const mode = data.toString('latin1', i, space).padStart(6, '0');
      const name = data.toString('utf8', space + 1, nul);
      const entryOid = data.toString('hex', nul + 1, nul + 21);
      const type = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
      dir.entries.set(name, { mode, oid: entryOid, type });
      i = nul + 21;
    }
    return dir;
  }

  /** Opens (loading if needed) the directory at `parts`, creating missing ones when `create`. */
  private async openDir(gitDir: string, root: Dir, parts: string[], create: boolean, fullPath: string): Promise<Dir | null> {
    let dir = root;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      let next = dir.open.get(name);
      if (!next) {
        const entry = dir.entries.get(name);
        if (entry && entry.type !== 'tree') {
          throw new HubError(400, `Cannot write ${fullPath}: ${parts.slice(0, i + 1).join('/')} is a file`);
        }
        if (!entry && !create) return null;
        next = await this.load(gitDir, entry?.oid ?? null);
        dir.open.set(name, next);
      }
      dir = next;
    }
    return dir;
  }

  private async apply(gitDir: string, root: Dir, op: CommitOperation): Promise<void> {
    const parts = op.path.split('/');
    const leaf = parts.pop()!;
    if (op.kind === 'file') {
      const dir = (await this.openDir(gitDir, root, parts, true, op.path))!;
      if (dir.open.has(leaf) || dir.entries.get(leaf)?.type === 'tree') throw new HubError(400, `Cannot write ${op.path}: it is a directory`);
      const mode = dir.entries.get(leaf)?.mode === '100755' ? '100755' : '100644';
      dir.entries.set(leaf, { mode, oid: op.oid, type: 'blob' });
      return;
    }
    const dir = await this.openDir(gitDir, root, parts, false, op.path);
    const entry = dir?.entries.get(leaf);
    const isDir = dir?.open.has(leaf) || entry?.type === 'tree';
    if (!dir || (!entry && !dir.open.has(leaf))) {
      throw new HubError(404, `${op.kind === 'deletedFolder' ? 'Folder' : 'File'} not found: ${op.path}`, { code: 'EntryNotFound' });
    }
    if (op.kind === 'deletedFile' && isDir) throw new HubError(400, `${op.path} is a folder: delete it with deletedFolder`);
    if (op.kind === 'deletedFolder' && !isDir) throw new HubError(400, `${op.path} is a file: delete it with deletedFile`);
    dir.entries.delete(leaf);
    dir.open.delete(leaf);
  }

  /** Writes the edited directories bottom-up; an emptied directory disappears, as in git. */
  private async write(gitDir: string, dir: Dir): Promise<string> {
    for (const [name, child] of dir.open) {
      const oid = await this.write(gitDir, child);
      if (oid === EMPTY_TREE) dir.entries.delete(name);
      else dir.entries.set(name, { mode: '040000', oid, type: 'tree' });
    }
    if (dir.entries.size === 0) {
      await git.writeTree({ fs, gitdir: gitDir, tree: [] });
      return EMPTY_TREE;
    }
    return git.writeTree({
      fs, gitdir: gitDir,
      tree: [...dir.entries].map(([path, e]) => ({ path, mode: e.mode, oid: e.oid, type: e.type })),
    });
  }
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
