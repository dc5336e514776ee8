import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createHub, type Hub, type HubConfig } from '../../src/index.js';
import type { Backend } from './backends.js';

export interface TestHub {
  hub: Hub;
  url: string;
  dataDir: string;
  /** Creates a user (password "password123") and returns a token of the given scope. */
  user(name: string, options?: { admin?: boolean; scope?: 'read' | 'write' | 'admin' }): Promise<string>;
  token(name: string, scope?: 'read' | 'write' | 'admin'): Promise<string>;
  /** fetch against the hub with an optional token. */
  api(pathname: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts a real hub on a free port with its own data directory and database. */
export async function startHub(backend: Backend, overrides: Partial<HubConfig> = {}): Promise<TestHub> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-test-'));
  const db = await backend.fresh(dataDir);
  const hub = await createHub({ dataDir, db: db.url, port: 0, logger: pino({ level: process.env.CSGHUB_TEST_LOG ?? 'silent' }), ...overrides });
  const t: TestHub = {
    hub,
    url: hub.url,
    dataDir,
    async user(name, options = {}) {
      await hub.services.accounts.createUser({ name, email: `${name.toLowerCase()}@example.test`, password: 'password123', isAdmin: options.admin ?? false });
      return t.token(name, options.scope ?? 'write');
    },
    async token(name, scope = 'write') {
      const user = await hub.services.accounts.requireUser(name);
      return (await hub.services.tokens.create(user, { name: 'test', scope })).token;
    },
    api(pathname, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      let bodyInit = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        bodyInit = JSON.stringify(init.json);
      }
      return fetch(`${hub.url}${pathname}`, { ...init, headers, body: bodyInit });
    },
    async close() {
      await hub.close(1000);
      await db.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

/** Asserts a JSON error: exact status, message, and (when given) X-Error-Code. */
export async function expectError(res: Response, status: number, message: string | RegExp, code?: string): Promise<void> {
  const body = (await res.json()) as { error: string };
  const problems: string[] = [];
  if (res.status !== status) problems.push(`status ${res.status} != ${status}`);
  if (typeof message === 'string' ? body.error !== message : !message.test(body.error)) problems.push(`error "${body.error}" !~ ${String(message)}`);
  if (code !== undefined && res.headers.get('x-error-code') !== code) problems.push(`X-Error-Code ${res.headers.get('x-error-code')} != ${code}`);
  if (problems.length) throw new Error(problems.join('; '));
}
