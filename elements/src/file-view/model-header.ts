/** Tensor listings read from the first bytes of a model file (safetensors, GGUF) through Range requests. */

export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
}

export interface ModelHeader {
  format: 'safetensors' | 'gguf';
  tensors: TensorInfo[];
  /** Sum over tensors of the product of their shape. */
  parameters: number;
  /** Count of tensors per dtype. */
  dtypes: Record<string, number>;
  metadata: Record<string, string>;
  /** Bytes of the file that were read. */
  bytesRead: number;
}

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadRange = (offset: number, length: number) => Promise<Uint8Array>;

export class HeaderError extends Error {}

const MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024;
const MAX_GGUF_READ = 64 * 1024 * 1024;

function summarise(format: ModelHeader['format'], tensors: TensorInfo[], metadata: Record<string, string>, bytesRead: number): ModelHeader {
  const dtypes: Record<string, number> = {};
  let parameters = 0;
  for (const t of tensors) {
    dtypes[t.dtype] = (dtypes[t.dtype] ?? 0) + 1;
    parameters += t.shape.reduce((a, b) => a * b, 1);
  }
  return { format, tensors, parameters, dtypes, metadata, bytesRead };
}

/** safetensors: an 8-byte little-endian header length, then a JSON header `{name: {dtype, shape, data_offsets}, __metadata__}`. */
export async function readSafetensorsHeader(read: ReadRange): Promise<ModelHeader> {
  const prefix = await read(0, 8);
  if (prefix.length < 8) throw new HeaderError('The file is too short to be safetensors');
  const length = Number(new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true));
  if (length <= 1 || length > MAX_SAFETENSORS_HEADER) throw new HeaderError(`Implausible safetensors header length ${length}`);
  const bytes = await read(8, length);
  if (bytes.length < length) throw new HeaderError('The safetensors header is cut short');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new HeaderError('The safetensors header is not JSON');
  }
  const metadata: Record<string, string> = {};
  const tensors: TensorInfo[] = [];
  for (const [name, value] of Object.entries(json)) {
    if (name === '__metadata__') {
      for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>)) metadata[k] = String(v);
      continue;
    }
    const t = value as { dtype?: unknown; shape?: unknown };
    if (typeof t?.dtype !== 'string' || !Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new HeaderError(`Tensor ${name} has no valid dtype and shape`);
    }
    tensors.push({ name, dtype: t.dtype, shape: t.shape as number[] });
  }
  return summarise('safetensors', tensors, metadata, 8 + length);
}

const GGML_TYPES: Record<number, string> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 6: 'Q5_0', 7: 'Q5_1', 8: 'Q8_0', 9: 'Q8_1', 10: 'Q2_K', 11: 'Q3_K', 12: 'Q4_K',
  13: 'Q5_K', 14: 'Q6_K', 15: 'Q8_K', 16: 'IQ2_XXS', 17: 'IQ2_XS', 18: 'IQ3_XXS', 19: 'IQ1_S', 20: 'IQ4_NL', 21: 'IQ3_S', 22: 'IQ2_S',
  23: 'IQ4_XS', 24: 'I8', 25: 'I16', 26: 'I32', 27: 'I64', 28: 'F64', 29: 'IQ1_M', 30: 'BF16', 34: 'TQ1_0', 35: 'TQ2_0', 39: 'MXFP4',
};

class NeedMore extends Error {}

/** A cursor over a prefix of the file that asks for more when it runs out. */
class Cursor {
  pos = 0;
  constructor(private bytes: Uint8Array, private view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)) {}
  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new NeedMore();
  }
  u8() { this.need(1); return this.view.getUint8(this.pos++); }
  u32() { this.need(4); const v = this.view.getUint32(this.pos, true); this.pos += 4; return v; }
  i32() { this.need(4); const v = this.view.getInt32(this.pos, true); this.pos += 4; return v; }
  u64() { this.need(8); const v = this.view.getBigUint64(this.pos, true); this.pos += 8; return Number(v); }
  i64() { this.need(8); const v = this.view.getBigInt64(this.pos, true); this.pos += 8; return Number(v); }
  f32() { this.need(4); const v = this.view.getFloat32(this.pos, true); this.pos += 4; return v; }
  f64() { this.need(8); const v = this.view.getFloat64(this.pos, true); this.pos += 8; return v; }
  skip(n: number) { this.need(n); this.pos += n; }
  string(): string {
    const n = this.u64();
    if (n > 1 << 24) throw new HeaderError(`Implausible GGUF string length ${n}`);
    this.need(n);
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
}

const SCALAR_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

function readValue(c: Cursor, type: number): string {
  switch (type) {
    case 0: case 7: { const v = c.u8(); return type === 7 ? String(v !== 0) : String(v); }
    case 1: { const v = c.u8(); return String(v > 127 ? v - 256 : v); }
    case 2: { const lo = c.u8(); const hi = c.u8(); return String(lo | (hi << 8)); }
    case 3: { const lo = c.u8(); const hi = c.u8(); const v = lo | (hi << 8); return String(v > 32767 ? v - 65536 : v); }
    case 4: return String(c.u32());
    case 5: return String(c.i32());
    case 6: return String(Math.round(c.f32() * 1e6) / 1e6);
    case 8: { const s = c.string(); return s.length > 200 ? `${s.slice(0, 200)}…` : s; }
    case 9: {
      const itemType = c.u32();
      const n = c.u64();
      if (itemType === 8) {
        const first: string[] = [];
        for (let i = 0; i < n; i++) {
          const s = c.string();
          if (i < 3) first.push(s);
        }
        return `[${n} strings${n ? `: ${first.map((s) => JSON.stringify(s)).join(', ')}${n > 3 ? ', …' : ''}` : ''}]`;
      }
      const size = SCALAR_SIZE[itemType];
      if (size === undefined) {
        const items: string[] = [];
        for (let i = 0; i < n; i++) items.push(readValue(c, itemType));
        return `[${items.slice(0, 3).join(', ')}${n > 3 ? ', …' : ''}] (${n})`;
      }
      const start = c.pos;
      const shown: string[] = [];
      for (let i = 0; i < Math.min(n, 3); i++) shown.push(readValue(c, itemType));
      c.pos = start;
      c.skip(size * n);
      return `[${shown.join(', ')}${n > 3 ? ', …' : ''}] (${n})`;
    }
    case 10: return String(c.u64());
    case 11: return String(c.i64());
    case 12: return String(c.f64());
    default: throw new HeaderError(`Unknown GGUF value type ${type}`);
  }
}

/** GGUF: magic, version, counts, metadata key/values, then tensor infos (name, dims, type, offset). */
export async function readGgufHeader(read: ReadRange, initial = 256 * 1024): Promise<ModelHeader> {
  let bytes = await read(0, initial);
  for (;;) {
    try {
      return parseGguf(bytes);
    } catch (error) {
      if (!(error instanceof NeedMore)) throw error;
      if (bytes.length >= MAX_GGUF_READ) throw new HeaderError(`The GGUF header is larger than ${MAX_GGUF_READ / 1024 / 1024} MB`);
      const more = await read(bytes.length, Math.min(bytes.length, MAX_GGUF_READ - bytes.length));
      if (!more.length) throw new HeaderError('The GGUF file ends inside its header');
      const joined = new Uint8Array(bytes.length + more.length);
      joined.set(bytes);
      joined.set(more, bytes.length);
      bytes = joined;
    }
  }
}

function parseGguf(bytes: Uint8Array): ModelHeader {
  const c = new Cursor(bytes);
  if (bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) !== 'GGUF') throw new HeaderError('Not a GGUF file (bad magic)');
  c.skip(4);
  const version = c.u32();
  if (version < 2 || version > 3) throw new HeaderError(`Unsupported GGUF version ${version}`);
  const tensorCount = c.u64();
  const kvCount = c.u64();
  if (tensorCount > 1_000_000 || kvCount > 1_000_000) throw new HeaderError('Implausible GGUF counts');
  const metadata: Record<string, string> = { 'gguf.version': String(version) };
  for (let i = 0; i < kvCount; i++) {
    const key = c.string();
    metadata[key] = readValue(c, c.u32());
  }
  const tensors: TensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string();
    const dims = c.u32();
    if (dims > 8) throw new HeaderError(`Tensor ${name} has ${dims} dimensions`);
    const shape: number[] = [];
    for (let d = 0; d < dims; d++) shape.push(c.u64());
    const type = c.u32();
    c.u64(); // offset
    // GGUF lists dimensions innermost first; show them the way PyTorch does.
    tensors.push({ name, dtype: GGML_TYPES[type] ?? `type ${type}`, shape: shape.reverse() });
  }
  return summarise('gguf', tensors, metadata, c.pos);
}
