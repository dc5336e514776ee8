import { DataTypes, type QueryInterface } from 'sequelize';

const repoRef = { type: DataTypes.INTEGER, allowNull: false, references: { model: 'repositories', key: 'id' }, onDelete: 'CASCADE' };
// A deleted account leaves its discussions and comments behind, authored by "deleted" (as on Hugging Face).
const authorRef = { type: DataTypes.INTEGER, allowNull: true, references: { model: 'users', key: 'id' }, onDelete: 'SET NULL' };

/** Discussions and pull requests with their events, and likes. */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  // A comment with its edit history can exceed MySQL's 64 KB TEXT; SQLite's TEXT has no such limit.
  const longText = q.sequelize.getDialect() === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;
  await q.createTable('discussions', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    repo_id: repoRef,
    num: { type: DataTypes.INTEGER, allowNull: false },
    title: { type: DataTypes.STRING(300), allowNull: false },
    // open | closed | merged | draft
    status: { type: DataTypes.STRING(8), allowNull: false },
    is_pull_request: { type: DataTypes.BOOLEAN, allowNull: false },
    author_id: authorRef,
    // Pull requests only: the branch they target and, once merged, the merge commit.
    target_branch: { type: DataTypes.STRING(255), allowNull: true },
    merge_commit_id: { type: DataTypes.STRING(40), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('discussions', ['repo_id', 'num'], { unique: true, name: 'discussions_repo_num' });
  await q.createTable('discussion_events', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    discussion_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'discussions', key: 'id' }, onDelete: 'CASCADE' },
    // comment | status-change | title-change | commit
    type: { type: DataTypes.STRING(16), allowNull: false },
    author_id: authorRef,
    // JSON: the comment's text and its edit history, or the change recorded.
    data: { type: longText, allowNull: false },
    hidden: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    hidden_by_id: authorRef,
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('discussion_events', ['discussion_id', 'id'], { name: 'discussion_events_discussion' });
  await q.createTable('repo_likes', {
    repo_id: { ...repoRef, primaryKey: true },
    user_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('repo_likes', ['user_id', 'created_at'], { name: 'repo_likes_user' });
}

export async function down({ context: q }: { context: QueryInterface }): Promise<void> {
  for (const table of ['repo_likes', 'discussion_events', 'discussions']) await q.dropTable(table);
}
