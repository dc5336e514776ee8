import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';
import { arrowIpcFile, duck, LONG_TEXT, NASTY_CSV, NESTED_JSONL, pushFiles } from './helpers/viewer-fixtures.js';

// The dataset viewer against a real hub: datasets pushed over git + git-lfs in every format.

const CONFIGS_README = `---
configs:
- config_name: parquet
  data_files:
  - split: train
    path: "parquet/train-*.parquet"
  - split: test
    path: parquet/test.parquet
  default: true
- config_name: csv
  data_files: csv/nasty.csv
- config_name: tsv
  data_files:
    train: "tsv/*.tsv"
- config_name: json
  data_files: json/data.json
- config_name: jsonl_gz
  data_files: jsonl/data.jsonl.gz
- config_name: jsonl_zst
  data_files: jsonl/data.jsonl.zst
- config_name: arrow
  data_files: arrow/data.arrow
- config_name: nested
  data_files: nested.jsonl
---
# Formats
`;

type Rows = { rows: Array<{ row_idx: number; row: Record<string, unknown>; truncated_cells: string[] }>; num_rows_total: number; features: Array<{ name: string; type: Record<string, unknown> }> };

describe.each(backends)('dataset viewer ($name)', (backend) => {
  let t: TestHub;
  let work: string;
  let alice: string;
  let bob: string;
  const remote = (repo: string, token: string) => {
    const url = new URL(`${t.url}/datasets/${repo}`);
    url.username = 'alice';
    url.password = token;
    return url.toString();
  };
  const get = async (endpoint: string, params: Record<string, string | number>, token?: string) =>
    t.api(`/viewer/${endpoint}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`, { token });
  const getJson = async <T = Record<string, unknown>>(endpoint: string, params: Record<string, string | number>, token?: string): Promise<T> => {
    const res = await get(endpoint, params, token);
    if (res.status !== 200) throw new Error(`${endpoint}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    t = await startHub(backend);
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-viewer-'));
    alice = await t.user('alice');
    bob = await t.user('bob');
    for (const [name, priv] of [['formats', false], ['conventions', false], ['plain', false], ['secret', true], ['badcard', false]] as const) {
      const res = await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name, type: 'dataset', private: priv } });
      expect(res.status).toBe(200);
    }
    const src = path.join(work, 'src');
    await fs.mkdir(src);
    const q = (f: string) => `'${path.join(src, f)}'`;
    await duck([
      `COPY (SELECT i AS id, 'row ' || i AS text, (i / 2)::DOUBLE AS score, i % 3 = 0 AS flag, ['a', 'b', 'c'][i % 3 + 1] AS label FROM range(0, 2500) t(i)) TO ${q('train-0.parquet')} (FORMAT parquet, ROW_GROUP_SIZE 500)`,
      `COPY (SELECT i AS id, 'row ' || i AS text, (i / 2)::DOUBLE AS score, i % 3 = 0 AS flag, ['a', 'b', 'c'][i % 3 + 1] AS label FROM range(2500, 5000) t(i)) TO ${q('train-1.parquet')} (FORMAT parquet, ROW_GROUP_SIZE 500)`,
      `COPY (SELECT i AS id, 'test ' || i AS text, NULL::DOUBLE AS score, true AS flag, 'a' AS label FROM range(0, 10) t(i)) TO ${q('test.parquet')} (FORMAT parquet)`,
      `COPY (SELECT i AS id, 'gz ' || i AS text FROM range(0, 30) t(i)) TO ${q('data.jsonl.gz')} (FORMAT json, COMPRESSION gzip)`,
      `COPY (SELECT i AS id, 'zst ' || i AS text FROM range(0, 40) t(i)) TO ${q('data.jsonl.zst')} (FORMAT json, COMPRESSION zstd)`,
    ]);
    const read = (f: string) => fs.readFile(path.join(src, f));
    await pushFiles(remote('alice/formats', alice), work, {
      'README.md': CONFIGS_README,
      'parquet/train-0.parquet': await read('train-0.parquet'),
      'parquet/train-1.parquet': await read('train-1.parquet'),
      'parquet/test.parquet': await read('test.parquet'),
      'csv/nasty.csv': NASTY_CSV,
      'tsv/a.tsv': 'name\tcount\nalpha\t1\nbeta\t2\n',
      'json/data.json': JSON.stringify([{ k: 'one', v: 1 }, { k: 'two', v: 2 }]),
      'jsonl/data.jsonl.gz': await read('data.jsonl.gz'),
      'jsonl/data.jsonl.zst': await read('data.jsonl.zst'),
      'arrow/data.arrow': arrowIpcFile(),
      'nested.jsonl': NESTED_JSONL,
    });
    await pushFiles(remote('alice/conventions', alice), work, {
      'data/test.csv': 'a,b\n1,x\n2,y\n',
      'train.csv': 'a,b\n10,p\n11,q\n12,r\n',
      'validation/part-0.jsonl': '{"a": 20, "b": "v"}\n',
      'notes.txt': 'not data',
    });
    await pushFiles(remote('alice/plain', alice), work, { 'records.jsonl': '{"x": 1}\n{"x": 2}\n' });
    await pushFiles(remote('alice/secret', alice), work, { 'train.csv': 'secret\nhush\n' });
    await pushFiles(remote('alice/badcard', alice), work, { 'README.md': '---\nconfigs: nope\n---\n', 'train.csv': 'a\n1\n' });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('lists configs and splits from the README configs, file-name conventions, or default/train', async () => {
    const formats = await getJson<{ splits: Array<Record<string, string>>; pending: unknown[]; failed: unknown[] }>('splits', { dataset: 'alice/formats' });
    expect(formats.splits).toEqual([
      { dataset: 'alice/formats', config: 'parquet', split: 'train' },
      { dataset: 'alice/formats', config: 'parquet', split: 'test' },
      ...['csv', 'tsv', 'json', 'jsonl_gz', 'jsonl_zst', 'arrow', 'nested'].map((config) => ({ dataset: 'alice/formats', config, split: 'train' })),
    ]);
    expect(formats.failed).toEqual([]);
    const conventions = await getJson<{ splits: unknown[] }>('splits', { dataset: 'alice/conventions' });
    expect(conventions.splits).toEqual(['train', 'validation', 'test'].map((split) => ({ dataset: 'alice/conventions', config: 'default', split })));
    const plain = await getJson<{ splits: unknown[] }>('splits', { dataset: 'alice/plain' });
    expect(plain.splits).toEqual([{ dataset: 'alice/plain', config: 'default', split: 'train' }]);
    expect(await getJson('splits', { dataset: 'alice/formats', config: 'tsv' })).toMatchObject({ splits: [{ dataset: 'alice/formats', config: 'tsv', split: 'train' }] });
  });

  it('answers 422 naming the problem when the README configs are malformed', async () => {
    await expectError(await get('splits', { dataset: 'alice/badcard' }), 422, 'The configs in README.md are invalid: configs: must be a list', 'InvalidParameter');
    await expectError(await get('rows', { dataset: 'alice/badcard', config: 'default', split: 'train' }), 422, 'The configs in README.md are invalid: configs: must be a list', 'InvalidParameter');
    expect(await getJson('is-valid', { dataset: 'alice/badcard' })).toEqual({ preview: false, viewer: false, search: false, filter: false, statistics: false });
  });

  it('reads every format: parquet (LFS, sharded), CSV, TSV, JSON, JSONL gzip/zstd (LFS), Arrow IPC (LFS)', async () => {
    const first = async (config: string, split = 'train') => getJson<Rows & { truncated: boolean; dataset: string; config: string; split: string }>('first-rows', { dataset: 'alice/formats', config, split });
    const parquet = await first('parquet');
    expect(parquet).toMatchObject({ dataset: 'alice/formats', config: 'parquet', split: 'train', truncated: true });
    expect(parquet.features).toEqual([
      { feature_idx: 0, name: 'id', type: { dtype: 'int64', _type: 'Value' } },
      { feature_idx: 1, name: 'text', type: { dtype: 'string', _type: 'Value' } },
      { feature_idx: 2, name: 'score', type: { dtype: 'float64', _type: 'Value' } },
      { feature_idx: 3, name: 'flag', type: { dtype: 'bool', _type: 'Value' } },
      { feature_idx: 4, name: 'label', type: { dtype: 'string', _type: 'Value' } },
    ]);
    expect(parquet.rows).toHaveLength(100);
    expect(parquet.rows[7]).toEqual({ row_idx: 7, row: { id: 7, text: 'row 7', score: 3.5, flag: false, label: 'b' }, truncated_cells: [] });
    expect((await first('parquet', 'test')).rows[0]!.row).toEqual({ id: 0, text: 'test 0', score: null, flag: true, label: 'a' });
    expect((await first('tsv')).rows.map((r) => r.row)).toEqual([{ name: 'alpha', count: 1 }, { name: 'beta', count: 2 }]);
    expect((await first('json')).rows.map((r) => r.row)).toEqual([{ k: 'one', v: 1 }, { k: 'two', v: 2 }]);
    const gz = await first('jsonl_gz');
    expect(gz.rows).toHaveLength(30);
    expect(gz.rows[29]!.row).toEqual({ id: 29, text: 'gz 29' });
    const zst = await first('jsonl_zst');
    expect(zst.rows).toHaveLength(40);
    expect(zst.rows[39]!.row).toEqual({ id: 39, text: 'zst 39' });
    const arrow = await first('arrow');
    expect(arrow.rows).toHaveLength(50);
    expect(arrow.rows.slice(0, 2).map((r) => r.row)).toEqual([{ id: 0, name: null, score: 0 }, { id: 1, name: 'name 1', score: 0.5 }]);
  });

  it('reads the nasty CSV and nested JSON lines: quoted commas and newlines, unicode, nulls, mixed types, long cells truncated', async () => {
    const csv = await getJson<Rows & { truncated: boolean }>('first-rows', { dataset: 'alice/formats', config: 'csv', split: 'train' });
    expect(csv.truncated).toBe(false);
    expect(csv.features.map((f) => [f.name, f.type.dtype])).toEqual([['id', 'int64'], ['text', 'string'], ['value', 'string'], ['note', 'string']]);
    expect(csv.rows[0]).toEqual({ row_idx: 0, row: { id: 1, text: 'hello, world', value: '1.5', note: null }, truncated_cells: [] });
    expect(csv.rows[1]!.row).toEqual({ id: 2, text: 'line one\nline two', value: '2', note: 'unicode: 你好 🎉 é' });
    expect(csv.rows[2]!.truncated_cells).toEqual(['text']);
    expect(csv.rows[2]!.row).toEqual({ id: 3, text: LONG_TEXT.slice(0, 5000), value: null, note: 'say "hi"' });
    expect(csv.rows[3]!.row).toEqual({ id: 4, text: 'plain', value: 'abc', note: null });

    const nested = await getJson<Rows>('first-rows', { dataset: 'alice/formats', config: 'nested', split: 'train' });
    const s = nested.features.find((f) => f.name === 's')!;
    expect(s.type).toEqual({ a: { dtype: 'int64', _type: 'Value' }, b: { feature: { dtype: 'int64', _type: 'Value' }, _type: 'List' }, c: { deep: { dtype: 'string', _type: 'Value' } } });
    expect(nested.rows.map((r) => r.row)).toEqual([
      { id: 1, s: { a: 1, b: [1, 2], c: { deep: 'yes' } }, mixed: 1, tags: ['a', 'b'] },
      { id: 2, s: null, mixed: 'two', tags: [] },
      { id: 3, s: { a: 3, b: null, c: { deep: 'ünï' } }, mixed: null, tags: null },
    ]);
  });

  it('/rows pages by offset and length across Parquet shards and row groups', async () => {
    const page = await getJson<Rows & { num_rows_per_page: number; partial: boolean }>('rows', { dataset: 'alice/formats', config: 'parquet', split: 'train', offset: 2495, length: 10 });
    expect(page.num_rows_total).toBe(5000);
    expect(page.num_rows_per_page).toBe(100);
    expect(page.partial).toBe(false);
    expect(page.rows.map((r) => [r.row_idx, r.row.id])).toEqual(Array.from({ length: 10 }, (_, i) => [2495 + i, 2495 + i]));
    const tail = await getJson<Rows>('rows', { dataset: 'alice/formats', config: 'parquet', split: 'train', offset: 4998 });
    expect(tail.rows.map((r) => r.row.id)).toEqual([4998, 4999]);
    expect((await getJson<Rows>('rows', { dataset: 'alice/formats', config: 'parquet', split: 'train', offset: 5000 })).rows).toEqual([]);
    const csvPage = await getJson<Rows>('rows', { dataset: 'alice/formats', config: 'csv', split: 'train', offset: 1, length: 2 });
    expect(csvPage.rows.map((r) => [r.row_idx, r.row.id])).toEqual([[1, 2], [2, 3]]);
  });

  it('a file DuckDB cannot read answers 422 without naming where the hub keeps its data', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'junk', type: 'dataset' } })).status).toBe(200);
    await pushFiles(remote('alice/junk', alice), work, { 'train.parquet': 'definitely not a parquet file, just some text' });
    const res = await get('first-rows', { dataset: 'alice/junk', config: 'default', split: 'train' });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/^Could not read split "train": /);
    expect(error).toContain('…');
    expect(error).not.toContain(t.hub.config.dataDir);
  });

  it('data_files globs take braces literally, as Hugging Face does (brace expansion let one README pattern block the hub for seconds per file)', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'braces', type: 'dataset' } })).status).toBe(200);
    const bomb = `${'{a,b,c,d,e,f,g,h,i,j}'.repeat(10)}.csv`;
    const files: Record<string, string> = {
      'README.md': `---\nconfigs:\n- config_name: bomb\n  data_files: "${bomb}"\n- config_name: literal\n  data_files: "{x,y}.csv"\n---\n`,
      '{x,y}.csv': 'from\nbraces\n',
      'x.csv': 'from\nx\n',
    };
    for (let i = 0; i < 10; i++) files[`more/${i}.csv`] = 'n\n1\n';
    await pushFiles(remote('alice/braces', alice), work, files);
    const splits = await getJson<{ splits: unknown[] }>('splits', { dataset: 'alice/braces' });
    expect(splits.splits).toEqual([{ dataset: 'alice/braces', config: 'literal', split: 'train' }]);
    const rows = await getJson<Rows>('first-rows', { dataset: 'alice/braces', config: 'literal', split: 'train' });
    expect(rows.rows.map((r) => r.row)).toEqual([{ from: 'braces' }]);
  });

  it('reads an LFS file only if its object was uploaded to this dataset: a pointer naming another repository\'s object shows nothing', async () => {
    // Bob's private dataset holds an LFS Parquet file.
    expect((await t.api('/api/repos/create', { method: 'POST', token: bob, json: { name: 'vault', type: 'dataset', private: true } })).status).toBe(200);
    const file = path.join(work, 'vault.parquet');
    await duck([`COPY (SELECT 'bob''s secret' AS text) TO '${file}' (FORMAT parquet)`]);
    const bytes = await fs.readFile(file);
    const bobUrl = new URL(`${t.url}/datasets/bob/vault`);
    bobUrl.username = 'bob';
    bobUrl.password = bob;
    await pushFiles(bobUrl.toString(), work, { 'train.parquet': bytes });
    const oid = createHash('sha256').update(bytes).digest('hex');
    // Alice knows the hash and commits a pointer to it (a regular file whose text is a pointer) in her own dataset.
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'claim', type: 'dataset' } })).status).toBe(200);
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${bytes.length}\n`;
    const body = [{ key: 'header', value: { summary: 'pointer' } }, { key: 'file', value: { path: 'train.parquet', content: Buffer.from(pointer).toString('base64'), encoding: 'base64' } }]
      .map((l) => JSON.stringify(l)).join('\n');
    expect((await t.api('/api/datasets/alice/claim/commit/main', { method: 'POST', token: alice, headers: { 'content-type': 'application/x-ndjson' }, body })).status).toBe(200);
    const params = { dataset: 'alice/claim', config: 'default', split: 'train', query: 'secret', where: "text = 'x'" };
    for (const endpoint of ['first-rows', 'rows', 'search', 'filter', 'statistics', 'info', 'size']) {
      const res = await get(endpoint, params, alice);
      expect(await res.clone().text(), endpoint).not.toContain('secret');
      await expectError(res, 404, 'The Git LFS object of train.parquet was never uploaded to this repository', 'EntryNotFound');
    }
    const sql = await t.api('/viewer/sql', { method: 'POST', token: alice, json: { dataset: 'alice/claim', query: 'SELECT * FROM train' } });
    await expectError(sql, 404, 'The Git LFS object of train.parquet was never uploaded to this repository', 'EntryNotFound');
    // Bob's own dataset still reads.
    const own = await getJson<Rows>('first-rows', { dataset: 'bob/vault', config: 'default', split: 'train' }, bob);
    expect(own.rows.map((r) => r.row)).toEqual([{ text: "bob's secret" }]);
  });

  it('a column named __proto__ (or constructor) is shown like any other, in JSON and Arrow (it vanished from JSON rows and made Arrow answer 500)', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'proto', type: 'dataset' } })).status).toBe(200);
    await pushFiles(remote('alice/proto', alice), work, { 'train.jsonl': '{"__proto__": {"x": 1}, "constructor": 2, "n": 3}\n' });
    const params = 'dataset=alice/proto&config=default&split=train';
    const expected = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2, "n": 3}') as Record<string, unknown>;
    for (const endpoint of [`first-rows?${params}`, `rows?${params}`, `filter?${params}&where=${encodeURIComponent('n = 3')}`]) {
      const json = await t.api(`/viewer/${endpoint}`);
      expect(json.status, endpoint).toBe(200);
      const row = ((await json.json()) as Rows).rows[0]!.row;
      expect(Object.keys(row)).toEqual(['__proto__', 'constructor', 'n']);
      expect(row).toEqual(expected);
      const arrow = await t.api(`/viewer/${endpoint}`, { headers: { accept: 'application/vnd.apache.arrow.stream' } });
      expect(arrow.status, endpoint).toBe(200);
      const table = tableFromIPC(new Uint8Array(await arrow.arrayBuffer()));
      expect(table.schema.fields.map((f) => f.name)).toEqual(['__proto__', 'constructor', 'n']);
      expect(table.getChild('__proto__')!.get(0)).toBe('{"x":1}');
    }
    const sql = await t.api('/viewer/sql', { method: 'POST', token: alice, json: { dataset: 'alice/proto', query: 'SELECT * FROM train' }, headers: { accept: 'application/vnd.apache.arrow.stream' } });
    expect(sql.status).toBe(200);
    expect(tableFromIPC(new Uint8Array(await sql.arrayBuffer())).schema.fields.map((f) => f.name)).toEqual(['__proto__', 'constructor', 'n']);
  });

  it('answers bad parameters with 422 and an error code', async () => {
    await expectError(await get('rows', { config: 'parquet', split: 'train' }), 422, "Parameter 'dataset' is required", 'MissingRequiredParameter');
    await expectError(await get('rows', { dataset: 'alice/formats', split: 'train' }), 422, "Parameter 'config' is required", 'MissingRequiredParameter');
    await expectError(await get('rows', { dataset: 'alice/formats', config: 'parquet', split: 'train', length: 101 }), 422, "Parameter 'length' must be at most 100", 'InvalidParameter');
    await expectError(await get('rows', { dataset: 'alice/formats', config: 'parquet', split: 'train', offset: -1 }), 422, "Parameter 'offset' must be a non-negative integer", 'InvalidParameter');
    await expectError(await get('rows', { dataset: 'alice/formats', config: 'parquet', split: 'train', offset: '1e3' }), 422, "Parameter 'offset' must be a non-negative integer", 'InvalidParameter');
    await expectError(await get('rows', { dataset: 'not-a-dataset', config: 'parquet', split: 'train' }), 422, "Parameter 'dataset' must be namespace/name", 'InvalidParameter');
    await expectError(await get('rows', { dataset: 'alice/formats', config: 'nope', split: 'train' }), 404, 'Not found: config "nope", split "train"', 'ResponseNotFound');
    await expectError(await get('first-rows', { dataset: 'alice/missing', config: 'default', split: 'train' }), 404, 'Repository not found: alice/missing', 'RepoNotFound');
    await expectError(await get('search', { dataset: 'alice/formats', config: 'parquet', split: 'train' }), 422, "Parameter 'query' is required", 'MissingRequiredParameter');
    await expectError(await get('filter', { dataset: 'alice/formats', config: 'parquet', split: 'train' }), 422, "Parameter 'where' or 'orderby' is required", 'MissingRequiredParameter');
  });

  it('a private dataset is RepoNotFound to another user and to anonymous callers, on every endpoint', async () => {
    const params = { dataset: 'alice/secret', config: 'default', split: 'train', query: 'x', where: '"secret" = \'hush\'' };
    for (const endpoint of ['is-valid', 'splits', 'info', 'size', 'parquet', 'first-rows', 'rows', 'search', 'filter', 'statistics']) {
      for (const token of [undefined, bob]) {
        await expectError(await get(endpoint, params, token), 404, 'Repository not found: alice/secret', 'RepoNotFound');
      }
      expect((await get(endpoint, params, alice)).status, endpoint).toBe(200);
    }
    for (const token of [undefined, bob]) {
      await expectError(await t.api('/viewer/sql', { method: 'POST', token, json: { dataset: 'alice/secret', query: 'SELECT * FROM train' } }), 404, 'Repository not found: alice/secret', 'RepoNotFound');
    }
    const own = await (await t.api('/viewer/first-rows?dataset=alice/secret&config=default&split=train', { token: alice })).json() as Rows;
    expect(own.rows.map((r) => r.row)).toEqual([{ secret: 'hush' }]);
  });

  it('/search finds text in string columns, case-insensitively, with row indexes and bound patterns', async () => {
    const res = await getJson<Rows>('search', { dataset: 'alice/formats', config: 'parquet', split: 'train', query: 'ROW 499', length: 5 });
    expect(res.num_rows_total).toBe(11); // row 499, row 4990..4999
    expect(res.rows.map((r) => [r.row_idx, r.row.text])).toEqual([[499, 'row 499'], [4990, 'row 4990'], [4991, 'row 4991'], [4992, 'row 4992'], [4993, 'row 4993']]);
    // LIKE wildcards in the query are literal characters.
    expect((await getJson<Rows>('search', { dataset: 'alice/formats', config: 'parquet', split: 'train', query: 'row%1' })).num_rows_total).toBe(0);
    // So are regular-expression characters.
    for (const query of ['row.49', 'row 4.*', '(', '[a-', '\\', 'row 49|x']) {
      expect((await getJson<Rows>('search', { dataset: 'alice/formats', config: 'parquet', split: 'train', query })).num_rows_total, query).toBe(0);
    }
    expect((await getJson<Rows>('search', { dataset: 'alice/formats', config: 'csv', split: 'train', query: 'UNICODE: 你好 🎉 É' })).rows.map((r) => r.row_idx)).toEqual([1]);
    expect((await getJson<Rows>('search', { dataset: 'alice/formats', config: 'csv', split: 'train', query: 'SAY "HI"' })).rows.map((r) => r.row_idx)).toEqual([2]);
    const csv = await getJson<Rows>('search', { dataset: 'alice/formats', config: 'csv', split: 'train', query: '你好' });
    expect(csv.rows.map((r) => r.row_idx)).toEqual([1]);
  });

  it('/filter parses where and orderby and binds every value', async () => {
    const f = (where?: string, orderby?: string, extra: Record<string, string | number> = {}) =>
      getJson<Rows>('filter', { dataset: 'alice/formats', config: 'parquet', split: 'train', ...(where !== undefined ? { where } : {}), ...(orderby !== undefined ? { orderby } : {}), ...extra });
    const a = await f(`"id" >= 10 AND "id" < 20 AND NOT ("label" = 'a' OR "flag" = true)`, '"id" DESC');
    expect(a.rows.map((r) => [r.row_idx, r.row.id])).toEqual([[19, 19], [17, 17], [16, 16], [14, 14], [13, 13], [11, 11], [10, 10]].filter(([, id]) => id! % 3 !== 0));
    expect(a.num_rows_total).toBe(a.rows.length);
    const b = await f(`"label" IN ('c') AND "text" LIKE 'row 1%' AND "score" IS NOT NULL`, undefined, { length: 3 });
    expect(b.rows.map((r) => r.row.id)).toEqual([11, 14, 17]);
    const c = await f(`label ILIKE 'B' and id < 5`);
    expect(c.rows.map((r) => r.row.id)).toEqual([1, 4]);
    const d = await f(undefined, '"score" DESC, "id"', { length: 2 });
    expect(d.rows.map((r) => r.row.id)).toEqual([4999, 4998]);
    // A quote inside a string literal stays inside the bound value.
    expect((await f(`"text" = 'x'' OR ''1''=''1'`)).num_rows_total).toBe(0);
    expect((await f(`"score" IS NULL`)).num_rows_total).toBe(0);
    expect((await f(`"id" NOT IN (1, 2, 3) AND "id" <= 5`)).rows.map((r) => r.row.id)).toEqual([0, 4, 5]);
  });

  it('/filter refuses anything outside the grammar with 400, naming the problem', async () => {
    const bad = async (where: string | undefined, message: string, orderby?: string) => {
      const params: Record<string, string> = { dataset: 'alice/formats', config: 'parquet', split: 'train' };
      if (where !== undefined) params.where = where;
      if (orderby !== undefined) params.orderby = orderby;
      await expectError(await get('filter', params), 400, message, 'InvalidParameter');
    };
    await bad(`"id" = 1; DROP TABLE x`, 'Invalid where: unexpected character ";" at position 8');
    await bad(`"id" = 1 UNION SELECT * FROM read_csv('/etc/passwd')`, 'Invalid where: unexpected character "*" at position 22');
    await bad(`"id" = 1 UNION SELECT "id" FROM "train"`, 'Invalid where: expected AND, OR or the end at position 9, found "UNION"');
    await bad(`"id" = (SELECT 1)`, 'Invalid where: expected a column or a value at position 7, found "("');
    await bad(`read_text('/etc/passwd') IS NOT NULL`, 'Invalid where: expected a comparison, IS [NOT] NULL, LIKE, ILIKE or IN at position 9, found "("');
    await bad(`"id" = 1 -- comment`, 'Invalid where: unexpected character "-" at position 9');
    await bad(`"nope" = 1`, 'Invalid where: Unknown column "nope"');
    await bad(`"id" = 'unterminated`, 'Invalid where: unterminated string at position 7');
    await bad(`("id" = 1`, 'Invalid where: expected ")" at position 9, found the end');
    await bad(`"id" IN ()`, 'Invalid where: expected a column or a value at position 9, found ")"');
    await bad(`${'('.repeat(100)}"id" = 1${')'.repeat(100)}`, 'Invalid where: nested deeper than 64 levels');
    await bad(undefined, 'Invalid orderby: Unknown column "nope"', '"nope" DESC');
    await bad(undefined, 'Invalid orderby: unexpected character ";" at position 4', '"id"; DROP TABLE x');
    await bad(undefined, 'Invalid orderby: expected ASC, DESC, "," or the end at position 5, found "DROP"', '"id" DROP');
    await bad(undefined, 'Invalid orderby: expected ASC, DESC, "," or the end at position 6, found "("', 'random()');
    await bad(undefined, 'Invalid orderby: expected a column at position 0, found 1', '1 DESC');
  });

  it('/statistics per column: nulls, min/max/mean/median/std, histograms, categories, booleans, text lengths', async () => {
    const stats = await getJson<{ num_examples: number; statistics: Array<{ column_name: string; column_type: string; column_statistics: Record<string, unknown> }>; partial: boolean }>(
      'statistics', { dataset: 'alice/formats', config: 'parquet', split: 'train' });
    expect(stats.num_examples).toBe(5000);
    expect(stats.partial).toBe(false);
    const by = Object.fromEntries(stats.statistics.map((s) => [s.column_name, s]));
    expect(by.id).toEqual({
      column_name: 'id', column_type: 'int',
      column_statistics: {
        nan_count: 0, nan_proportion: 0, min: 0, max: 4999, mean: 2499.5, median: 2499.5, std: 1443.52,
        histogram: { hist: Array(10).fill(500), bin_edges: [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 4999] },
      },
    });
    expect(by.score!.column_type).toBe('float');
    expect(by.flag!.column_statistics).toEqual({ nan_count: 0, nan_proportion: 0, frequencies: { True: 1667, False: 3333 } });
    expect(by.label).toEqual({ column_name: 'label', column_type: 'string_label', column_statistics: { nan_count: 0, nan_proportion: 0, no_label_count: 0, no_label_proportion: 0, n_unique: 3, frequencies: { a: 1667, b: 1667, c: 1666 } } });
    expect(by.text!.column_type).toBe('string_text');
    expect(by.text!.column_statistics).toMatchObject({ nan_count: 0, min: 5, max: 8 });
    const test = await getJson<{ statistics: Array<{ column_name: string; column_statistics: Record<string, unknown> }> }>('statistics', { dataset: 'alice/formats', config: 'parquet', split: 'test' });
    expect(test.statistics.find((s) => s.column_name === 'score')!.column_statistics).toMatchObject({ nan_count: 10, nan_proportion: 1, min: null, max: null });
  });

  it('/is-valid, /info, /size and /parquet describe the dataset', async () => {
    expect(await getJson('is-valid', { dataset: 'alice/formats', config: 'parquet' })).toEqual({ preview: true, viewer: true, search: true, filter: true, statistics: true });
    expect(await getJson('is-valid', { dataset: 'alice/formats', config: 'nope' })).toEqual({ preview: false, viewer: false, search: false, filter: false, statistics: false });
    const info = await getJson<{ dataset_info: Record<string, unknown>; partial: boolean }>('info', { dataset: 'alice/formats', config: 'parquet' });
    expect(info.dataset_info).toMatchObject({
      builder_name: 'parquet', config_name: 'parquet', dataset_name: 'formats',
      features: { id: { dtype: 'int64', _type: 'Value' } },
      splits: { train: { name: 'train', num_examples: 5000 }, test: { name: 'test', num_examples: 10 } },
    });
    const size = await getJson<{ size: { dataset: Record<string, unknown>; configs: Array<Record<string, unknown>>; splits: Array<Record<string, unknown>> } }>('size', { dataset: 'alice/formats' });
    expect(size.size.configs.find((c) => c.config === 'parquet')).toMatchObject({ num_rows: 5010, num_columns: 5 });
    expect(size.size.splits.find((s) => s.config === 'csv')).toMatchObject({ num_rows: 4, num_columns: 4 });
    const pq = await getJson<{ parquet_files: Array<{ url: string; config: string; split: string; filename: string; size: number }> }>('parquet', { dataset: 'alice/formats', config: 'parquet' });
    expect(pq.parquet_files.map((f) => [f.split, f.filename])).toEqual([['train', 'train-0.parquet'], ['train', 'train-1.parquet'], ['test', 'test.parquet']]);
    const download = await fetch(pq.parquet_files[2]!.url);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(pq.parquet_files[2]!.size);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
  });

  it('answers Arrow IPC streams on row endpoints when asked', async () => {
    const res = await t.api('/viewer/rows?dataset=alice/formats&config=parquet&split=train&offset=10&length=3', { headers: { accept: 'application/vnd.apache.arrow.stream' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.numRows).toBe(3);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'text', 'score', 'flag', 'label']);
    expect(table.toArray().map((r) => r.toJSON())).toEqual([10, 11, 12].map((i) => ({ id: BigInt(i), text: `row ${i}`, score: i / 2, flag: i % 3 === 0, label: ['a', 'b', 'c'][i % 3] })));
    expect(table.schema.metadata.get('num_rows_total')).toBe('5000');
    expect(JSON.parse(table.schema.metadata.get('row_idx')!)).toEqual([10, 11, 12]);
    const filtered = await t.api(`/viewer/filter?dataset=alice/formats&config=csv&split=train&where=${encodeURIComponent('"id" = 3')}`, { headers: { accept: 'application/vnd.apache.arrow.stream' } });
    const ft = tableFromIPC(new Uint8Array(await filtered.arrayBuffer()));
    expect(ft.numRows).toBe(1);
    expect(JSON.parse(ft.schema.metadata.get('truncated_cells')!)).toEqual([['text']]);
    expect(String(ft.getChild('text')!.get(0)).length).toBe(5000);
    const json = await t.api('/viewer/rows?dataset=alice/formats&config=parquet&split=train&length=1');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
