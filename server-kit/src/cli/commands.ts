import fs from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './usage-error.js';
import { resolveConfig, type HubConfig } from '../config.js';
import { createHub } from '../hub.js';
import { createLogger } from '../logger.js';
import { createServices } from '../services/create-services.js';
import type { HubServices } from '../hub-services.js';
import { HubError } from '../errors.js';
import { LfsMaintenance } from '../services/lfs-maintenance.js';

interface OptionSpec {
  type: 'string' | 'boolean';
  help: string;
  valueName?: string;
}

export interface Command {
  path: string[];
  usage: string;
  summary: string;
  positionals: string[];
  options: Record<string, OptionSpec>;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

const storeOptions: Record<string, OptionSpec> = {
  data: { type: 'string', valueName: 'DIR', help: 'Data directory (default ./data)' },
  db: { type: 'string', valueName: 'URL', help: 'Database: mysql://user:pass@host:3306/db (default SQLite in DIR)' },
};

function baseConfig(values: Record<string, string | boolean | undefined>): HubConfig {
  const config: HubConfig = { dataDir: str(values.data) ?? './data' };
  const db = str(values.db);
  if (db) config.db = db;
  const lfsStore = str(values['lfs-store']);
  if (lfsStore) config.lfsStore = lfsStore;
  return config;
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

function port(value: string | boolean | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${name} must be a port number (0-65535)`);
  return n;
}

/** Opens the same database `serve` would, runs `fn`, closes it; hub errors become clean messages. */
async function withServices(values: Record<string, string | boolean | undefined>, fn: (s: HubServices) => Promise<void>): Promise<number> {
  const logger = createLogger(process.env.CSGHUB_LOG_LEVEL ?? 'warn');
  const services = await createServices(resolveConfig(baseConfig(values)), logger);
  try {
    await fn(services);
    return 0;
  } catch (err) {
    if (err instanceof HubError) throw new Error(err.message);
    throw err;
  } finally {
    await services.viewer.close();
    await services.git.close();
    await services.lfs.store.close?.();
    await services.db.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export const commands: Command[] = [
  {
    path: ['serve'],
    usage: 'serve [--data DIR] [--host H] [--port N] [--ssh-port N] [--db URL] [--lfs-store URL] [--public-url URL]',
    summary: 'Run the hub',
    positionals: [],
    options: {
      ...storeOptions,
      host: { type: 'string', valueName: 'HOST', help: 'Address to listen on (default 127.0.0.1)' },
      port: { type: 'string', valueName: 'N', help: 'HTTP port (default 8080; 0 picks a free one)' },
      'ssh-port': { type: 'string', valueName: 'N', help: 'SSH port (default 2222)' },
      'lfs-store': { type: 'string', valueName: 'URL', help: 'LFS blob store: s3://bucket?endpoint=...&region=... (default files in DIR)' },
      'public-url': { type: 'string', valueName: 'URL', help: 'URL clients use to reach the hub (default http://HOST:PORT)' },
    },
    async run(values) {
      const config: HubConfig = { ...baseConfig(values), host: str(values.host), port: port(values.port, 'port'), sshPort: port(values['ssh-port'], 'ssh-port') };
      const publicUrl = str(values['public-url']);
      if (publicUrl !== undefined) {
        if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(publicUrl)) throw new UsageError('--public-url must be an http(s) URL');
        config.publicUrl = publicUrl;
      }
      // Signal handlers exist before the URL is printed: a supervisor may stop the hub the moment it reads it.
      let stop!: () => void;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const hub = await createHub(config);
        process.stdout.write(`csghub listening on ${hub.config.publicUrl ?? hub.url}\n`);
        await stopped;
        await hub.close();
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
      return 0;
    },
  },
  {
    path: ['user', 'add'],
    usage: 'user add NAME --email E [--admin] [--fullname F] [--password-stdin]',
    summary: 'Create a user',
    positionals: ['NAME'],
    options: {
      ...storeOptions,
      email: { type: 'string', valueName: 'E', help: 'Email address (required)' },
      fullname: { type: 'string', valueName: 'F', help: 'Display name' },
      admin: { type: 'boolean', help: 'Make the user a site admin' },
      'password-stdin': { type: 'boolean', help: 'Read a password from standard input (else token-only)' },
    },
    async run(values, [name]) {
      const email = str(values.email);
      if (!email) throw new UsageError('--email is required');
      const password = values['password-stdin'] ? await readStdin() : undefined;
      return withServices(values, async (s) => {
        const user = await s.accounts.createUser({ name: name!, email, fullName: str(values.fullname), password, isAdmin: values.admin === true });
        process.stdout.write(`created ${user.isAdmin ? 'admin ' : ''}user ${user.name}\n`);
      });
    },
  },
  {
    path: ['token', 'create'],
    usage: 'token create USER [--name N] [--scope read|write|admin] [--expires-in DAYS]',
    summary: 'Create an access token and print it (it is shown only once)',
    positionals: ['USER'],
    options: {
      ...storeOptions,
      name: { type: 'string', valueName: 'N', help: 'Token name (default "cli")' },
      scope: { type: 'string', valueName: 'SCOPE', help: 'read, write (default) or admin' },
      'expires-in': { type: 'string', valueName: 'DAYS', help: 'Expire after this many days (default never)' },
    },
    async run(values, [userName]) {
      const scope = str(values.scope) ?? 'write';
      if (!['read', 'write', 'admin'].includes(scope)) throw new UsageError('--scope must be read, write or admin');
      const days = str(values['expires-in']);
      if (days !== undefined && !(Number(days) > 0)) throw new UsageError('--expires-in must be a positive number of days');
      return withServices(values, async (s) => {
        const user = await s.accounts.requireUser(userName!);
        const expiresAt = days ? new Date(Date.now() + Number(days) * 86_400_000) : null;
        const { token } = await s.tokens.create(user, { name: str(values.name) ?? 'cli', scope, expiresAt });
        process.stdout.write(`${token}\n`);
      });
    },
  },
  {
    path: ['org', 'add'],
    usage: 'org add NAME --owner USER [--fullname F]',
    summary: 'Create an organization with USER as its admin',
    positionals: ['NAME'],
    options: {
      ...storeOptions,
      owner: { type: 'string', valueName: 'USER', help: 'First admin of the organization (required)' },
      fullname: { type: 'string', valueName: 'F', help: 'Display name' },
    },
    async run(values, [name]) {
      const ownerName = str(values.owner);
      if (!ownerName) throw new UsageError('--owner is required');
      return withServices(values, async (s) => {
        const owner = await s.accounts.requireUser(ownerName);
        const org = await s.accounts.createOrg({ name: name!, fullName: str(values.fullname) }, owner);
        process.stdout.write(`created organization ${org.name} (admin: ${owner.name})\n`);
      });
    },
  },
  {
    path: ['lfs', 'fsck'],
    usage: 'lfs fsck [--repair]',
    summary: 'Re-hash every stored LFS object; with --repair, quarantine and forget damaged ones',
    positionals: [],
    options: { ...storeOptions, 'lfs-store': { type: 'string', valueName: 'URL', help: 'The LFS store serve uses, if not the default' }, repair: { type: 'boolean', help: 'Quarantine bad objects so they can be uploaded again' } },
    async run(values) {
      let failed = false;
      const code = await withServices(values, async (s) => {
        const report = await new LfsMaintenance(s.lfs.store, path.join(s.config.dataDir, 'tmp')).fsck(values.repair === true);
        for (const bad of report.bad) process.stdout.write(`bad ${bad.oid}: ${bad.problem}${values.repair ? ' (quarantined)' : ''}\n`);
        process.stdout.write(`checked ${report.checked} objects: ${report.bad.length} bad${values.repair ? `, ${report.repaired} quarantined` : ''}\n`);
        failed = report.bad.length > 0 && values.repair !== true;
      });
      return failed ? 1 : code;
    },
  },
  {
    path: ['lfs', 'gc'],
    usage: 'lfs gc [--grace-days N]',
    summary: 'Delete LFS objects no repository uses any more, after a grace period',
    positionals: [],
    options: { ...storeOptions, 'lfs-store': { type: 'string', valueName: 'URL', help: 'The LFS store serve uses, if not the default' }, 'grace-days': { type: 'string', valueName: 'N', help: 'Keep unused objects this many days (default 7)' } },
    async run(values) {
      const days = str(values['grace-days']) ?? '7';
      if (!/^\d+(\.\d+)?$/.test(days)) throw new UsageError('--grace-days must be a number of days');
      return withServices(values, async (s) => {
        const result = await new LfsMaintenance(s.lfs.store, path.join(s.config.dataDir, 'tmp')).gc(Number(days) * 86_400_000);
        process.stdout.write(`removed ${result.removed} objects (${result.bytes} bytes), ${result.expiredUploads} expired uploads\n`);
      });
    },
  },
  {
    path: ['ssh-key', 'add'],
    usage: 'ssh-key add USER FILE [--title T]',
    summary: "Register an OpenSSH public key (FILE, or - for stdin) for USER",
    positionals: ['USER', 'FILE'],
    options: { ...storeOptions, title: { type: 'string', valueName: 'T', help: 'Key title (default: the key comment)' } },
    async run(values, [userName, file]) {
      const key = file === '-' ? await readStdin() : await fs.readFile(file!, 'utf8').catch((err: Error) => {
        throw new UsageError(`cannot read ${file}: ${err.message}`);
      });
      return withServices(values, async (s) => {
        const user = await s.accounts.requireUser(userName!);
        const row = await s.sshKeys.add(user, { key, title: str(values.title) });
        process.stdout.write(`added ${row.keyType} key ${row.fingerprint} for ${user.name}\n`);
      });
    },
  },
];
