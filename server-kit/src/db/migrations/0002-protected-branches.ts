import { DataTypes, type QueryInterface } from 'sequelize';

// Branches that only repository admins may force-push or delete (the default branch always is).
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.addColumn('repositories', 'protected_branches', { type: DataTypes.TEXT, allowNull: true });
}

export async function down({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.removeColumn('repositories', 'protected_branches');
}
