import { Op, QueryTypes, UniqueConstraintError, type WhereOptions } from 'sequelize';
import { RepoLikeRow, RepoRow, UserRow } from '../db/models.js';

/**
 * Likes: one per user and repository. The repository's `likes` column is recounted from the
 * like rows after each change, so concurrent likes can never leave it off by one.
 */
export class LikesService {
  async like(repo: RepoRow, userId: number): Promise<number> {
    try {
      await RepoLikeRow.create({ repoId: repo.id, userId });
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
    }
    return this.recount(repo);
  }

  async unlike(repo: RepoRow, userId: number): Promise<number> {
    await RepoLikeRow.destroy({ where: { repoId: repo.id, userId } });
    return this.recount(repo);
  }

  async likes(repoId: number, userId: number): Promise<boolean> {
    return (await RepoLikeRow.count({ where: { repoId, userId } })) > 0;
  }

  /** The repositories a user liked that `readable` lets the caller see, newest like first. */
  async likedBy(userId: number, readable: WhereOptions): Promise<Array<{ createdAt: Date; repo: RepoRow }>> {
    const likes = await RepoLikeRow.findAll({ where: { userId }, order: [['createdAt', 'DESC']], limit: 10_000 });
    if (!likes.length) return [];
    const repos = await RepoRow.findAll({ where: { [Op.and]: [{ id: likes.map((l) => l.repoId) }, readable] } });
    const byId = new Map(repos.map((r) => [r.id, r]));
    return likes.filter((l) => byId.has(l.repoId)).map((l) => ({ createdAt: l.createdAt, repo: byId.get(l.repoId)! }));
  }

  async likers(repoId: number, offset: number, limit: number): Promise<UserRow[]> {
    const likes = await RepoLikeRow.findAll({ where: { repoId }, order: [['createdAt', 'ASC'], ['userId', 'ASC']], offset, limit });
    const users = await UserRow.findAll({ where: { id: likes.map((l) => l.userId) } });
    const byId = new Map(users.map((u) => [u.id, u]));
    return likes.map((l) => byId.get(l.userId)).filter((u): u is UserRow => u !== undefined);
  }

  private async recount(repo: RepoRow): Promise<number> {
    const sequelize = RepoRow.sequelize!;
    // A plain UPDATE: liking is not a change to the repository, so lastModified stays.
    await sequelize.query('UPDATE repositories SET likes = (SELECT COUNT(*) FROM repo_likes WHERE repo_id = ?) WHERE id = ?', {
      replacements: [repo.id, repo.id], type: QueryTypes.UPDATE,
    });
    const [row] = await sequelize.query<{ likes: number }>('SELECT likes FROM repositories WHERE id = ?', { replacements: [repo.id], type: QueryTypes.SELECT });
    return Number(row?.likes ?? 0);
  }
}
