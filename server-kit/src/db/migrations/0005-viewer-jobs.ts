import { DataTypes, type QueryInterface } from 'sequelize';

/** The dataset viewer's background jobs (Parquet conversion), persisted so they survive restarts. */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.createTable('viewer_jobs', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    repo_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'repositories', key: 'id' }, onDelete: 'CASCADE' },
    kind: { type: DataTypes.STRING(32), allowNull: false },
    commit_sha: { type: DataTypes.STRING(40), allowNull: false },
    // queued | running | done | failed
    status: { type: DataTypes.STRING(16), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    error: { type: DataTypes.TEXT, allowNull: true },
    // Who holds a running job, and until when: a job whose lease ran out (its process died) is taken again.
    claim: { type: DataTypes.STRING(36), allowNull: true },
    lease_until: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('viewer_jobs', ['status', 'id'], { name: 'viewer_jobs_status' });
  await q.addIndex('viewer_jobs', ['repo_id', 'id'], { name: 'viewer_jobs_repo' });
}

export async function down({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.dropTable('viewer_jobs');
}
