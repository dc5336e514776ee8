import { DataTypes, type QueryInterface } from 'sequelize';

const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
const timestamps = {
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};
// Names are at most 96 characters (Hugging Face's limit); keys are their lower-case form.
const name = { type: DataTypes.STRING(96), allowNull: false };
const userRef = { type: DataTypes.INTEGER, allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' };

export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  // One row per user or organisation name, so the two can never share a namespace.
  await q.createTable('namespaces', {
    name_key: { type: DataTypes.STRING(96), primaryKey: true, allowNull: false },
    kind: { type: DataTypes.STRING(8), allowNull: false },
    created_at: timestamps.created_at,
  });
  await q.createTable('users', {
    id,
    name,
    name_key: { type: DataTypes.STRING(96), allowNull: false, unique: true },
    email: { type: DataTypes.STRING(254), allowNull: false, unique: true },
    full_name: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
    password_hash: { type: DataTypes.STRING(255), allowNull: true },
    is_admin: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestamps,
  });
  await q.createTable('organizations', {
    id,
    name,
    name_key: { type: DataTypes.STRING(96), allowNull: false, unique: true },
    full_name: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
    description: { type: DataTypes.STRING(1000), allowNull: false, defaultValue: '' },
    ...timestamps,
  });
  await q.createTable('memberships', {
    id,
    org_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' }, onDelete: 'CASCADE' },
    user_id: userRef,
    role: { type: DataTypes.STRING(8), allowNull: false },
    ...timestamps,
  });
  await q.addIndex('memberships', ['org_id', 'user_id'], { unique: true, name: 'memberships_org_user' });
  await q.addIndex('memberships', ['user_id'], { name: 'memberships_user' });

  await q.createTable('repositories', {
    id,
    type: { type: DataTypes.STRING(8), allowNull: false },
    namespace: name,
    name,
    namespace_key: { type: DataTypes.STRING(96), allowNull: false },
    // "{namespace}/{name}" in lower case; with the type, the unique identity of a repository.
    repo_key: { type: DataTypes.STRING(200), allowNull: false },
    visibility: { type: DataTypes.STRING(8), allowNull: false },
    default_branch: { type: DataTypes.STRING(255), allowNull: false, defaultValue: 'main' },
    description: { type: DataTypes.STRING(1000), allowNull: false, defaultValue: '' },
    license: { type: DataTypes.STRING(100), allowNull: true },
    tags: { type: DataTypes.TEXT, allowNull: false },
    card_data: { type: DataTypes.TEXT, allowNull: true },
    likes: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    downloads: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_commit: { type: DataTypes.STRING(64), allowNull: true },
    ...timestamps,
  });
  await q.addIndex('repositories', ['type', 'repo_key'], { unique: true, name: 'repositories_type_key' });
  await q.addIndex('repositories', ['type', 'namespace_key'], { name: 'repositories_type_namespace' });
  await q.addIndex('repositories', ['type', 'updated_at'], { name: 'repositories_type_updated' });

  await q.createTable('access_tokens', {
    id,
    user_id: userRef,
    name: { type: DataTypes.STRING(100), allowNull: false },
    // sha256 of the token: tokens are 190 random bits, so a fast hash is enough and lookups stay O(1).
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    token_hint: { type: DataTypes.STRING(16), allowNull: false },
    scope: { type: DataTypes.STRING(8), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: true },
    last_used_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps,
  });
  await q.addIndex('access_tokens', ['user_id'], { name: 'access_tokens_user' });

  await q.createTable('sessions', {
    id,
    user_id: userRef,
    session_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    csrf_token: { type: DataTypes.STRING(64), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    ...timestamps,
  });

  await q.createTable('ssh_keys', {
    id,
    user_id: userRef,
    name: { type: DataTypes.STRING(100), allowNull: false },
    key_type: { type: DataTypes.STRING(40), allowNull: false },
    public_key: { type: DataTypes.TEXT, allowNull: false },
    fingerprint: { type: DataTypes.STRING(100), allowNull: false, unique: true },
    last_used_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps,
  });
  await q.addIndex('ssh_keys', ['user_id'], { name: 'ssh_keys_user' });

  await q.createTable('audit_events', {
    id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true, allowNull: false },
    actor_id: { type: DataTypes.INTEGER, allowNull: true },
    actor_name: { type: DataTypes.STRING(96), allowNull: true },
    action: { type: DataTypes.STRING(64), allowNull: false },
    repo_key: { type: DataTypes.STRING(210), allowNull: true },
    target: { type: DataTypes.STRING(255), allowNull: true },
    ip: { type: DataTypes.STRING(64), allowNull: true },
    details: { type: DataTypes.TEXT, allowNull: true },
    created_at: timestamps.created_at,
  });
  await q.addIndex('audit_events', ['repo_key', 'created_at'], { name: 'audit_events_repo' });
  await q.addIndex('audit_events', ['actor_id', 'created_at'], { name: 'audit_events_actor' });
}

export async function down({ context: q }: { context: QueryInterface }): Promise<void> {
  for (const table of ['audit_events', 'ssh_keys', 'sessions', 'access_tokens', 'repositories', 'memberships', 'organizations', 'users', 'namespaces']) {
    await q.dropTable(table);
  }
}
