// snapshotDownload (@huggingface/hub, the real client) of a repository with many small files and
// two large LFS files, against the same files fetched from nginx serving them statically, written
// to disk by the same kind of client code, in the same run and on the same disk.
// Files: BENCH_SNAPSHOT_FILES small ones (200 by default, 1-16 KiB) and two LFS files of
// BENCH_SNAPSHOT_LFS_BYTES (200 MiB by default). Runs alternate (BENCH_SNAPSHOT_ROUNDS, at least 3); medians.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { snapshotDownload } from '@huggingface/hub';
import { median, now, run, startBenchHub } from './lib.mjs';
import { startNginx } from './lfs.bench.mjs';

const MiB = 1024 * 1024;
const FILES = Number(process.env.BENCH_SNAPSHOT_FILES ?? 200);
const LFS_BYTES = Number(process.env.BENCH_SNAPSHOT_LFS_BYTES ?? 200 * MiB);
const ROUNDS = Math.max(3, Math.floor(Number(process.env.BENCH_SNAPSHOT_ROUNDS)) || 3);
const TARGET = 1.3;

async function api(hub, pathname, init = {}) {
  const res = await fetch(`${hub.url}${pathname}`, { ...init, headers: { authorization: `Bearer ${hub.token}`, ...init.headers } });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${pathname}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Writes `size` random bytes to `file` and returns their sha256. */
async function randomFile(file, size) {
  const hash = createHash('sha256');
  const out = fs.createWriteStream(file);
  for (let left = size; left > 0;) {
    const chunk = randomBytes(Math.min(left, 16 * MiB));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
    left -= chunk.length;
  }
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
  return hash.digest('hex');
}

/** Uploads one LFS object the way the clients do: batch, then PUT to the signed href. */
async function uploadLfs(hub, repo, file, oid, size) {
  const batch = await api(hub, `/${repo}.git/info/lfs/objects/batch`, {
    method: 'POST', headers: { 'content-type': 'application/vnd.git-lfs+json', accept: 'application/vnd.git-lfs+json' },
    body: JSON.stringify({ operation: 'upload', transfers: ['basic'], objects: [{ oid, size }] }),
  });
  const href = batch.objects[0].actions?.upload?.href;
  if (!href) return;
  const res = await fetch(href, { method: 'PUT', body: Readable.toWeb(fs.createReadStream(file)), duplex: 'half', headers: { 'content-length': String(size) } });
  if (!res.ok) throw new Error(`PUT ${res.status} ${await res.text()}`);
}

/** GETs one URL into a file, as a cache would hold it. */
function download(url, file) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`GET ${url} answered ${res.statusCode}`));
      }
      pipeline(res, fs.createWriteStream(file)).then(resolve, reject);
    }).on('error', reject);
  });
}

/** The static reference: every file from nginx, one after another (as snapshotDownload goes), onto disk. */
async function fetchAllFromNginx(nginx, paths, into) {
  for (const p of paths) {
    await fsp.mkdir(path.dirname(path.join(into, p)), { recursive: true });
    await download(`${nginx.url}/${p.split('/').map(encodeURIComponent).join('/')}`, path.join(into, p));
  }
}

const settle = async () => {
  await run('sync');
  await new Promise((r) => setTimeout(r, 200));
};

export async function main() {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'csghub-bench-snap-'));
  let hub;
  let nginx;
  let replayServer;
  try {
    hub = await startBenchHub();
    const repo = 'bench/snapshot';
    await api(hub, '/api/repos/create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'snapshot' }) });

    // The static tree nginx serves holds exactly the files of the repository.
    const root = path.join(work, 'static');
    await fsp.mkdir(root, { recursive: true });
    const lines = [{ key: 'header', value: { summary: 'bench files' } }];
    const paths = [];
    const lfsFiles = new Map();
    for (let i = 0; i < FILES; i++) {
      const p = `data/part-${String(Math.floor(i / 50)).padStart(2, '0')}/file-${String(i).padStart(4, '0')}.json`;
      const content = randomBytes(512 + ((i * 7919) % (16 * 1024 - 512))).toString('base64');
      await fsp.mkdir(path.dirname(path.join(root, p)), { recursive: true });
      await fsp.writeFile(path.join(root, p), content);
      lines.push({ key: 'file', value: { path: p, content: Buffer.from(content).toString('base64'), encoding: 'base64' } });
      paths.push(p);
    }
    for (const name of ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']) {
      const file = path.join(root, name);
      const oid = await randomFile(file, LFS_BYTES);
      lfsFiles.set(oid, file);
      await uploadLfs(hub, repo, file, oid, LFS_BYTES);
      lines.push({ key: 'lfsFile', value: { path: name, algo: 'sha256', oid, size: LFS_BYTES } });
      paths.push(name);
    }
    const commit = await fetch(`${hub.url}/api/models/${repo}/commit/main`, {
      method: 'POST', headers: { authorization: `Bearer ${hub.token}`, 'content-type': 'application/x-ndjson' },
      body: lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
    });
    if (!commit.ok) throw new Error(`commit: ${commit.status} ${await commit.text()}`);
    // The repository also has its initial .gitattributes and README.md: nginx serves them too.
    for (const p of ['.gitattributes', 'README.md']) {
      await fsp.writeFile(path.join(root, p), Buffer.from(await (await fetch(`${hub.url}/${repo}/resolve/main/${p}`)).arrayBuffer()));
      paths.push(p);
    }
    const totalBytes = (await Promise.all(paths.map((p) => fsp.stat(path.join(root, p))))).reduce((n, s) => n + s.size, 0);

    nginx = await startNginx(root, work);
    let n = 0;
    let hubRequests = 0;
    const snapshot = (token, hubUrl = hub.url) => async () => {
      const cacheDir = path.join(work, `cache-${n++}`);
      await settle();
      // The client prints a line per file (console.debug); printing is not what is measured.
      const debug = console.debug;
      console.debug = () => {};
      let requests = 0;
      const fetchWith = recorder;
      const counted = (input, init) => {
        requests++;
        return fetch(input, init);
      };
      const t0 = now();
      let folder;
      try {
        folder = await snapshotDownload({ repo: { type: 'model', name: repo }, hubUrl, ...(token ? { accessToken: token } : {}), cacheDir, fetch: fetchWith ?? counted });
      } finally {
        console.debug = debug;
      }
      hubRequests = requests;
      const ms = now() - t0;
      const got = (await fsp.stat(path.join(folder, 'model-00002-of-00002.safetensors'))).size;
      if (got !== LFS_BYTES) throw new Error(`snapshot wrote ${got} bytes of ${LFS_BYTES}`);
      await fsp.rm(cacheDir, { recursive: true, force: true });
      return ms;
    };
    // The client's floor: the same snapshotDownload against a bare node:http server replaying the
    // hub's recorded answers from memory (large bodies from the static files, redirects already
    // followed), so only the client's own work and the minimum of serving remain.
    const recorded = new Map();
    const lfsAt = new Map();
    let recorder = async (input, init = {}) => {
      const url = new URL(String(input));
      const body = init.body === undefined ? '' : String(init.body);
      const headers = new Headers(init.headers);
      const res = await fetch(input, init);
      const answer = { status: res.status, headers: {}, body: null, file: null };
      for (const h of ['content-type', 'etag', 'x-repo-commit', 'x-linked-size', 'x-linked-etag', 'content-range', 'accept-ranges', 'link', 'x-total-count', 'x-error-code']) {
        if (res.headers.has(h)) answer.headers[h] = res.headers.get(h);
      }
      const length = Number(res.headers.get('content-length') ?? -1);
      if (length > 1024 * 1024) {
        // An LFS object, asked for at the storage URL a first ranged request was redirected to.
        answer.file = lfsFiles.get(url.pathname.split('/').pop());
        if (!answer.file) throw new Error(`recorded a large answer the replay cannot serve: ${url.pathname}`);
        answer.headers['content-length'] = String(length);
      } else {
        answer.body = Buffer.from(await res.clone().arrayBuffer());
      }
      recorded.set(`${init.method ?? 'GET'} ${url.pathname}${url.search} ${headers.get('range') ?? ''} ${body}`, answer);
      // The client then GETs the URL its ranged request ended at: storage on the hub, the same
      // /resolve URL on the replay (which answers without redirecting).
      const final = new URL(res.url);
      if (res.redirected && final.pathname.startsWith('/lfs/objects/')) lfsAt.set(url.pathname, lfsFiles.get(final.pathname.split('/').pop()));
      return res;
    };
    await snapshot(hub.token)();
    recorder = undefined;
    const replay = http.createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const answer = recorded.get(`${req.method} ${req.url} ${req.headers.range ?? ''} ${body}`);
      const lfsFile = !answer && !req.headers.range && lfsAt.get(req.url);
      if (lfsFile) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': LFS_BYTES });
        fs.createReadStream(lfsFile, { highWaterMark: MiB }).pipe(res);
        return;
      }
      if (!answer) {
        res.writeHead(500).end(`not recorded: ${req.method} ${req.url}`);
        return;
      }
      res.writeHead(answer.status, answer.body ? { ...answer.headers, 'content-length': answer.body.length } : answer.headers);
      if (answer.file) fs.createReadStream(answer.file, { highWaterMark: MiB }).pipe(res);
      else res.end(answer.body);
    }).listen(0, '127.0.0.1');
    await new Promise((r) => replay.once('listening', r));
    replayServer = replay;
    const replayUrl = `http://127.0.0.1:${replay.address().port}`;

    const measures = {
      floor: snapshot(hub.token, replayUrl),
      // With a token, as teams use it; and anonymously (the repository is public), to show what authentication costs.
      hub: snapshot(hub.token),
      hubAnonymous: snapshot(null),
      ...(nginx && {
        nginx: async () => {
          const into = path.join(work, `ref-${n++}`);
          await settle();
          const t0 = now();
          await fetchAllFromNginx(nginx, paths, into);
          const ms = now() - t0;
          await fsp.rm(into, { recursive: true, force: true });
          return ms;
        },
      }),
    };
    // One unmeasured run of each warms code and page cache alike.
    for (const m of Object.values(measures)) await m();
    const runs = Object.fromEntries(Object.keys(measures).map((k) => [k, []]));
    const names = Object.keys(measures);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length];
        runs[name].push(await measures[name]());
      }
    }
    const hubMs = median(runs.hub);
    const nginxMs = nginx ? median(runs.nginx) : null;
    const ratio = nginxMs ? hubMs / nginxMs : null;
    const anonMs = median(runs.hubAnonymous);
    const floorMs = median(runs.floor);
    const what = `${paths.length} files, ${(totalBytes / 1e6).toFixed(0)} MB`;
    // The client asks paths-info, then a ranged GET, then the GET (and follows LFS redirects) per file; nginx gets one GET.
    console.log(`requests: snapshotDownload ${hubRequests} (${(hubRequests / paths.length).toFixed(1)} per file), nginx reference ${paths.length}`);
    console.log(nginxMs
      ? `snapshotDownload ${what}: hub ${(hubMs / 1000).toFixed(2)} s (anonymous ${(anonMs / 1000).toFixed(2)} s), nginx ${(nginxMs / 1000).toFixed(2)} s: ratio ${ratio.toFixed(2)} (anonymous ${(anonMs / nginxMs).toFixed(2)}) (target <= ${TARGET})`
      : `snapshotDownload ${what}: hub ${(hubMs / 1000).toFixed(2)} s, nginx NOT AVAILABLE: no ratio (target <= ${TARGET})`);
    console.log(`the same client against a bare server replaying the hub's answers from memory: ${(floorMs / 1000).toFixed(2)} s (the client's floor; nginx ratio ${nginxMs ? (floorMs / nginxMs).toFixed(2) : 'n/a'}): hub / floor ${(hubMs / floorMs).toFixed(2)}`);
    return { files: paths.length, floorMs, bytes: totalBytes, hubMs, anonMs, nginxMs, ratio, hubRequests, runs };
  } finally {
    await nginx?.stop().catch(() => {});
    replayServer?.close();
    await hub?.close().catch(() => {});
    await fsp.rm(work, { recursive: true, force: true });
  }
}
