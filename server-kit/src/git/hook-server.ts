import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { clearTurnCaches } from '../util/turn-cache.js';
import type { GitEnvironment } from './environment.js';

/** One ref update as git reports it to hooks. */
export interface RefUpdate {
  oldSha: string;
  newSha: string;
  ref: string;
}

/** Where a push's new objects wait until pre-receive accepts them. */
export interface QuarantineEnv {
  GIT_OBJECT_DIRECTORY?: string;
  GIT_ALTERNATE_OBJECT_DIRECTORIES?: string;
  GIT_QUARANTINE_PATH?: string;
}

export interface HookHandlers<P> {
  /** Decides a push: `null` accepts; a string refuses with that message. Throwing refuses too (fail closed). */
  preReceive(push: P, updates: RefUpdate[], quarantine: QuarantineEnv): Promise<string | null>;
  postReceive(push: P, updates: RefUpdate[]): Promise<void>;
}

const HOOK_SCRIPT = (node: string) => `#!${node}
// Installed by CSGHub Kit. Asks the hub, over its local socket, whether a push may land
// (pre-receive) or tells it that it landed (post-receive). Any failure refuses the push.
'use strict';
const http = require('node:http');
const path = require('node:path');
const hook = path.basename(process.argv[1]);
const socketPath = process.env.CSGHUB_HOOK_SOCKET;
const pushId = process.env.CSGHUB_PUSH_ID;
const refuse = (message) => { process.stderr.write('csghub: ' + message + '\\n'); process.exit(hook === 'pre-receive' ? 1 : 0); };
if (!socketPath || !pushId) refuse('this push did not come through the hub; refused');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const updates = input.split('\\n').filter(Boolean).map((line) => line.split(' '));
  const env = {};
  for (const key of ['GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_QUARANTINE_PATH']) {
    if (process.env[key]) env[key] = process.env[key];
  }
  const body = JSON.stringify({ pushId, updates, env });
  const req = http.request({ socketPath, path: '/' + hook, method: 'POST', timeout: 600000,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    let out = '';
    res.setEncoding('utf8');
    res.on('data', (d) => { out += d; });
    res.on('end', () => {
      let reply;
      try { reply = JSON.parse(out); } catch { return refuse('the hub gave an unreadable answer; push refused'); }
      if (reply.message) process.stderr.write(reply.message.replace(/\\n?$/, '\\n'));
      process.exit(reply.ok ? 0 : (hook === 'pre-receive' ? 1 : 0));
    });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => refuse('the hub could not be reached; push refused'));
  req.end(body);
});
`;

/**
 * The local channel git hooks call back on: a unix socket owned by this process, and a registry
 * of pushes in flight keyed by a per-push secret. A hook call with an unknown secret (replayed,
 * forged, or a push made behind the hub's back) is refused.
 */
export class HookServer<P> {
  private readonly pushes = new Map<string, P>();
  private server: http.Server | undefined;
  socketPath = '';

  constructor(private readonly git: GitEnvironment, private readonly handlers: HookHandlers<P>, private readonly logger: Logger) {}

  async start(): Promise<void> {
    await this.git.prepare();
    for (const hook of ['pre-receive', 'post-receive']) {
      const file = path.join(this.git.hooksDir, hook);
      await fs.writeFile(`${file}.tmp`, HOOK_SCRIPT(process.execPath), { mode: 0o755 });
      await fs.rename(`${file}.tmp`, file);
    }
    const name = `csghub-hooks-${process.pid}-${randomBytes(4).toString('hex')}.sock`;
    const runDir = path.join(this.git.dataDir, 'run');
    await fs.mkdir(runDir, { recursive: true, mode: 0o700 });
    // Unix socket paths are limited to about 107 bytes.
    this.socketPath = path.join(runDir, name).length < 100 ? path.join(runDir, name) : path.join(os.tmpdir(), name);
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.socketPath, () => resolve());
    });
    await fs.chmod(this.socketPath, 0o600);
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    await fs.rm(this.socketPath, { force: true });
  }

  /** Registers a push; its id goes into the git process's environment. Call `end` when git exits. */
  begin(push: P): { env: Record<string, string>; end(): void } {
    const id = randomBytes(32).toString('hex');
    this.pushes.set(id, push);
    return { env: { CSGHUB_HOOK_SOCKET: this.socketPath, CSGHUB_PUSH_ID: id }, end: () => this.pushes.delete(id) };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const reply = (ok: boolean, message = '') => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok, message }));
    };
    try {
      let raw = '';
      for await (const chunk of req) {
        raw += chunk;
        if (raw.length > 16 * 1024 * 1024) return reply(false, 'csghub: too many ref updates');
      }
      const input = JSON.parse(raw) as { pushId?: unknown; updates?: unknown; env?: Record<string, unknown> };
      const push = typeof input.pushId === 'string' ? this.pushes.get(input.pushId) : undefined;
      if (!push) return reply(false, 'csghub: unknown push; refused');
      const updates = parseUpdates(input.updates);
      if (!updates) return reply(false, 'csghub: malformed ref updates; refused');
      if (req.url === '/pre-receive') {
        const quarantine: QuarantineEnv = {};
        for (const key of ['GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_QUARANTINE_PATH'] as const) {
          const value = input.env?.[key];
          if (typeof value === 'string') quarantine[key] = value;
        }
        const refusal = await this.handlers.preReceive(push, updates, quarantine);
        return reply(refusal === null, refusal ?? '');
      }
      if (req.url === '/post-receive') {
        await this.handlers.postReceive(push, updates);
        // Refs and rows changed under the hub: nothing read before may be answered again (see TurnCache).
        clearTurnCaches();
        return reply(true);
      }
      reply(false, 'csghub: unknown hook');
    } catch (err) {
      this.logger.error({ err }, 'git hook failed');
      reply(false, 'csghub: the push could not be checked; refused');
    }
  }
}

function parseUpdates(value: unknown): RefUpdate[] | null {
  if (!Array.isArray(value) || value.length > 100_000) return null;
  const out: RefUpdate[] = [];
  for (const item of value) {
    if (!Array.isArray(item) || item.length !== 3) return null;
    const [oldSha, newSha, ref] = item as unknown[];
    if (typeof oldSha !== 'string' || typeof newSha !== 'string' || typeof ref !== 'string') return null;
    if (!/^[0-9a-f]{40}$/.test(oldSha) || !/^[0-9a-f]{40}$/.test(newSha)) return null;
    out.push({ oldSha, newSha, ref });
  }
  return out;
}
