import type { Logger } from 'pino';
import type { ResolvedConfig } from './config.js';
import type { Database } from './db/connect.js';
import type { AccessPolicy } from './access/access.js';
import type { AccountsService } from './services/accounts.js';
import type { AuditService } from './services/audit.js';
import type { ReposService } from './services/repos.js';
import type { SessionsService } from './services/sessions.js';
import type { SshKeysService } from './services/ssh-keys.js';
import type { TokensService } from './services/tokens.js';
import type { GitServices } from './git/git-services.js';
import type { LfsService } from './services/lfs.js';
import type { LfsLocksService } from './services/lfs-locks.js';
import type { Viewer } from './viewer/viewer.js';
import type { LikesService } from './services/likes.js';
import type { DownloadCounter } from './services/downloads.js';
import type { DiscussionsService } from './services/discussions/discussions.js';
import type { PullRequests } from './services/discussions/pull-requests.js';

/** Everything a transport may use: the policy and the services below it. */
export interface HubServices {
  config: ResolvedConfig;
  logger: Logger;
  db: Database;
  access: AccessPolicy;
  accounts: AccountsService;
  tokens: TokensService;
  sessions: SessionsService;
  sshKeys: SshKeysService;
  repos: ReposService;
  audit: AuditService;
  git: GitServices;
  lfs: LfsService;
  lfsLocks: LfsLocksService;
  viewer: Viewer;
  likes: LikesService;
  downloads: DownloadCounter;
  discussions: DiscussionsService;
  pullRequests: PullRequests;
}
