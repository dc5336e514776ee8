import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../src/index.js';
import { backends } from './helpers/backends.js';
import { git } from './helpers/git.js';
import { startHub, type TestHub } from './helpers/hub.js';
import { duck, pushFiles } from './helpers/viewer-fixtures.js';

// Automatic Parquet conversion onto refs/convert/parquet after a push, by the persisted job queue.

type Manifest = { source: string; splits: Record<string, { sourceKey: string; files: Array<{ path: string; oid: string; size: number }> }> };

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(backends)('dataset viewer Parquet conversion ($name)', (backend) => {
  let t: TestHub;
  let work: string;
  let alice: string;
  const remote = (hubUrl: string, repo: string, token: string) => {
    const url = new URL(`${hubUrl}/datasets/${repo}`);
    url.username = 'alice';
    url.password = token;
    return url.toString();
  };
  const json = async <T>(res: Response | Promise<Response>): Promise<T> => {
    const r = await res;
    if (r.status !== 200) throw new Error(`${r.url}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const manifest = async (repo: string) => json<Manifest>(fetch(`${t.url}/datasets/${repo}/resolve/refs%2Fconvert%2Fparquet/.csghub-viewer.json`, { headers: { authorization: `Bearer ${alice}` } }));

  beforeAll(async () => {
    t = await startHub(backend);
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-viewer-conv-'));
    alice = await t.user('alice');
    for (const name of ['mixed', 'native']) {
      expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name, type: 'dataset' } })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await t?.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('converts CSV and JSON splits after a push; status shows in /is-valid and /splits; /parquet serves the conversion', async () => {
    const { jobs } = t.hub.services.viewer;
    // Hold the worker so the pending state can be seen.
    await jobs.stop();
    const head = await pushFiles(remote(t.url, 'alice/mixed', alice), work, {
      'train.csv': 'id,name\n1,"a, b"\n2,"line\nbreak"\n3,c\n',
      'test.jsonl': '{"id": 10, "name": "x"}\n{"id": 11, "name": null}\n',
    });
    const q = 'dataset=alice/mixed';
    expect(await json(t.api(`/viewer/is-valid?${q}`, { token: alice }))).toEqual({ preview: true, viewer: false, search: false, filter: false, statistics: false });
    expect(await json(t.api(`/viewer/splits?${q}`, { token: alice }))).toEqual({
      splits: [{ dataset: 'alice/mixed', config: 'default', split: 'train' }, { dataset: 'alice/mixed', config: 'default', split: 'test' }],
      pending: [{ dataset: 'alice/mixed', config: 'default', split: 'train' }, { dataset: 'alice/mixed', config: 'default', split: 'test' }],
      failed: [],
    });
    // Rows are served from the source files meanwhile.
    const before = await json<{ rows: Array<{ row: unknown }> }>(t.api(`/viewer/rows?${q}&config=default&split=train`, { token: alice }));
    expect(before.rows.map((r) => r.row)).toEqual([{ id: 1, name: 'a, b' }, { id: 2, name: 'line\nbreak' }, { id: 3, name: 'c' }]);

    jobs.start();
    await until('the conversion', async () => (await json<{ viewer: boolean }>(t.api(`/viewer/is-valid?${q}`, { token: alice }))).viewer);
    expect(await json(t.api(`/viewer/splits?${q}`, { token: alice }))).toMatchObject({ pending: [], failed: [] });
    const refs = await json<{ converts: Array<{ name: string; ref: string }> }>(t.api('/api/datasets/alice/mixed/refs', { token: alice }));
    expect(refs.converts.map((c) => c.ref)).toEqual(['refs/convert/parquet']);
    const m = await manifest('alice/mixed');
    expect(m.source).toBe(head);
    expect(Object.keys(m.splits).sort()).toEqual(['default/test', 'default/train']);

    const pq = await json<{ parquet_files: Array<{ url: string; split: string; filename: string; size: number }> }>(t.api(`/viewer/parquet?${q}`, { token: alice }));
    expect(pq.parquet_files.map((f) => [f.split, f.filename, f.url])).toEqual(['train', 'test'].map((s) => [s, '0000.parquet', `${t.url}/datasets/alice/mixed/resolve/refs%2Fconvert%2Fparquet/default/${s}/0000.parquet`]));
    for (const f of pq.parquet_files) {
      const body = Buffer.from(await (await fetch(f.url, { headers: { authorization: `Bearer ${alice}` } })).arrayBuffer());
      expect(body.length).toBe(f.size);
      expect([body.subarray(0, 4).toString(), body.subarray(-4).toString()]).toEqual(['PAR1', 'PAR1']);
    }
    // Same rows, now read from the Parquet conversion.
    const after = await json<{ rows: Array<{ row: unknown }>; features: unknown[] }>(t.api(`/viewer/rows?${q}&config=default&split=train`, { token: alice }));
    expect(after.rows).toEqual(before.rows.map((r, i) => ({ row_idx: i, row: r.row, truncated_cells: [] })));
    const test = await json<{ rows: Array<{ row: unknown }> }>(t.api(`/viewer/first-rows?${q}&config=default&split=test`, { token: alice }));
    expect(test.rows.map((r) => r.row)).toEqual([{ id: 10, name: 'x' }, { id: 11, name: null }]);
  });

  it('a push that changes one split reconverts only that split; cached answers follow the content', async () => {
    const first = await manifest('alice/mixed');
    const service = t.hub.services.viewer.service;
    const row = (await t.hub.services.repos.find({ type: 'dataset', namespace: 'alice', name: 'mixed' }))!;
    const ds = { id: 'alice/mixed', repoId: row.id, gitDir: t.hub.services.repos.gitDir(row), defaultBranch: row.defaultBranch };
    const before = await service.layout(ds);
    const [train0, test0] = [await service.prepare(ds, before, 'default', 'train'), await service.prepare(ds, before, 'default', 'test')];
    const stats0 = await service.statistics(train0);
    const head = await pushFiles(remote(t.url, 'alice/mixed', alice), work, { 'test.jsonl': '{"id": 12, "name": "new"}\n' }, 'new test split');
    const next = await until('the new conversion', async () => {
      const m = await manifest('alice/mixed');
      return m.source === head ? m : null;
    });
    expect(next.splits['default/train']).toEqual(first.splits['default/train']);
    // Keyed by content, not by commit: the unchanged split keeps its key and its cached statistics; the changed one gets a new key.
    const after = await service.layout(ds);
    expect(after.sha).toBe(head);
    const [train1, test1] = [await service.prepare(ds, after, 'default', 'train'), await service.prepare(ds, after, 'default', 'test')];
    expect(train1.key).toBe(train0.key);
    expect(await service.statistics(train1)).toBe(stats0);
    expect(test1.key).not.toBe(test0.key);
    expect(next.splits['default/test']!.files[0]!.oid).not.toBe(first.splits['default/test']!.files[0]!.oid);
    const rows = await json<{ rows: Array<{ row: unknown }> }>(t.api('/viewer/rows?dataset=alice/mixed&config=default&split=test', { token: alice }));
    expect(rows.rows.map((r) => r.row)).toEqual([{ id: 12, name: 'new' }]);
  });

  it('a job whose worker died (lease ran out) is taken again and completes', async () => {
    const { jobs } = t.hub.services.viewer;
    const { sequelize } = t.hub.services.db;
    await jobs.stop();
    const repo = (await t.hub.services.repos.find({ type: 'dataset', namespace: 'alice', name: 'mixed' }))!;
    const head = await pushFiles(remote(t.url, 'alice/mixed', alice), work, { 'test.jsonl': '{"id": 13, "name": "crash"}\n' }, 'after a crash');
    // As a dead process leaves it: running, claimed, lease expired.
    await sequelize.query("UPDATE viewer_jobs SET status = 'running', claim = 'dead-process', attempts = 1, lease_until = ? WHERE repo_id = ? AND status = 'queued'", { replacements: [new Date(Date.now() - 1000), repo.id] });
    const [running] = await sequelize.query<{ n: number }>("SELECT count(*) AS n FROM viewer_jobs WHERE repo_id = ? AND status = 'running'", { replacements: [repo.id], type: QueryTypes.SELECT });
    expect(Number(running!.n)).toBe(1);
    jobs.start();
    const m = await until('the conversion of the orphaned job', async () => {
      const next = await manifest('alice/mixed');
      return next.source === head ? next : null;
    });
    expect(Object.keys(m.splits).sort()).toEqual(['default/test', 'default/train']);
    // The job is marked done just after its commit lands: wait for it to leave 'running'.
    const lastJob = () => sequelize.query<{ status: string; attempts: number }>('SELECT status, attempts FROM viewer_jobs WHERE repo_id = ? ORDER BY id DESC LIMIT 1', { replacements: [repo.id], type: QueryTypes.SELECT });
    const rows = await until('the job to be recorded', async () => {
      const found = await lastJob();
      return found[0]?.status === 'running' ? null : found;
    });
    expect(rows.map((r) => [r.status, Number(r.attempts)])).toEqual([['done', 2]]);
  });

  it('a Parquet-only dataset needs no conversion: no job output, no convert ref', async () => {
    const file = path.join(work, 'native.parquet');
    await duck([`COPY (SELECT 1 AS a) TO '${file}' (FORMAT parquet)`]);
    await pushFiles(remote(t.url, 'alice/native', alice), work, { 'data/train.parquet': await fs.readFile(file) });
    await until('the job to finish', async () => !(await t.hub.services.viewer.jobs.status((await t.hub.services.repos.find({ type: 'dataset', namespace: 'alice', name: 'native' }))!.id)).pending);
    expect(await json(t.api('/viewer/is-valid?dataset=alice/native', { token: alice }))).toEqual({ preview: true, viewer: true, search: true, filter: true, statistics: true });
    const refs = await json<{ converts: unknown[] }>(t.api('/api/datasets/alice/native/refs', { token: alice }));
    expect(refs.converts).toEqual([]);
  });
});

describe.each(backends)('dataset viewer conversion across a restart ($name)', (backend) => {
  let dataDir: string;
  let work: string;
  let db: { url: string; drop(): Promise<void> };
  let hub: Hub | undefined;
  const open = () => createHub({ dataDir, db: db.url, port: 0, logger: pino({ level: 'silent' }) });
  const jobRows = async (h: Hub) => h.services.db.sequelize.query<{ status: string; attempts: number }>('SELECT status, attempts FROM viewer_jobs ORDER BY id', { type: QueryTypes.SELECT });

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-viewer-restart-'));
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-viewer-restart-w-'));
    db = await backend.fresh(dataDir);
  });
  afterAll(async () => {
    await hub?.close(1000);
    await db.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
    await fs.rm(work, { recursive: true, force: true });
  });

  it('a hub stopped in the middle of a conversion finishes it after the restart', async () => {
    hub = await open();
    await hub.services.accounts.createUser({ name: 'alice', email: 'alice@example.test', password: 'password123', isAdmin: false });
    const token = (await hub.services.tokens.create(await hub.services.accounts.requireUser('alice'), { name: 't', scope: 'write' })).token;
    const create = await fetch(`${hub.url}/api/repos/create`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'big', type: 'dataset' }) });
    expect(create.status).toBe(200);
    // A CSV big enough that converting it takes a while, stored with git-lfs.
    const csv = path.join(work, 'big.csv');
    await duck([`COPY (SELECT i AS id, 'some text for row ' || i AS text, i * 0.25 AS score, md5(i::VARCHAR) AS h FROM range(0, 3000000) t(i)) TO '${csv}' (FORMAT csv, HEADER)`]);
    const url = new URL(`${hub.url}/datasets/alice/big`);
    url.username = 'alice';
    url.password = token;
    await pushFiles(url.toString(), work, { '.gitattributes': '*.csv filter=lfs diff=lfs merge=lfs -text\n', 'train.csv': await fs.readFile(csv) });
    const gitDir = path.join(dataDir, 'repos', 'datasets', 'alice', 'big.git');

    await until('the job to start', async () => (await jobRows(hub!)).some((j) => j.status === 'running'), 60_000);
    await hub.close(1000);
    hub = undefined;
    // Stopped mid-job: handed back to the queue, nothing committed.
    const stopped = await (async () => {
      const h = await open();
      await h.services.viewer.jobs.stop();
      const rows = await jobRows(h);
      const ref = await git(['--git-dir', gitDir, 'for-each-ref', 'refs/convert/']);
      await h.close(1000);
      return { rows, ref };
    })();
    expect(stopped.rows.map((j) => j.status)).toEqual(['queued']);
    expect(stopped.ref).toBe('');

    hub = await open();
    await until('the job to finish', async () => (await jobRows(hub!)).every((j) => j.status === 'done'), 120_000);
    expect((await git(['--git-dir', gitDir, 'for-each-ref', '--format=%(refname)', 'refs/convert/'])).trim()).toBe('refs/convert/parquet');
    const rows = await (await fetch(`${hub.url}/viewer/rows?dataset=alice/big&config=default&split=train&offset=2999998`, { headers: { authorization: `Bearer ${token}` } })).json() as { num_rows_total: number; rows: Array<{ row_idx: number; row: { id: number } }> };
    expect(rows.num_rows_total).toBe(3_000_000);
    expect(rows.rows.map((r) => [r.row_idx, r.row.id])).toEqual([[2999998, 2999998], [2999999, 2999999]]);
    expect(await (await fetch(`${hub.url}/viewer/is-valid?dataset=alice/big`, { headers: { authorization: `Bearer ${token}` } })).json()).toMatchObject({ viewer: true });
  }, 300_000);
});
