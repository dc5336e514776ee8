import { UniqueConstraintError, type Sequelize } from 'sequelize';
import { MembershipRow, NamespaceRow, OrgRow, UserRow, type OrgRole } from '../db/models.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { assertValidName, nameKey } from '../util/names.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords.js';
import type { ActorUser } from '../access/actor.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}$/;

export interface NewUser {
  name: string;
  email: string;
  fullName?: string;
  password?: string;
  isAdmin?: boolean;
}

export const toActorUser = (row: UserRow): ActorUser => ({
  id: row.id, name: row.name, nameKey: row.nameKey, email: row.email, fullName: row.fullName, isAdmin: row.isAdmin,
});

/** Users, organisations and memberships. Users and organisations share one namespace table. */
export class AccountsService {
  constructor(private readonly sequelize: Sequelize) {}

  async createUser(input: NewUser): Promise<UserRow> {
    const name = assertValidName(input.name, 'user');
    const email = String(input.email ?? '').trim();
    if (!EMAIL.test(email)) throw badRequest(`Invalid email address "${email.slice(0, 100)}"`);
    const passwordHash = input.password === undefined ? null : await hashPassword(checkPassword(input.password));
    try {
      return await this.sequelize.transaction(async (transaction) => {
        await NamespaceRow.create({ nameKey: nameKey(name), kind: 'user' }, { transaction });
        return UserRow.create(
          { name, nameKey: nameKey(name), email: email.toLowerCase(), fullName: input.fullName ?? '', passwordHash, isAdmin: input.isAdmin ?? false },
          { transaction },
        );
      });
    } catch (err) {
      if (err instanceof UniqueConstraintError) {
        const onEmail = err.errors.some((e) => e.path?.includes('email'));
        throw conflict(onEmail ? `A user with email ${email} already exists` : `The name "${name}" is already taken`);
      }
      throw err;
    }
  }

  async findUser(name: string): Promise<UserRow | null> {
    // No name has a NUL byte, and SQLite's inlined literals cannot carry one (the query fails).
    if (name.includes('\0')) return null;
    return UserRow.findOne({ where: { nameKey: nameKey(name) } });
  }

  async requireUser(name: string): Promise<UserRow> {
    const user = await this.findUser(name);
    if (!user) throw notFound(`User not found: ${name}`);
    return user;
  }

  async userById(id: number): Promise<UserRow | null> {
    return UserRow.findByPk(id);
  }

  /** Checks a name (or email) and password; the same answer and similar time whether or not the user exists. */
  async checkCredentials(login: string, password: string): Promise<UserRow | null> {
    const key = login.trim().toLowerCase();
    const user = key.includes('@') ? await UserRow.findOne({ where: { email: key } }) : await this.findUser(key);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    return ok && user ? user : null;
  }

  async setPassword(user: UserRow, password: string): Promise<void> {
    user.passwordHash = await hashPassword(checkPassword(password));
    await user.save();
  }

  async updateProfile(user: UserRow, changes: { fullName?: string; email?: string }): Promise<UserRow> {
    if (changes.email !== undefined) {
      const email = changes.email.trim();
      if (!EMAIL.test(email)) throw badRequest(`Invalid email address "${email.slice(0, 100)}"`);
      user.email = email.toLowerCase();
    }
    if (changes.fullName !== undefined) user.fullName = changes.fullName;
    try {
      return await user.save();
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw conflict(`A user with email ${user.email} already exists`);
      throw err;
    }
  }

  async listUsers(): Promise<UserRow[]> {
    return UserRow.findAll({ order: [['nameKey', 'ASC']] });
  }

  async createOrg(input: { name: string; fullName?: string; description?: string }, owner: UserRow): Promise<OrgRow> {
    const name = assertValidName(input.name, 'organization');
    try {
      return await this.sequelize.transaction(async (transaction) => {
        await NamespaceRow.create({ nameKey: nameKey(name), kind: 'org' }, { transaction });
        const org = await OrgRow.create(
          { name, nameKey: nameKey(name), fullName: input.fullName ?? '', description: input.description ?? '' },
          { transaction },
        );
        await MembershipRow.create({ orgId: org.id, userId: owner.id, role: 'admin' }, { transaction });
        return org;
      });
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw conflict(`The name "${name}" is already taken`);
      throw err;
    }
  }

  async findOrg(name: string): Promise<OrgRow | null> {
    return OrgRow.findOne({ where: { nameKey: nameKey(name) } });
  }

  async requireOrg(name: string): Promise<OrgRow> {
    const org = await this.findOrg(name);
    if (!org) throw notFound(`Organization not found: ${name}`);
    return org;
  }

  async namespaceKind(name: string): Promise<'user' | 'org' | null> {
    const row = await NamespaceRow.findByPk(nameKey(name));
    return row?.kind ?? null;
  }

  async members(org: OrgRow): Promise<Array<{ user: UserRow; role: OrgRole }>> {
    const rows = await MembershipRow.findAll({ where: { orgId: org.id }, order: [['id', 'ASC']] });
    const users = await UserRow.findAll({ where: { id: rows.map((r) => r.userId) } });
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.flatMap((r) => {
      const user = byId.get(r.userId);
      return user ? [{ user, role: r.role }] : [];
    });
  }

  /** Adds or changes a member's role. The last admin cannot be demoted, so an organisation is never orphaned. */
  async setMember(org: OrgRow, user: UserRow, role: OrgRole): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      const existing = await MembershipRow.findOne({ where: { orgId: org.id, userId: user.id }, transaction });
      if (existing) {
        if (existing.role === 'admin' && role !== 'admin') await this.assertAnotherAdmin(org, user, transaction);
        existing.role = role;
        await existing.save({ transaction });
      } else {
        await MembershipRow.create({ orgId: org.id, userId: user.id, role }, { transaction });
      }
    });
  }

  async removeMember(org: OrgRow, user: UserRow): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      const existing = await MembershipRow.findOne({ where: { orgId: org.id, userId: user.id }, transaction });
      if (!existing) throw notFound(`${user.name} is not a member of ${org.name}`);
      if (existing.role === 'admin') await this.assertAnotherAdmin(org, user, transaction);
      await existing.destroy({ transaction });
    });
  }

  /** Organisation name key -> role, for every organisation the user belongs to. */
  async rolesOf(userId: number): Promise<Map<string, OrgRole>> {
    const rows = await MembershipRow.findAll({ where: { userId } });
    if (!rows.length) return new Map();
    const orgs = await OrgRow.findAll({ where: { id: rows.map((r) => r.orgId) } });
    const keyById = new Map(orgs.map((o) => [o.id, o.nameKey]));
    return new Map(rows.flatMap((r) => {
      const key = keyById.get(r.orgId);
      return key ? [[key, r.role] as const] : [];
    }));
  }

  async orgsOf(userId: number): Promise<Array<{ org: OrgRow; role: OrgRole }>> {
    const rows = await MembershipRow.findAll({ where: { userId } });
    const orgs = await OrgRow.findAll({ where: { id: rows.map((r) => r.orgId) }, order: [['nameKey', 'ASC']] });
    const roleByOrg = new Map(rows.map((r) => [r.orgId, r.role]));
    return orgs.map((org) => ({ org, role: roleByOrg.get(org.id) ?? 'read' }));
  }

  /**
   * Locks the organisation's admin rows (SELECT ... FOR UPDATE on MySQL; SQLite transactions are
   * already serialised), so admins stepping down at the same moment cannot all see one another.
   */
  private async assertAnotherAdmin(org: OrgRow, user: UserRow, transaction: import('sequelize').Transaction): Promise<void> {
    const admins = await MembershipRow.findAll({ where: { orgId: org.id, role: 'admin' }, transaction, lock: transaction.LOCK.UPDATE });
    if (admins.length <= 1) throw conflict(`${user.name} is the last admin of ${org.name}; make someone else admin first`);
  }
}

function checkPassword(password: unknown): string {
  if (typeof password !== 'string') throw badRequest('The password must be a string');
  if (password.length < MIN_PASSWORD_LENGTH) throw badRequest(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw badRequest(`The password must have at most ${MAX_PASSWORD_LENGTH} characters`);
  return password;
}

// Verified against when the user does not exist, so timing does not reveal which names exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
