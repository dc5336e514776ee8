import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

/**
 * The suites run on every database backend switched on: SQLite always, MySQL/MariaDB when
 * CSGHUB_TEST_MYSQL is a server URL (`.ci/run` sets mysql://root@127.0.0.1:3306/test).
 */
export interface Backend {
  name: 'sqlite' | 'mysql';
  /** A fresh, empty database URL for one hub, and a function that drops it. */
  fresh(dataDir: string): Promise<{ url: string; drop(): Promise<void> }>;
}

const sqlite: Backend = {
  name: 'sqlite',
  async fresh(dataDir) {
    return { url: `sqlite:${dataDir}/hub.sqlite`, drop: async () => {} };
  },
};

function mysqlBackend(serverUrl: string): Backend {
  return {
    name: 'mysql',
    async fresh() {
      // Each hub gets its own database, so suites running in parallel never see each other's rows.
      const name = `csghub_t_${randomBytes(6).toString('hex')}`;
      const server = new URL(serverUrl);
      server.pathname = '/';
      const admin = await mysql.createConnection({ uri: server.toString() });
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        drop: async () => {
          const conn = await mysql.createConnection({ uri: server.toString() });
          await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
          await conn.end();
        },
      };
    },
  };
}

export const backends: Backend[] = [sqlite, ...(process.env.CSGHUB_TEST_MYSQL ? [mysqlBackend(process.env.CSGHUB_TEST_MYSQL)] : [])];
