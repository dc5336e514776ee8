import { Bool, Field, Float64, Int64, Schema, Table, Utf8, tableToIPC, vectorFromArray, type DataType } from 'apache-arrow';
import { errorResponse, jsonResponse, type FakeFetch } from './fake-fetch.js';

export type FakeColumnType = 'int' | 'float' | 'string' | 'bool';

export interface FakeSplit {
  config: string;
  split: string;
  columns: Array<{ name: string; type: FakeColumnType }>;
  /** Number of rows (any: cells are computed, never stored). */
  rows: number;
  cell: (row: number, column: string) => unknown;
  /** Cells the hub would have cut, by row. */
  truncated?: (row: number) => string[];
}

const ARROW = 'application/vnd.apache.arrow.stream';
const arrowType = (t: FakeColumnType): DataType => (t === 'int' ? new Int64() : t === 'float' ? new Float64() : t === 'bool' ? new Bool() : new Utf8());

/** Rows as the hub sends them with `Accept: application/vnd.apache.arrow.stream`. */
export function arrowRows(split: FakeSplit, indexes: number[], total: number): Uint8Array {
  const fields = split.columns.map((c) => new Field(c.name, arrowType(c.type), true));
  const metadata = new Map([
    ['num_rows_total', String(total)],
    ['row_idx', JSON.stringify(indexes)],
    ['truncated_cells', JSON.stringify(indexes.map((i) => split.truncated?.(i) ?? []))],
  ]);
  const schema = new Schema(fields, metadata);
  if (!indexes.length) return tableToIPC(new Table(schema), 'stream');
  const vectors = Object.fromEntries(split.columns.map((c) => {
    const values = indexes.map((i) => {
      const v = split.cell(i, c.name);
      return v === null || v === undefined ? null : c.type === 'int' ? BigInt(v as number) : v;
    });
    return [c.name, vectorFromArray(values as never[], arrowType(c.type) as never)];
  }));
  return tableToIPC(new Table(schema, vectors as never), 'stream');
}

const arrowResponse = (bytes: Uint8Array) => new Response(bytes, { headers: { 'content-type': ARROW } });

/**
 * The hub's `/viewer` API over computed splits: splits, rows, search (substring over string cells,
 * for small splits), filter (orderby on one column; `where` answered by `onFilter`), statistics.
 * SQL and anything else: add routes with `net.on`.
 */
export function addViewer(net: FakeFetch, dataset: string, splits: FakeSplit[], options: { statistics?: unknown; pending?: unknown[] } = {}): void {
  const find = (url: URL) => {
    if (url.searchParams.get('dataset') !== dataset) return errorResponse(404, `Repository not found: ${url.searchParams.get('dataset')}`, 'RepoNotFound');
    const s = splits.find((x) => x.config === url.searchParams.get('config') && x.split === url.searchParams.get('split'));
    return s ?? errorResponse(404, 'Not found: split', 'ResponseNotFound');
  };
  const window = (url: URL) => ({ offset: Number(url.searchParams.get('offset') ?? 0), length: Math.min(100, Number(url.searchParams.get('length') ?? 100)) });
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_v, i) => from + i);
  net.on('GET', /^\/viewer\/splits$/, (call) => {
    if (call.url.searchParams.get('dataset') !== dataset) return errorResponse(404, 'Repository not found', 'RepoNotFound');
    return jsonResponse({ splits: splits.map((s) => ({ dataset, config: s.config, split: s.split })), pending: options.pending ?? [], failed: [] });
  });
  net.on('GET', /^\/viewer\/rows$/, (call) => {
    const s = find(call.url);
    if (s instanceof Response) return s;
    const { offset, length } = window(call.url);
    return arrowResponse(arrowRows(s, range(offset, Math.min(s.rows, offset + length)), s.rows));
  });
  net.on('GET', /^\/viewer\/search$/, (call) => {
    const s = find(call.url);
    if (s instanceof Response) return s;
    const q = call.url.searchParams.get('query')!.toLowerCase();
    const hits = range(0, Math.min(s.rows, 100_000)).filter((i) => s.columns.some((c) => c.type === 'string' && String(s.cell(i, c.name) ?? '').toLowerCase().includes(q)));
    const { offset, length } = window(call.url);
    return arrowResponse(arrowRows(s, hits.slice(offset, offset + length), hits.length));
  });
  net.on('GET', /^\/viewer\/filter$/, (call) => {
    const s = find(call.url);
    if (s instanceof Response) return s;
    const { offset, length } = window(call.url);
    const desc = / DESC$/.test(call.url.searchParams.get('orderby') ?? '');
    const order = range(offset, Math.min(s.rows, offset + length)).map((i) => (desc ? s.rows - 1 - i : i));
    return arrowResponse(arrowRows(s, order, s.rows));
  });
  net.on('GET', /^\/viewer\/statistics$/, (call) => {
    const s = find(call.url);
    if (s instanceof Response) return s;
    return jsonResponse(options.statistics ?? { num_examples: s.rows, statistics: [], partial: false });
  });
}
