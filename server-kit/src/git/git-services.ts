import type { Logger } from 'pino';
import type { AccessPolicy } from '../access/access.js';
import type { HubLimits } from '../config.js';
import { PushPolicy, type PushContext } from '../services/push-policy.js';
import { RepoSync } from '../services/repo-sync.js';
import { RepoRow } from '../db/models.js';
import type { LfsService } from '../services/lfs.js';
import { recordPullRequestPushes } from '../services/discussions/pr-pushes.js';
import { CatFilePool } from './cat-file-pool.js';
import { GitEnvironment } from './environment.js';
import { HookServer } from './hook-server.js';
import { GitReader } from './reader.js';
import { RefReader } from './refs.js';
import { GitWriter } from './writer.js';

/** The git service: environment, reads, writes, and the push hooks, wired together. */
export interface GitServices {
  env: GitEnvironment;
  pool: CatFilePool;
  reader: GitReader;
  writer: GitWriter;
  hooks: HookServer<PushContext>;
  sync: RepoSync;
  close(): Promise<void>;
}

export function createGitServices(dataDir: string, limits: HubLimits, access: AccessPolicy, lfs: LfsService, logger: Logger): GitServices {
  const env = new GitEnvironment(dataDir, { maxPushBytes: limits.maxPushBytes });
  const pool = new CatFilePool(env);
  const reader = new GitReader(env, pool, new RefReader());
  const writer = new GitWriter(env, pool);
  const sync = new RepoSync(env, reader);
  const policy = new PushPolicy(access, env, reader, lfs, limits.maxBlobBytes);
  const hooks = new HookServer<PushContext>(env, {
    preReceive: (push, updates, quarantine) => policy.check(push, updates, quarantine),
    postReceive: async (push, updates) => {
      const row = await RepoRow.findByPk(push.repoId);
      if (row) await sync.afterUpdate(row, push.gitDir, updates);
      if (row) await recordPullRequestPushes(reader, push.gitDir, row, push.actor.user?.id ?? null, updates);
    },
  }, logger);
  return {
    env, pool, reader, writer, hooks, sync,
    async close() {
      pool.close();
      await hooks.stop();
    },
  };
}
