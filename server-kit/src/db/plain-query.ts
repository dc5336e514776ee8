import { DataTypes, QueryTypes, type Model, type ModelStatic } from 'sequelize';

/**
 * The first row of a plain SELECT as a model instance. On the path of every request (tokens,
 * repositories) a plain query is several times cheaper than findOne's model machinery.
 */
export async function findOnePlain<M extends Model>(model: ModelStatic<M>, where: Record<string, string | number>): Promise<M | null> {
  const sequelize = model.sequelize!;
  const q = (name: string) => sequelize.getQueryInterface().quoteIdentifier(name);
  const attributes = model.getAttributes() as Record<string, { field?: string }>;
  const conditions = Object.keys(where).map((name) => `${q(attributes[name]?.field ?? name)} = ?`);
  const sql = `SELECT * FROM ${q(model.getTableName() as string)} WHERE ${conditions.join(' AND ')} LIMIT 1`;
  const rows = await sequelize.query<Record<string, unknown>>(sql, { replacements: Object.values(where), type: QueryTypes.SELECT });
  return rows[0] ? fromColumns(model, rows[0]) : null;
}

/** A model instance from a plain row: columns renamed to attributes, values typed as the model says (SQLite gives strings and 0/1). */
export function fromColumns<M extends Model>(model: ModelStatic<M>, columns: Record<string, unknown>): M {
  const attributes: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(model.getAttributes())) {
    const value = columns[attribute.field ?? name];
    attributes[name] = value === null || value === undefined ? value : typed(attribute.type, value);
  }
  return model.build(attributes as never, { isNewRecord: false, raw: true });
}

function typed(type: unknown, value: unknown): unknown {
  if (type instanceof DataTypes.DATE) return value instanceof Date ? value : new Date(String(value));
  if (type instanceof DataTypes.BOOLEAN) return value === true || value === 1 || value === '1';
  if (type instanceof DataTypes.INTEGER || type instanceof DataTypes.BIGINT) return Number(value);
  return value;
}
