import { DataTypes, type QueryInterface } from 'sequelize';

/** Git LFS: content-addressed objects, their links to repositories, uploads in flight, locks; and hub settings. */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.createTable('hub_settings', {
    key: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    value: { type: DataTypes.TEXT, allowNull: false },
  });
  // One row per stored object, written only once its bytes are verified.
  await q.createTable('lfs_objects', {
    oid: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    size: { type: DataTypes.BIGINT, allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.createTable('repo_lfs_objects', {
    repo_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'repositories', key: 'id' }, onDelete: 'CASCADE' },
    oid: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('repo_lfs_objects', ['oid'], { name: 'repo_lfs_objects_oid' });
  // Uploads that went straight to the object store and are not verified yet.
  await q.createTable('lfs_uploads', {
    id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    oid: { type: DataTypes.STRING(64), allowNull: false },
    size: { type: DataTypes.BIGINT, allowNull: false },
    repo_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'repositories', key: 'id' }, onDelete: 'CASCADE' },
    user_id: { type: DataTypes.INTEGER, allowNull: true },
    staging_key: { type: DataTypes.STRING(255), allowNull: false },
    multipart_id: { type: DataTypes.STRING(1024), allowNull: true },
    chunk_size: { type: DataTypes.BIGINT, allowNull: true },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('lfs_uploads', ['repo_id', 'oid'], { name: 'lfs_uploads_repo_oid' });
  await q.createTable('lfs_locks', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    repo_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'repositories', key: 'id' }, onDelete: 'CASCADE' },
    path: { type: DataTypes.TEXT, allowNull: false },
    // sha256 of the path: a fixed-width key for the uniqueness of (repository, path).
    path_key: { type: DataTypes.STRING(64), allowNull: false },
    owner_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
    ref_name: { type: DataTypes.STRING(255), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('lfs_locks', ['repo_id', 'path_key'], { unique: true, name: 'lfs_locks_repo_path' });
}

export async function down({ context: q }: { context: QueryInterface }): Promise<void> {
  for (const table of ['lfs_locks', 'lfs_uploads', 'repo_lfs_objects', 'lfs_objects', 'hub_settings']) await q.dropTable(table);
}
