import fs from 'node:fs';
import { once } from 'node:events';
import { RecordBatchReader } from 'apache-arrow';

/**
 * DuckDB has no built-in Arrow IPC reader, so an Arrow file (or stream) is rewritten once, batch
 * by batch, as JSON lines that DuckDB reads like any other JSON split. Memory stays at one batch.
 */
export async function arrowIpcToJsonl(source: string, target: string): Promise<void> {
  const out = fs.createWriteStream(target);
  try {
    const reader = await RecordBatchReader.from(fs.createReadStream(source));
    for await (const batch of reader) {
      for (const row of batch) {
        const line = `${JSON.stringify(row?.toJSON() ?? null, jsonSafe)}\n`;
        if (!out.write(line)) await once(out, 'drain');
      }
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value && typeof value === 'object' && 'toJSON' in value && typeof (value as { toJSON: unknown }).toJSON === 'function') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}
