import { createHash } from 'node:crypto';
import { sqlString } from './duckdb-pool.js';
import type { Compression, DataFormat } from './formats.js';

/** A file DuckDB reads for a split: a local path and how to read it. */
export interface LocalPart {
  local: string;
  format: DataFormat;
  compression: Compression;
  size: number;
}

/** Name of the per-row file column DuckDB adds (chosen so it cannot clash with a dataset's own columns). */
export const FILE_COLUMN = '__csg_file';
export const ROW_INDEX = '__csg_row_idx';

/** Below this total size, CSV and JSON type detection reads every row instead of a sample. */
const FULL_SNIFF_BYTES = 64 * 1024 * 1024;

/** Content key of a list of (path, object id): what a split reads, independent of the commit. */
export function contentKey(items: Array<[string, string]>): string {
  return createHash('sha1').update(JSON.stringify(items)).digest('hex');
}

/** The DuckDB table expression reading every part (Arrow parts arrive as JSON lines). */
export function readerSql(parts: LocalPart[], extra: { fileRowNumber?: boolean } = {}): string {
  const groups = new Map<string, LocalPart[]>();
  for (const p of parts) {
    const kind = p.format === 'arrow' ? 'jsonl' : p.format;
    const key = `${kind}:${p.format === 'arrow' ? 'none' : p.compression}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const total = parts.reduce((n, p) => n + p.size, 0);
  const sample = total <= FULL_SNIFF_BYTES ? -1 : 20480;
  const readers = [...groups].map(([key, group]) => {
    const [kind, compression] = key.split(':') as [string, Compression];
    const files = `[${group.map((p) => sqlString(p.local)).join(', ')}]`;
    if (kind === 'parquet') {
      return `read_parquet(${files}, union_by_name = true${extra.fileRowNumber ? `, file_row_number = true, filename = '${FILE_COLUMN}'` : ''})`;
    }
    if (kind === 'csv' || kind === 'tsv') {
      return `read_csv(${files}, union_by_name = true, header = true, compression = '${compression}', sample_size = ${sample}${kind === 'tsv' ? ", delim = '\\t'" : ''})`;
    }
    const format = kind === 'jsonl' ? 'newline_delimited' : 'auto';
    return `read_json(${files}, union_by_name = true, format = '${format}', compression = '${compression === 'none' ? 'uncompressed' : compression}', sample_size = ${sample})`;
  });
  if (readers.length === 1) return readers[0]!;
  return `(${readers.map((r) => `SELECT * FROM ${r}`).join(' UNION ALL BY NAME ')})`;
}

/**
 * The split with a `__csg_row_idx` column: the row's position in the split. Parquet gives it for
 * free (file_row_number plus the rows of the files before); other formats number rows as read.
 */
export function indexedSql(parts: LocalPart[], rowsPerFile: number[] | null): string {
  if (rowsPerFile && parts.every((p) => p.format === 'parquet')) {
    const reader = readerSql(parts, { fileRowNumber: true });
    let offset = 0;
    const cases = parts.map((p, i) => {
      const when = `WHEN ${sqlString(p.local)} THEN ${offset}`;
      offset += rowsPerFile[i]!;
      return when;
    });
    const base = parts.length === 1 ? 'file_row_number' : `file_row_number + CASE ${FILE_COLUMN} ${cases.join(' ')} END`;
    return `(SELECT * EXCLUDE (file_row_number, ${FILE_COLUMN}), ${base} AS ${ROW_INDEX} FROM ${reader}) AS src`;
  }
  return `(SELECT *, (row_number() OVER ()) - 1 AS ${ROW_INDEX} FROM ${readerSql(parts)}) AS src`;
}
