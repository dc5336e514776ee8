import {
  DuckDBArrayType, DuckDBArrayValue, DuckDBBlobValue, DuckDBDecimalType, DuckDBDecimalValue, DuckDBListType, DuckDBListValue,
  DuckDBMapValue, DuckDBStructType, DuckDBStructValue, DuckDBTypeId, type DuckDBType, type DuckDBValue,
} from '@duckdb/node-api';

export interface Column {
  name: string;
  type: DuckDBType;
}

export type Feature = Record<string, unknown>;

const VALUE_DTYPES: Partial<Record<DuckDBTypeId, string>> = {
  [DuckDBTypeId.BOOLEAN]: 'bool', [DuckDBTypeId.TINYINT]: 'int8', [DuckDBTypeId.SMALLINT]: 'int16', [DuckDBTypeId.INTEGER]: 'int32',
  [DuckDBTypeId.BIGINT]: 'int64', [DuckDBTypeId.UTINYINT]: 'uint8', [DuckDBTypeId.USMALLINT]: 'uint16', [DuckDBTypeId.UINTEGER]: 'uint32',
  [DuckDBTypeId.UBIGINT]: 'uint64', [DuckDBTypeId.FLOAT]: 'float32', [DuckDBTypeId.DOUBLE]: 'float64', [DuckDBTypeId.VARCHAR]: 'string',
  [DuckDBTypeId.BLOB]: 'binary', [DuckDBTypeId.DATE]: 'date32', [DuckDBTypeId.TIME]: 'time64[us]', [DuckDBTypeId.TIMESTAMP]: 'timestamp[us]',
  [DuckDBTypeId.TIMESTAMP_S]: 'timestamp[s]', [DuckDBTypeId.TIMESTAMP_MS]: 'timestamp[ms]', [DuckDBTypeId.TIMESTAMP_NS]: 'timestamp[ns]',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'timestamp[us, tz=UTC]', [DuckDBTypeId.INTERVAL]: 'duration[us]', [DuckDBTypeId.UUID]: 'string',
  [DuckDBTypeId.HUGEINT]: 'int128', [DuckDBTypeId.UHUGEINT]: 'uint128', [DuckDBTypeId.ENUM]: 'string',
};

/** A DuckDB column type as a Hugging Face `datasets` feature (`Value`, `List`, nested dicts). */
export function featureOf(type: DuckDBType): Feature {
  if (type instanceof DuckDBStructType) {
    return Object.fromEntries(type.entryNames.map((n, i) => [n, featureOf(type.entryTypes[i]!)]));
  }
  if (type instanceof DuckDBListType) return { feature: featureOf(type.valueType), _type: 'List' };
  if (type instanceof DuckDBArrayType) return { feature: featureOf(type.valueType), length: type.length, _type: 'List' };
  if (type instanceof DuckDBDecimalType) return { dtype: `decimal128(${type.width}, ${type.scale})`, _type: 'Value' };
  return { dtype: VALUE_DTYPES[type.typeId] ?? 'string', _type: 'Value' };
}

export const featuresOf = (columns: Column[]) =>
  columns.map((c, i) => ({ feature_idx: i, name: c.name, type: featureOf(c.type) }));

/** A DuckDB value as plain JSON: safe integers as numbers, larger ones as strings, nested values as objects and arrays. */
export function jsonValue(v: DuckDBValue): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof DuckDBStructValue) return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, jsonValue(x)]));
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return v.items.map(jsonValue);
  if (v instanceof DuckDBMapValue) return Object.fromEntries(v.entries.map((e) => [String(jsonValue(e.key)), jsonValue(e.value)]));
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  if (v instanceof DuckDBBlobValue) return Buffer.from(v.bytes).toString('base64');
  return String(v);
}

/** Cells bigger than this (JSON characters) are cut, as the Hub does for long text, media and nested values. */
export const CELL_LIMIT = 5_000;

/** A row as `{column: value}` with oversized cells cut and named in `truncated_cells`. */
export function presentRow(values: DuckDBValue[], columns: Column[], cellLimit = CELL_LIMIT): { row: Record<string, unknown>; truncated_cells: string[] } {
  // No prototype: a column may be named __proto__ (assigning it on {} would set the prototype, not a field).
  const row: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const truncated: string[] = [];
  for (const [i, c] of columns.entries()) {
    let value = jsonValue(values[i] ?? null);
    // JSON columns (DuckDB's answer to a JSON key whose type varies) carry JSON text: show the value.
    if (c.type.alias === 'JSON' && typeof value === 'string') {
      try {
        value = JSON.parse(value) as unknown;
      } catch {
        // not JSON after all: keep the text
      }
    }
    if (typeof value === 'string') {
      if (value.length > cellLimit) {
        row[c.name] = value.slice(0, cellLimit);
        truncated.push(c.name);
      } else row[c.name] = value;
    } else if (value !== null && typeof value === 'object') {
      const text = JSON.stringify(value);
      if (text.length > cellLimit) {
        row[c.name] = text.slice(0, cellLimit);
        truncated.push(c.name);
      } else row[c.name] = value;
    } else row[c.name] = value;
  }
  return { row, truncated_cells: truncated };
}
