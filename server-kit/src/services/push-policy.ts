import path from 'node:path';
import type { AccessPolicy } from '../access/access.js';
import type { Actor } from '../access/actor.js';
import { RepoRow } from '../db/models.js';
import type { GitEnvironment } from '../git/environment.js';
import type { QuarantineEnv, RefUpdate } from '../git/hook-server.js';
import type { GitReader } from '../git/reader.js';
import { ZERO_SHA } from '../git/refs.js';
import { runGit } from '../git/run.js';
import { parseLfsPointer, POINTER_MAX_SIZE, POINTER_MIN_SIZE } from '../git/lfs-pointer.js';
import type { LfsService } from './lfs.js';
import { DiscussionRow } from '../db/models.js';
import { prNumberOf } from './discussions/pull-requests.js';

/** A push in flight, as registered with the hook server. */
export interface PushContext {
  actor: Actor;
  repoId: number;
  gitDir: string;
}

export function protectedBranchesOf(row: RepoRow): Set<string> {
  let extra: unknown = [];
  try {
    extra = JSON.parse(row.protectedBranches ?? '[]');
  } catch {
    extra = [];
  }
  return new Set([row.defaultBranch, ...(Array.isArray(extra) ? extra.filter((b): b is string => typeof b === 'string') : [])]);
}

export const formatBytes = (n: number): string =>
  n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`;

/**
 * What a push must satisfy before any ref moves, checked in pre-receive against the quarantined
 * objects: write access; only branches and tags; the default branch never deleted, protected
 * branches neither deleted nor rewritten and tags not moved except by repository admins; no
 * file above the size limit outside Git LFS; every new LFS pointer names an object this
 * repository has.
 */
export class PushPolicy {
  constructor(
    private readonly access: AccessPolicy,
    private readonly env: GitEnvironment,
    private readonly reader: GitReader,
    private readonly lfs: LfsService,
    private readonly maxBlobBytes: number,
  ) {}

  async check(push: PushContext, updates: RefUpdate[], quarantine: QuarantineEnv): Promise<string | null> {
    const row = await RepoRow.findByPk(push.repoId);
    if (!row) return 'csghub: the repository no longer exists';
    if (!(await this.access.can(push.actor, 'write', row))) return `csghub: you do not have write access to ${row.namespace}/${row.name}`;
    const env = quarantineEnv(push.gitDir, quarantine);
    if (!env) return 'csghub: unexpected object directories; push refused';
    const isAdmin = await this.access.can(push.actor, 'admin', row);
    const protectedBranches = protectedBranchesOf(row);
    const problems: string[] = [];

    for (const { oldSha, newSha, ref } of updates) {
      const isBranch = ref.startsWith('refs/heads/');
      const pr = prNumberOf(ref);
      if (pr !== null) {
        // A pull request's commits: pushed to refs/pr/N of an open pull request, never deleted.
        const found = await DiscussionRow.findOne({ where: { repoId: row.id, num: pr, isPullRequest: true } });
        if (!found || (found.status !== 'open' && found.status !== 'draft')) problems.push(`${ref}: only branches (refs/heads/) and tags (refs/tags/) can be pushed (and refs/pr/N of an open pull request; #${pr} is not one)`);
        else if (newSha === ZERO_SHA) problems.push(`${ref}: pull request refs cannot be deleted`);
        continue;
      }
      if (!isBranch && !ref.startsWith('refs/tags/')) {
        problems.push(`${ref}: only branches (refs/heads/) and tags (refs/tags/) can be pushed`);
        continue;
      }
      const name = ref.replace(/^refs\/(heads|tags)\//, '');
      const deleting = newSha === ZERO_SHA;
      const updating = oldSha !== ZERO_SHA && !deleting;
      if (isBranch && deleting && name === row.defaultBranch) problems.push(`${name}: the default branch cannot be deleted`);
      else if (isBranch && deleting && protectedBranches.has(name) && !isAdmin) problems.push(`${name}: protected branches can be deleted only by repository admins`);
      else if (isBranch && updating && protectedBranches.has(name) && !isAdmin && !(await this.reader.isAncestor(push.gitDir, oldSha, newSha, env))) {
        problems.push(`${name}: force-pushing to a protected branch is allowed only to repository admins`);
      } else if (!isBranch && updating && !isAdmin) problems.push(`${name}: tags cannot be moved except by repository admins`);
    }
    if (problems.length) return `csghub: push refused\n${problems.map((p) => `  ${p}`).join('\n')}`;

    const { large, pointers } = await this.newBlobs(push.gitDir, updates, env);
    if (large.length) {
      const extensions = [...new Set(large.map((b) => (path.extname(b.path) ? `*${path.extname(b.path)}` : b.path)))];
      return [
        `csghub: push refused: files larger than ${formatBytes(this.maxBlobBytes)} must be stored with Git LFS:`,
        ...large.slice(0, 20).map((b) => `  ${b.path} (${formatBytes(b.size)})`),
        ...(large.length > 20 ? [`  ... and ${large.length - 20} more`] : []),
        'Track them with Git LFS and rewrite the commits that added them, for example:',
        `  git lfs track ${extensions.map((e) => `"${e}"`).join(' ')}`,
        `  git add .gitattributes && git lfs migrate import --include="${extensions.join(',')}" --everything`,
      ].join('\n');
    }
    const missing: Array<{ path: string; oid: string }> = [];
    for (const pointer of await this.readPointers(push.gitDir, pointers, env)) {
      if ((await this.lfs.available(row.id, pointer.oid)) === null) missing.push(pointer);
    }
    if (missing.length) {
      return [
        'csghub: push refused: these Git LFS files were not uploaded to this repository:',
        ...missing.slice(0, 20).map((m) => `  ${m.path} (${m.oid})`),
        ...(missing.length > 20 ? [`  ... and ${missing.length - 20} more`] : []),
        'Upload them with: git lfs push --all origin',
      ].join('\n');
    }
    return null;
  }

  /** Reads candidate pointer blobs from the quarantine and keeps the real LFS pointers. */
  private async readPointers(gitDir: string, candidates: Array<{ oid: string; path: string }>, env: Record<string, string>): Promise<Array<{ path: string; oid: string }>> {
    if (!candidates.length) return [];
    const out = await runGit(this.env, ['cat-file', '--batch'], { gitDir, env, input: candidates.map((c) => c.oid).join('\n') + '\n' });
    const data = out.stdout;
    const found: Array<{ path: string; oid: string }> = [];
    let offset = 0;
    for (const candidate of candidates) {
      const nl = data.indexOf(10, offset);
      const header = data.toString('utf8', offset, nl).split(' ');
      const size = Number(header[2]);
      const pointer = parseLfsPointer(data.subarray(nl + 1, nl + 1 + size));
      offset = nl + 1 + size + 1;
      if (pointer) found.push({ path: candidate.path, oid: pointer.oid });
    }
    return found;
  }

  /**
   * Blobs the push adds (reachable from the new tips, not from any existing ref): those above the
   * limit, and those small enough to be LFS pointers.
   */
  private async newBlobs(gitDir: string, updates: RefUpdate[], env: Record<string, string>) {
    const large: Array<{ path: string; size: number }> = [];
    const pointers: Array<{ path: string; oid: string }> = [];
    const tips = updates.filter((u) => u.newSha !== ZERO_SHA).map((u) => u.newSha);
    if (!tips.length) return { large, pointers };
    const objects = await runGit(this.env, ['rev-list', '--objects', ...tips, '--not', '--all'], { gitDir, env });
    if (!objects.stdout.length) return { large, pointers };
    const sizes = await runGit(this.env, ['cat-file', '--batch-check=%(objecttype) %(objectname) %(objectsize) %(rest)'], { gitDir, env, input: objects.stdout });
    for (const line of sizes.stdout.toString('utf8').split('\n')) {
      const match = /^blob ([0-9a-f]{40}) (\d+) (.*)$/.exec(line);
      if (!match) continue;
      const size = Number(match[2]);
      if (size > this.maxBlobBytes) large.push({ path: match[3]!, size });
      else if (size >= POINTER_MIN_SIZE && size <= POINTER_MAX_SIZE) pointers.push({ path: match[3]!, oid: match[1]! });
    }
    return { large, pointers };
  }
}

/** The quarantine variables git gave the hook, accepted only if they point inside the repository. */
function quarantineEnv(gitDir: string, q: QuarantineEnv): Record<string, string> | null {
  const inside = (p: string) => {
    const resolved = path.resolve(gitDir, p);
    return resolved === gitDir || resolved.startsWith(`${gitDir}${path.sep}`);
  };
  const env: Record<string, string> = {};
  if (q.GIT_OBJECT_DIRECTORY) {
    if (!inside(q.GIT_OBJECT_DIRECTORY)) return null;
    env.GIT_OBJECT_DIRECTORY = path.resolve(gitDir, q.GIT_OBJECT_DIRECTORY);
  }
  if (q.GIT_ALTERNATE_OBJECT_DIRECTORIES) {
    const dirs = q.GIT_ALTERNATE_OBJECT_DIRECTORIES.split(':');
    if (!dirs.every(inside)) return null;
    env.GIT_ALTERNATE_OBJECT_DIRECTORIES = dirs.map((d) => path.resolve(gitDir, d)).join(':');
  }
  if (q.GIT_QUARANTINE_PATH) {
    if (!inside(q.GIT_QUARANTINE_PATH)) return null;
    env.GIT_QUARANTINE_PATH = path.resolve(gitDir, q.GIT_QUARANTINE_PATH);
  }
  return env;
}
