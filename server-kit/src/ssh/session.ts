import os from 'node:os';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { AcceptConnection, ServerChannel, Session } from 'ssh2';
import type { Actor } from '../access/actor.js';
import type { RepoRow } from '../db/models.js';
import { spawnGit } from '../git/run.js';
import type { HubServices } from '../hub-services.js';
import { TYPE_PREFIX } from '../http/urls.js';
import type { PushContext } from '../services/push-policy.js';
import type { RepoRef } from '../services/repos.js';
import { CommandError, parseCommand, type GitVerb, type LfsOperation } from './command.js';

// The protocol grammar git uses (the same check as for the HTTP Git-Protocol header).
const GIT_PROTOCOL = /^[0-9a-zA-Z]+=[0-9a-zA-Z]+(:[0-9a-zA-Z]+=[0-9a-zA-Z]+)*$/;

/** What a session may use: the hub, the identity bound at authentication, and its connection. */
export interface SessionScope {
  services: HubServices;
  /** Bound only after the user's signature verified. */
  actor: Actor & { user: NonNullable<Actor['user']> };
  /** Base of the LFS API URLs `git-lfs-authenticate` hands out. */
  publicUrl: string | undefined;
  logger: Logger;
  /** One of the user's concurrent-command slots (call the result to give it back), or null when all are taken. */
  acquire(): (() => void) | null;
  /** Registers a running command: `stop` runs if the connection goes away first; the result says it ended. */
  running(stop: () => void): () => void;
}

/**
 * One session channel. Only `exec` of an allowlisted command does anything; the `env` request
 * sets nothing but a valid GIT_PROTOCOL (protocol v2); a shell request gets a greeting; pty,
 * x11, agent forwarding, signals and subsystems (sftp) are refused.
 */
export function serveSession(scope: SessionScope, accept: AcceptConnection<Session>): void {
  const session = accept();
  let protocol: string | undefined;
  session.on('env', (ok: (() => void) | undefined, refuse: (() => void) | undefined, info: { key: string; val: string }) => {
    if (info.key === 'GIT_PROTOCOL' && info.val.length <= 256 && GIT_PROTOCOL.test(info.val)) {
      protocol = info.val;
      ok?.();
    } else {
      refuse?.();
    }
  });
  for (const request of ['pty', 'x11', 'auth-agent', 'signal', 'window-change', 'subsystem']) {
    session.on(request, (_ok: unknown, refuse: (() => void) | undefined) => refuse?.());
  }
  session.on('shell', (acceptShell: AcceptConnection<ServerChannel>) => {
    const channel = acceptShell();
    void finish(channel, 0, `Hi ${scope.actor.user.name}! You've successfully authenticated, but CSGHub does not provide shell access.`);
  });
  session.on('exec', (acceptExec: AcceptConnection<ServerChannel>, _refuse: unknown, info: { command: string }) => {
    const channel = acceptExec();
    runCommand(scope, channel, info.command, protocol).catch((err: unknown) => {
      scope.logger.error({ err, user: scope.actor.user.name }, 'ssh command failed');
      void finish(channel, 1, 'ERROR: internal error');
    });
  });
}

async function runCommand(scope: SessionScope, channel: ServerChannel, raw: string, protocol: string | undefined): Promise<void> {
  const { services, actor } = scope;
  let command;
  try {
    command = parseCommand(raw);
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    scope.logger.info({ user: actor.user.name, command: raw.slice(0, 200) }, 'ssh command refused');
    return finish(channel, 1, `ERROR: ${err.message}`);
  }
  if (command.kind === 'lfs-transfer') {
    // Refusing the pure-SSH protocol makes git-lfs fall back to git-lfs-authenticate and HTTPS.
    return finish(channel, 1, 'ERROR: git-lfs-transfer is not supported; git-lfs uses git-lfs-authenticate and HTTPS instead');
  }
  const release = scope.acquire();
  if (!release) {
    return finish(channel, 1, `ERROR: too many SSH sessions at once for ${actor.user.name} (at most ${services.config.limits.sshMaxSessionsPerUser}); try again later`);
  }
  try {
    const write = command.kind === 'git' ? command.verb === 'git-receive-pack' : command.operation === 'upload';
    const row = await services.repos.find(command.repo);
    const decision = row ? await services.access.decide(actor, write ? 'write' : 'read', row) : 'hidden';
    // The same answer for missing and unreadable repositories, so existence does not leak.
    if (!row || decision === 'hidden') return await finish(channel, 1, `ERROR: Repository not found: ${display(command.repo)}`);
    if (decision === 'forbidden') return await finish(channel, 1, `ERROR: You do not have write access to ${display(row)}`);
    if (command.kind === 'lfs-authenticate') return await lfsAuthenticate(scope, channel, row, command.operation);
    await runGit(scope, channel, command.verb, row, protocol);
  } finally {
    release();
  }
}

const display = (repo: RepoRef): string => `${TYPE_PREFIX[repo.type]}${repo.namespace}/${repo.name}`;

/**
 * git-lfs's SSH handshake: where the LFS API is, and a bearer token good for minutes, for this
 * user, on this repository's LFS API, for this operation only (see auth/authenticate.ts).
 */
async function lfsAuthenticate(scope: SessionScope, channel: ServerChannel, row: RepoRow, operation: LfsOperation): Promise<void> {
  if (!scope.publicUrl) return finish(channel, 1, 'ERROR: this hub has no public URL configured, so git-lfs cannot reach its LFS API');
  const ttl = scope.services.config.limits.lfsSshTokenTtl;
  const token = scope.services.lfs.signer.sign({ op: 'lfs-auth', repoId: row.id, userId: scope.actor.user.id, operation }, ttl);
  const href = `${scope.publicUrl}/${display(row)}.git/info/lfs`;
  channel.write(`${JSON.stringify({ href, header: { Authorization: `Bearer ${token}` }, expires_in: ttl })}\n`);
  return finish(channel, 0);
}

/**
 * Runs git's service for the channel (plain, not --stateless-rpc: SSH is one duplex stream)
 * with a fixed argument list. receive-pack is registered with the hook server first, so the
 * hub's pre-receive policy decides the push exactly as over HTTP.
 */
async function runGit(scope: SessionScope, channel: ServerChannel, verb: GitVerb, row: RepoRow, protocol: string | undefined): Promise<void> {
  const { services, actor } = scope;
  const gitDir = services.repos.gitDir(row);
  const push = verb === 'git-receive-pack' ? services.git.hooks.begin({ actor, repoId: row.id, gitDir } satisfies PushContext) : null;
  const child = spawnGit(services.git.env, gitDir, [verb.slice(4), gitDir], { ...(protocol ? { GIT_PROTOCOL: protocol } : {}), ...(push?.env ?? {}) });
  const exited = new Promise<number>((resolve) => {
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)));
  });

  // The client went away. A fetch or archive has nothing to finish: kill it. A push is only cut
  // off from its input, with its output drained, so receive-pack fails on its own and removes
  // its quarantine (a signal would leave it behind); it is killed only if it lingers.
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping || child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    scope.logger.info({ user: actor.user.name, repo: display(row), verb, reason }, 'ssh git transfer ended');
    if (verb !== 'git-receive-pack') {
      child.kill('SIGKILL');
      return;
    }
    channel.unpipe(child.stdin!);
    child.stdin!.end();
    child.stdout!.unpipe(channel);
    child.stderr!.unpipe(channel.stderr);
    child.stdout!.resume();
    child.stderr!.resume();
    setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 30_000).unref();
  };
  const ended = scope.running(() => stop('connection closed'));
  channel.on('close', () => stop('channel closed'));

  child.stdin!.on('error', () => {
    // git may exit before reading all its input; its exit status tells.
  });
  channel.pipe(child.stdin!);
  child.stdout!.pipe(channel, { end: false });
  child.stderr!.pipe(channel.stderr, { end: false });

  const code = await exited;
  channel.unpipe(child.stdin!);
  push?.end();
  ended();
  await finish(channel, code);
}

/** Optional message on stderr, then the exit status once every byte before it went out, then close. */
async function finish(channel: ServerChannel, code: number, message?: string): Promise<void> {
  if (message) channel.stderr.write(`${message}\n`);
  await Promise.all([flushed(channel, channel), flushed(channel.stderr, channel)]);
  channel.exit(code);
  channel.end();
}

/** Resolves once everything written to `stream` so far was handed to the transport (or the channel closed). */
function flushed(stream: Writable, channel: ServerChannel): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.writable) return resolve();
    channel.once('close', () => resolve());
    stream.write(Buffer.alloc(0), () => resolve());
  });
}
