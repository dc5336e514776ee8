import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'koa';
import type { Logger } from 'pino';

/** What a host portal's SSO hook may answer: the hub user name the request belongs to. */
export type HostAuthenticate = (ctx: Context) => Promise<string | null | undefined> | string | null | undefined;

export interface HubConfig {
  /** Data directory (SQLite file, repositories, LFS objects, caches). */
  dataDir: string;
  host?: string;
  port?: number;
  /**
   * SSH port for git and Git LFS (0 picks a free port; `null` or `false` turns SSH off). Default
   * 2222 when the hub listens on a fixed HTTP port; with `port: 0` or `listen: false`, SSH starts
   * only when asked for, so test and embedded hubs never contend for one well-known port.
   */
  sshPort?: number | null | false;
  /** `sqlite:` (default, in dataDir) or `mysql://user:pass@host:3306/db`. */
  db?: string;
  /** Blob store URL for LFS objects: a directory (default) or `s3://bucket?endpoint=...`. */
  lfsStore?: string;
  /** The URL clients reach the hub on; used in every URL the API returns. */
  publicUrl?: string;
  /** `false` builds the app without listening, to mount `hub.app.callback()` in another server. */
  listen?: boolean;
  logger?: Logger;
  logLevel?: string;
  /** Maps a host portal's session (SSO cookie, JWT) to a hub user; runs when no hub credentials are sent. */
  authenticate?: HostAuthenticate;
  limits?: Partial<HubLimits>;
  /** Where the elements bundle (`elements.js` and `static/elements/`) is read from; default: the workspace's elements/dist. */
  elementsDir?: string;
  /** Where the built hub UI (index.html, static/ui/, the demos) is read from; default: the workspace's playground/dist. */
  uiDir?: string;
}

export interface HubLimits {
  /** Largest JSON or form body accepted by the API, in bytes. */
  jsonBody: number;
  /** Session lifetime in seconds. */
  sessionTtl: number;
  /** Largest file accepted outside Git LFS, in pushes and commits (Hugging Face's limit: 10 MB). */
  maxBlobBytes: number;
  /** Largest pack a single push may send. */
  maxPushBytes: number;
  /** Largest ndjson commit body (regular files travel inline, base64-encoded). */
  commitBody: number;
  /** A git transfer with no bytes moving either way for this long is ended. */
  gitIdleMs: number;
  /** LFS objects above this size use Hugging Face's multipart transfer when the client offers it. */
  lfsMultipartThreshold: number;
  lfsChunkSize: number;
  /** Lifetime of the self-authorising LFS upload and download URLs. */
  lfsUrlTtl: number;
  /** Lifetime of the LFS API token `git-lfs-authenticate` hands out over SSH, in seconds. */
  lfsSshTokenTtl: number;
  /** An SSH connection must authenticate within this time. */
  sshLoginGraceMs: number;
  /** Failed authentication attempts (each refused key) before the connection is dropped. */
  sshMaxAuthTries: number;
  /** Commands one user may run at once over SSH, across all connections to this process. */
  sshMaxSessionsPerUser: number;
  /** Connections still authenticating, at once; more are dropped on arrival. */
  sshMaxUnauthenticated: number;
  /** An SSH connection with no channel data either way for this long is closed. */
  sshIdleMs: number;
  /** Keepalive probes: every `sshKeepaliveMs`, and `sshKeepaliveCountMax` unanswered ones end the connection. */
  sshKeepaliveMs: number;
  sshKeepaliveCountMax: number;
  /** Dataset viewer: DuckDB's memory limit (spills to DATA/cache/viewer beyond it), and its threads. */
  viewerMemoryLimit: string;
  viewerThreads: number;
  /** `POST /viewer/sql`: rows returned at most, and the time a query may run. */
  viewerSqlMaxRows: number;
  viewerSqlTimeoutMs: number;
}

export const defaultLimits: HubLimits = {
  jsonBody: 1024 * 1024,
  sessionTtl: 14 * 24 * 3600,
  maxBlobBytes: 10 * 1024 * 1024,
  maxPushBytes: 100 * 1024 ** 3,
  commitBody: 512 * 1024 * 1024,
  gitIdleMs: 10 * 60_000,
  lfsMultipartThreshold: 100 * 1024 * 1024,
  lfsChunkSize: 64 * 1024 * 1024,
  lfsUrlTtl: 3600,
  lfsSshTokenTtl: 600,
  sshLoginGraceMs: 60_000,
  sshMaxAuthTries: 6,
  sshMaxSessionsPerUser: 32,
  sshMaxUnauthenticated: 64,
  sshIdleMs: 10 * 60_000,
  sshKeepaliveMs: 15_000,
  sshKeepaliveCountMax: 3,
  viewerMemoryLimit: '512MB',
  viewerThreads: 2,
  viewerSqlMaxRows: 1_000,
  viewerSqlTimeoutMs: 10_000,
};

export interface ResolvedConfig {
  dataDir: string;
  host: string;
  port: number;
  /** `null`: no SSH server. */
  sshPort: number | null;
  db: string;
  publicUrl: string | undefined;
  lfsStore: string | undefined;
  listen: boolean;
  limits: HubLimits;
  authenticate: HostAuthenticate | undefined;
  elementsDir: string;
  uiDir: string;
}

export function resolveConfig(config: HubConfig): ResolvedConfig {
  const dataDir = path.resolve(config.dataDir);
  const port = config.port ?? 8080;
  const listen = config.listen ?? true;
  const sshPort = config.sshPort === null || config.sshPort === false ? null : config.sshPort ?? (listen && port !== 0 ? 2222 : null);
  return {
    dataDir,
    host: config.host ?? '127.0.0.1',
    port,
    sshPort,
    db: config.db ?? `sqlite:${path.join(dataDir, 'hub.sqlite')}`,
    publicUrl: config.publicUrl?.replace(/\/+$/, ''),
    lfsStore: config.lfsStore,
    listen,
    limits: { ...defaultLimits, ...config.limits },
    authenticate: config.authenticate,
    elementsDir: path.resolve(config.elementsDir ?? fileURLToPath(new URL('../../elements/dist', import.meta.url))),
    uiDir: path.resolve(config.uiDir ?? fileURLToPath(new URL('../../playground/dist', import.meta.url))),
  };
}
