import type { Logger } from 'pino';
import type { ResolvedConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { AccessPolicy } from '../access/access.js';
import { RepoStorage } from '../stores/repo-storage.js';
import type { HubServices } from '../hub-services.js';
import { AccountsService } from './accounts.js';
import { AuditService } from './audit.js';
import { ReposService } from './repos.js';
import { SessionsService } from './sessions.js';
import { SshKeysService } from './ssh-keys.js';
import { TokensService } from './tokens.js';
import path from 'node:path';
import { createGitServices } from '../git/git-services.js';
import { UrlSigner } from '../auth/url-signer.js';
import { createBlobStore } from '../stores/create-blob-store.js';
import { LfsService } from './lfs.js';
import { LfsLocksService } from './lfs-locks.js';
import { Viewer } from '../viewer/viewer.js';
import { LikesService } from './likes.js';
import { DownloadCounter } from './downloads.js';
import { DiscussionsService } from './discussions/discussions.js';
import { PullRequests } from './discussions/pull-requests.js';

/** Opens the database (migrating it) and wires the services; shared by `serve` and the admin CLI. */
export async function createServices(config: ResolvedConfig, logger: Logger): Promise<HubServices> {
  const db = await openDatabase(config.db, logger);
  const accounts = new AccountsService(db.sequelize);
  const access = new AccessPolicy(accounts);
  const signer = await UrlSigner.load();
  const lfs = new LfsService(await createBlobStore(config), signer, access, {
    multipartThreshold: config.limits.lfsMultipartThreshold,
    chunkSize: config.limits.lfsChunkSize,
    urlTtlSeconds: config.limits.lfsUrlTtl,
    tmpDir: path.join(config.dataDir, 'tmp'),
  });
  const git = createGitServices(config.dataDir, config.limits, access, lfs, logger);
  const repos = new ReposService(new RepoStorage(config.dataDir, git.env.hooksDir), accounts, (dir) => {
    git.pool.drop(dir);
    git.reader.forget(dir);
  });
  const viewer = await Viewer.open({
    dataDir: config.dataDir, sequelize: db.sequelize, reader: git.reader, writer: git.writer, lfs, logger,
    gitDirOf: (row) => repos.gitDir(row),
    memoryLimit: config.limits.viewerMemoryLimit, threads: config.limits.viewerThreads,
    sql: { maxRows: config.limits.viewerSqlMaxRows, timeoutMs: config.limits.viewerSqlTimeoutMs },
  });
  git.sync.onUpdated((row, _gitDir, updates) => viewer.afterUpdate(row, updates));
  const discussions = new DiscussionsService();
  return {
    config,
    logger,
    db,
    accounts,
    access,
    tokens: new TokensService(),
    sessions: new SessionsService(config.limits.sessionTtl),
    sshKeys: new SshKeysService(),
    repos,
    audit: new AuditService(logger),
    git,
    lfs,
    lfsLocks: new LfsLocksService(),
    viewer,
    likes: new LikesService(),
    downloads: new DownloadCounter(db.sequelize, logger),
    discussions,
    pullRequests: new PullRequests(git.env, git.reader, git.writer, git.sync, discussions),
  };
}
