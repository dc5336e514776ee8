// The dataset viewer on a 10-million-row, ~1 GB Parquet file generated here with DuckDB and pushed
// with git-lfs to a hub running as users run it (`csghub serve`, its own process). For each endpoint,
// BENCH_VIEWER_N requests (50 by default; /search BENCH_VIEWER_SEARCH_N, 10 by default, as each scans the whole file): p50 and p99 of the HTTP round trip, beside the same DuckDB
// query run directly in this process on the same file (the floor), and their ratio. /first-rows is
// also measured cold (the first request after the hub started: schema, row count and first page).
// The hub's peak resident memory (VmHWM) is read at the end. Targets: warm /rows p50 <= 50 ms and
// <= 2x direct; cold /first-rows <= 1 s; RSS < 1 GB.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fmt, gitEnv, now, percentile, run, startBenchHub } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverKit = path.resolve(here, '../../server-kit');
const requireKit = createRequire(path.join(serverKit, 'package.json'));
const ROWS = Number(process.env.BENCH_VIEWER_ROWS ?? 10_000_000);
const N = Number(process.env.BENCH_VIEWER_N ?? 50);

const statusKb = async (pid, field) => {
  const text = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
};

export async function main() {
  const { DuckDBInstance } = await import(pathToFileURL(requireKit.resolve('@duckdb/node-api')).href);
  const { computeStatistics } = await import(pathToFileURL(path.join(serverKit, 'dist/viewer/statistics.js')).href);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-bench-viewer-'));
  const file = path.join(work, 'train.parquet');
  let t = now();
  {
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const c = await db.connect();
    await c.run(`COPY (SELECT i AS id, md5(i::VARCHAR) || ' ' || md5((i * 31)::VARCHAR) || ' ' || md5((i * 17)::VARCHAR) AS text,
                     hash(i) % 1000000 / 1000000.0 AS score, ['alpha', 'beta', 'gamma', 'delta'][i % 4 + 1] AS label, i % 3 = 0 AS flag
                 FROM range(0, ${ROWS}) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 100000)`);
    c.closeSync();
    db.closeSync();
  }
  const bytes = (await fs.stat(file)).size;
  console.log(`generated ${ROWS.toLocaleString('en')} rows, ${(bytes / 1e9).toFixed(2)} GB Parquet in ${fmt(now() - t)}`);

  const hub = await startBenchHub();
  try {
    const auth = { authorization: `Bearer ${hub.token}` };
    const created = await fetch(`${hub.url}/api/repos/create`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'big', type: 'dataset' }) });
    if (created.status !== 200) throw new Error(`create: ${created.status}`);
    const clone = path.join(work, 'clone');
    const remote = new URL(`${hub.url}/datasets/bench/big`);
    remote.username = 'bench';
    remote.password = hub.token;
    t = now();
    await run('git', ['clone', '-q', remote.toString(), clone], { env: gitEnv });
    await run('git', ['lfs', 'install', '--local'], { cwd: clone, env: gitEnv });
    await fs.mkdir(path.join(clone, 'data'));
    await fs.rename(file, path.join(clone, 'data', 'train.parquet'));
    await run('git', ['add', '.'], { cwd: clone, env: gitEnv });
    await run('git', ['-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-q', '-m', 'data'], { cwd: clone, env: gitEnv });
    await run('git', ['push', '-q', 'origin', 'main'], { cwd: clone, env: gitEnv, maxBuffer: 1 << 24 });
    console.log(`pushed with git-lfs in ${fmt(now() - t)}`);
    const oid = (await run('git', ['lfs', 'ls-files', '-l'], { cwd: clone, env: gitEnv })).stdout.split(' ')[0];
    await fs.rm(clone, { recursive: true, force: true });
    const stored = path.join(hub.dataDir, 'lfs', oid.slice(0, 2), oid.slice(2, 4), oid);

    const q = 'dataset=bench/big&config=default&split=train';
    const call = async (endpoint, params = '') => {
      const start = now();
      const res = await fetch(`${hub.url}/viewer/${endpoint}?${q}${params}`, { headers: auth });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${endpoint}${params}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
      return now() - start;
    };

    // The floor: the same queries on the same file, in this process.
    const db = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '512MB' });
    const direct = await db.connect();
    const src = `read_parquet('${stored}')`;
    const indexed = `read_parquet('${stored}', file_row_number = true)`;
    const timeDirect = async (sqls) => {
      const start = now();
      for (const sql of sqls) (await direct.runAndReadAll(sql)).getRows();
      return now() - start;
    };

    const results = [];
    const measure = async (name, n, http, floor) => {
      const h = [];
      const d = [];
      for (let i = 0; i < n; i++) {
        h.push(await http(i));
        d.push(await floor(i));
      }
      const row = { name, n, p50: percentile(h, 50), p99: percentile(h, 99), d50: percentile(d, 50), d99: percentile(d, 99) };
      results.push(row);
      const hwm = await statusKb(hub.pid, 'VmHWM');
      console.log(`${name.padEnd(26)} n=${String(n).padStart(3)}  hub p50 ${fmt(row.p50).padStart(10)} p99 ${fmt(row.p99).padStart(10)}   direct p50 ${fmt(row.d50).padStart(10)} p99 ${fmt(row.d99).padStart(10)}   ratio p50 ${(row.p50 / row.d50).toFixed(2)}x   hub peak RSS so far ${(hwm / 1024).toFixed(0)} MiB`);
    };

    const cold = await call('first-rows');
    const coldDirect = await timeDirect([`SELECT * FROM ${src} LIMIT 0`, `SELECT num_rows FROM parquet_file_metadata('${stored}')`, `SELECT * EXCLUDE (file_row_number) FROM ${indexed} WHERE file_row_number < 100`]);
    console.log(`/first-rows cold            hub ${fmt(cold)}   direct (schema + count + page, fresh in-process instance) ${fmt(coldDirect)}`);
    await measure('/first-rows warm', N, () => call('first-rows'), () => timeDirect([`SELECT * EXCLUDE (file_row_number) FROM ${indexed} WHERE file_row_number < 100`]));
    const offsets = Array.from({ length: N }, () => Math.floor(Math.random() * (ROWS - 100)));
    await measure('/rows random offset', N, (i) => call('rows', `&offset=${offsets[i]}&length=100`),
      (i) => timeDirect([`SELECT * EXCLUDE (file_row_number) FROM ${indexed} WHERE file_row_number >= ${offsets[i]} AND file_row_number < ${offsets[i] + 100} ORDER BY file_row_number`]));
    const thresholds = Array.from({ length: N }, () => (0.9 + Math.random() * 0.1).toFixed(4));
    await measure('/filter (new where each)', N, (i) => call('filter', `&where=${encodeURIComponent(`"label" = 'gamma' AND "score" > ${thresholds[i]}`)}&length=100`),
      (i) => timeDirect([`SELECT count(*) FROM ${src} WHERE label = 'gamma' AND score > ${thresholds[i]}`, `SELECT * FROM ${src} WHERE label = 'gamma' AND score > ${thresholds[i]} LIMIT 100`]));
    // Each search scans every text column of all rows (twice: count and page), seconds at 10M rows; fewer samples by default.
    const searchN = Number(process.env.BENCH_VIEWER_SEARCH_N ?? Math.min(N, 10));
    const words = Array.from({ length: searchN }, () => Math.floor(Math.random() * 0xfffff).toString(16).padStart(5, '0'));
    await measure('/search (new query each)', searchN, (i) => call('search', `&query=${words[i]}&length=100`),
      (i) => timeDirect([`SELECT count(*) FROM ${src} WHERE regexp_matches(text, '(?i)${words[i]}') OR regexp_matches(label, '(?i)${words[i]}')`, `SELECT * FROM ${src} WHERE regexp_matches(text, '(?i)${words[i]}') OR regexp_matches(label, '(?i)${words[i]}') LIMIT 100`]));
    const statsCold = await call('statistics');
    const probe = await direct.runAndReadAll(`SELECT * FROM ${src} LIMIT 0`);
    const columns = probe.columnNames().map((name, i) => ({ name, type: probe.columnTypes()[i] }));
    let start = now();
    await computeStatistics(direct, src, columns, ROWS);
    const statsDirect = now() - start;
    console.log(`/statistics cold            hub ${fmt(statsCold)}   direct ${fmt(statsDirect)}   ratio ${(statsCold / statsDirect).toFixed(2)}x   hub peak RSS so far ${((await statusKb(hub.pid, 'VmHWM')) / 1024).toFixed(0)} MiB`);
    const warmStats = [];
    for (let i = 0; i < N; i++) warmStats.push(await call('statistics'));
    console.log(`/statistics warm (cached)  n=${String(N).padStart(3)}  hub p50 ${fmt(percentile(warmStats, 50)).padStart(10)} p99 ${fmt(percentile(warmStats, 99)).padStart(10)}   (answered from the cache keyed by the file's object id)`);
    direct.closeSync();
    db.closeSync();

    const hwm = await statusKb(hub.pid, 'VmHWM');
    const rss = await statusKb(hub.pid, 'VmRSS');
    console.log(`hub peak RSS (VmHWM) ${(hwm / 1024).toFixed(0)} MiB, RSS now ${(rss / 1024).toFixed(0)} MiB`);
    const rowsRow = results.find((r) => r.name === '/rows random offset');
    console.log(`targets: warm /rows p50 ${fmt(rowsRow.p50)} (<= 50 ms: ${rowsRow.p50 <= 50 ? 'met' : 'MISSED'}), ${(rowsRow.p50 / rowsRow.d50).toFixed(2)}x direct (<= 2x: ${rowsRow.p50 <= 2 * rowsRow.d50 ? 'met' : 'MISSED'}); ` +
      `cold /first-rows ${fmt(cold)} (<= 1 s: ${cold <= 1000 ? 'met' : 'MISSED'}); peak RSS ${(hwm / 1024).toFixed(0)} MiB (< 1 GiB: ${hwm < 1024 * 1024 ? 'met' : 'MISSED'})`);
  } finally {
    await hub.close();
    await fs.rm(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
