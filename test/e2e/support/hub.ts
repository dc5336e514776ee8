import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHub, type Hub } from '@csghub/server-kit';
import pino from 'pino';

/** A real hub on a free port serving the built UI (playground/dist) and elements (elements/dist). */
export interface E2eHub {
  hub: Hub;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startE2eHub(): Promise<E2eHub> {
  for (const built of ['../../../playground/dist/index.html', '../../../elements/dist/elements.js']) {
    await fs.access(fileURLToPath(new URL(built, import.meta.url))).catch(() => {
      throw new Error(`${built.slice(9)} is missing: run \`pnpm build\` first`);
    });
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-e2e-'));
  const hub = await createHub({ dataDir, port: 0, sshPort: null, logger: pino({ level: process.env.CSGHUB_TEST_LOG ?? 'silent' }) });
  return {
    hub,
    url: hub.url,
    dataDir,
    async close() {
      await hub.close(1000);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function addUser(hub: Hub, name: string, password: string, isAdmin = false): Promise<void> {
  await hub.services.accounts.createUser({ name, email: `${name}@example.test`, password, isAdmin });
}

/** A Parquet file of `rows` rows (id, text, score), written by DuckDB (server-kit's own dependency). */
export async function writeParquet(file: string, rows: number): Promise<void> {
  const require = createRequire(fileURLToPath(new URL('../../../server-kit/package.json', import.meta.url)));
  type Conn = { run(sql: string): Promise<unknown>; closeSync(): void };
  const { DuckDBInstance } = (await import(require.resolve('@duckdb/node-api'))) as { DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<Conn>; closeSync(): void }> } };
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (SELECT i AS id, 'row ' || i AS text, (i % 97) / 10.0 AS score FROM range(${rows}) t(i)) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  conn.closeSync();
  db.closeSync();
}
