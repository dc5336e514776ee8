import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import git from 'isomorphic-git';
import type { RepoType } from '../db/models.js';

export const REPO_TYPE_DIRS: Record<RepoType, string> = { model: 'models', dataset: 'datasets', space: 'spaces', code: 'codes' };

export interface InitialFile {
  path: string;
  content: Buffer;
}

export interface CommitIdentity {
  name: string;
  email: string;
}

/** Bare git repositories under DATA/repos/{models|datasets|spaces|codes}/{namespace}/{name}.git. */
export class RepoStorage {
  readonly root: string;
  private readonly tmp: string;

  /** `hooksDir`: the hub's hooks, also written into each repository's config so that even a
   *  local push behind the hub's back runs them (and is refused, lacking the hub's push id). */
  constructor(dataDir: string, private readonly hooksDir?: string) {
    this.root = path.join(dataDir, 'repos');
    this.tmp = path.join(dataDir, 'tmp');
  }

  /** Keys are lower-case and validated names, so the path cannot leave the root. */
  pathOf(type: RepoType, namespaceKey: string, nameKey: string): string {
    return path.join(this.root, REPO_TYPE_DIRS[type], namespaceKey, `${nameKey}.git`);
  }

  /**
   * Builds the repository with its first commit in DATA/tmp, then renames it into place, so a
   * crash never leaves a half-made repository at a real path. Fails if the target exists.
   */
  async create(target: string, files: InitialFile[], author: CommitIdentity, message: string): Promise<string> {
    await fsp.mkdir(this.tmp, { recursive: true });
    const staging = path.join(this.tmp, `repo-${randomUUID()}.git`);
    try {
      await git.init({ fs, dir: staging, gitdir: staging, bare: true, defaultBranch: 'main' });
      await fsp.writeFile(path.join(staging, 'description'), 'CSGHub Kit repository\n');
      if (this.hooksDir) await git.setConfig({ fs, gitdir: staging, path: 'core.hooksPath', value: this.hooksDir });
      // Sample hooks from `git init` would only mislead: the hub's hooks live elsewhere.
      await fsp.rm(path.join(staging, 'hooks'), { recursive: true, force: true });
      const sha = await writeInitialCommit(staging, files, author, message);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      // rename(2) onto an existing non-empty directory fails, which makes this the atomic claim.
      await fsp.rename(staging, target);
      return sha;
    } catch (err) {
      await fsp.rm(staging, { recursive: true, force: true });
      throw err;
    }
  }

  async exists(target: string): Promise<boolean> {
    return fsp.stat(target).then((s) => s.isDirectory(), () => false);
  }

  /** Moves the directory out of sight first, then deletes it, so it vanishes at once. */
  async remove(target: string): Promise<void> {
    await fsp.mkdir(this.tmp, { recursive: true });
    const trash = path.join(this.tmp, `trash-${randomUUID()}`);
    try {
      await fsp.rename(target, trash);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    await fsp.rm(trash, { recursive: true, force: true });
  }

  async move(from: string, to: string): Promise<void> {
    await fsp.mkdir(path.dirname(to), { recursive: true });
    if (await this.exists(to)) throw Object.assign(new Error(`target exists: ${to}`), { code: 'EEXIST' });
    await fsp.rename(from, to);
  }
}

interface TreeNode {
  files: Map<string, string>;
  dirs: Map<string, TreeNode>;
}

async function writeInitialCommit(gitdir: string, files: InitialFile[], author: CommitIdentity, message: string): Promise<string> {
  const root: TreeNode = { files: new Map(), dirs: new Map() };
  for (const file of files) {
    const parts = file.path.split('/');
    const leaf = parts.pop()!;
    let node = root;
    for (const part of parts) {
      let child = node.dirs.get(part);
      if (!child) node.dirs.set(part, (child = { files: new Map(), dirs: new Map() }));
      node = child;
    }
    node.files.set(leaf, await git.writeBlob({ fs, gitdir, blob: file.content }));
  }
  const tree = await writeTree(gitdir, root);
  const now = Math.floor(Date.now() / 1000);
  const who = { name: author.name, email: author.email, timestamp: now, timezoneOffset: 0 };
  const sha = await git.writeCommit({ fs, gitdir, commit: { message, tree, parent: [], author: who, committer: who } });
  await git.writeRef({ fs, gitdir, ref: 'refs/heads/main', value: sha, force: true });
  return sha;
}

async function writeTree(gitdir: string, node: TreeNode): Promise<string> {
  const entries: Array<{ mode: string; path: string; oid: string; type: 'blob' | 'tree' }> = [];
  for (const [name, oid] of node.files) entries.push({ mode: '100644', path: name, oid, type: 'blob' });
  for (const [name, child] of node.dirs) entries.push({ mode: '040000', path: name, oid: await writeTree(gitdir, child), type: 'tree' });
  return git.writeTree({ fs, gitdir, tree: entries });
}
