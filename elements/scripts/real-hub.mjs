// A real hub for the browser integration tests, started by web-test-runner (see its config): its own
// data directory and SQLite database, a user with a write token. The test page (served by the test
// runner on another port) reaches it cross-origin, as an intranet page would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startRealHub() {
  // The built server (the root `pnpm test` runs `tsc -b` first).
  const { createHub } = await import('../../server-kit/dist/index.js');
  const dataDir = await mkdtemp(join(tmpdir(), 'csghub-elements-'));
  const hub = await createHub({ dataDir, port: 0, sshPort: null, logLevel: process.env.CSGHUB_TEST_LOG ?? 'silent' });
  await hub.services.accounts.createUser({ name: 'alice', email: 'alice@example.test', password: 'password123', isAdmin: false });
  const user = await hub.services.accounts.requireUser('alice');
  const { token } = await hub.services.tokens.create(user, { name: 'elements-test', scope: 'write' });
  return {
    url: hub.url,
    token,
    async close() {
      await hub.close(1000);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
