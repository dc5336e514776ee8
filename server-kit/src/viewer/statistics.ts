import { DuckDBTypeId, DuckDBListType, DuckDBArrayType, type DuckDBConnection } from '@duckdb/node-api';
import { sqlIdent } from './duckdb-pool.js';
import { jsonValue, type Column } from './features.js';

const BINS = 10;
/** A string column with at most this many distinct values is a label column (frequencies), else text (lengths). */
const MAX_LABELS = 30;
const EXACT_MEDIAN_ROWS = 2_000_000;

export interface ColumnStatistics {
  column_name: string;
  column_type: string;
  column_statistics: Record<string, unknown>;
}

const INT_TYPES = new Set([DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT]);
const FLOAT_TYPES = new Set([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL]);
const DATE_TYPES = new Set([DuckDBTypeId.DATE, DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS, DuckDBTypeId.TIMESTAMP_TZ]);

type Kind = 'int' | 'float' | 'bool' | 'string' | 'list' | 'datetime';

function kindOf(c: Column): Kind | null {
  const id = c.type.typeId;
  if (INT_TYPES.has(id)) return 'int';
  if (FLOAT_TYPES.has(id)) return 'float';
  if (id === DuckDBTypeId.BOOLEAN) return 'bool';
  if (id === DuckDBTypeId.VARCHAR) return 'string';
  if (c.type instanceof DuckDBListType || c.type instanceof DuckDBArrayType) return 'list';
  if (DATE_TYPES.has(id)) return 'datetime';
  return null;
}

const round = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? Math.round(x * 1e5) / 1e5 : x ?? null);

/**
 * Hugging Face's per-column statistics, computed in DuckDB: one scan for every column's nulls,
 * min/max/mean/median/std (of values, or of lengths for text and lists) and distinct counts,
 * then one grouped scan per column for its histogram or category frequencies.
 */
export async function computeStatistics(conn: DuckDBConnection, from: string, columns: Column[], numRows = 0): Promise<{ num_examples: number; statistics: ColumnStatistics[] }> {
  // An exact median keeps every value in memory (80 MB per column at 10M rows, not spillable);
  // beyond a few million rows a t-digest estimate keeps memory flat.
  const medianOf = (v: string) => (numRows <= EXACT_MEDIAN_ROWS ? `median(${v})` : `approx_quantile(${v}, 0.5)`);
  const kinds = columns.map((c) => ({ c, kind: kindOf(c) })).filter((x): x is { c: Column; kind: Kind } => x.kind !== null);
  const select = ['count(*)'];
  for (const { c, kind } of kinds) {
    const col = sqlIdent(c.name);
    const v = kind === 'string' ? `length(${col})` : kind === 'list' ? `len(${col})` : kind === 'bool' ? `${col}::INT` : kind === 'datetime' ? `epoch(${col})` : `${col}::DOUBLE`;
    select.push(`count(*) FILTER (WHERE ${col} IS NULL)`, `min(${v})`, `max(${v})`, `avg(${v})`, medianOf(v), `stddev_samp(${v})`,
      kind === 'string' ? `approx_count_distinct(${col})` : 'NULL');
  }
  const agg = await conn.runAndReadAll(`SELECT ${select.join(', ')} FROM ${from}`);
  const row = agg.getRows()[0]!.map(jsonValue) as Array<number | string | null>;
  const total = Number(row[0]);
  const statistics: ColumnStatistics[] = [];
  for (const [i, { c, kind }] of kinds.entries()) {
    const [nulls, min, max, mean, median, std, distinct] = row.slice(1 + i * 7, 8 + i * 7).map((x) => (x === null ? null : Number(x)));
    const nanCount = nulls ?? 0;
    const base = { nan_count: nanCount, nan_proportion: total ? round(nanCount / total) : 0 };
    const col = sqlIdent(c.name);
    if (kind === 'bool') {
      const freq = await conn.runAndReadAll(`SELECT ${col}, count(*) FROM ${from} WHERE ${col} IS NOT NULL GROUP BY 1`);
      const frequencies: Record<string, number> = {};
      for (const [value, n] of freq.getRows()) frequencies[value ? 'True' : 'False'] = Number(n);
      statistics.push({ column_name: c.name, column_type: 'bool', column_statistics: { ...base, frequencies } });
      continue;
    }
    if (kind === 'string' && distinct !== null && distinct !== undefined && distinct <= MAX_LABELS * 1.1) {
      const freq = await conn.runAndReadAll(`SELECT ${col}, count(*) FROM ${from} WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${MAX_LABELS + 1}`);
      const rows = freq.getRows();
      if (rows.length <= MAX_LABELS) {
        const frequencies = Object.fromEntries(rows.map(([value, n]) => [String(value), Number(n)]));
        statistics.push({ column_name: c.name, column_type: 'string_label', column_statistics: { ...base, no_label_count: 0, no_label_proportion: 0, n_unique: rows.length, frequencies } });
        continue;
      }
    }
    if (kind === 'datetime') {
      const range = await conn.runAndReadAll(`SELECT min(${col})::VARCHAR, max(${col})::VARCHAR FROM ${from}`);
      const [lo, hi] = range.getRows()[0]!.map(jsonValue);
      statistics.push({ column_name: c.name, column_type: 'datetime', column_statistics: { ...base, min: lo, max: hi } });
      continue;
    }
    const integral = kind !== 'float';
    const histogram = min === null || max === null || min === undefined || max === undefined ? { hist: [], bin_edges: [] } : await histogramOf(conn, from, kind === 'string' ? `length(${col})` : kind === 'list' ? `len(${col})` : `${col}::DOUBLE`, min, max, integral);
    statistics.push({
      column_name: c.name,
      column_type: kind === 'string' ? 'string_text' : kind,
      column_statistics: { ...base, min: round(min), max: round(max), mean: round(mean), median: round(median), std: round(std), histogram },
    });
  }
  return { num_examples: total, statistics };
}

async function histogramOf(conn: DuckDBConnection, from: string, value: string, min: number, max: number, integral: boolean): Promise<{ hist: number[]; bin_edges: number[] }> {
  // Integers get whole-number bins (as the Hub does): [0, 500), [500, 1000), ... up to max.
  const width = integral ? Math.max(1, Math.ceil((max - min + 1) / BINS)) : max > min ? (max - min) / BINS : 1;
  const bins = integral ? Math.ceil((max - min + 1) / width) : BINS;
  const edges = Array.from({ length: bins }, (_, i) => (integral ? min + i * width : round(min + i * width) as number));
  edges.push(max);
  const res = await conn.runAndReadAll(
    `SELECT least(floor((${value} - ?) / ?)::BIGINT, ${bins - 1}) AS b, count(*) FROM ${from} WHERE ${value} IS NOT NULL GROUP BY 1`, [min, width]);
  const hist = new Array<number>(bins).fill(0);
  for (const [b, n] of res.getRows()) hist[Number(b)] = Number(n);
  return { hist, bin_edges: edges };
}
