import { Bool, Field, Float64, Int64, Schema, Table, Utf8, vectorFromArray, tableToIPC, type DataType } from 'apache-arrow';
import { DuckDBTypeId } from '@duckdb/node-api';
import type { Column } from './features.js';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/**
 * Rows as an Arrow IPC stream: integers, floats and booleans keep their type; everything else
 * (text, dates, nested values, already JSON-shaped by `presentRow`) travels as UTF-8, nested
 * values as their JSON. `metadata` (row indexes, totals, truncated cells) goes into the schema's
 * custom metadata.
 */
export function encodeArrow(columns: Column[], rows: Array<Record<string, unknown>>, metadata: Record<string, string>): Uint8Array {
  const fields: Field[] = [];
  // Keyed by column names, which may be __proto__: no prototype to set by accident.
  const vectors: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const used = new Set<string>();
  for (const c of columns) {
    if (used.has(c.name)) continue;
    used.add(c.name);
    const type = arrowType(c);
    const values = rows.map((r) => convert(r[c.name], type));
    fields.push(new Field(c.name, type, true));
    vectors[c.name] = vectorFromArray(values as never[], type as never);
  }
  const schema = new Schema(fields, new Map(Object.entries(metadata)));
  const table = rows.length === 0 ? new Table(schema) : new Table(schema, vectors as never);
  return tableToIPC(table, 'stream');
}

function arrowType(c: Column): DataType {
  switch (c.type.typeId) {
    case DuckDBTypeId.BOOLEAN: return new Bool();
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER: case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER:
      return new Int64();
    case DuckDBTypeId.FLOAT: case DuckDBTypeId.DOUBLE: case DuckDBTypeId.DECIMAL:
      return new Float64();
    default: return new Utf8();
  }
}

function convert(v: unknown, type: DataType): unknown {
  if (v === null || v === undefined) return null;
  if (type instanceof Int64) return typeof v === 'number' ? BigInt(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : null;
  if (type instanceof Float64) return typeof v === 'number' ? v : Number(v);
  if (type instanceof Bool) return Boolean(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}
