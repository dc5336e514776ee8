import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../src/cli/commands.js';
import { openDatabase } from '../src/db/connect.js';
import { backends } from './helpers/backends.js';

// The built `csghub` CLI, spawned as operators run it (no shell). The root `pnpm test` runs
// `tsc -b` first, so bin/csghub.js finds dist/.

// Every run starts a Node process that loads the whole server; on a busy machine a test that runs
// the CLI several times needs more than the suite's default minute.
vi.setConfig({ testTimeout: 240_000 });
const RUN_LIMIT_MS = 150_000;

const BIN = fileURLToPath(new URL('../bin/csghub.js', import.meta.url));
const DIST_MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const TOKEN_LINE = /^hf_[A-Za-z0-9]{34}\n$/;
const LISTENING = /^csghub listening on (\S+)$/m;

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

// Tests run concurrently, so leftovers (a server a failed test did not stop, temp dirs, MySQL
// databases) are cleaned up once at the end rather than after each test.
const children = new Set<ChildProcessWithoutNullStreams>();
const tempDirs: string[] = [];
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csghub-cli-'));
  tempDirs.push(dir);
  return dir;
}

function start(args: string[]): ChildProcessWithoutNullStreams {
  if (!fs.existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run "npx tsc -b" before these tests`);
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, CSGHUB_LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  return child;
}

function collect(child: ChildProcessWithoutNullStreams): { out: () => string; err: () => string; exited: Promise<Result> } {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<Result>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { out: () => stdout, err: () => stderr, exited };
}

/** Runs the CLI to completion, with `input` on standard input. */
async function csghub(args: string[], input = ''): Promise<Result> {
  const child = start(args);
  const { exited } = collect(child);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, RUN_LIMIT_MS);
  child.stdin.end(input);
  try {
    const result = await exited;
    if (timedOut) throw new Error(`csghub ${args.join(' ')} did not finish in ${RUN_LIMIT_MS / 1000} s`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

interface Server {
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Result>;
  stop(signal?: NodeJS.Signals): Promise<Result>;
}

/** Starts `csghub serve ...` and resolves once it prints the URL it listens on. */
async function serve(args: string[]): Promise<Server> {
  const child = start(['serve', ...args]);
  child.stdin.end();
  const { out, err, exited } = collect(child);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in ${RUN_LIMIT_MS / 1000} s; stderr: ${err()}`)), RUN_LIMIT_MS);
    const check = () => {
      const m = LISTENING.exec(out());
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    void exited.then((r) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${r.code ?? r.signal}) before listening; stderr: ${r.stderr}`));
    });
  });
  return {
    url,
    stdout: out,
    stderr: err,
    exited,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}

/** Rows from the SQLite database of a data directory (after the CLI has exited). */
async function sqliteRows(dataDir: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const db = await openDatabase(`sqlite:${path.join(dataDir, 'hub.sqlite')}`);
  try {
    return await db.sequelize.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT });
  } finally {
    await db.close();
  }
}

async function getJson(url: string, token?: string): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const COMMANDS: Array<{ path: string[]; mentions: string[] }> = [
  { path: ['serve'], mentions: ['--data DIR', '--host', '--port N', '--ssh-port', '--db URL', '--lfs-store', '--public-url'] },
  { path: ['user', 'add'], mentions: ['NAME', '--email E', '--admin', '--password-stdin', '--data DIR', '--db URL'] },
  { path: ['token', 'create'], mentions: ['USER', '--name', '--scope', 'read|write|admin', '--data DIR', '--db URL'] },
  { path: ['org', 'add'], mentions: ['NAME', '--owner USER', '--data DIR', '--db URL'] },
  { path: ['ssh-key', 'add'], mentions: ['USER FILE', '--title', '--data DIR', '--db URL'] },
];

describe.concurrent('csghub --help', () => {
  it.each([['--help'], ['-h'], ['help']])('prints the top-level usage for %s and exits 0', async (flag) => {
    const r = await csghub([flag]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^csghub: .*\n\nUsage: csghub <command> \[options\]\n/);
    for (const { path: p } of COMMANDS) expect(r.stdout).toContain(`  ${p.join(' ')} `);
    expect(r.stdout).toContain('Run "csghub <command> --help"');
  });

  it('prints the usage and exits 2 when no command is given', async () => {
    const r = await csghub([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: csghub <command> [options]');
  });

  it.each(COMMANDS)('prints the help of "$path" and exits 0, touching nothing', async ({ path: p, mentions }) => {
    const data = path.join(tempDir(), 'data');
    for (const flag of ['--help', '-h']) {
      // Help wins over missing or bad arguments.
      const r = await csghub([...p, flag, '--data', data]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.startsWith(`Usage: csghub ${p.join(' ')}`)).toBe(true);
      expect(r.stdout).toContain('\nOptions:\n');
      expect(r.stdout).toMatch(/\n {2}--help +Show this help\n$/);
      for (const m of mentions) expect(r.stdout).toContain(m);
    }
    expect(fs.existsSync(data)).toBe(false);
  });

  // Whatever commands exist (new ones included), each answers --help with its usage and options.
  it.each(commands.map((command) => ({ name: command.path.join(' '), command })))('"$name --help" describes every option', async ({ command }) => {
    const top = await csghub(['--help']);
    expect(top.stdout).toContain(`  ${command.usage}`);
    const r = await csghub([...command.path, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`Usage: csghub ${command.usage}\n\n${command.summary}\n\nOptions:\n`)).toBe(true);
    for (const [name, option] of Object.entries(command.options)) {
      expect(r.stdout).toMatch(new RegExp(`\\n {2}--${name}${option.type === 'string' ? ' \\S+' : ''} +\\S`));
    }
  });

  it('lists a command group with "user --help"', async () => {
    const r = await csghub(['user', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('csghub user add NAME --email E');
    const bare = await csghub(['user']);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('csghub user add NAME --email E');
  });
});

describe.concurrent('csghub bad usage', () => {
  it.each([
    [['frobnicate'], 'csghub: unknown command "frobnicate"'],
    [['user', 'frob', 'x'], 'csghub: unknown command "user frob"'],
    [['--frobnicate'], 'csghub: unknown command "--frobnicate"'],
  ])('refuses the unknown command %j with exit 2 and the usage on stderr', async (args, message) => {
    const r = await csghub(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.stderr).toContain('Usage: csghub <command> [options]');
  });

  const cases: Array<{ args: string[]; message: string | RegExp }> = [
    { args: ['user', 'add', 'bob'], message: 'csghub user add: --email is required' },
    { args: ['user', 'add', '--email', 'bob@example.test'], message: 'csghub user add: expected NAME, got none' },
    { args: ['user', 'add', 'bob', 'extra', '--email', 'bob@example.test'], message: 'csghub user add: expected NAME, got bob extra' },
    { args: ['user', 'add', 'bob', '--email'], message: "csghub user add: Option '--email <value>' argument missing" },
    { args: ['user', 'add', 'bob', '--email', 'bob@example.test', '--bogus'], message: /^csghub user add: Unknown option '--bogus'/ },
    { args: ['user', 'add', 'bob', '--email', 'bob@example.test', '--admin=yes'], message: /^csghub user add: Option '--admin' does not take an argument/ },
    { args: ['token', 'create', 'bob', '--scope', 'superuser'], message: 'csghub token create: --scope must be read, write or admin' },
    { args: ['token', 'create', 'bob', '--scope', 'ADMIN'], message: 'csghub token create: --scope must be read, write or admin' },
    { args: ['token', 'create', 'bob', '--expires-in', '0'], message: 'csghub token create: --expires-in must be a positive number of days' },
    { args: ['token', 'create'], message: 'csghub token create: expected USER, got none' },
    { args: ['org', 'add', 'acme'], message: 'csghub org add: --owner is required' },
    { args: ['serve', '--port', '99999'], message: 'csghub serve: --port must be a port number (0-65535)' },
    { args: ['serve', '--port', 'abc'], message: 'csghub serve: --port must be a port number (0-65535)' },
    { args: ['serve', '--port=-1'], message: 'csghub serve: --port must be a port number (0-65535)' },
    { args: ['serve', '--port', '80.5'], message: 'csghub serve: --port must be a port number (0-65535)' },
    { args: ['serve', '--port', '0', '--ssh-port', '70000'], message: 'csghub serve: --ssh-port must be a port number (0-65535)' },
    { args: ['serve', '--port', '0', '--public-url', 'ftp://hub.example'], message: 'csghub serve: --public-url must be an http(s) URL' },
    { args: ['serve', 'now'], message: 'csghub serve: expected no arguments, got now' },
    { args: ['ssh-key', 'add', 'bob', '/nonexistent/key.pub'], message: /^csghub ssh-key add: cannot read \/nonexistent\/key\.pub: ENOENT/ },
  ];
  it.each(cases)('$args: exit 2, a clear message and the help on stderr, nothing written', async ({ args, message }) => {
    const data = path.join(tempDir(), 'data');
    // --data goes right after the command, so each case controls what comes last.
    const at = args[0] === 'serve' ? 1 : 2;
    const r = await csghub([...args.slice(0, at), '--data', data, ...args.slice(at)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const first = r.stderr.split('\n')[0]!;
    if (typeof message === 'string') expect(first).toBe(message);
    else expect(first).toMatch(message);
    expect(r.stderr).toContain(`\nUsage: csghub ${args[0]} `);
    expect(fs.existsSync(data)).toBe(false);
  });
});

describe('csghub admin commands and serve (SQLite)', () => {
  it('serve prints its URL once listening, answers /api/health and exits 0 on SIGTERM', async () => {
    const data = tempDir();
    const server = await serve(['--port', '0', '--data', data]);
    const port = Number(/^http:\/\/127\.0\.0\.1:(\d+)$/.exec(server.url)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(server.stdout().match(/csghub listening on/g)).toHaveLength(1);
    expect(await getJson(`${server.url}/api/health`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(fs.existsSync(path.join(data, 'hub.sqlite'))).toBe(true);

    const r = await server.stop('SIGTERM');
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
    expect(r.stdout).toBe(`csghub listening on ${server.url}\n`);
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });

  it('stops cleanly on a signal sent as soon as the URL is printed (several servers at once)', async () => {
    const servers = await Promise.all(['SIGTERM', 'SIGINT', 'SIGTERM', 'SIGINT'].map(async (signal) => {
      const child = start(['serve', '--port', '0', '--data', tempDir()]);
      child.stdin.end();
      const { out, exited } = collect(child);
      child.stdout.on('data', () => {
        if (out().includes('\n') && child.signalCode === null && !child.killed) child.kill(signal as NodeJS.Signals);
      });
      const r = await exited;
      return { signal, printed: LISTENING.test(r.stdout), code: r.code, killedBy: r.signal };
    }));
    expect(servers).toEqual(['SIGTERM', 'SIGINT', 'SIGTERM', 'SIGINT'].map((signal) => ({ signal, printed: true, code: 0, killedBy: null })));
  });

  it('serve exits 0 on SIGINT too, and prints --public-url when given', async () => {
    const server = await serve(['--port', '0', '--data', tempDir(), '--public-url', 'https://hub.example.test/']);
    expect(server.stdout()).toBe('csghub listening on https://hub.example.test\n');
    const r = await server.stop('SIGINT');
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
  });

  it('serve exits 1 with a message when its port is taken', async () => {
    const data = tempDir();
    const first = await serve(['--port', '0', '--data', data]);
    const port = new URL(first.url).port;
    const r = await csghub(['serve', '--port', port, '--data', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`csghub serve: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
    expect((await first.stop()).code).toBe(0);
  });

  it('user add, token create and org add set up a hub that serve then runs', async () => {
    const data = tempDir();
    const added = await csghub(['user', 'add', 'alice', '--email', 'Alice@Example.test', '--fullname', 'Alice A', '--password-stdin', '--data', data], 'open-sesame-42\n');
    expect(added).toEqual({ code: 0, signal: null, stdout: 'created user alice\n', stderr: '' });
    const ops = await csghub(['user', 'add', 'ops', '--email', 'ops@example.test', '--admin', '--data', data]);
    expect(ops).toEqual({ code: 0, signal: null, stdout: 'created admin user ops\n', stderr: '' });

    const created = await csghub(['token', 'create', 'alice', '--data', data]);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(TOKEN_LINE);
    const token = created.stdout.trim();
    const readOnly = await csghub(['token', 'create', 'ALICE', '--name', 'deploy', '--scope', 'read', '--data', data]);
    expect(readOnly.stdout).toMatch(TOKEN_LINE);
    const opsToken = (await csghub(['token', 'create', 'ops', '--scope', 'admin', '--data', data])).stdout.trim();

    const org = await csghub(['org', 'add', 'acme', '--owner', 'alice', '--fullname', 'Acme Inc', '--data', data]);
    expect(org).toEqual({ code: 0, signal: null, stdout: 'created organization acme (admin: alice)\n', stderr: '' });

    // Only the sha256 of each token was stored.
    const stored = await sqliteRows(data, 'SELECT token_hash FROM access_tokens');
    expect(stored).toHaveLength(3);
    expect(JSON.stringify(stored)).not.toContain(token.slice(3));

    const server = await serve(['--port', '0', '--data', data]);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'open-sesame-42' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { name: string; email: string; fullname: string } }).user).toMatchObject({
      name: 'alice', email: 'alice@example.test', fullname: 'Alice A',
    });
    // The trailing newline from stdin is not part of the password.
    const withNewline = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'open-sesame-42\n' }),
    });
    expect(withNewline.status).toBe(401);

    const who = await getJson(`${server.url}/api/whoami-v2`, token);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ name: 'alice', isAdmin: false, auth: { type: 'access_token', accessToken: { displayName: 'cli', role: 'write' } } });
    expect(who.body.orgs).toEqual([expect.objectContaining({ name: 'acme', fullname: 'Acme Inc', roleInOrg: 'admin' })]);
    expect((await getJson(`${server.url}/api/whoami-v2`, readOnly.stdout.trim())).body.auth.accessToken).toEqual({ displayName: 'deploy', role: 'read' });
    expect((await getJson(`${server.url}/api/whoami-v2`, opsToken)).body.isAdmin).toBe(true);

    // A token made while the server runs works at once.
    const live = await csghub(['token', 'create', 'alice', '--name', 'live', '--data', data]);
    expect(live.stdout).toMatch(TOKEN_LINE);
    expect((await getJson(`${server.url}/api/whoami-v2`, live.stdout.trim())).body.auth.accessToken.displayName).toBe('live');
    expect((await getJson(`${server.url}/api/whoami-v2`, `hf_${'x'.repeat(34)}`)).status).toBe(401);

    const members = await getJson(`${server.url}/api/organizations/acme/members`);
    expect(members.body).toEqual([{ type: 'user', name: 'alice', fullname: 'Alice A', role: 'admin' }]);
    expect((await server.stop()).code).toBe(0);
  });

  it('refuses duplicates and unknown users with exit 1 and a message, writing nothing', async () => {
    const data = tempDir();
    expect((await csghub(['user', 'add', 'bob', '--email', 'bob@example.test', '--data', data])).code).toBe(0);
    expect((await csghub(['org', 'add', 'bobs', '--owner', 'bob', '--data', data])).code).toBe(0);
    const snapshot = async () => ({
      namespaces: await sqliteRows(data, 'SELECT * FROM namespaces ORDER BY name_key'),
      users: await sqliteRows(data, 'SELECT id, name, email, password_hash, is_admin FROM users ORDER BY id'),
      memberships: await sqliteRows(data, 'SELECT * FROM memberships ORDER BY id'),
      tokens: await sqliteRows(data, 'SELECT id FROM access_tokens ORDER BY id'),
    });
    const before = await snapshot();

    const failures: Array<[string[], string, string?]> = [
      [['user', 'add', 'bob', '--email', 'other@example.test'], 'csghub user add: The name "bob" is already taken'],
      [['user', 'add', 'BOB', '--email', 'other@example.test'], 'csghub user add: The name "BOB" is already taken'],
      [['user', 'add', 'bobs', '--email', 'other@example.test'], 'csghub user add: The name "bobs" is already taken'],
      [['user', 'add', 'robert', '--email', 'bob@example.test'], 'csghub user add: A user with email bob@example.test already exists'],
      [['user', 'add', 'api', '--email', 'api@example.test'], 'csghub user add: "api" is a reserved name'],
      [['user', 'add', 'carol', '--email', 'not-an-email'], 'csghub user add: Invalid email address "not-an-email"'],
      [['user', 'add', 'carol', '--email', 'carol@example.test', '--password-stdin'], 'csghub user add: The password must have at least 8 characters', 'short\n'],
      [['token', 'create', 'nobody'], 'csghub token create: User not found: nobody'],
      [['org', 'add', 'acme', '--owner', 'ghost'], 'csghub org add: User not found: ghost'],
      [['org', 'add', 'bob', '--owner', 'bob'], 'csghub org add: The name "bob" is already taken'],
      [['org', 'add', 'models', '--owner', 'bob'], 'csghub org add: "models" is a reserved name'],
    ];
    const results = await Promise.all(failures.map(([args, , input]) => csghub([...args, '--data', data], input)));
    expect(results.map((r, i) => ({ args: failures[i]![0], code: r.code, stdout: r.stdout, stderr: r.stderr }))).toEqual(
      failures.map(([args, message]) => ({ args, code: 1, stdout: '', stderr: `${message}\n` })),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('ssh-key add registers a public key from a file or stdin', async () => {
    const data = tempDir();
    const keyDir = tempDir();
    for (const name of ['one', 'two']) {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@laptop`, '-f', path.join(keyDir, name)]);
    }
    const fingerprint = (name: string) => execFileSync('ssh-keygen', ['-lf', path.join(keyDir, `${name}.pub`)], { encoding: 'utf8' }).split(' ')[1];
    expect((await csghub(['user', 'add', 'dana', '--email', 'dana@example.test', '--data', data])).code).toBe(0);

    const fromFile = await csghub(['ssh-key', 'add', 'dana', path.join(keyDir, 'one.pub'), '--data', data]);
    expect(fromFile).toEqual({ code: 0, signal: null, stdout: `added ssh-ed25519 key ${fingerprint('one')} for dana\n`, stderr: '' });
    const fromStdin = await csghub(['ssh-key', 'add', 'dana', '-', '--title', 'laptop', '--data', data], fs.readFileSync(path.join(keyDir, 'two.pub'), 'utf8'));
    expect(fromStdin.stdout).toBe(`added ssh-ed25519 key ${fingerprint('two')} for dana\n`);
    const again = await csghub(['ssh-key', 'add', 'dana', path.join(keyDir, 'one.pub'), '--data', data]);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 1, stderr: 'csghub ssh-key add: This key is already registered\n' });
    expect(await sqliteRows(data, 'SELECT name, fingerprint FROM ssh_keys ORDER BY id')).toEqual([
      { name: 'one@laptop', fingerprint: fingerprint('one') },
      { name: 'laptop', fingerprint: fingerprint('two') },
    ]);
  });
});

const mysql = backends.find((b) => b.name === 'mysql');

// Runs only when CSGHUB_TEST_MYSQL names a server (then it is reported as run, otherwise as skipped).
describe.runIf(mysql)('csghub admin commands and serve on MySQL (--db)', () => {
  it('user add and token create write to --db, and serve --db accepts the token', async () => {
    const data = tempDir();
    const db = await mysql!.fresh(data);
    cleanups.push(db.drop);

    const added = await csghub(['user', 'add', 'erin', '--email', 'erin@example.test', '--password-stdin', '--db', db.url, '--data', data], 'erin-password\n');
    expect(added).toEqual({ code: 0, signal: null, stdout: 'created user erin\n', stderr: '' });
    const dup = await csghub(['user', 'add', 'Erin', '--email', 'x@example.test', '--db', db.url, '--data', data]);
    expect({ code: dup.code, stderr: dup.stderr }).toEqual({ code: 1, stderr: 'csghub user add: The name "Erin" is already taken\n' });
    const created = await csghub(['token', 'create', 'erin', '--scope', 'admin', '--db', db.url, '--data', data]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(TOKEN_LINE);
    // Nothing went to SQLite in the data directory.
    expect(fs.existsSync(path.join(data, 'hub.sqlite'))).toBe(false);

    const server = await serve(['--port', '0', '--data', data, '--db', db.url]);
    const who = await getJson(`${server.url}/api/whoami-v2`, created.stdout.trim());
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ name: 'erin', auth: { accessToken: { displayName: 'cli', role: 'admin' } } });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'erin', password: 'erin-password' }),
    });
    expect(login.status).toBe(200);
    expect((await server.stop()).code).toBe(0);
  });
});
