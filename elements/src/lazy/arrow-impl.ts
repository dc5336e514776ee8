import { tableFromIPC, type DataType } from 'apache-arrow';
import type { ArrowRows } from './arrow.js';

const typeName = (t: DataType): string => String(t).toLowerCase().replace(/<.*$/, '').replace(/^utf8$/, 'string');

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** An Arrow IPC stream → column names and types, cells as text, schema metadata. */
export function decode(bytes: Uint8Array): ArrowRows {
  const table = tableFromIPC(bytes);
  const fields = table.schema.fields;
  const vectors = fields.map((_f, i) => table.getChildAt(i));
  const rows: Array<Array<string | null>> = [];
  for (let r = 0; r < table.numRows; r++) rows.push(vectors.map((v) => text(v?.get(r))));
  return {
    columns: fields.map((f) => ({ name: f.name, type: typeName(f.type) })),
    rows,
    metadata: Object.fromEntries(table.schema.metadata),
  };
}
