import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';
import { duck, pushFiles } from './helpers/viewer-fixtures.js';

// POST /viewer/sql: one read-only SELECT over a config's splits; everything else refused with 400 and no effect.

describe.each(backends)('dataset viewer SQL ($name)', (backend) => {
  let t: TestHub;
  let work: string;
  let alice: string;
  const sql = (query: string, extra: Record<string, unknown> = {}, init: RequestInit = {}) =>
    t.api('/viewer/sql', { ...init, method: 'POST', token: alice, json: { dataset: 'alice/tables', query, ...extra } });

  beforeAll(async () => {
    t = await startHub(backend, { limits: { viewerSqlTimeoutMs: 1_500, viewerSqlMaxRows: 1_000 } });
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-viewer-sql-'));
    alice = await t.user('alice');
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'tables', type: 'dataset' } })).status).toBe(200);
    const file = path.join(work, 'train.parquet');
    await duck([`COPY (SELECT i AS id, ['a', 'b', 'c'][i % 3 + 1] AS label, i * 2 AS doubled FROM range(0, 5000) t(i)) TO '${file}' (FORMAT parquet)`]);
    const url = new URL(`${t.url}/datasets/alice/tables`);
    url.username = 'alice';
    url.password = alice;
    await pushFiles(url.toString(), work, {
      'train.parquet': await fs.readFile(file),
      'test.csv': 'id,label\n1,b\n2,c\n9999,z\n',
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('runs one SELECT over the splits as tables: aggregates, joins, CTEs, subqueries over splits', async () => {
    const res = await sql('SELECT label, count(*) AS n, max(doubled) AS top FROM train GROUP BY label ORDER BY label');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: Array<{ row: Record<string, unknown> }>; num_rows: number; truncated: boolean; features: Array<{ name: string }> };
    expect(body.rows.map((r) => r.row)).toEqual([{ label: 'a', n: 1667, top: 9996 }, { label: 'b', n: 1667, top: 9998 }, { label: 'c', n: 1666, top: 9994 }]);
    expect(body.features.map((f) => f.name)).toEqual(['label', 'n', 'top']);
    expect(body.truncated).toBe(false);
    const join = (await (await sql('WITH t AS (SELECT * FROM test) SELECT t.id, train.label AS l FROM t JOIN train USING (id) WHERE t.id IN (SELECT id FROM train) ORDER BY 1')).json()) as { rows: Array<{ row: unknown }> };
    expect(join.rows.map((r) => r.row)).toEqual([{ id: 1, l: 'b' }, { id: 2, l: 'c' }]);
  });

  it('cuts results at the row limit and says so', async () => {
    const body = (await (await sql('SELECT id FROM train ORDER BY id')).json()) as { rows: Array<{ row: { id: number } }>; num_rows: number; truncated: boolean };
    expect(body.num_rows).toBe(1000);
    expect(body.truncated).toBe(true);
    expect(body.rows[999]!.row.id).toBe(999);
  });

  it('stops a query that runs past the time limit', async () => {
    const res = await sql('SELECT count(*) FROM train a, train b, train c WHERE a.id + b.id + c.id = -1');
    await expectError(res, 400, 'Query stopped: it ran longer than 1.5 s', 'SqlQueryFailed');
  });

  it('answers Arrow IPC when asked', async () => {
    const res = await sql('SELECT id, label FROM train WHERE id < 3 ORDER BY id', {}, { headers: { accept: 'application/vnd.apache.arrow.stream' } });
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.toArray().map((r) => r.toJSON())).toEqual([{ id: 0n, label: 'a' }, { id: 1n, label: 'b' }, { id: 2n, label: 'c' }]);
  });

  it('refuses everything but one SELECT over the splits, with 400 and no effect', async () => {
    const target = path.join(work, 'escape');
    const cases: Array<[string, string]> = [
      ['SELECT 1; SELECT 2', 'Exactly one statement is allowed (no ";")'],
      ['SELECT id FROM train; COPY train TO \'/tmp/x.csv\'', 'Only a SELECT query is allowed'],
      [`SELECT * FROM train UNION ALL SELECT * FROM read_csv('/etc/passwd')`, 'Table functions are not allowed: read_csv'],
      [`SELECT * FROM read_csv('/etc/passwd')`, 'Table functions are not allowed: read_csv'],
      [`SELECT * FROM read_text('/etc/passwd')`, 'Table functions are not allowed: read_text'],
      [`SELECT * FROM '/etc/passwd'`, 'Unknown table "/etc/passwd": the tables are the splits (train, test)'],
      [`SELECT * FROM glob('/*')`, 'Table functions are not allowed: glob'],
      [`COPY train TO '${target}.csv'`, 'Only a SELECT query is allowed'],
      [`COPY (SELECT * FROM train) TO '${target}.parquet' (FORMAT parquet)`, 'Only a SELECT query is allowed'],
      [`ATTACH '${target}.db' AS x`, 'Only a SELECT query is allowed'],
      [`EXPORT DATABASE '${target}'`, 'Only a SELECT query is allowed'],
      ['INSTALL httpfs', 'Only a SELECT query is allowed'],
      ['LOAD httpfs', 'Only a SELECT query is allowed'],
      ['PRAGMA version', 'Only a SELECT query is allowed'],
      ["SET memory_limit = '100GB'", 'Only a SELECT query is allowed'],
      ['SET enable_external_access = true', 'Only a SELECT query is allowed'],
      ['DROP VIEW train', 'Only a SELECT query is allowed'],
      ['CREATE TABLE x AS SELECT * FROM train', 'Only a SELECT query is allowed'],
      [`SELECT getenv('HOME')`, 'Function getenv is not allowed'],
      [`SELECT current_setting('memory_limit')`, 'Function current_setting is not allowed'],
      ['SELECT id FROM train WHERE id IN (SELECT id FROM read_parquet(\'/x.parquet\'))', 'Table functions are not allowed: read_parquet'],
      ['SELECT (SELECT count(*) FROM duckdb_settings()) FROM train', 'Table functions are not allowed: duckdb_settings'],
      ['SELECT * FROM train WHERE EXISTS (SELECT 1 FROM information_schema.tables)', 'Only the splits can be queried, by name: information_schema.tables'],
      ['SELECT * FROM main.train', 'Only the splits can be queried, by name: main.train'],
      ['SELECT * FROM duckdb_tables', 'Unknown table "duckdb_tables": the tables are the splits (train, test)'],
      ['WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r', 'Recursive queries are not allowed'],
      ['SELECT $1', 'Parameters are not allowed'],
      ['DESCRIBE train', 'DESCRIBE and SUMMARIZE are not allowed'],
      ['SUMMARIZE train', 'DESCRIBE and SUMMARIZE are not allowed'],
      [`SELECT * FROM query('SELECT 1')`, 'Table functions are not allowed: query'],
    ];
    for (const [query, message] of cases) {
      await expectError(await sql(query), 400, `Query refused: ${message}`, 'SqlQueryRefused');
    }
    await expectError(await sql('SELEC 1'), 400, /^Query refused: The query does not parse: syntax error at or near "SELEC"/, 'SqlQueryRefused');
    await expectError(await sql('SELECT nope FROM train'), 400, /^Query failed: Binder Error: Referenced column "nope" not found/, 'SqlQueryFailed');
    // Nothing was written, nothing changed: no files, the splits still answer, the configuration is as it was.
    for (const suffix of ['.csv', '.parquet', '.db', '']) await expect(fs.stat(`${target}${suffix}`)).rejects.toThrow(/ENOENT/);
    expect((await sql('SELECT count(*) AS n FROM train')).status).toBe(200);
    const settings = await t.hub.services.viewer.service.pool.use(async (c) =>
      (await c.runAndReadAll("SELECT current_setting('enable_external_access'), current_setting('lock_configuration')")).getRows()[0]);
    expect(settings).toEqual([false, true]);
  });

  it('a CTE name is a table only inside its WITH: naming a file as a CTE does not reach the file (another private dataset) from outside it', async () => {
    const bob = await t.user('bob');
    expect((await t.api('/api/repos/create', { method: 'POST', token: bob, json: { name: 'hidden', type: 'dataset', private: true } })).status).toBe(200);
    const url = new URL(`${t.url}/datasets/bob/hidden`);
    url.username = 'bob';
    url.password = bob;
    const secret = 'who,what\nbob,the secret\n';
    await pushFiles(url.toString(), work, { 'train.csv': secret });
    // Bob's viewer materialises his (git-blob) CSV into the cache DuckDB may read.
    expect((await t.api('/viewer/first-rows?dataset=bob/hidden&config=default&split=train', { token: bob })).status).toBe(200);
    const oid = createHash('sha1').update(`blob ${secret.length}\0${secret}`).digest('hex');
    const objects = path.join(t.dataDir, 'cache', 'viewer', 'objects');
    const file = path.join(objects, oid.slice(0, 2), `${oid}.csv`).replace(/"/g, '""');
    await fs.stat(file);
    const glob = path.join(objects, '*', '*.csv').replace(/"/g, '""');
    const cases: Array<[string, string]> = [
      // The CTE's own body does not see its name: DuckDB would read the file.
      [`WITH "${file}" AS (SELECT * FROM "${file}") SELECT * FROM "${file}"`, `Unknown table "${file}"`],
      // A CTE of a subquery is not in scope in the outer FROM.
      [`SELECT * FROM (WITH "${file}" AS (SELECT 1) SELECT 1) t, "${file}"`, `Unknown table "${file}"`],
      [`SELECT (WITH "${glob}" AS (SELECT 1) SELECT 1), * FROM "${glob}"`, `Unknown table "${glob}"`],
      // A later CTE is not in scope in an earlier one.
      [`WITH a AS (SELECT * FROM "${file}"), "${file}" AS (SELECT 1) SELECT * FROM a`, `Unknown table "${file}"`],
    ];
    for (const [query, message] of cases) {
      const res = await sql(query);
      const text = await res.clone().text();
      expect(text).not.toContain('the secret');
      await expectError(res, 400, `Query refused: ${message}: the tables are the splits (train, test)`, 'SqlQueryRefused');
    }
    // CTEs in scope still work, including one reading an earlier one.
    const ok = await sql('WITH a AS (SELECT id FROM train WHERE id < 3), b AS (SELECT id FROM a) SELECT count(*) AS n FROM (WITH c AS (SELECT * FROM b) SELECT * FROM c)');
    expect(((await ok.json()) as { rows: Array<{ row: unknown }> }).rows.map((r) => r.row)).toEqual([{ n: 3 }]);
  });

  it('behind the guard, DuckDB itself refuses files outside the hub data and any setting change (second wall)', async () => {
    const { pool } = t.hub.services.viewer.service;
    await expect(pool.use((c) => c.run("SELECT * FROM read_csv('/etc/passwd')"))).rejects.toThrow(/Permission Error: Cannot access file "\/etc\/passwd"/);
    await expect(pool.use((c) => c.run('SET enable_external_access = true'))).rejects.toThrow(/the configuration has been locked/);
    await expect(pool.use((c) => c.run("COPY (SELECT 1) TO '/tmp/csghub-viewer-escape.csv'"))).rejects.toThrow(/Permission Error/);
    await expect(fs.stat('/tmp/csghub-viewer-escape.csv')).rejects.toThrow(/ENOENT/);
    await expect(pool.use((c) => c.run('INSTALL httpfs'))).rejects.toThrow(/Permission Error|disabled/);
  });

  it('checks the body and the dataset', async () => {
    await expectError(await t.api('/viewer/sql', { method: 'POST', token: alice, json: { dataset: 'alice/tables' } }), 400, /^Invalid request: query: /);
    await expectError(await sql('SELECT 1', { config: 'nope' }), 404, 'Not found: config "nope"', 'ResponseNotFound');
    await expectError(await t.api('/viewer/sql', { method: 'POST', json: { dataset: 'alice/none', query: 'SELECT 1' } }), 404, 'Repository not found: alice/none', 'RepoNotFound');
  });
});
