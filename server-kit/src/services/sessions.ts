import { Op } from 'sequelize';
import { SessionRow, UserRow } from '../db/models.js';
import { newSessionId, randomBase62, sha256Hex } from '../auth/secrets.js';

/** Browser sessions after a password sign-in. The cookie holds the id; the database holds its hash. */
export class SessionsService {
  constructor(private readonly ttlSeconds: number) {}

  async create(user: UserRow): Promise<{ id: string; csrfToken: string; expiresAt: Date }> {
    const id = newSessionId();
    const csrfToken = randomBase62(32);
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    await SessionRow.create({ userId: user.id, sessionHash: sha256Hex(id), csrfToken, expiresAt });
    return { id, csrfToken, expiresAt };
  }

  async resolve(id: string): Promise<{ session: SessionRow; user: UserRow } | null> {
    if (!/^[A-Za-z0-9]{43}$/.test(id)) return null;
    const session = await SessionRow.findOne({ where: { sessionHash: sha256Hex(id), expiresAt: { [Op.gt]: new Date() } } });
    if (!session) return null;
    const user = await UserRow.findByPk(session.userId);
    return user ? { session, user } : null;
  }

  async destroy(id: string): Promise<void> {
    await SessionRow.destroy({ where: { sessionHash: sha256Hex(id) } });
  }

  async destroyAllFor(userId: number): Promise<void> {
    await SessionRow.destroy({ where: { userId } });
  }
}
