import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Next } from 'koa';
import { authenticate, INVALID_CREDENTIALS } from '../auth/authenticate.js';
import type { RepoRow } from '../db/models.js';
import { HubError } from '../errors.js';
import { spawnGit } from '../git/run.js';
import type { PushContext } from '../services/push-policy.js';
import { parseRepoPath } from './repo-path.js';
import type { HubContext } from './state.js';

type Service = 'git-upload-pack' | 'git-receive-pack';

const GIT_PROTOCOL = /^[0-9a-zA-Z]+=[0-9a-zA-Z]+(:[0-9a-zA-Z]+=[0-9a-zA-Z]+)*$/;
const REALM = { 'WWW-Authenticate': 'Basic realm="CSGHub", charset="UTF-8"' };
// A fetch request lists wants and haves; nothing legitimate comes near this once decompressed.
const MAX_UPLOAD_PACK_REQUEST = 128 * 1024 * 1024;

/**
 * Git smart HTTP (`info/refs`, `git-upload-pack`, `git-receive-pack`) at the repository URLs,
 * with or without `.git`. The real git runs with a fixed argument list; bodies stream both ways
 * with backpressure; every request is authenticated and asks the access policy. Dumb HTTP is not served.
 */
export async function gitHttp(ctx: HubContext, next: Next): Promise<void> {
  const match = matchGitRoute(ctx);
  if (!match) return next();
  const { services } = ctx;

  let actor;
  try {
    actor = (await authenticate(ctx, services)).actor;
  } catch (err) {
    // git re-prompts for credentials only when told how to authenticate.
    if (err instanceof HubError && err.status === 401) throw new HubError(401, INVALID_CREDENTIALS, { headers: REALM });
    throw err;
  }
  ctx.state.actor = actor;

  const { repoPath, service, advertise } = match;
  const row = await services.repos.find(repoPath);
  const action = service === 'git-receive-pack' ? 'write' : 'read';
  const decision = row ? await services.access.decide(actor, action, row) : 'hidden';
  if (decision !== 'allow' || !row) {
    // Anonymous callers are asked to sign in whenever signing in could help; signed-in callers
    // see private repositories they may not read as missing.
    if (!actor.user) throw new HubError(401, 'Authentication required', { headers: REALM });
    if (decision === 'forbidden') throw new HubError(403, `You do not have write access to ${repoPath.namespace}/${repoPath.name}`);
    throw new HubError(404, 'Repository not found', { code: 'RepoNotFound' });
  }

  const gitDir = services.repos.gitDir(row);
  const protocol = ctx.get('git-protocol');
  const env: Record<string, string> = {};
  if (protocol && GIT_PROTOCOL.test(protocol) && protocol.length <= 256) env.GIT_PROTOCOL = protocol;

  if (advertise) return advertiseRefs(ctx, gitDir, service, env);
  return runService(ctx, row, gitDir, service, env);
}

/** Pushes under way per repository in this process. */
const activePushes = new Map<string, number>();

async function quarantineDirs(gitDir: string): Promise<string[]> {
  const entries = await fs.readdir(path.join(gitDir, 'objects')).catch(() => []);
  return entries.filter((e) => e.startsWith('tmp_objdir-incoming-'));
}

function matchGitRoute(ctx: HubContext): { repoPath: NonNullable<ReturnType<typeof parseRepoPath>>; service: Service; advertise: boolean } | null {
  const repoPath = parseRepoPath(ctx.path);
  if (!repoPath) return null;
  const rest = repoPath.rest.join('/');
  if (rest === 'info/refs' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
    const service = ctx.query.service;
    if (service !== 'git-upload-pack' && service !== 'git-receive-pack') {
      throw new HubError(400, 'Only smart HTTP is served: request info/refs?service=git-upload-pack or git-receive-pack');
    }
    return { repoPath, service, advertise: true };
  }
  if ((rest === 'git-upload-pack' || rest === 'git-receive-pack') && ctx.method === 'POST') {
    return { repoPath, service: rest, advertise: false };
  }
  if (rest === 'HEAD' || rest.startsWith('objects/') || rest === 'info/packs' || rest === 'info/alternates') {
    throw new HubError(404, 'Dumb HTTP is not served; use a git client that speaks smart HTTP');
  }
  return null;
}

function noCache(ctx: HubContext): void {
  ctx.set('Cache-Control', 'no-cache, max-age=0, must-revalidate');
  ctx.set('Pragma', 'no-cache');
  ctx.set('Expires', 'Fri, 01 Jan 1980 00:00:00 GMT');
}

const pktLine = (text: string): string => `${(text.length + 4).toString(16).padStart(4, '0')}${text}`;

async function advertiseRefs(ctx: HubContext, gitDir: string, service: Service, env: Record<string, string>): Promise<void> {
  const child = spawnGit(ctx.services.git.env, gitDir, [service.slice(4), '--stateless-rpc', '--advertise-refs', gitDir], env);
  child.stdin!.end();
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  for await (const chunk of child.stdout! as AsyncIterable<Buffer>) chunks.push(chunk);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  if (code !== 0) {
    ctx.services.logger.error({ gitDir, stderr: stderr.slice(0, 2000) }, 'git advertise-refs failed');
    throw new Error('git advertise-refs failed');
  }
  ctx.status = 200;
  ctx.type = `application/x-${service}-advertisement`;
  noCache(ctx);
  // Protocol v2 answers with its capability list; v0/v1 expect the service announcement first.
  const v2 = env.GIT_PROTOCOL?.split(':').includes('version=2') && service === 'git-upload-pack';
  ctx.body = v2 ? Buffer.concat(chunks) : Buffer.concat([Buffer.from(`${pktLine(`# service=${service}\n`)}0000`), ...chunks]);
}

async function runService(ctx: HubContext, row: RepoRow, gitDir: string, service: Service, env: Record<string, string>): Promise<void> {
  const expected = `application/x-${service}-request`;
  if (ctx.get('content-type') !== expected) throw new HubError(400, `Expected Content-Type ${expected}`);
  const encoding = ctx.get('content-encoding').toLowerCase();
  if (encoding && encoding !== 'gzip' && encoding !== 'x-gzip' && encoding !== 'identity') throw new HubError(415, `Unsupported Content-Encoding ${encoding}`);

  const { services } = ctx;
  const quarantineBefore = service === 'git-receive-pack' ? await quarantineDirs(gitDir) : null;
  activePushes.set(gitDir, (activePushes.get(gitDir) ?? 0) + (quarantineBefore ? 1 : 0));
  const push = service === 'git-receive-pack'
    ? services.git.hooks.begin({ actor: ctx.state.actor, repoId: row.id, gitDir } satisfies PushContext)
    : null;
  const child = spawnGit(services.git.env, gitDir, [service.slice(4), '--stateless-rpc', gitDir], { ...env, ...(push?.env ?? {}) });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 8192) stderr += d.toString();
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));

  // Idle timeout instead of a whole-request timeout: long transfers live as long as bytes move.
  let idle: NodeJS.Timeout | undefined;
  const limits = services.config.limits;
  // Ending git's input lets it fail on its own and remove its quarantine directory (a signal
  // would leave it behind); SIGKILL follows only if it lingers.
  let ending = false;
  const kill = (reason: string) => {
    if (ending || child.exitCode !== null || child.signalCode !== null) return;
    ending = true;
    services.logger.warn({ gitDir, service, reason }, 'git transfer ended');
    child.stdin!.destroy();
    child.stdout!.destroy();
    setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 5000).unref();
  };
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => kill('idle timeout'), limits.gitIdleMs);
  };
  touch();

  ctx.respond = false;
  const res = ctx.res;
  res.statusCode = 200;
  res.setHeader('Content-Type', `application/x-${service}-result`);
  res.setHeader('Cache-Control', 'no-cache, max-age=0, must-revalidate');
  res.setHeader('X-Request-Id', ctx.state.requestId);
  res.on('close', () => {
    // The client went away before git finished: stop the work it asked for.
    if (!res.writableFinished) kill('client disconnected');
  });

  let input: Readable = ctx.req;
  if (encoding === 'gzip' || encoding === 'x-gzip') input = ctx.req.pipe(zlib.createGunzip());
  const cap = service === 'git-upload-pack' ? MAX_UPLOAD_PACK_REQUEST : limits.maxPushBytes + 1024 * 1024;
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      touch();
      if (received > cap) return done(new Error('request body too large'));
      done(null, chunk);
    },
  });
  const out = new Transform({
    transform(chunk: Buffer, _enc, done) {
      touch();
      done(null, chunk);
    },
  });

  const upload = pipeline(input, meter, child.stdin!).catch((err: Error) => {
    kill(err.message);
  });
  const download = pipeline(child.stdout!, out, res).catch(() => kill('response stream failed'));
  await Promise.all([upload, download]);
  const code = await exited;
  clearTimeout(idle);
  push?.end();
  if (quarantineBefore) {
    const others = (activePushes.get(gitDir) ?? 1) - 1;
    if (others) activePushes.set(gitDir, others);
    else activePushes.delete(gitDir);
    // git leaves its quarantine behind when a push dies half-way (early EOF); remove what this
    // push created, unless another push to the same repository is under way in this process.
    if (code !== 0 && !others) {
      for (const dir of await quarantineDirs(gitDir)) {
        if (!quarantineBefore.includes(dir)) await fs.rm(path.join(gitDir, 'objects', dir), { recursive: true, force: true });
      }
    }
  }
  if (code !== 0 && stderr) services.logger.warn({ gitDir, service, code, stderr: stderr.slice(0, 2000) }, 'git exited with an error');
}
