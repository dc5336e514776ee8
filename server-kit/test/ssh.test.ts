import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import ssh2, { type ParsedKey } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../src/index.js';
import { backends } from './helpers/backends.js';
import { clientEnv, git, gitResult } from './helpers/git.js';
import { startHub, type TestHub } from './helpers/hub.js';

// Users' keys, made once by OpenSSH's ssh-keygen: every type the hub accepts.
const KEY_TYPES: Record<string, string[]> = {
  alice: ['-t', 'ed25519'],
  writer: ['-t', 'ecdsa', '-b', '256'],
  reader: ['-t', 'rsa', '-b', '2048'],
  outsider: ['-t', 'ed25519'],
  stranger: ['-t', 'ed25519'],
  spare: ['-t', 'ed25519'],
};
let keyDir = '';
const keyFile = (who: string) => path.join(keyDir, who);
const GREETING = (who: string) => `Hi ${who}! You've successfully authenticated, but CSGHub does not provide shell access.\n`;
const LFS = 'application/vnd.git-lfs+json';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  keyDir = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-ssh-keys-'));
  for (const [who, args] of Object.entries(KEY_TYPES)) execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-C', `${who}@laptop`, '-f', keyFile(who)]);
});
afterAll(async () => {
  await fs.rm(keyDir, { recursive: true, force: true });
});

/** OpenSSH client options: one key, no agent, no config, no host key prompts. */
const sshOptions = (who: string, port: number) => [
  '-F', '/dev/null', '-i', keyFile(who), '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'BatchMode=yes',
  '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-p', String(port),
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs Debian's ssh against the hub; `input` (or nothing) goes to the remote command's stdin. */
function openssh(args: string[], input?: string | Buffer): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('ssh', args, { env: clientEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('latin1')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** An ssh2 client connection, for what OpenSSH cannot be made to do. */
function connect(port: number, options: Partial<ssh2.ConnectConfig>): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const conn = new ssh2.Client();
    conn.once('ready', () => resolve(conn));
    conn.once('error', reject);
    // A server that hangs up politely (a "by application" disconnect) is no error to ssh2.
    conn.once('close', () => reject(new Error('connection closed before authentication')));
    conn.connect({ host: '127.0.0.1', port, username: 'git', readyTimeout: 30_000, ...options });
  });
}

interface Exec {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs one command on an ssh2 connection; `input` is written and stdin closed (unless `keepOpen`). */
function exec(conn: ssh2.Client, command: string, options: { env?: Record<string, string>; pty?: boolean; input?: string | Buffer } = {}): Promise<Exec> {
  return new Promise((resolve, reject) => {
    conn.exec(command, { env: options.env, pty: options.pty }, (err, stream) => {
      if (err) return reject(err);
      const out: Buffer[] = [];
      let stderr = '';
      let code: number | null = null;
      stream.on('data', (d: Buffer) => out.push(d));
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      stream.on('exit', (c: number | null) => (code = c));
      stream.on('close', () => resolve({ code, stdout: Buffer.concat(out), stderr }));
      stream.end(options.input ?? '');
    });
  });
}

/** The pids of git processes running `service` on `gitDir` (read from /proc). */
async function gitProcesses(service: string, gitDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (args[0] === 'git' && args.includes(service) && args.includes(gitDir)) pids.push(Number(entry));
  }
  return pids;
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pkt = (text: string) => `${(text.length + 4).toString(16).padStart(4, '0')}${text}`;

describe.each(backends)('git and Git LFS over SSH with OpenSSH and git ($name)', (backend) => {
  let t: TestHub;
  let port = 0;
  let work = '';
  const tokens: Record<string, string> = {};
  const keyIds: Record<string, number> = {};
  const ssh = (who: string, command?: string, input?: string | Buffer, extra: string[] = []) =>
    openssh([...sshOptions(who, port), ...extra, 'git@127.0.0.1', ...(command === undefined ? [] : [command])], input);
  const sshCommand = (who: string) => `ssh ${sshOptions(who, port).join(' ')}`;
  const remote = (repo: string) => `ssh://git@127.0.0.1:${port}/${repo}`;
  const gitAs = (who: string, args: string[], cwd?: string, env: Record<string, string> = {}) => gitResult(args, cwd, { GIT_SSH_COMMAND: sshCommand(who), ...env });
  const bare = (repo: string, type = 'models') => path.join(t.dataDir, 'repos', type, `${repo}.git`);
  const head = async (repo: string, ref = 'main') => (await git(['--git-dir', bare(repo), 'rev-parse', ref])).trim();
  const objectCount = async (repo: string) => (await git(['--git-dir', bare(repo), 'count-objects', '-v'])).split('\n').filter((l) => /^(count|in-pack):/.test(l)).join(',');
  let n = 0;
  const dir = () => fs.mkdtemp(path.join(work, `w${n++}-`));
  async function commitFile(cwd: string, file: string, content: string | Buffer) {
    await fs.writeFile(path.join(cwd, file), content);
    await git(['add', file], cwd);
    await git(['commit', '-q', '-m', `add ${file}`], cwd);
  }
  async function clone(who: string, repo: string): Promise<string> {
    const target = await dir();
    const r = await gitAs(who, ['clone', '-q', remote(repo), target]);
    expect(r.code, r.stderr).toBe(0);
    return target;
  }

  beforeAll(async () => {
    t = await startHub(backend, { sshPort: 0 });
    port = t.hub.sshPort!;
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-ssh-'));
    for (const who of ['alice', 'writer', 'reader', 'outsider']) tokens[who] = await t.user(who, { scope: 'admin' });
    const { accounts } = t.hub.services;
    const org = await accounts.createOrg({ name: 'acme' }, await accounts.requireUser('alice'));
    await accounts.setMember(org, await accounts.requireUser('writer'), 'write');
    await accounts.setMember(org, await accounts.requireUser('reader'), 'read');
    for (const [name, visibility, type] of [
      ['pub', 'public', 'model'], ['priv', 'private', 'model'], ['data', 'public', 'dataset'], ['demo', 'public', 'space'],
      ['tool', 'public', 'code'], ['weights', 'public', 'model'], ['kill', 'public', 'model'], ['hostile', 'public', 'model'],
    ]) {
      const res = await t.api('/api/repos/create', { method: 'POST', token: tokens.alice, json: { name, organization: 'acme', visibility, type } });
      expect(res.status, await res.text()).toBe(200);
    }
    // Keys are registered the way users do it: through the HTTP API.
    for (const [who, owner] of [['alice', 'alice'], ['writer', 'writer'], ['reader', 'reader'], ['outsider', 'outsider'], ['spare', 'alice']]) {
      const res = await t.api('/api/user/ssh-keys', { method: 'POST', token: tokens[owner!], json: { key: readFileSync(`${keyFile(who!)}.pub`, 'utf8'), title: who } });
      expect(res.status).toBe(201);
      keyIds[who!] = ((await res.json()) as { id: number }).id;
    }
  });
  afterAll(async () => {
    await t?.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('clones over protocol v0 and v2, with and without the leading / and .git, for models and datasets', async () => {
    const scpLike = { GIT_SSH_COMMAND: `${sshCommand('alice')}` };
    for (const [url, version] of [
      [remote('acme/pub'), '0'], [remote('acme/pub.git'), '2'], [remote('datasets/acme/data'), '2'], [remote('datasets/acme/data.git'), '0'],
      // scp-like syntax sends the path without its leading '/'.
      ['git@127.0.0.1:acme/pub.git', '2'], ['git@127.0.0.1:datasets/acme/data', '0'],
    ] as const) {
      const target = await dir();
      const trace = await gitResult(['-c', `protocol.version=${version}`, 'clone', url, target], undefined, { ...scpLike, GIT_TRACE_PACKET: '1' });
      expect(trace.code, trace.stderr).toBe(0);
      if (version === '2') expect(trace.stderr).toMatch(/< version 2\n/);
      else expect(trace.stderr).not.toMatch(/< version 2/);
      expect((await fs.readdir(target)).sort()).toEqual(['.git', '.gitattributes', 'README.md']);
    }
    // The key's last use is recorded.
    const keys = (await (await t.api('/api/user/ssh-keys', { token: tokens.alice })).json()) as Array<{ id: number; lastUsedAt: string | null }>;
    expect(keys.find((k) => k.id === keyIds.alice)!.lastUsedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(keys.find((k) => k.id === keyIds.spare)!.lastUsedAt).toBeNull();
  });

  it('serves spaces and codes, and git archive --remote (upload-archive)', async () => {
    const refs = await gitAs('reader', ['ls-remote', remote('codes/acme/tool.git')]);
    expect(refs.code, refs.stderr).toBe(0);
    expect(refs.stdout).toMatch(/^[0-9a-f]{40}\tHEAD\n[0-9a-f]{40}\trefs\/heads\/main\n$/);
    const space = await gitAs('reader', ['ls-remote', remote('spaces/acme/demo')]);
    expect(space.code, space.stderr).toBe(0);
    expect(space.stdout).toContain('\trefs/heads/main\n');
    const archive = await gitAs('reader', ['archive', '--format=tar', `--remote=${remote('acme/pub.git')}`, 'main', 'README.md']);
    expect(archive.code, archive.stderr).toBe(0);
    expect(execFileSync('tar', ['-t'], { input: archive.stdout, encoding: 'utf8' })).toBe('README.md\n');
  });

  it("pushes as a writer through the hub's pre-receive policy, the same as over HTTP", async () => {
    const a = await clone('writer', 'acme/pub');
    await commitFile(a, 'weights.txt', 'over ssh\n');
    const push = await gitAs('writer', ['push', 'origin', 'main'], a);
    expect(push.code, push.stderr).toBe(0);
    const sha = (await git(['rev-parse', 'HEAD'], a)).trim();
    expect(await head('acme/pub')).toBe(sha);
    // post-receive ran: the hub's record follows the push.
    expect((await t.hub.services.repos.find({ type: 'model', namespace: 'acme', name: 'pub' }))!.lastCommit).toBe(sha);

    // git pads the hook's side-band lines with spaces; compare without them.
    const refusal = (r: Run) => r.stderr.replace(/ +\n/g, '\n');
    const deletion = await gitAs('writer', ['push', 'origin', ':main'], a);
    expect(deletion.code).not.toBe(0);
    expect(refusal(deletion)).toContain('remote: csghub: push refused\nremote:   main: the default branch cannot be deleted\n');
    const notes = await gitAs('writer', ['push', 'origin', 'HEAD:refs/notes/x'], a);
    expect(notes.code).not.toBe(0);
    expect(refusal(notes)).toContain('remote:   refs/notes/x: only branches (refs/heads/) and tags (refs/tags/) can be pushed\n');
    await commitFile(a, 'big.bin', randomBytes(11 * 1024 * 1024));
    const big = await gitAs('writer', ['push', 'origin', 'main'], a);
    expect(big.code).not.toBe(0);
    expect(refusal(big)).toContain('remote: csghub: push refused: files larger than 10.0 MB must be stored with Git LFS:\nremote:   big.bin (11.0 MB)\n');
    expect(await head('acme/pub')).toBe(sha);
    expect(await git(['--git-dir', bare('acme/pub'), 'for-each-ref', '--format=%(refname)'])).toBe('refs/heads/main\n');
  });

  it('refuses pushes from read-only members before receive-pack runs, and changes nothing', async () => {
    const a = await clone('reader', 'acme/pub');
    await commitFile(a, 'evil.txt', 'no');
    const before = [await head('acme/pub'), await objectCount('acme/pub')];
    const push = await gitAs('reader', ['push', 'origin', 'main'], a);
    expect(push.code).toBe(128);
    expect(push.stderr).toBe('ERROR: You do not have write access to acme/pub\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n');
    // No receive-pack ran: not even its ref advertisement came back.
    expect(await ssh('reader', "git-receive-pack '/acme/pub.git'")).toEqual({ code: 1, stdout: '', stderr: 'ERROR: You do not have write access to acme/pub\n' });
    expect([await head('acme/pub'), await objectCount('acme/pub')]).toEqual(before);
  });

  it('hides private repositories from outsiders: the same answer as a missing repository', async () => {
    const forbidden = await ssh('outsider', "git-upload-pack '/acme/priv.git'");
    const missing = await ssh('outsider', "git-upload-pack '/acme/privy.git'");
    expect(forbidden).toEqual({ code: 1, stdout: '', stderr: 'ERROR: Repository not found: acme/priv\n' });
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'ERROR: Repository not found: acme/privy\n' });
    expect(await ssh('outsider', "git-receive-pack 'acme/priv'")).toEqual({ code: 1, stdout: '', stderr: 'ERROR: Repository not found: acme/priv\n' });
    expect(await ssh('outsider', 'git-lfs-authenticate acme/priv download')).toEqual({ code: 1, stdout: '', stderr: 'ERROR: Repository not found: acme/priv\n' });
    const cloneOutsider = await gitAs('outsider', ['clone', remote('acme/priv'), await dir()]);
    expect(cloneOutsider.code).toBe(128);
    expect(cloneOutsider.stderr).toContain('ERROR: Repository not found: acme/priv\nfatal: Could not read from remote repository.');
    const cloneReader = await gitAs('reader', ['clone', '-q', remote('acme/priv'), await dir()]);
    expect(cloneReader.code, cloneReader.stderr).toBe(0);
  });

  it('refuses hostile exec commands with an exact message and no side effect (checklist 6)', async () => {
    const marker = path.join(work, 'pwned');
    const before = [await head('acme/hostile'), await objectCount('acme/hostile')];
    const usage = "Invalid command: usage: git-upload-pack '<repository path>'";
    const badPath = (p: string) => `Invalid repository path "${p}": use ns/name, datasets/ns/name, spaces/ns/name or codes/ns/name`;
    const cases: Array<[string, string]> = [
      [`git-upload-pack '--upload-pack=touch ${marker}'`, 'Invalid command: git-upload-pack takes no options'],
      [`git upload-pack '--upload-pack=touch ${marker}' acme/hostile`, 'Invalid command: git-upload-pack takes no options'],
      [`git-receive-pack --receive-pack='touch ${marker}' acme/hostile`, 'Invalid command: the character = is not allowed'],
      ["git-upload-pack 'acme/hostile' extra", usage],
      [`git-upload-pack 'acme/hostile'; touch ${marker}`, 'Invalid command: the character ; is not allowed'],
      [`git-upload-pack 'acme/hostile' && touch ${marker}`, 'Invalid command: the character & is not allowed'],
      [`git-upload-pack $(touch ${marker})`, 'Invalid command: the character $ is not allowed'],
      [`git-upload-pack \`touch ${marker}\``, 'Invalid command: the character ` is not allowed'],
      [`git-upload-pack 'acme/hostile'\ntouch ${marker}`, 'Invalid command: control or non-ASCII characters are not allowed'],
      [`git-upload-pack 'acme/hostile`, 'Invalid command: unbalanced quotes'],
      [`git-upload-pack "acme/hostile"`, 'Invalid command: the character " is not allowed'],
      [`git-upload-pack '$(touch ${marker})'`, badPath(`$(touch ${marker})`)],
      ["git-upload-pack '../../../etc'", badPath('../../../etc')],
      ["git-upload-pack '/acme/../acme/hostile.git'", badPath('/acme/../acme/hostile.git')],
      [`touch ${marker}`, 'Unknown command "touch": this server runs only git-upload-pack, git-receive-pack, git-upload-archive and git-lfs-authenticate'],
      [`sh -c 'touch ${marker}'`, 'Unknown command "sh": this server runs only git-upload-pack, git-receive-pack, git-upload-archive and git-lfs-authenticate'],
      ['git-lfs-authenticate acme/hostile upload extra', 'Invalid command: usage: git-lfs-authenticate <repository path> upload|download'],
    ];
    for (const [command, message] of cases) {
      expect(await ssh('alice', command), command).toEqual({ code: 1, stdout: '', stderr: `ERROR: ${message}\n` });
    }
    await expect(fs.access(marker)).rejects.toThrow();
    expect([await head('acme/hostile'), await objectCount('acme/hostile')]).toEqual(before);
    // The control: the same command written properly is served (a flush ends the conversation).
    const served = await ssh('alice', "git-upload-pack 'acme/hostile'", '0000');
    expect([served.code, served.stderr]).toEqual([0, '']);
    expect(served.stdout).toMatch(/^[0-9a-f]{4}[0-9a-f]{40} HEAD\0/);
  });

  it('takes only a valid GIT_PROTOCOL from env requests; LD_PRELOAD, GIT_CONFIG_PARAMETERS and the like are ignored (checklist 7)', async () => {
    const v2 = await ssh('alice', "git-upload-pack 'acme/pub'", '0000', ['-o', 'SetEnv=GIT_PROTOCOL=version=2 LD_PRELOAD=/nonexistent/evil.so']);
    expect([v2.code, v2.stderr]).toEqual([0, '']);
    expect(v2.stdout.startsWith('000eversion 2\n')).toBe(true);

    const conn = await connect(port, { privateKey: readFileSync(keyFile('alice')) });
    try {
      const v0Advertisement = /^[0-9a-f]{4}[0-9a-f]{40} HEAD\0[^\n]*\n[0-9a-f]{4}[0-9a-f]{40} refs\/heads\/main\n0000$/;
      for (const env of [
        { GIT_PROTOCOL: 'version=2:x=$(id)' },
        { GIT_PROTOCOL: 'version=2\r\nx=y' },
        { GIT_PROTOCOL: `version=2${':a=b'.repeat(100)}` },
        {
          LD_PRELOAD: '/nonexistent/evil.so',
          GIT_CONFIG_PARAMETERS: "'uploadpack.hiderefs'='refs/heads'",
          GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'uploadpack.hiderefs', GIT_CONFIG_VALUE_0: 'refs',
          GIT_DIR: '/tmp', GIT_EXEC_PATH: '/nonexistent', PATH: '/nonexistent', '--split-string': 'touch /tmp/x',
        },
      ]) {
        const r = await exec(conn, "git-upload-pack 'acme/pub'", { env, input: '0000' });
        expect([r.code, r.stderr], JSON.stringify(env)).toEqual([0, '']);
        expect(r.stdout.toString('latin1'), JSON.stringify(env)).toMatch(v0Advertisement);
      }
    } finally {
      conn.end();
    }
  });

  it('refuses pty, sftp and port forwarding; a session with no command gets a greeting and exit 0 (checklist 9)', async () => {
    expect(await ssh('alice')).toEqual({ code: 0, stdout: '', stderr: GREETING('alice') });
    expect(await ssh('writer', undefined, undefined, ['-T'])).toEqual({ code: 0, stdout: '', stderr: GREETING('writer') });
    expect(await ssh('alice', undefined, undefined, ['-tt'])).toEqual({ code: 255, stdout: '', stderr: 'PTY allocation request failed on channel 0\r\n' });
    expect(await ssh('alice', 'sftp', undefined, ['-s'])).toEqual({ code: 255, stdout: '', stderr: 'subsystem request failed on channel 0\r\n' });
    expect(await ssh('alice', undefined, undefined, ['-N', '-o', 'ExitOnForwardFailure=yes', '-R', '0:127.0.0.1:9'])).toEqual({
      code: 255, stdout: '', stderr: 'Error: remote port forwarding failed for listen port 0\r\n',
    });

    const conn = await connect(port, { privateKey: readFileSync(keyFile('alice')) });
    try {
      // direct-tcpip (ssh -L, -D, -W) to the hub's own HTTP port.
      const httpPort = Number(new URL(t.url).port);
      const forward = await new Promise<Error & { reason?: number }>((resolve, reject) =>
        conn.forwardOut('127.0.0.1', 0, '127.0.0.1', httpPort, (err, ch) => (err ? resolve(err) : reject(new Error(`forwarded: ${String(ch)}`)))),
      );
      expect([forward.message, forward.reason]).toEqual(['(SSH) Channel open failure: ', 1]); // SSH_OPEN_ADMINISTRATIVELY_PROHIBITED
      await expect(new Promise((resolve, reject) => conn.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))))).rejects.toThrow('Unable to start subsystem: sftp');
      await expect(exec(conn, "git-upload-pack 'acme/pub'", { pty: true })).rejects.toThrow('Unable to request a pseudo-terminal');
      // The connection is still good for git afterwards.
      expect((await exec(conn, "git-upload-pack 'acme/pub'", { input: '0000' })).code).toBe(0);
    } finally {
      conn.end();
    }
  });

  it('binds the identity only from the signed request: a query with key A then a signature with key B acts as B (checklist 8)', async () => {
    const swapped = (signer: string) => {
      const key = ssh2.utils.parseKey(readFileSync(keyFile(signer))) as ParsedKey;
      const decoy = (ssh2.utils.parseKey(readFileSync(`${keyFile('alice')}.pub`, 'utf8')) as ParsedKey).getPublicSSH();
      const real = key.getPublicSSH.bind(key);
      let calls = 0;
      // ssh2's client takes the public blob from the key twice: for the query, then for the signed request.
      key.getPublicSSH = () => (calls++ === 0 ? decoy : real());
      return { key, calls: () => calls };
    };
    const outsider = swapped('outsider');
    const asKey = (key: ParsedKey): Partial<ssh2.ConnectConfig> => ({ authHandler: [{ type: 'publickey', username: 'git', key: key as unknown as Buffer }] });
    const conn = await connect(port, asKey(outsider.key));
    try {
      expect(outsider.calls()).toBe(2);
      expect((await exec(conn, "git-upload-pack 'acme/priv'")).stderr).toBe('ERROR: Repository not found: acme/priv\n');
      const shell = await new Promise<string>((resolve, reject) =>
        conn.shell(false, (err, stream) => {
          if (err) return reject(err);
          let text = '';
          stream.stderr.on('data', (d: Buffer) => (text += d.toString()));
          stream.on('close', () => resolve(text));
          stream.resume();
          stream.end();
        }),
      );
      expect(shell).toBe(GREETING('outsider'));
    } finally {
      conn.end();
    }
    // Signing with a key nobody registered, after querying with alice's, gets nowhere.
    const stranger = swapped('stranger');
    await expect(connect(port, asKey(stranger.key))).rejects.toThrow('All configured authentication methods failed');
    expect(stranger.calls()).toBe(2);
  });

  it('refuses other user names and deleted keys; records the last use', async () => {
    expect(await ssh('spare')).toEqual({ code: 0, stdout: '', stderr: GREETING('alice') });
    const keys = (await (await t.api('/api/user/ssh-keys', { token: tokens.alice })).json()) as Array<{ id: number; lastUsedAt: string | null }>;
    expect(keys.find((k) => k.id === keyIds.spare)!.lastUsedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await t.api(`/api/user/ssh-keys/${keyIds.spare}`, { method: 'DELETE', token: tokens.alice })).status).toBe(200);
    expect(await ssh('spare')).toEqual({ code: 255, stdout: '', stderr: 'git@127.0.0.1: Permission denied (publickey).\r\n' });
    expect(await openssh([...sshOptions('alice', port), 'alice@127.0.0.1'])).toEqual({ code: 255, stdout: '', stderr: 'alice@127.0.0.1: Permission denied (publickey).\r\n' });
    expect(await ssh('stranger')).toEqual({ code: 255, stdout: '', stderr: 'git@127.0.0.1: Permission denied (publickey).\r\n' });
    expect(await ssh('alice', undefined, undefined, ['-o', 'PreferredAuthentications=password,keyboard-interactive'])).toEqual({
      code: 255, stdout: '', stderr: 'git@127.0.0.1: Permission denied (publickey).\r\n',
    });
  });

  it("sends git's own exit status", async () => {
    const broken = await ssh('alice', "git-upload-pack 'acme/pub'", 'zzzz');
    expect(broken.code).toBe(128);
    expect(broken.stderr).toBe('fatal: protocol error: bad line length character: zzzz\n');
    expect((await ssh('alice', "git-upload-pack 'acme/pub'", '0000')).code).toBe(0);
  });

  it('kills git when the client goes away, and an aborted push leaves no quarantine or ref change', async () => {
    const gitDir = bare('acme/kill');
    const conn = await connect(port, { privateKey: readFileSync(keyFile('writer')) });
    const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) => conn.exec("git-upload-pack 'acme/kill'", (err, s) => (err ? reject(err) : resolve(s))));
    await new Promise((resolve) => stream.once('data', resolve));
    expect(await gitProcesses('upload-pack', gitDir)).toHaveLength(1);
    conn.end();
    await waitFor(async () => (await gitProcesses('upload-pack', gitDir)).length === 0, 'upload-pack to end');

    // A push cut off half-way through its pack.
    const local = await clone('writer', 'acme/kill');
    for (let i = 0; i < 150; i++) await fs.writeFile(path.join(local, `f${i}`), randomBytes(20_000));
    await git(['add', '.'], local);
    await git(['commit', '-q', '-m', 'many'], local);
    const oldSha = await head('acme/kill');
    const newSha = (await git(['rev-parse', 'HEAD'], local)).trim();
    const pack = execFileSync('git', ['pack-objects', '--stdout', '--revs'], { cwd: local, input: `${newSha}\n^${oldSha}\n`, env: clientEnv(), maxBuffer: 64 * 1024 * 1024 });
    const conn2 = await connect(port, { privateKey: readFileSync(keyFile('writer')) });
    const push = await new Promise<ssh2.ClientChannel>((resolve, reject) => conn2.exec("git-receive-pack 'acme/kill'", (err, s) => (err ? reject(err) : resolve(s))));
    let advertised = '';
    await new Promise<void>((resolve) => push.on('data', (d: Buffer) => (advertised += d.toString('latin1')).endsWith('0000') && resolve()));
    push.write(`${pkt(`${oldSha} ${newSha} refs/heads/main\0report-status\n`)}0000`);
    push.write(pack.subarray(0, Math.floor(pack.length / 2)));
    await waitFor(async () => (await fs.readdir(path.join(gitDir, 'objects'))).some((d) => d.startsWith('tmp_objdir-incoming-')), 'the push to reach its quarantine');
    conn2.end();
    await waitFor(async () => (await gitProcesses('receive-pack', gitDir)).length === 0, 'receive-pack to end');
    await waitFor(async () => !(await fs.readdir(path.join(gitDir, 'objects'))).some((d) => d.startsWith('tmp_objdir-incoming-')), 'the quarantine to go');
    expect(await head('acme/kill')).toBe(oldSha);
    await git(['--git-dir', gitDir, 'fsck', '--no-dangling']);
  });

  it('git-lfs-authenticate answers href, a bearer token and expires_in; the token works only for that repository and operation (checklists 17, 18)', async () => {
    const grant = async (who: string, command: string) => {
      const r = await ssh(who, command);
      expect([r.code, r.stderr], command).toEqual([0, '']);
      const answer = JSON.parse(r.stdout) as { href: string; header: { Authorization: string }; expires_in: number };
      expect(Object.keys(answer)).toEqual(['href', 'header', 'expires_in']);
      expect(Object.keys(answer.header)).toEqual(['Authorization']);
      expect(answer.header.Authorization).toMatch(/^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(answer.expires_in).toBe(600);
      return answer;
    };
    const download = await grant('reader', 'git-lfs-authenticate acme/weights download');
    expect(download.href).toBe(`${t.url}/acme/weights.git/info/lfs`);
    const upload = await grant('writer', "git-lfs-authenticate '/datasets/acme/data.git' upload");
    expect(upload.href).toBe(`${t.url}/datasets/acme/data.git/info/lfs`);
    const privRead = await grant('reader', 'git-lfs-authenticate acme/priv download');

    const content = randomBytes(1000);
    const object = { oid: sha256(content), size: content.length };
    const call = (href: string, route: string, authorization: string, body?: unknown) =>
      fetch(`${href}/${route}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { accept: LFS, 'content-type': LFS, authorization },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const batch = (href: string, operation: string, authorization: string) => call(href, 'objects/batch', authorization, { operation, objects: [object] });
    const expectLfs = async (res: Response, status: number, message: string) => {
      expect([res.status, ((await res.json()) as { message: string }).message]).toEqual([status, message]);
    };

    // The download token reads that repository's LFS API, and nothing else.
    const read = await batch(download.href, 'download', download.header.Authorization);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { objects: unknown[] }).objects).toEqual([{ ...object, error: { code: 404, message: 'Object does not exist' } }]);
    expect((await call(download.href, 'locks', download.header.Authorization)).status).toBe(200);
    await expectLfs(await batch(download.href, 'upload', download.header.Authorization), 403, 'You do not have write access to this repository');
    await expectLfs(await call(download.href, 'locks', download.header.Authorization, { path: 'x.bin' }), 403, 'You do not have write access to this repository');
    await expectLfs(await batch(`${t.url}/acme/pub.git/info/lfs`, 'download', download.header.Authorization), 401, 'Invalid credentials in Authorization header');
    await expectLfs(await batch(`${t.url}/acme/priv.git/info/lfs`, 'download', download.header.Authorization), 401, 'Invalid credentials in Authorization header');
    for (const pathname of ['/acme/weights.git/info/refs?service=git-upload-pack', '/api/whoami-v2', '/api/models/acme/weights', '/acme/weights/resolve/main/README.md']) {
      expect((await t.api(pathname, { headers: { authorization: download.header.Authorization } })).status, pathname).toBe(401);
    }

    // The upload token writes that repository's LFS objects and locks; it is good nowhere else.
    const write = await batch(upload.href, 'upload', upload.header.Authorization);
    expect(write.status).toBe(200);
    const action = ((await write.json()) as { objects: Array<{ actions: { upload: { href: string } } }> }).objects[0]!.actions.upload;
    expect((await fetch(action.href, { method: 'PUT', body: content })).status).toBe(200);
    expect((await call(upload.href, 'locks', upload.header.Authorization, { path: 'x.bin' })).status).toBe(201);
    await expectLfs(await batch(download.href, 'download', upload.header.Authorization), 401, 'Invalid credentials in Authorization header');

    // Forged, expired and other kinds of signed tokens are refused.
    const [body, mac] = download.header.Authorization.slice('Bearer '.length).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { repoId: number; operation: string; exp: number };
    const pub = (await t.hub.services.repos.find({ type: 'model', namespace: 'acme', name: 'pub' }))!;
    const forged = (changes: object) => `Bearer ${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${mac}`;
    await expectLfs(await batch(`${t.url}/acme/pub.git/info/lfs`, 'download', forged({ repoId: pub.id })), 401, 'Invalid credentials in Authorization header');
    await expectLfs(await batch(download.href, 'upload', forged({ operation: 'upload' })), 401, 'Invalid credentials in Authorization header');
    await expectLfs(await batch(download.href, 'download', `${download.header.Authorization}.x`), 401, 'Invalid credentials in Authorization header');
    const signer = t.hub.services.lfs.signer;
    const reader = (await t.hub.services.accounts.requireUser('reader')).id;
    const expired = signer.sign({ op: 'lfs-auth', repoId: claims.repoId, userId: reader, operation: 'download' }, -1);
    await expectLfs(await batch(download.href, 'download', `Bearer ${expired}`), 401, 'Invalid credentials in Authorization header');
    const fresh = signer.sign({ op: 'lfs-auth', repoId: claims.repoId, userId: reader, operation: 'download' }, 60);
    expect((await batch(download.href, 'download', `Bearer ${fresh}`)).status).toBe(200);
    const urlToken = signer.sign({ op: 'download', oid: object.oid, size: object.size, repoId: claims.repoId, userId: reader }, 60);
    await expectLfs(await batch(download.href, 'download', `Bearer ${urlToken}`), 401, 'Invalid credentials in Authorization header');

    // The access policy still decides while the token lives: a removed member loses access.
    const { accounts } = t.hub.services;
    const org = (await accounts.findOrg('acme'))!;
    await accounts.removeMember(org, await accounts.requireUser('reader'));
    try {
      await expectLfs(await batch(privRead.href, 'download', privRead.header.Authorization), 404, 'Repository not found');
    } finally {
      await accounts.setMember(org, await accounts.requireUser('reader'), 'read');
    }
    expect((await batch(privRead.href, 'download', privRead.header.Authorization)).status).toBe(200);

    expect(await ssh('reader', 'git-lfs-authenticate acme/weights upload')).toEqual({ code: 1, stdout: '', stderr: 'ERROR: You do not have write access to acme/weights\n' });
    expect(await ssh('reader', 'git-lfs-authenticate acme/weights delete')).toEqual({ code: 1, stdout: '', stderr: 'ERROR: Unknown operation "delete": use upload or download\n' });
    expect(await ssh('writer', 'git-lfs-transfer acme/weights upload')).toEqual({
      code: 1, stdout: '', stderr: 'ERROR: git-lfs-transfer is not supported; git-lfs uses git-lfs-authenticate and HTTPS instead\n',
    });
  });

  it('git-lfs pushes and clones over an SSH remote: pure SSH transfer is refused, git-lfs-authenticate takes over', async () => {
    const a = await clone('writer', 'acme/weights');
    await git(['lfs', 'install', '--local'], a);
    await git(['config', 'lfs.ssh.automultiplex', 'false'], a);
    await git(['lfs', 'track', '*.bin'], a);
    const weights = randomBytes(3 * 1024 * 1024 + 7);
    await fs.writeFile(path.join(a, 'weights.bin'), weights);
    await git(['add', '.gitattributes', 'weights.bin'], a);
    await git(['commit', '-q', '-m', 'weights'], a);
    const push = await gitAs('writer', ['push', 'origin', 'main'], a, { GIT_TRACE: '1' });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).toMatch(/attempting pure SSH protocol connection/);
    expect(push.stderr).toMatch(/pure SSH protocol connection failed/);
    expect(push.stderr).toMatch(/git-lfs-authenticate \/acme\/weights upload/);
    const stored = path.join(t.dataDir, 'lfs', sha256(weights).slice(0, 2), sha256(weights).slice(2, 4), sha256(weights));
    expect(sha256(await fs.readFile(stored))).toBe(sha256(weights));
    expect(await head('acme/weights')).toBe((await git(['rev-parse', 'HEAD'], a)).trim());

    const b = await dir();
    const lfsFilters = ['-c', 'filter.lfs.process=git-lfs filter-process', '-c', 'filter.lfs.required=true', '-c', 'lfs.ssh.automultiplex=false'];
    const cloned = await gitAs('reader', [...lfsFilters, 'clone', '-q', remote('acme/weights.git'), b]);
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(sha256(await fs.readFile(path.join(b, 'weights.bin')))).toBe(sha256(weights));
  });
});

describe('SSH limits and host keys', () => {
  // A login grace well above a loaded CI machine's slowest handshake (RSA, OpenSSH), still short to wait out.
  const limits = { sshLoginGraceMs: 5000, sshIdleMs: 1500, sshMaxSessionsPerUser: 2, sshMaxUnauthenticated: 2 };
  let t: TestHub;
  let port = 0;
  let restarted: Hub | undefined;
  const aliceKey = () => readFileSync(keyFile('alice'));

  beforeAll(async () => {
    t = await startHub(backends[0]!, { sshPort: 0, limits });
    port = t.hub.sshPort!;
    const token = await t.user('alice', { scope: 'admin' });
    expect((await t.api('/api/user/ssh-keys', { method: 'POST', token, json: { key: readFileSync(`${keyFile('alice')}.pub`, 'utf8') } })).status).toBe(201);
    expect((await t.api('/api/repos/create', { method: 'POST', token, json: { name: 'm' } })).status).toBe(200);
  });
  afterAll(async () => {
    await restarted?.close(100);
    await t?.close();
  });

  /** A TCP client that never authenticates: it says hello (or not even that) and then nothing. */
  function silentClient(hello: boolean): Promise<{ socket: net.Socket; closed: Promise<void> }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        if (hello) socket.write('SSH-2.0-silent\r\n');
        resolve({ socket, closed: new Promise((r) => socket.once('close', () => r())) });
      });
      socket.on('error', reject);
      socket.resume();
    });
  }

  it('drops connections that do not authenticate in time, and connections over the unauthenticated limit at once', async () => {
    const first = await silentClient(false);
    const second = await silentClient(true);
    await new Promise((r) => setTimeout(r, 200));
    const third = await silentClient(true);
    await third.closed;
    expect([first.socket.destroyed, second.socket.destroyed]).toEqual([false, false]);
    await Promise.all([first.closed, second.closed]);
    // Once they are gone, a new client gets in.
    const conn = await connect(port, { privateKey: aliceKey() });
    conn.end();
  });

  it('drops the connection after 6 failed keys', async () => {
    const strangers = Array.from({ length: 8 }, (_, i) => {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile(`unknown${i}`)]);
      return readFileSync(keyFile(`unknown${i}`));
    });
    let offered = 0;
    const error = await connect(port, {
      authHandler: (_methods, _partial, next) => (offered < strangers.length ? next({ type: 'publickey', username: 'git', key: strangers[offered++]! }) : next(false)),
    }).then(
      () => null,
      (err: Error) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expect(offered).toBe(6);
  });

  it('closes idle connections, but not a running command that is silent', async () => {
    const conn = await connect(port, { privateKey: aliceKey() });
    const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) => conn.exec("git-upload-pack 'alice/m'", (err, s) => (err ? reject(err) : resolve(s))));
    let code: number | null = null;
    stream.on('exit', (c: number) => (code = c));
    const done = new Promise((r) => stream.on('close', r));
    stream.resume();
    await new Promise((r) => setTimeout(r, limits.sshIdleMs * 2));
    stream.end('0000');
    await done;
    expect(code).toBe(0);
    // Nothing running now: the connection goes after the idle time.
    await new Promise<void>((resolve) => conn.on('close', () => resolve()));
  });

  it('runs at most sshMaxSessionsPerUser commands per user at once', async () => {
    const conn = await connect(port, { privateKey: aliceKey() });
    try {
      const open = () => new Promise<ssh2.ClientChannel>((resolve, reject) => conn.exec("git-upload-pack 'alice/m'", (err, s) => (err ? reject(err) : resolve(s))));
      const waiting = [await open(), await open()];
      for (const s of waiting) await new Promise((r) => s.once('data', r));
      expect(await exec(conn, "git-upload-pack 'alice/m'", { input: '0000' })).toEqual({
        code: 1, stdout: Buffer.alloc(0), stderr: 'ERROR: too many SSH sessions at once for alice (at most 2); try again later\n',
      });
      const closed = new Promise((r) => waiting[0]!.on('close', r));
      waiting[0]!.end('0000');
      await closed;
      expect((await exec(conn, "git-upload-pack 'alice/m'", { input: '0000' })).code).toBe(0);
      waiting[1]!.end('0000');
    } finally {
      conn.end();
    }
  });

  it('creates host keys once (ed25519 and RSA, mode 0600) and keeps them across restarts', async () => {
    const dir = path.join(t.dataDir, 'ssh');
    expect((await fs.readdir(dir)).sort()).toEqual(['host_ed25519_key', 'host_ed25519_key.pub', 'host_rsa_key', 'host_rsa_key.pub']);
    for (const file of ['host_ed25519_key', 'host_rsa_key']) expect((await fs.stat(path.join(dir, file))).mode & 0o777).toBe(0o600);
    const printed = (file: string) => execFileSync('ssh-keygen', ['-lf', path.join(dir, file)], { encoding: 'utf8' }).split(' ')[1];
    expect(t.hub.ssh!.hostKeys.map((k) => [k.type, k.fingerprint])).toEqual([['ssh-ed25519', printed('host_ed25519_key.pub')], ['ssh-rsa', printed('host_rsa_key.pub')]]);

    // OpenSSH learns each key, then checks it strictly against the restarted hub.
    const knownHosts = (algorithms: string) => path.join(t.dataDir, `known_hosts_${algorithms}`);
    const clientOptions = (p: number, strict: string, algorithms: string) => [
      '-F', '/dev/null', '-i', keyFile('alice'), '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'HostKeyAlias=csghub-test',
      '-o', `UserKnownHostsFile=${knownHosts(algorithms)}`, '-o', `StrictHostKeyChecking=${strict}`, '-o', `HostKeyAlgorithms=${algorithms}`, '-o', 'LogLevel=ERROR', '-p', String(p), 'git@127.0.0.1',
    ];
    for (const algorithms of ['ssh-ed25519', 'rsa-sha2-512']) {
      expect(await openssh(clientOptions(port, 'accept-new', algorithms))).toEqual({ code: 0, stdout: '', stderr: GREETING('alice') });
    }
    await t.hub.close(100);
    restarted = await createHub({ dataDir: t.dataDir, db: t.hub.config.db, port: 0, sshPort: 0, limits, logger: pino({ level: 'silent' }) });
    expect(restarted.sshPort).not.toBe(port);
    expect(restarted.ssh!.hostKeys.map((k) => k.fingerprint)).toEqual(t.hub.ssh!.hostKeys.map((k) => k.fingerprint));
    for (const algorithms of ['ssh-ed25519', 'rsa-sha2-512']) {
      expect(await openssh(clientOptions(restarted.sshPort!, 'yes', algorithms))).toEqual({ code: 0, stdout: '', stderr: GREETING('alice') });
    }
    // The control: a different host key under the same name is refused.
    await fs.writeFile(knownHosts('ssh-ed25519'), `csghub-test ${ssh2.utils.generateKeyPairSync('ed25519').public}\n`);
    const refused = await openssh(clientOptions(restarted.sshPort!, 'yes', 'ssh-ed25519'));
    expect(refused.code).toBe(255);
    expect(refused.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });
});
