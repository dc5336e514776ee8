import { Op } from 'sequelize';
import { TokenRow, UserRow, type TokenScope } from '../db/models.js';
import { badRequest, notFound } from '../errors.js';
import { findOnePlain } from '../db/plain-query.js';
import { newAccessToken, sha256Hex } from '../auth/secrets.js';

export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];

export interface CreatedToken {
  row: TokenRow;
  /** The token itself: shown once, never stored. */
  token: string;
}

// Writing last_used_at on every request would turn reads into writes; once a minute is enough.
const LAST_USED_GRANULARITY_MS = 60_000;

/** Personal access tokens. Only their sha256 is stored. */
export class TokensService {
  async create(user: UserRow, input: { name?: string; scope?: string; expiresAt?: Date | null }): Promise<CreatedToken> {
    const name = (input.name ?? 'token').trim();
    if (!name || name.length > 100) throw badRequest('The token name must have 1 to 100 characters');
    const scope = (input.scope ?? 'write') as TokenScope;
    if (!TOKEN_SCOPES.includes(scope)) throw badRequest(`Invalid token scope "${String(input.scope)}": use read, write or admin`);
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw badRequest('The expiry date must be in the future');
    const token = newAccessToken();
    const row = await TokenRow.create({
      userId: user.id, name, scope, tokenHash: sha256Hex(token), tokenHint: token.slice(-4),
      expiresAt: input.expiresAt ?? null, lastUsedAt: null,
    });
    return { row, token };
  }

  /** The token's row and user, or null when it is unknown or expired. */
  async resolve(token: string): Promise<{ row: TokenRow; user: UserRow } | null> {
    if (!/^hf_[A-Za-z0-9]{20,64}$/.test(token)) return null;
    // On every authenticated request: plain queries, not findOne's model machinery.
    const row = await findOnePlain(TokenRow, { tokenHash: sha256Hex(token) });
    if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
    const user = await findOnePlain(UserRow, { id: row.userId });
    if (!user) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
      await TokenRow.update({ lastUsedAt: new Date() }, { where: { id: row.id } });
    }
    return { row, user };
  }

  async list(user: UserRow): Promise<TokenRow[]> {
    return TokenRow.findAll({ where: { userId: user.id }, order: [['id', 'ASC']] });
  }

  async revoke(user: UserRow, id: number): Promise<void> {
    const removed = await TokenRow.destroy({ where: { id, userId: user.id } });
    if (!removed) throw notFound(`Token not found: ${id}`);
  }

  async purgeExpired(): Promise<number> {
    return TokenRow.destroy({ where: { expiresAt: { [Op.lt]: new Date() } } });
  }
}
