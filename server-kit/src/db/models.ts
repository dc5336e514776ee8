import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type RepoType = 'model' | 'dataset' | 'space' | 'code';
export type Visibility = 'public' | 'internal' | 'private';
export type OrgRole = 'read' | 'write' | 'admin';
export type TokenScope = 'read' | 'write' | 'admin';

export class NamespaceRow extends Model<InferAttributes<NamespaceRow>, InferCreationAttributes<NamespaceRow>> {
  declare nameKey: string;
  declare kind: 'user' | 'org';
  declare createdAt: CreationOptional<Date>;
}

export class UserRow extends Model<InferAttributes<UserRow>, InferCreationAttributes<UserRow>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare nameKey: string;
  declare email: string;
  declare fullName: CreationOptional<string>;
  declare passwordHash: string | null;
  declare isAdmin: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OrgRow extends Model<InferAttributes<OrgRow>, InferCreationAttributes<OrgRow>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare nameKey: string;
  declare fullName: CreationOptional<string>;
  declare description: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class MembershipRow extends Model<InferAttributes<MembershipRow>, InferCreationAttributes<MembershipRow>> {
  declare id: CreationOptional<number>;
  declare orgId: number;
  declare userId: number;
  declare role: OrgRole;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class RepoRow extends Model<InferAttributes<RepoRow>, InferCreationAttributes<RepoRow>> {
  declare id: CreationOptional<number>;
  declare type: RepoType;
  declare namespace: string;
  declare name: string;
  declare namespaceKey: string;
  declare repoKey: string;
  declare visibility: Visibility;
  declare defaultBranch: CreationOptional<string>;
  declare description: CreationOptional<string>;
  declare license: string | null;
  /** JSON array of strings. */
  declare tags: string;
  /** JSON object from README.md's YAML front matter. */
  declare cardData: string | null;
  declare likes: CreationOptional<number>;
  declare downloads: CreationOptional<number>;
  declare lastCommit: string | null;
  /** JSON array of branch names besides the default branch. */
  declare protectedBranches: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class TokenRow extends Model<InferAttributes<TokenRow>, InferCreationAttributes<TokenRow>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare name: string;
  declare tokenHash: string;
  declare tokenHint: string;
  declare scope: TokenScope;
  declare expiresAt: Date | null;
  declare lastUsedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SessionRow extends Model<InferAttributes<SessionRow>, InferCreationAttributes<SessionRow>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare sessionHash: string;
  declare csrfToken: string;
  declare expiresAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SshKeyRow extends Model<InferAttributes<SshKeyRow>, InferCreationAttributes<SshKeyRow>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare name: string;
  declare keyType: string;
  declare publicKey: string;
  declare fingerprint: string;
  declare lastUsedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AuditRow extends Model<InferAttributes<AuditRow>, InferCreationAttributes<AuditRow>> {
  declare id: CreationOptional<number>;
  declare actorId: number | null;
  declare actorName: string | null;
  declare action: string;
  declare repoKey: string | null;
  declare target: string | null;
  declare ip: string | null;
  declare details: string | null;
  declare createdAt: CreationOptional<Date>;
}

export class SettingRow extends Model<InferAttributes<SettingRow>, InferCreationAttributes<SettingRow>> {
  declare key: string;
  declare value: string;
}

export class LfsObjectRow extends Model<InferAttributes<LfsObjectRow>, InferCreationAttributes<LfsObjectRow>> {
  declare oid: string;
  declare size: number;
  declare createdAt: CreationOptional<Date>;
}

export class RepoLfsRow extends Model<InferAttributes<RepoLfsRow>, InferCreationAttributes<RepoLfsRow>> {
  declare repoId: number;
  declare oid: string;
  declare createdAt: CreationOptional<Date>;
}

export class LfsUploadRow extends Model<InferAttributes<LfsUploadRow>, InferCreationAttributes<LfsUploadRow>> {
  declare id: string;
  declare oid: string;
  declare size: number;
  declare repoId: number;
  declare userId: number | null;
  declare stagingKey: string;
  declare multipartId: string | null;
  declare chunkSize: number | null;
  declare expiresAt: Date;
  declare createdAt: CreationOptional<Date>;
}

export class LfsLockRow extends Model<InferAttributes<LfsLockRow>, InferCreationAttributes<LfsLockRow>> {
  declare id: CreationOptional<number>;
  declare repoId: number;
  declare path: string;
  declare pathKey: string;
  declare ownerId: number;
  declare refName: string | null;
  declare createdAt: CreationOptional<Date>;
}

export type DiscussionStatus = 'open' | 'closed' | 'merged' | 'draft';
export type DiscussionEventType = 'comment' | 'status-change' | 'title-change' | 'commit';

export class DiscussionRow extends Model<InferAttributes<DiscussionRow>, InferCreationAttributes<DiscussionRow>> {
  declare id: CreationOptional<number>;
  declare repoId: number;
  declare num: number;
  declare title: string;
  declare status: DiscussionStatus;
  declare isPullRequest: boolean;
  declare authorId: number | null;
  declare targetBranch: string | null;
  declare mergeCommitId: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class DiscussionEventRow extends Model<InferAttributes<DiscussionEventRow>, InferCreationAttributes<DiscussionEventRow>> {
  declare id: CreationOptional<number>;
  declare discussionId: number;
  declare type: DiscussionEventType;
  declare authorId: number | null;
  /** JSON; see services/discussions/events.ts. */
  declare data: string;
  declare hidden: CreationOptional<boolean>;
  declare hiddenById: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class RepoLikeRow extends Model<InferAttributes<RepoLikeRow>, InferCreationAttributes<RepoLikeRow>> {
  declare repoId: number;
  declare userId: number;
  declare createdAt: CreationOptional<Date>;
}

const common = { underscored: true, timestamps: true } as const;
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const pk = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true };
const date = (allowNull: boolean) => ({ type: DataTypes.DATE(3), allowNull });

const bigint = { type: DataTypes.BIGINT, allowNull: false, get(this: Model) { return Number(this.getDataValue('size' as never)); } };

/** Binds the model classes to a connection; the schema itself comes from the migrations. */
export function initModels(sequelize: Sequelize): void {
  SettingRow.init({ key: { ...str(64), primaryKey: true }, value: { type: DataTypes.TEXT, allowNull: false } }, { sequelize, tableName: 'hub_settings', timestamps: false });
  LfsObjectRow.init(
    { oid: { ...str(64), primaryKey: true }, size: bigint, createdAt: date(false) },
    { sequelize, tableName: 'lfs_objects', ...common, updatedAt: false },
  );
  RepoLfsRow.init(
    { repoId: { type: DataTypes.INTEGER, primaryKey: true }, oid: { ...str(64), primaryKey: true }, createdAt: date(false) },
    { sequelize, tableName: 'repo_lfs_objects', ...common, updatedAt: false },
  );
  LfsUploadRow.init(
    {
      id: { ...str(36), primaryKey: true }, oid: str(64), size: bigint, repoId: DataTypes.INTEGER, userId: { type: DataTypes.INTEGER, allowNull: true },
      stagingKey: str(255), multipartId: str(1024, true),
      chunkSize: { type: DataTypes.BIGINT, allowNull: true, get(this: Model) { const v = this.getDataValue('chunkSize' as never); return v === null ? null : Number(v); } },
      expiresAt: date(false), createdAt: date(false),
    },
    { sequelize, tableName: 'lfs_uploads', ...common, updatedAt: false },
  );
  LfsLockRow.init(
    {
      id: pk, repoId: DataTypes.INTEGER, path: { type: DataTypes.TEXT, allowNull: false }, pathKey: str(64), ownerId: DataTypes.INTEGER,
      refName: str(255, true), createdAt: date(false),
    },
    { sequelize, tableName: 'lfs_locks', ...common, updatedAt: false },
  );
  NamespaceRow.init(
    { nameKey: { ...str(96), primaryKey: true }, kind: str(8), createdAt: date(false) },
    { sequelize, tableName: 'namespaces', ...common, updatedAt: false },
  );
  UserRow.init(
    {
      id: pk, name: str(96), nameKey: str(96), email: str(254), fullName: str(200),
      passwordHash: str(255, true), isAdmin: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: date(false), updatedAt: date(false),
    },
    { sequelize, tableName: 'users', ...common },
  );
  OrgRow.init(
    { id: pk, name: str(96), nameKey: str(96), fullName: str(200), description: str(1000), createdAt: date(false), updatedAt: date(false) },
    { sequelize, tableName: 'organizations', ...common },
  );
  MembershipRow.init(
    { id: pk, orgId: DataTypes.INTEGER, userId: DataTypes.INTEGER, role: str(8), createdAt: date(false), updatedAt: date(false) },
    { sequelize, tableName: 'memberships', ...common },
  );
  RepoRow.init(
    {
      id: pk, type: str(8), namespace: str(96), name: str(96), namespaceKey: str(96), repoKey: str(210),
      visibility: str(8), defaultBranch: { ...str(255), defaultValue: 'main' }, description: { ...str(1000), defaultValue: '' },
      license: str(100, true), tags: { type: DataTypes.TEXT, allowNull: false }, cardData: { type: DataTypes.TEXT, allowNull: true },
      likes: { type: DataTypes.INTEGER, defaultValue: 0 }, downloads: { type: DataTypes.INTEGER, defaultValue: 0 },
      lastCommit: str(64, true), protectedBranches: { type: DataTypes.TEXT, allowNull: true },
      createdAt: date(false), updatedAt: date(false),
    },
    { sequelize, tableName: 'repositories', ...common },
  );
  TokenRow.init(
    {
      id: pk, userId: DataTypes.INTEGER, name: str(100), tokenHash: str(64), tokenHint: str(16), scope: str(8),
      expiresAt: date(true), lastUsedAt: date(true), createdAt: date(false), updatedAt: date(false),
    },
    { sequelize, tableName: 'access_tokens', ...common },
  );
  SessionRow.init(
    {
      id: pk, userId: DataTypes.INTEGER, sessionHash: str(64), csrfToken: str(64), expiresAt: date(false),
      createdAt: date(false), updatedAt: date(false),
    },
    { sequelize, tableName: 'sessions', ...common },
  );
  SshKeyRow.init(
    {
      id: pk, userId: DataTypes.INTEGER, name: str(100), keyType: str(40), publicKey: { type: DataTypes.TEXT, allowNull: false },
      fingerprint: str(100), lastUsedAt: date(true), createdAt: date(false), updatedAt: date(false),
    },
    { sequelize, tableName: 'ssh_keys', ...common },
  );
  DiscussionRow.init(
    {
      id: pk, repoId: DataTypes.INTEGER, num: DataTypes.INTEGER, title: str(300), status: str(8),
      isPullRequest: { type: DataTypes.BOOLEAN, allowNull: false }, authorId: { type: DataTypes.INTEGER, allowNull: true },
      targetBranch: str(255, true), mergeCommitId: str(40, true), createdAt: date(false), updatedAt: date(false),
    },
    { sequelize, tableName: 'discussions', ...common },
  );
  DiscussionEventRow.init(
    {
      id: pk, discussionId: DataTypes.INTEGER, type: str(16), authorId: { type: DataTypes.INTEGER, allowNull: true },
      data: { type: DataTypes.TEXT, allowNull: false }, hidden: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      hiddenById: { type: DataTypes.INTEGER, allowNull: true }, createdAt: date(false), updatedAt: date(false),
    },
    { sequelize, tableName: 'discussion_events', ...common },
  );
  RepoLikeRow.init(
    { repoId: { type: DataTypes.INTEGER, primaryKey: true }, userId: { type: DataTypes.INTEGER, primaryKey: true }, createdAt: date(false) },
    { sequelize, tableName: 'repo_likes', ...common, updatedAt: false },
  );
  AuditRow.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true }, actorId: { type: DataTypes.INTEGER, allowNull: true },
      actorName: str(96, true), action: str(64), repoKey: str(210, true), target: str(255, true), ip: str(64, true),
      details: { type: DataTypes.TEXT, allowNull: true }, createdAt: date(false),
    },
    { sequelize, tableName: 'audit_events', ...common, updatedAt: false },
  );
}
