import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';
import { startS3, type TestS3 } from './helpers/s3.js';
import { duck, pushFiles } from './helpers/viewer-fixtures.js';

// The viewer on the S3 store: Parquet is read through a sparse local file filled by ranged GETs.

describe.each(backends.slice(0, 1))('dataset viewer on S3 ($name)', (backend) => {
  let t: TestHub;
  let s3: TestS3;
  let work: string;
  let alice: string;
  let size = 0;
  const get = async <T>(q: string): Promise<T> => {
    const res = await t.api(`/viewer/${q}`, { token: alice });
    if (res.status !== 200) throw new Error(`${q}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  /** Bytes of the object fetched so far, from the sparse file's range list. */
  const fetched = async () => {
    const dir = path.join(t.dataDir, 'cache', 'viewer', 'ranged');
    let total = 0;
    for (const sub of await fs.readdir(dir)) {
      for (const f of await fs.readdir(path.join(dir, sub))) {
        if (!f.endsWith('.ranges')) continue;
        const ranges = JSON.parse(await fs.readFile(path.join(dir, sub, f), 'utf8')) as Array<[number, number]>;
        total += ranges.reduce((n, [a, b]) => n + b - a, 0);
      }
    }
    return total;
  };

  beforeAll(async () => {
    s3 = await startS3();
    t = await startHub(backend, { lfsStore: s3.storeUrl });
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-viewer-s3-'));
    alice = await t.user('alice');
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'remote', type: 'dataset' } })).status).toBe(200);
    const file = path.join(work, 'train.parquet');
    // Random-ish text so the file does not compress to nothing: 40 row groups of 5,000 rows.
    await duck([`COPY (SELECT i AS id, md5(i::VARCHAR) || md5((i * 7)::VARCHAR) AS h, i * 1.5 AS x FROM range(0, 200000) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 5000)`]);
    size = (await fs.stat(file)).size;
    const url = new URL(`${t.url}/datasets/alice/remote`);
    url.username = 'alice';
    url.password = alice;
    await pushFiles(url.toString(), work, { 'data/train.parquet': await fs.readFile(file), 'data/test.csv.gz': await fs.readFile(await gz(work)) });
  }, 120_000);

  async function gz(dir: string): Promise<string> {
    const out = path.join(dir, 'test.csv.gz');
    await duck([`COPY (SELECT 1 AS a, 'one' AS b UNION ALL SELECT 2, 'two') TO '${out}' (FORMAT csv, HEADER, COMPRESSION gzip)`]);
    return out;
  }

  afterAll(async () => {
    await t?.close();
    await s3?.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('shows a page without downloading the whole Parquet object, then fetches only the row groups asked for', async () => {
    const first = await get<{ rows: Array<{ row_idx: number; row: { id: number } }> }>('first-rows?dataset=alice/remote&config=default&split=train');
    expect(first.rows.map((r) => r.row.id)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const afterFirst = await fetched();
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(size / 10);

    const page = await get<{ rows: Array<{ row_idx: number; row: { id: number; x: number } }>; num_rows_total: number }>('rows?dataset=alice/remote&config=default&split=train&offset=150000&length=3');
    expect(page.num_rows_total).toBe(200000);
    expect(page.rows.map((r) => [r.row_idx, r.row.id, r.row.x])).toEqual([[150000, 150000, 225000], [150001, 150001, 225001.5], [150002, 150002, 225003]]);
    const afterPage = await fetched();
    expect(afterPage).toBeGreaterThan(afterFirst);
    expect(afterPage).toBeLessThan(size / 5);

    // A full scan needs every byte; the answers are right.
    const stats = await get<{ num_examples: number; statistics: Array<{ column_name: string; column_statistics: { max: number } }> }>('statistics?dataset=alice/remote&config=default&split=train');
    expect(stats.num_examples).toBe(200000);
    expect(stats.statistics.find((s) => s.column_name === 'id')!.column_statistics.max).toBe(199999);
    expect(await fetched()).toBe(size);
  });

  it('a .parquet file that is not Parquet (or too short to be) answers 422, not 500', async () => {
    for (const [name, content] of [['junk', 'definitely not a parquet file, just some text'], ['tiny', 'PAR1']] as const) {
      expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name, type: 'dataset' } })).status).toBe(200);
      const url = new URL(`${t.url}/datasets/alice/${name}`);
      url.username = 'alice';
      url.password = alice;
      await pushFiles(url.toString(), work, { 'train.parquet': content });
      for (const endpoint of ['first-rows', 'rows', 'statistics']) {
        const res = await t.api(`/viewer/${endpoint}?dataset=alice/${name}&config=default&split=train`, { token: alice });
        await expectError(res, 422, 'Could not read the data: not a Parquet file');
      }
    }
  });

  it('reads compressed CSV from S3 too', async () => {
    const rows = await get<{ rows: Array<{ row: unknown }> }>('first-rows?dataset=alice/remote&config=default&split=test');
    expect(rows.rows.map((r) => r.row)).toEqual([{ a: 1, b: 'one' }, { a: 2, b: 'two' }]);
  });
});
