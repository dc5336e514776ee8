// Shared helpers for the benchmarks: a hub in its own process (as users run it), timing, statistics.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server-kit/bin/csghub.js');

export const gitEnv = {
  PATH: process.env.PATH, HOME: '/nonexistent', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0',
};

/** `csghub serve` on a fresh data directory, with a user "bench" and a write token. */
export async function startBenchHub(extraArgs = []) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-bench-'));
  await run('node', [cli, 'user', 'add', 'bench', '--email', 'bench@example.test', '--data', dataDir]);
  const token = (await run('node', [cli, 'token', 'create', 'bench', '--data', dataDir])).stdout.trim();
  // The hub logs at info, as in production, to a discarded stderr.
  // CSGHUB_BENCH_NODE_ARGS (e.g. "--cpu-prof") lets a profile be taken of the hub under load.
  const nodeArgs = (process.env.CSGHUB_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn('node', [...nodeArgs, cli, 'serve', '--data', dataDir, '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', process.env.CSGHUB_BENCH_STDERR ? 'inherit' : 'ignore'], env: { ...process.env, CSGHUB_LOG_LEVEL: 'info' } });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`csghub serve exited with ${code}`)));
  });
  return {
    url, dataDir, token, cli, pid: child.pid,
    gitDir: (ns, name, type = 'models') => path.join(dataDir, 'repos', type, ns, `${name}.git`),
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const now = () => Number(process.hrtime.bigint()) / 1e6;

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (values) => percentile(values, 50);
export const fmt = (ms) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

/** Pipes `input` into a command's stdin. */
export function pipeInto(cmd, args, input, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args[0]} failed: ${err}`))));
    child.stdin.end(input);
  });
}

/** A port nothing listens on right now. */
export async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts connections on `port`. */
export async function waitForPort(port) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}
