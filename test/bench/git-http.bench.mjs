// Git over HTTP and the browsing API against references measured in the same run:
// clone from the hub vs `git daemon` on the same repository; tree listing vs `git ls-tree`;
// 50 concurrent HEAD /resolve vs the hub's cheapest route (health) and a bare node:http server.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, freePort, gitEnv, median, now, percentile, pipeInto, run, startBenchHub, waitForPort } from './lib.mjs';

const headLoad = fileURLToPath(new URL('./head-load.mjs', import.meta.url));
const COMMITS = 5000;
const FILES = 20000;
const FLAT = 10000;

/** A fast-import stream: COMMITS commits adding FILES files, FLAT of them in one directory. */
export function history(parent) {
  const lines = [];
  const perCommit = FILES / COMMITS;
  let file = 0;
  for (let c = 0; c < COMMITS; c++) {
    lines.push('commit refs/heads/main', `committer Bench <bench@example.test> ${1700000000 + c} +0000`, `data <<EOT\ncommit ${c}\nEOT`);
    if (c === 0) lines.push(`from ${parent}`);
    for (let k = 0; k < perCommit; k++, file++) {
      const p = file < FLAT ? `flat/file-${String(file).padStart(5, '0')}.txt` : `tree/d${file % 97}/s${file % 13}/f${file}.py`;
      const body = `# file ${file} of commit ${c}\n${'x'.repeat(file % 200)}\n`;
      lines.push(`M 100644 inline ${p}`, `data ${Buffer.byteLength(body)}`, body);
    }
  }
  return lines.join('\n') + '\n';
}

async function timedClone(url, into) {
  await fs.rm(into, { recursive: true, force: true });
  const start = now();
  await run('git', ['-c', 'protocol.version=2', 'clone', '-q', '--no-checkout', url, into], { env: gitEnv, maxBuffer: 1 << 26 });
  return now() - start;
}

export async function main() {
  const bench = await startBenchHub();
  const { token } = bench;
  const hub = { url: bench.url };
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-bench-work-'));
  let daemon;
  let bare;
  try {
    await fetch(`${hub.url}/api/repos/create`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'big' }) });
    const gitDir = bench.gitDir('bench', 'big');
    const parent = (await run('git', ['--git-dir', gitDir, 'rev-parse', 'main'], { env: gitEnv })).stdout.trim();
    const t0 = now();
    await pipeInto('git', ['--git-dir', gitDir, 'fast-import', '--quiet', '--force'], history(parent), { env: gitEnv });
    await run('git', ['--git-dir', gitDir, 'repack', '-adq', '--write-bitmap-index'], { env: gitEnv });
    console.log(`repository: ${COMMITS + 1} commits, ${FILES + 2} files (generated in ${fmt(now() - t0)})`);

    // Clone: the hub over smart HTTP vs git daemon, alternating, same repository on disk.
    const port = await freePort();
    daemon = spawn('git', ['daemon', '--export-all', '--reuseaddr', '--listen=127.0.0.1', `--port=${port}`, `--base-path=${path.join(bench.dataDir, 'repos')}`], { env: gitEnv, stdio: 'ignore' });
    await waitForPort(port);
    const hubUrl = `${hub.url}/bench/big`;
    const daemonUrl = `git://127.0.0.1:${port}/models/bench/big.git`;
    await timedClone(hubUrl, path.join(work, 'warm-hub'));
    await timedClone(daemonUrl, path.join(work, 'warm-daemon'));
    const hubTimes = [];
    const daemonTimes = [];
    for (let i = 0; i < 5; i++) {
      hubTimes.push(await timedClone(hubUrl, path.join(work, 'hub')));
      daemonTimes.push(await timedClone(daemonUrl, path.join(work, 'daemon')));
    }
    const cloneRatio = median(hubTimes) / median(daemonTimes);
    console.log(`clone: hub ${fmt(median(hubTimes))}, git daemon ${fmt(median(daemonTimes))}: ratio ${cloneRatio.toFixed(2)} (target <= 1.20)`);

    // Tree listing of the 10,000-entry directory, following Link pages, vs git ls-tree of it.
    const listAll = async () => {
      let next = `${hub.url}/api/models/bench/big/tree/main/flat`;
      let count = 0;
      while (next) {
        const res = await fetch(next);
        count += (await res.json()).length;
        const link = res.headers.get('link');
        next = link ? /<([^>]+)>/.exec(link)[1] : null;
      }
      return count;
    };
    const firstPage = async () => (await (await fetch(`${hub.url}/api/models/bench/big/tree/main/flat`)).json()).length;
    if ((await listAll()) !== FLAT) throw new Error('tree listing is incomplete');
    const treeTimes = [];
    const pageTimes = [];
    const lsTimes = [];
    for (let i = 0; i < 30; i++) {
      let s = now();
      await listAll();
      treeTimes.push(now() - s);
      s = now();
      await firstPage();
      pageTimes.push(now() - s);
      s = now();
      await run('git', ['--git-dir', gitDir, 'ls-tree', '-l', 'main:flat'], { env: gitEnv, maxBuffer: 1 << 26 });
      lsTimes.push(now() - s);
    }
    console.log(`tree listing (10,000 entries, 10 pages): p50 ${fmt(median(treeTimes))}; one page ${fmt(median(pageTimes))}; git ls-tree ${fmt(median(lsTimes))}: ratio ${(median(treeTimes) / median(lsTimes)).toFixed(2)} (target p50 <= 50 ms)`);

    // 50 concurrent HEAD /resolve requests from a lean client in its own process (head-load.mjs),
    // on 50 warm keep-alive connections: bursts of 50 at once, then 50 clients in a sustained
    // closed loop (each sends its next request when its answer is in). References in the same run: the hub's cheapest route (health, which still asks
    // the database) and a bare node:http server answering with the same headers and no work.
    const files = Array.from({ length: 50 }, (_, i) => `/bench/big/resolve/main/flat/file-${String(i * 199).padStart(5, '0')}.txt`);
    const barePort = await freePort();
    bare = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => { s.setHeader('etag', '"x"'); s.setHeader('content-length', '10'); s.end(); }).listen(${barePort}, '127.0.0.1')`], { stdio: 'ignore' });
    await waitForPort(barePort);
    const load = async (mode, base, paths, amount) => {
      const { stdout } = await run(process.execPath, [headLoad, mode, base, '50', String(amount), ...paths], { maxBuffer: 1 << 28 });
      const { latencies, statuses } = JSON.parse(stdout);
      if (Object.keys(statuses).some((s) => s !== '200')) throw new Error(`${base}${paths[0]} answered ${JSON.stringify(statuses)}`);
      return latencies;
    };
    const report = async (mode, label, amount) => {
      const resolve = await load(mode, hub.url, files, amount);
      const health = await load(mode, hub.url, ['/api/health'], amount);
      const floor = await load(mode, `http://127.0.0.1:${barePort}`, ['/'], amount);
      console.log(`HEAD /resolve, 50 concurrent (${label}): p50 ${fmt(median(resolve))}, p99 ${fmt(percentile(resolve, 99))}; ` +
        `/api/health p50 ${fmt(median(health))}: ratio ${(median(resolve) / median(health)).toFixed(2)}; bare node:http p50 ${fmt(median(floor))}` +
        ' (target p50 <= 5 ms)');
      return median(resolve);
    };
    await load('burst', hub.url, files, 5);
    const resolveP50 = await report('burst', '200 bursts', 200);
    const sustainedP50 = await report('sustained', 'closed loop, 5 s', 5);
    return { cloneRatio, treeP50: median(treeTimes), resolveP50, sustainedP50 };
  } finally {
    daemon?.kill();
    bare?.kill();
    await bench.close();
    await fs.rm(work, { recursive: true, force: true });
  }
}
