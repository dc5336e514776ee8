/**
 * Arrow IPC decoding, loaded on first use (apache-arrow lives in its own chunk, so pages that never
 * preview a dataset never download it).
 */
export interface ArrowColumn {
  name: string;
  /** Arrow type in short: int64, float64, bool, string, ... */
  type: string;
}

export interface ArrowRows {
  columns: ArrowColumn[];
  /** Cells as display text (null for SQL NULL), row by row. */
  rows: Array<Array<string | null>>;
  /** The schema's custom metadata (the hub puts row_idx, num_rows_total, truncated_cells there). */
  metadata: Record<string, string>;
}

export async function decodeArrow(bytes: Uint8Array): Promise<ArrowRows> {
  const { decode } = await import('./arrow-impl.js');
  return decode(bytes);
}
