/** The data file formats the viewer reads, recognised by file name as Hugging Face does. */
export type DataFormat = 'parquet' | 'csv' | 'tsv' | 'json' | 'jsonl' | 'arrow';
export type Compression = 'none' | 'gzip' | 'zstd';

export interface FileFormat {
  format: DataFormat;
  compression: Compression;
}

const FORMATS: Record<string, DataFormat> = {
  parquet: 'parquet', csv: 'csv', tsv: 'tsv', json: 'json', jsonl: 'jsonl', ndjson: 'jsonl', arrow: 'arrow', feather: 'arrow',
};

/** `train.csv.gz` → csv + gzip; null for anything the viewer does not read. */
export function formatOf(path: string): FileFormat | null {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const parts = name.split('.');
  if (parts.length < 2) return null;
  let compression: Compression = 'none';
  let ext = parts.pop()!;
  if (ext === 'gz' || ext === 'zst') {
    compression = ext === 'gz' ? 'gzip' : 'zstd';
    if (parts.length < 2) return null;
    ext = parts.pop()!;
  }
  const format = FORMATS[ext];
  if (!format) return null;
  // Parquet and Arrow compress internally; a compressed wrapper around them is not read.
  if (compression !== 'none' && (format === 'parquet' || format === 'arrow')) return null;
  return { format, compression };
}

/** Formats converted to Parquet on refs/convert/parquet (Parquet itself is read in place). */
export const CONVERTED_FORMATS: ReadonlySet<DataFormat> = new Set(['csv', 'tsv', 'json', 'jsonl', 'arrow']);
