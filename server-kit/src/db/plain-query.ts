import { DataTypes, QueryTypes, type Model, type ModelStatic, type Sequelize } from 'sequelize';
import { sqliteReaderOf } from './sqlite-reader.js';

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
  const row = await selectFirst(sequelize, sql, Object.values(where));
  return row ? fromColumns(model, row) : null;
}

/**
 * On SQLite the lookup runs on the synchronous read-only connection; Sequelize's query path would
 * add a `PRAGMA table_info` before every SELECT on its one serialised connection, and an Error
 * built for its stack. Elsewhere (MySQL/MariaDB) the pool runs it.
 */
async function selectFirst(sequelize: Sequelize, sql: string, params: Array<string | number>): Promise<Record<string, unknown> | undefined> {
  const reader = sqliteReaderOf(sequelize);
  if (reader) {
    try {
      return reader.first(sql, params);
    } catch (err) {
      // SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, _SNAPSHOT, _TIMEOUT).
      if (!(err as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw err;
    }
  }
  const rows = await sequelize.query<Record<string, unknown>>(sql, { replacements: params, type: QueryTypes.SELECT });
  return rows[0];
}

/** A model instance from a plain row: columns renamed to attributes, values typed as the model says (SQLite gives strings and 0/1). */
export function fromColumns<M extends Model>(model: ModelStatic<M>, columns: Record<string, unknown>): M {
  const attributes: Record<string, unknown> = {};
  for (const { name, field, convert } of columnsOf(model)) {
    const value = columns[field];
    attributes[name] = value === null || value === undefined ? value : convert(value);
  }
  return model.build(attributes as never, { isNewRecord: false, raw: true });
}

interface Column {
  name: string;
  field: string;
  convert: (value: unknown) => unknown;
}

const columnCache = new WeakMap<object, Column[]>();

function columnsOf(model: ModelStatic<Model>): Column[] {
  let columns = columnCache.get(model);
  if (!columns) {
    columns = Object.entries(model.getAttributes()).map(([name, attribute]) => ({ name, field: attribute.field ?? name, convert: converterFor(attribute.type) }));
    columnCache.set(model, columns);
  }
  return columns;
}

function converterFor(type: unknown): (value: unknown) => unknown {
  if (type instanceof DataTypes.DATE) return (value) => (value instanceof Date ? value : new Date(String(value)));
  if (type instanceof DataTypes.BOOLEAN) return (value) => value === true || value === 1 || value === '1';
  if (type instanceof DataTypes.INTEGER || type instanceof DataTypes.BIGINT) return Number;
  return (value) => value;
}
