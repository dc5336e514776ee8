import { Op, UniqueConstraintError } from 'sequelize';
import { LfsLockRow, UserRow, type RepoRow } from '../db/models.js';
import { HubError } from '../errors.js';
import { sha256Hex } from '../auth/secrets.js';
import type { ActorUser } from '../access/actor.js';

export interface LockJson {
  id: string;
  path: string;
  locked_at: string;
  owner: { name: string };
}

/** Git LFS file locks: one lock per (repository, path), listed with paging and verified before pushes. */
export class LfsLocksService {
  async create(repo: RepoRow, user: ActorUser, path: string, refName: string | null): Promise<LockJson> {
    try {
      const row = await LfsLockRow.create({ repoId: repo.id, path, pathKey: sha256Hex(path), ownerId: user.id, refName });
      return { id: String(row.id), path: row.path, locked_at: row.createdAt.toISOString(), owner: { name: user.name } };
    } catch (err) {
      if (err instanceof UniqueConstraintError) {
        const existing = await LfsLockRow.findOne({ where: { repoId: repo.id, pathKey: sha256Hex(path) } });
        const [json] = existing ? await this.toJson([existing]) : [];
        throw new HubError(409, 'already created lock').withLock(json);
      }
      throw err;
    }
  }

  async list(repo: RepoRow, filter: { path?: string; id?: string; cursor: number; limit: number }): Promise<{ locks: LockJson[]; next_cursor?: string }> {
    const where: Record<string, unknown> = { repoId: repo.id, id: { [Op.gt]: filter.cursor } };
    if (filter.path !== undefined) where.pathKey = sha256Hex(filter.path);
    if (filter.id !== undefined) where.id = Number(filter.id);
    const rows = await LfsLockRow.findAll({ where, order: [['id', 'ASC']], limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    return { locks: await this.toJson(page), ...(rows.length > filter.limit ? { next_cursor: String(page[page.length - 1]!.id) } : {}) };
  }

  async verify(repo: RepoRow, user: ActorUser, cursor: number, limit: number): Promise<{ ours: LockJson[]; theirs: LockJson[]; next_cursor?: string }> {
    const { locks, next_cursor } = await this.list(repo, { cursor, limit });
    const ours = locks.filter((l) => l.owner.name === user.name);
    const theirs = locks.filter((l) => l.owner.name !== user.name);
    return { ours, theirs, ...(next_cursor ? { next_cursor } : {}) };
  }

  /** Removes a lock: its owner may; others only with `force` and admin rights (checked by the caller). */
  async unlock(repo: RepoRow, user: ActorUser, id: number, force: boolean, mayForce: boolean): Promise<LockJson> {
    const row = await LfsLockRow.findOne({ where: { id, repoId: repo.id } });
    if (!row) throw new HubError(404, 'Lock not found');
    const [json] = await this.toJson([row]);
    if (row.ownerId !== user.id) {
      if (!force) throw new HubError(403, `The lock belongs to ${json!.owner.name}; unlock with --force if you are a repository admin`);
      if (!mayForce) throw new HubError(403, 'Only repository admins can remove the locks of others');
    }
    await row.destroy();
    return json!;
  }

  private async toJson(rows: LfsLockRow[]): Promise<LockJson[]> {
    const users = await UserRow.findAll({ where: { id: [...new Set(rows.map((r) => r.ownerId))] } });
    const names = new Map(users.map((u) => [u.id, u.name]));
    return rows.map((r) => ({ id: String(r.id), path: r.path, locked_at: r.createdAt.toISOString(), owner: { name: names.get(r.ownerId) ?? 'unknown' } }));
  }
}
