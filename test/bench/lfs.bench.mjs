// Git LFS transfers through the hub against references measured in the same run, on the same disk:
// upload (PUT to the batch API's signed href) vs a plain file copy (the physical floor); download
// (GET the signed href) vs nginx serving the same file with sendfile, read by the same client code
// (transfer-client.mjs, in its own process, as git-lfs would be);
// the hub's resident memory during both, for a large object (BENCH_LFS_BYTES, 2 GiB by default)
// and a 256 MiB one, to show it does not grow with the object's size.
// MB = 10^6 bytes. Measurements alternate and repeat (BENCH_LFS_ROUNDS, at least 3); medians are printed.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { median, now, run, startBenchHub } from './lib.mjs';

const MiB = 1024 * 1024;
const BYTES = Number(process.env.BENCH_LFS_BYTES ?? 2048 * MiB);
const SMALL = 256 * MiB;
const ROUNDS = Math.max(3, Math.floor(Number(process.env.BENCH_LFS_ROUNDS)) || 3);
const BLOCK = 64 * MiB;
/** Every upload needs a new object: the last bytes of the file change, the hash of the rest is kept. */
const TAIL = 32;
const NGINX = '/usr/sbin/nginx';
const CLK_TCK = 100; // USER_HZ, 100 on Linux

const mb = (bytes) => bytes / 1e6;
const rate = (bytes, ms) => mb(bytes) / (ms / 1000);
const human = (bytes) => (bytes >= 1024 * MiB ? `${+(bytes / 1024 / MiB).toFixed(2)} GiB` : `${+(bytes / MiB).toFixed(1)} MiB`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Writes `size` bytes (a random 64 MiB block, repeated) and returns the sha256 state of all but the last TAIL bytes. */
async function generate(file, size) {
  const block = randomBytes(Math.min(BLOCK, size));
  const prefix = createHash('sha256');
  const fh = await fsp.open(file, 'w');
  try {
    for (let pos = 0; pos < size;) {
      const n = Math.min(block.length, size - pos);
      await fh.write(block, 0, n, pos);
      const hashable = Math.min(n, size - TAIL - pos);
      if (hashable > 0) prefix.update(block.subarray(0, hashable));
      pos += n;
    }
  } finally {
    await fh.close();
  }
  return prefix;
}

/** New last bytes for the file: a new object, whose sha256 is returned. */
async function restamp(file, size, prefix) {
  const tail = randomBytes(TAIL);
  const fh = await fsp.open(file, 'r+');
  try {
    await fh.write(tail, 0, TAIL, size - TAIL);
  } finally {
    await fh.close();
  }
  return prefix.copy().update(tail).digest('hex');
}

/** The `csghub serve` process of this data directory, found by its command line. */
async function findHubPid(dataDir) {
  for (const entry of await fsp.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await fsp.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    const i = args.indexOf('--data');
    if (args.includes('serve') && i >= 0 && args[i + 1] === dataDir) return Number(entry);
  }
  return null;
}

function statusKb(pid, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** CPU time (user + system, ms) a process has used so far; NaN if it cannot be read. */
function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/**
 * Times `fn` while sampling the hub's RSS every 100 ms (the kernel's high-water mark, reset
 * beforehand through clear_refs when allowed, catches peaks between samples), and counts the CPU
 * time the hub, the reference server and this process (the client, or the copy) spent on it:
 * unlike throughput, CPU time hardly depends on what else the machine is running.
 */
async function observe(pid, fn, refPid) {
  let hwm = false;
  if (pid) {
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
      hwm = true;
    } catch { /* not allowed here: samples only */ }
  }
  const before = pid ? statusKb(pid, 'VmRSS') : NaN;
  let peak = before;
  const timer = pid && setInterval(() => {
    try {
      peak = Math.max(peak, statusKb(pid, 'VmRSS'));
    } catch { /* exited */ }
  }, 100);
  const cpu0 = { hub: pid ? cpuMs(pid) : NaN, ref: refPid ? cpuMs(refPid) : NaN, self: process.cpuUsage() };
  const start = now();
  try {
    const result = await fn();
    const ms = now() - start;
    const self = process.cpuUsage(cpu0.self);
    // The client's CPU: this process's, plus that of a transfer client it ran.
    const cpu = { hub: pid ? cpuMs(pid) - cpu0.hub : NaN, ref: refPid ? cpuMs(refPid) - cpu0.ref : NaN, self: (self.user + self.system) / 1000 + (result?.cpuMs ?? 0) };
    if (pid) peak = Math.max(peak, statusKb(pid, 'VmRSS'), hwm ? statusKb(pid, 'VmHWM') : 0);
    return { ms, before, peak, cpu };
  } finally {
    if (timer) clearInterval(timer);
  }
}

async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return false;
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return true;
    await sleep(50);
  }
  return false;
}

/** nginx from Debian's packages, installed if missing; null (with the reason printed) when it cannot run. */
export async function startNginx(root, work) {
  if (!fs.existsSync(NGINX)) {
    console.log('nginx: not installed, running apt-get install -y nginx');
    try {
      await run('apt-get', ['install', '-y', '-q', 'nginx'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000, maxBuffer: 1 << 26 });
    } catch (err) {
      console.log(`nginx: NOT AVAILABLE, apt-get install failed (${String(err.stderr || err.message).trim().split('\n').pop()}); download reference skipped`);
      return null;
    }
    if (!fs.existsSync(NGINX)) {
      console.log(`nginx: NOT AVAILABLE, ${NGINX} missing after apt-get install; download reference skipped`);
      return null;
    }
  }
  const prefix = await fsp.mkdtemp(path.join(work, 'nginx-'));
  const port = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  await fsp.writeFile(conf, [
    'daemon off;', 'master_process off;', 'worker_processes 1;',
    `error_log ${path.join(prefix, 'error.log')};`, `pid ${path.join(prefix, 'nginx.pid')};`,
    'events {}',
    'http {',
    '  access_log off; sendfile on;',
    `  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;`,
    `  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;`,
    `  server { listen 127.0.0.1:${port}; root ${root}; }`,
    '}', '',
  ].join('\n'));
  const child = spawn(NGINX, ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  child.on('error', (e) => (err += e.message));
  if (!(await waitForPort(port, child))) {
    child.kill('SIGKILL');
    const log = await fsp.readFile(path.join(prefix, 'error.log'), 'utf8').catch(() => '');
    console.log(`nginx: NOT AVAILABLE, it did not start (${(err + log).trim().split('\n').pop()}); download reference skipped`);
    return null;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

async function lfsBatch(hub, operation, oid, size) {
  const res = await fetch(`${hub.url}/bench/lfsbench.git/info/lfs/objects/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.token}`, 'content-type': 'application/vnd.git-lfs+json', accept: 'application/vnd.git-lfs+json' },
    body: JSON.stringify({ operation, transfers: ['basic'], objects: [{ oid, size }] }),
  });
  const body = await res.json();
  const action = body.objects?.[0]?.actions?.[operation];
  if (!res.ok || !action) throw new Error(`LFS ${operation} batch for ${oid}: ${res.status} ${JSON.stringify(body)}`);
  return action;
}

const transferClient = fileURLToPath(new URL('./transfer-client.mjs', import.meta.url));

/** Runs transfer-client.mjs in its own process; its answer includes the client's CPU time. */
async function transfer(args) {
  const { stdout } = await run(process.execPath, [transferClient, ...args], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

/** PUTs the file, streamed from disk, to the hub's upload href. */
async function put(action, file, size) {
  const r = await transfer(['put', action.href, file, String(size), JSON.stringify(action.header ?? {})]);
  if (r.status !== 200) throw new Error(`PUT answered ${r.status}: ${r.body}`);
  return r;
}

/** GETs a URL, counting (and optionally hashing) the bytes and discarding them: the client for the hub and nginx alike. */
async function get(url, hash = false) {
  const r = await transfer(['get', url, ...(hash ? ['sha256'] : [])]);
  if (r.status !== 200) throw new Error(`GET ${url.split('?')[0]} answered ${r.status}`);
  return r;
}

/** Each measure starts with nothing dirty in the page cache, so earlier writes are not flushed during it. */
const settle = async () => {
  await run('sync');
  await sleep(200);
};

/** Runs the named measures `ROUNDS` times, rotating their order each round. */
async function alternate(measures) {
  const names = Object.keys(measures);
  const runs = Object.fromEntries(names.map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      runs[name].push(await measures[name]());
    }
  }
  return runs;
}

const medianOf = (runs, pick) => median(runs.map(pick));
const cpuPerGB = (runs, who, size) => medianOf(runs, (r) => r.cpu[who]) / 1000 / (size / 1e9);

async function measureSize(ctx, size) {
  const { hub, pid, work, idle, nginx } = ctx;
  const label = human(size);
  const source = path.join(work, `object-${size}.bin`);
  const copy = path.join(work, `copy-${size}.bin`);
  const t0 = now();
  const prefix = await generate(source, size);
  console.log(`object ${label}: generated in ${((now() - t0) / 1000).toFixed(1)} s`);

  // Upload: the hub (HTTP, sha256, temp file, rename) vs copying the same file on the same disk.
  let oid;
  const uploads = await alternate({
    hub: async () => {
      oid = await restamp(source, size, prefix);
      const action = await lfsBatch(hub, 'upload', oid, size);
      await settle();
      return observe(pid, () => put(action, source, size));
    },
    copy: async () => {
      await settle();
      const r = await observe(null, () => fsp.copyFile(source, copy));
      await fsp.rm(copy, { force: true });
      return r;
    },
    stream: async () => {
      await settle();
      const r = await observe(null, () => pipeline(fs.createReadStream(source), fs.createWriteStream(copy)));
      await fsp.rm(copy, { force: true });
      return r;
    },
  });
  const up = {
    hub: rate(size, medianOf(uploads.hub, (r) => r.ms)),
    copy: rate(size, medianOf(uploads.copy, (r) => r.ms)),
    streamedCopy: rate(size, medianOf(uploads.stream, (r) => r.ms)),
    cpuPerGB: {
      hub: cpuPerGB(uploads.hub, 'hub', size), client: cpuPerGB(uploads.hub, 'self', size),
      copy: cpuPerGB(uploads.copy, 'self', size), streamedCopy: cpuPerGB(uploads.stream, 'self', size),
    },
  };
  up.ratio = up.hub / up.copy;
  up.streamedRatio = up.hub / up.streamedCopy;
  console.log(`upload ${label}: hub ${up.hub.toFixed(0)} MB/s, file copy ${up.copy.toFixed(0)} MB/s: ratio ${up.ratio.toFixed(2)} (target >= 0.70); streamed copy ${up.streamedCopy.toFixed(0)} MB/s: ratio ${up.streamedRatio.toFixed(2)}`);

  // Download of the last object uploaded: the hub vs nginx serving the very file the hub stored.
  const action = await lfsBatch(hub, 'download', oid, size);
  const stored = (await fsp.readdir(hub.dataDir, { recursive: true })).find((f) => path.basename(f) === oid);
  if (!stored) throw new Error(`the hub stored ${oid} nowhere under its data directory`);
  const check = await get(action.href, true);
  if (check.bytes !== size || check.sha256 !== oid) throw new Error(`hub download of ${oid}: ${check.bytes} bytes, sha256 ${check.sha256}`);
  const nginxUrl = nginx && `${nginx.url}/${stored.split(path.sep).map(encodeURIComponent).join('/')}`;
  if (nginxUrl) {
    const ref = await get(nginxUrl);
    if (ref.bytes !== size) throw new Error(`nginx served ${ref.bytes} bytes of ${size}`);
  }
  await settle();
  const fetchAll = async (url, who) => {
    const r = await get(url);
    if (r.bytes !== size) throw new Error(`${who} download: ${r.bytes} bytes of ${size}`);
    return r;
  };
  const downloads = await alternate({
    hub: () => observe(pid, () => fetchAll(action.href, 'hub')),
    ...(nginxUrl && { nginx: () => observe(null, () => fetchAll(nginxUrl, 'nginx'), nginx.child.pid) }),
  });
  const down = {
    hub: rate(size, medianOf(downloads.hub, (r) => r.ms)),
    nginx: nginxUrl ? rate(size, medianOf(downloads.nginx, (r) => r.ms)) : null,
    cpuPerGB: {
      hub: cpuPerGB(downloads.hub, 'hub', size), client: cpuPerGB(downloads.hub, 'self', size),
      nginx: nginxUrl ? cpuPerGB(downloads.nginx, 'ref', size) : null, nginxClient: nginxUrl ? cpuPerGB(downloads.nginx, 'self', size) : null,
    },
  };
  down.ratio = down.nginx ? down.hub / down.nginx : null;
  console.log(down.nginx
    ? `download ${label}: hub ${down.hub.toFixed(0)} MB/s, nginx ${down.nginx.toFixed(0)} MB/s: ratio ${down.ratio.toFixed(2)} (target >= 0.80)`
    : `download ${label}: hub ${down.hub.toFixed(0)} MB/s, nginx NOT AVAILABLE: no ratio (target >= 0.80)`);
  const c = (v) => (Number.isFinite(v) ? `${v.toFixed(2)} s` : 'n/a');
  console.log(`CPU per GB ${label} (median; less sensitive to a busy machine): upload hub ${c(up.cpuPerGB.hub)} + client ${c(up.cpuPerGB.client)}, file copy ${c(up.cpuPerGB.copy)}, streamed copy ${c(up.cpuPerGB.streamedCopy)}; `
    + `download hub ${c(down.cpuPerGB.hub)} + client ${c(down.cpuPerGB.client)}, nginx ${c(down.cpuPerGB.nginx)} + client ${c(down.cpuPerGB.nginxClient)}`);

  // Memory: the worst round, against the idle hub measured before any large transfer.
  const rss = (runs) => {
    const peak = Math.max(...runs.map((r) => r.peak));
    return { peak: mb(peak), growth: mb(peak - idle), growthInTransfer: mb(Math.max(...runs.map((r) => r.peak - r.before))) };
  };
  const memory = { idle: mb(idle), upload: rss(uploads.hub), download: rss(downloads.hub) };
  if (pid) {
    console.log(`hub RSS ${label}: idle ${memory.idle.toFixed(0)} MB; upload peak ${memory.upload.peak.toFixed(0)} MB, growth ${memory.upload.growth.toFixed(0)} MB; download peak ${memory.download.peak.toFixed(0)} MB, growth ${memory.download.growth.toFixed(0)} MB (target growth < 100 MB)`);
  } else {
    console.log(`hub RSS ${label}: NOT MEASURED, the hub's process was not found`);
  }
  await fsp.rm(source, { force: true });
  return { bytes: size, upload: up, download: down, rss: memory };
}

export async function main() {
  if (!Number.isSafeInteger(BYTES) || BYTES < 2 * TAIL) throw new Error(`BENCH_LFS_BYTES must be an integer >= ${2 * TAIL}`);
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'csghub-bench-lfs-'));
  let hub;
  let nginx;
  // Interrupted: no 2 GiB files left behind, no servers left running.
  const onSignal = (signal) => {
    nginx?.child.kill('SIGKILL');
    if (hub?.pid) try { process.kill(hub.pid, 'SIGKILL'); } catch { /* gone */ }
    fs.rmSync(work, { recursive: true, force: true });
    if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    hub = await startBenchHub();
    hub.pid = await findHubPid(hub.dataDir);
    if (!hub.pid) console.log('hub RSS: NOT MEASURED, no process runs `csghub serve --data` on the bench data directory');
    const created = await fetch(`${hub.url}/api/repos/create`, {
      method: 'POST', headers: { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'lfsbench' }),
    });
    if (!created.ok) throw new Error(`creating bench/lfsbench: ${created.status} ${await created.text()}`);

    // Warm-up: one small object up and down, so the idle baseline includes loaded code.
    const warm = path.join(work, 'warm.bin');
    const warmPrefix = await generate(warm, MiB);
    const warmOid = await restamp(warm, MiB, warmPrefix);
    await put(await lfsBatch(hub, 'upload', warmOid, MiB), warm, MiB);
    await get((await lfsBatch(hub, 'download', warmOid, MiB)).href);
    await fsp.rm(warm);
    await sleep(1000);
    const idle = hub.pid ? statusKb(hub.pid, 'VmRSS') : NaN;

    nginx = await startNginx(hub.dataDir, work);
    const ctx = { hub, pid: hub.pid, work, idle, nginx };
    const sizes = [...new Set([SMALL, BYTES])].sort((a, b) => a - b);
    const results = {};
    for (const size of sizes) results[size] = await measureSize(ctx, size);
    const big = results[BYTES];
    const small = results[SMALL];
    const growth = (r) => Math.max(r.rss.upload.growth, r.rss.download.growth);
    if (hub.pid && BYTES !== SMALL) {
      console.log(`hub RSS growth vs object size: ${human(SMALL)} ${growth(small).toFixed(0)} MB, ${human(BYTES)} ${growth(big).toFixed(0)} MB (target < 100 MB for both)`);
    }
    return {
      bytes: BYTES,
      uploadMBps: big.upload.hub, copyMBps: big.upload.copy, uploadRatio: big.upload.ratio,
      downloadMBps: big.download.hub, nginxMBps: big.download.nginx, downloadRatio: big.download.ratio,
      rssIdleMB: big.rss.idle, uploadPeakMB: big.rss.upload.peak, downloadPeakMB: big.rss.download.peak,
      rssGrowthMB: growth(big), rssGrowthSmallMB: growth(small),
      bySize: results,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await nginx?.stop().catch(() => {});
    await hub?.close().catch(() => {});
    await fsp.rm(work, { recursive: true, force: true });
  }
}
