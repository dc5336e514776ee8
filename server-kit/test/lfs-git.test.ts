import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { git, gitResult } from './helpers/git.js';
import { startHub, type TestHub } from './helpers/hub.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const cli = fileURLToPath(new URL('../bin/csghub.js', import.meta.url));
const execFileAsync = promisify(execFile);

/** Writes `size` bytes of pseudo-random data by streaming (never held in memory); returns the sha256. */
async function writeLargeFile(file: string, size: number): Promise<string> {
  const block = randomBytes(4 * 1024 * 1024);
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  let written = 0;
  while (written < size) {
    const chunk = block.subarray(0, Math.min(block.length, size - written));
    // Vary each block so the file does not compress or deduplicate.
    chunk.writeUInt32LE(written / block.length, 0);
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
    written += chunk.length;
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return hash.digest('hex');
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe.each(backends)('Git LFS with the real git-lfs client ($name)', (backend) => {
  let t: TestHub;
  let work: string;
  const tokens: Record<string, string> = {};
  const remote = (repo: string, who: string) => {
    const url = new URL(`${t.url}/${repo}`);
    url.username = who;
    url.password = tokens[who]!;
    return url.toString();
  };
  let n = 0;
  const dir = async () => fs.mkdtemp(path.join(work, `w${n++}-`));
  const bare = (repo: string) => path.join(t.dataDir, 'repos', 'models', `${repo}.git`);
  async function lfsClone(repo: string, who: string): Promise<string> {
    const target = await dir();
    await git(['clone', '-q', remote(repo, who), target]);
    await git(['lfs', 'install', '--local'], target);
    return target;
  }

  beforeAll(async () => {
    t = await startHub(backend);
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-lfs-'));
    tokens.alice = await t.user('alice');
    tokens.bob = await t.user('bob');
    tokens.reader = await t.user('reader');
    const { accounts } = t.hub.services;
    const org = await accounts.createOrg({ name: 'acme' }, await accounts.requireUser('alice'));
    await accounts.setMember(org, await accounts.requireUser('bob'), 'write');
    await accounts.setMember(org, await accounts.requireUser('reader'), 'read');
    for (const name of ['weights', 'locked', 'sneaky']) {
      expect((await t.api('/api/repos/create', { method: 'POST', token: tokens.alice, json: { name, organization: 'acme' } })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await t.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('pushes LFS files with git-lfs; clones, /resolve and the tree see the real objects', async () => {
    const a = await lfsClone('acme/weights', 'bob');
    const weights = randomBytes(12 * 1024 * 1024);
    const shard = randomBytes(3 * 1024 * 1024 + 17);
    await fs.writeFile(path.join(a, 'model.safetensors'), weights);
    await fs.mkdir(path.join(a, 'shards'));
    await fs.writeFile(path.join(a, 'shards', 'part-0.bin'), shard);
    await git(['add', '.'], a);
    await git(['commit', '-q', '-m', 'weights'], a);
    const push = await gitResult(['push', 'origin', 'main'], a);
    expect(push.code, push.stderr).toBe(0);

    // The objects are stored once, content-addressed, under DATA/lfs.
    const stored = path.join(t.dataDir, 'lfs', sha256(weights).slice(0, 2), sha256(weights).slice(2, 4), sha256(weights));
    expect(sha256(await fs.readFile(stored))).toBe(sha256(weights));

    const b = await dir();
    // The client has no global git-lfs setup here, so the filters come on the command line.
    await git(['-c', 'filter.lfs.process=git-lfs filter-process', '-c', 'filter.lfs.required=true', '-c', 'filter.lfs.smudge=git-lfs smudge -- %f', 'clone', '-q', remote('acme/weights', 'reader'), b]);
    expect(sha256(await fs.readFile(path.join(b, 'model.safetensors')))).toBe(sha256(weights));
    expect(sha256(await fs.readFile(path.join(b, 'shards', 'part-0.bin')))).toBe(sha256(shard));

    const head = (await git(['rev-parse', 'HEAD'], a)).trim();
    const res = await fetch(`${t.url}/acme/weights/resolve/main/model.safetensors`, { method: 'HEAD', redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('x-linked-size')).toBe(String(weights.length));
    expect(res.headers.get('x-linked-etag')).toBe(`"${sha256(weights)}"`);
    expect(res.headers.get('x-repo-commit')).toBe(head);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${t.url}/lfs/objects/${sha256(weights)}?t=`)).toBe(true);
    const body = Buffer.from(await (await fetch(location)).arrayBuffer());
    expect(sha256(body)).toBe(sha256(weights));
    const range = await fetch(location, { headers: { range: 'bytes=10-19' } });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 10-19/${weights.length}`);
    expect(Buffer.from(await range.arrayBuffer())).toEqual(weights.subarray(10, 20));

    const tree = (await (await t.api('/api/models/acme/weights/tree/main?recursive=true')).json()) as Array<Record<string, unknown>>;
    expect(tree.find((e) => e.path === 'model.safetensors')).toMatchObject({
      type: 'file', size: weights.length, lfs: { oid: sha256(weights), size: weights.length },
    });
    // /raw serves the pointer, as git stores it.
    const raw = await (await fetch(`${t.url}/acme/weights/raw/main/model.safetensors`)).text();
    expect(raw).toBe(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(weights)}\nsize ${weights.length}\n`);
  });

  it('refuses a push whose LFS pointers name objects that were never uploaded, naming the files', async () => {
    const a = await lfsClone('acme/sneaky', 'bob');
    await fs.writeFile(path.join(a, 'ghost.bin'), randomBytes(1024 * 1024));
    await git(['add', '.'], a);
    await git(['commit', '-q', '-m', 'ghost'], a);
    const before = (await git(['--git-dir', bare('acme/sneaky'), 'rev-parse', 'main'])).trim();
    // --no-verify skips git-lfs's pre-push hook: the pointer arrives without its object.
    const res = await gitResult(['push', '--no-verify', 'origin', 'main'], a);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('these Git LFS files were not uploaded to this repository');
    expect(res.stderr).toContain('ghost.bin (');
    expect(res.stderr).toContain('git lfs push --all origin');
    expect((await git(['--git-dir', bare('acme/sneaky'), 'rev-parse', 'main'])).trim()).toBe(before);
    // With the objects uploaded, the same push lands.
    const ok = await gitResult(['push', 'origin', 'main'], a);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('does not let a push claim an object stored for a repository the pusher cannot read', async () => {
    // alice's private repository holds an object; bob cannot read it.
    expect((await t.api('/api/repos/create', { method: 'POST', token: tokens.alice, json: { name: 'vault', private: true } })).status).toBe(200);
    const secret = randomBytes(200 * 1024);
    const v = await lfsClone('alice/vault', 'alice');
    await fs.writeFile(path.join(v, 'secret.bin'), secret);
    await git(['add', '.'], v);
    await git(['commit', '-q', '-m', 'secret'], v);
    await git(['push', '-q', 'origin', 'main'], v);

    // bob writes a pointer to the same object into a repository he can push to, without the bytes.
    const b = await lfsClone('acme/sneaky', 'bob');
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(secret)}\nsize ${secret.length}\n`;
    await git(['lfs', 'untrack', '*.bin'], b).catch(() => '');
    await fs.writeFile(path.join(b, 'stolen.bin'), pointer);
    await git(['add', '.'], b);
    await git(['commit', '-q', '-m', 'claim'], b);
    const res = await gitResult(['push', '--no-verify', 'origin', 'main'], b);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`stolen.bin (${sha256(secret)})`);
    // And the batch API will not hand it out either.
    const batch = await fetch(`${t.url}/acme/sneaky.git/info/lfs/objects/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.bob}`, 'content-type': 'application/vnd.git-lfs+json' },
      body: JSON.stringify({ operation: 'download', objects: [{ oid: sha256(secret), size: secret.length }] }),
    });
    expect(((await batch.json()) as { objects: Array<{ error?: { code: number } }> }).objects[0]!.error?.code).toBe(404);
  });

  it('locks files with git lfs lock, lists and verifies them, and lets only the owner or an admin unlock', async () => {
    const a = await lfsClone('acme/locked', 'bob');
    const b = await lfsClone('acme/locked', 'alice');
    const lock = await gitResult(['lfs', 'lock', 'README.md'], a);
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stdout).toContain('Locked README.md');
    const listed = await git(['lfs', 'locks'], b);
    expect(listed).toMatch(/README\.md\s+bob\s+ID:\d+/);
    const again = await gitResult(['lfs', 'lock', 'README.md'], b);
    expect(again.code).not.toBe(0);
    // Someone else's lock: refused without --force, allowed to an admin with it.
    const stolen = await gitResult(['lfs', 'unlock', 'README.md'], b);
    expect(stolen.code).not.toBe(0);
    const forced = await gitResult(['lfs', 'unlock', '--force', 'README.md'], b);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await git(['lfs', 'locks'], a)).trim()).toBe('');
    // The read-only member cannot lock.
    const r = await lfsClone('acme/locked', 'reader');
    const denied = await gitResult(['lfs', 'lock', 'README.md'], r);
    expect(denied.code).not.toBe(0);
  });

  it('refuses, through git-lfs, a push that changes a file locked by someone else', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: tokens.alice, json: { name: 'shared', organization: 'acme' } })).status).toBe(200);
    const a = await lfsClone('acme/shared', 'alice');
    await fs.writeFile(path.join(a, 'model.bin'), randomBytes(4096));
    await git(['add', '.'], a);
    await git(['commit', '-q', '-m', 'model'], a);
    await git(['push', '-q', 'origin', 'main'], a);
    const b = await lfsClone('acme/shared', 'bob');
    expect((await gitResult(['lfs', 'lock', 'model.bin'], b)).code).toBe(0);
    await fs.writeFile(path.join(a, 'model.bin'), randomBytes(4096));
    await git(['commit', '-q', '-am', 'change a locked file'], a);
    const before = (await git(['--git-dir', bare('acme/shared'), 'rev-parse', 'main'])).trim();
    const push = await gitResult(['-c', `lfs.${t.url}/acme/shared.git/info/lfs.locksverify=true`, 'push', 'origin', 'main'], a);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain("Cannot update locked files.");
    expect((await git(['--git-dir', bare('acme/shared'), 'rev-parse', 'main'])).trim()).toBe(before);
  });

  it('keeps nothing from an upload cut off mid-PUT, and takes the retry', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: tokens.alice, json: { name: 'cut', organization: 'acme' } })).status).toBe(200);
    const data = randomBytes(8 * 1024 * 1024);
    const oid = sha256(data);
    const batch = async () => {
      const res = await fetch(`${t.url}/acme/cut.git/info/lfs/objects/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.bob}`, 'content-type': 'application/vnd.git-lfs+json' },
        body: JSON.stringify({ operation: 'upload', objects: [{ oid, size: data.length }] }),
      });
      return ((await res.json()) as { objects: Array<{ actions?: { upload: { href: string } } }> }).objects[0]!;
    };
    const href = (await batch()).actions!.upload.href;
    const { request } = await import('node:http');
    await new Promise<void>((resolve) => {
      const req = request(href, { method: 'PUT', headers: { 'content-length': String(data.length) } });
      req.on('error', () => resolve());
      req.write(data.subarray(0, 3 * 1024 * 1024), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 200));
    });
    await new Promise((r) => setTimeout(r, 500));
    const stored = path.join(t.dataDir, 'lfs', oid.slice(0, 2), oid.slice(2, 4), oid);
    await expect(fs.stat(stored)).rejects.toThrow();
    expect((await fs.readdir(path.join(t.dataDir, 'tmp'))).filter((f) => f.startsWith('lfs-'))).toEqual([]);
    // Still not uploaded, so the batch asks for the bytes again; the retry lands.
    const retry = (await batch()).actions!.upload.href;
    expect((await fetch(retry, { method: 'PUT', body: data })).status).toBe(200);
    expect(sha256(await fs.readFile(stored))).toBe(oid);
    expect((await batch()).actions).toBeUndefined();
  });

  it('checks the store with `csghub lfs fsck`, repairs it, and collects unused objects with `lfs gc`', async () => {
    const a = await lfsClone('acme/weights', 'bob');
    const data = randomBytes(300 * 1024);
    await fs.writeFile(path.join(a, 'fsck.bin'), data);
    await git(['add', '.'], a);
    await git(['commit', '-q', '-m', 'fsck'], a);
    await git(['push', '-q', 'origin', 'main'], a);
    const oid = sha256(data);
    const file = path.join(t.dataDir, 'lfs', oid.slice(0, 2), oid.slice(2, 4), oid);
    const args = ['--data', t.dataDir, ...(t.hub.config.db.startsWith('mysql') ? ['--db', t.hub.config.db] : [])];
    const runCli = (...extra: string[]) => execFileAsync('node', [cli, ...extra, ...args]).then((r) => ({ code: 0, out: r.stdout }), (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }));

    expect((await runCli('lfs', 'fsck')).code).toBe(0);
    await fs.writeFile(file, Buffer.alloc(data.length, 1));
    const bad = await runCli('lfs', 'fsck');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`bad ${oid}: content hashes to `);
    const repaired = await runCli('lfs', 'fsck', '--repair');
    expect(repaired.code).toBe(0);
    expect(repaired.out).toContain(`bad ${oid}: content hashes to `);
    expect(repaired.out).toContain('1 quarantined');
    await expect(fs.stat(file)).rejects.toThrow();
    expect((await fs.readdir(path.join(t.dataDir, 'lfs-quarantine'))).some((f) => f.startsWith(oid))).toBe(true);
    // The object is gone from the hub's view; pushing it again restores it.
    await git(['lfs', 'push', '--all', 'origin'], a);
    expect(await sha256File(file)).toBe(oid);

    // A deleted repository's objects are collected once the grace period has passed.
    const info = (await (await t.api('/api/models/acme/weights', { token: tokens.alice })).json()) as { lfsSize: number };
    expect(info.lfsSize).toBeGreaterThanOrEqual(data.length + 12 * 1024 * 1024);
    expect((await t.api('/api/repos/delete', { method: 'DELETE', token: tokens.alice, json: { name: 'acme/weights' } })).status).toBe(200);
    expect((await runCli('lfs', 'gc')).out).toContain('removed 0 objects');
    const gc = await runCli('lfs', 'gc', '--grace-days', '0');
    expect(gc.out).toMatch(/removed [1-9]\d* objects/);
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('keeps .gitattributes right for LFS files committed through the API', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: tokens.alice, json: { name: 'api-lfs', organization: 'acme' } })).status).toBe(200);
    const data = randomBytes(64 * 1024);
    const oid = sha256(data);
    const batch = await fetch(`${t.url}/acme/api-lfs.git/info/lfs/objects/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.bob}`, 'content-type': 'application/vnd.git-lfs+json' },
      body: JSON.stringify({ operation: 'upload', transfers: ['basic'], objects: [{ oid, size: data.length }] }),
    });
    const href = ((await batch.json()) as { objects: Array<{ actions: { upload: { href: string } } }> }).objects[0]!.actions.upload.href;
    expect((await fetch(href, { method: 'PUT', body: data })).status).toBe(200);
    const body = [
      JSON.stringify({ key: 'header', value: { summary: 'add data' } }),
      JSON.stringify({ key: 'lfsFile', value: { path: 'data/my table.dat', algo: 'sha256', oid, size: data.length } }),
      JSON.stringify({ key: 'lfsFile', value: { path: 'weights.safetensors', algo: 'sha256', oid, size: data.length } }),
    ].join('\n');
    const res = await t.api('/api/models/acme/api-lfs/commit/main', { method: 'POST', token: tokens.bob, body, headers: { 'content-type': 'application/x-ndjson' } });
    expect(res.status).toBe(200);
    const attributes = await git(['--git-dir', bare('acme/api-lfs'), 'show', 'main:.gitattributes']);
    // *.safetensors was tracked already; the .dat file gets its own rule, with its space escaped.
    expect(attributes.match(/safetensors/g)).toHaveLength(1);
    expect(attributes.endsWith('data/my[[:space:]]table.dat filter=lfs diff=lfs merge=lfs -text\n')).toBe(true);
    // A git-lfs clone checks out the real bytes.
    const c = await dir();
    await git(['-c', 'filter.lfs.process=git-lfs filter-process', '-c', 'filter.lfs.required=true', 'clone', '-q', remote('acme/api-lfs', 'reader'), c]);
    expect(await fs.readFile(path.join(c, 'data', 'my table.dat'))).toEqual(data);
  });

  it('moves a 60 MB file, and (slow) a 2 GB file, streamed from disk, through push and clone', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: tokens.alice, json: { name: 'big', organization: 'acme' } })).status).toBe(200);
    const a = await lfsClone('acme/big', 'bob');
    // The 2 GB file runs once (on SQLite): the database plays no part in moving bytes.
    const sizes = process.env.CSGHUB_TEST_SKIP_2GB || backend.name !== 'sqlite' ? [60 * 1024 * 1024] : [60 * 1024 * 1024, 2 * 1024 ** 3];
    const oids: string[] = [];
    for (const [i, size] of sizes.entries()) {
      oids.push(await writeLargeFile(path.join(a, `big-${i}.bin`), size));
      await git(['add', `big-${i}.bin`], a);
    }
    await git(['commit', '-q', '-m', 'big files'], a);
    const push = await gitResult(['push', 'origin', 'main'], a);
    expect(push.code, push.stderr).toBe(0);
    for (const [i] of sizes.entries()) await fs.rm(path.join(a, `big-${i}.bin`));
    await fs.rm(path.join(a, '.git', 'lfs'), { recursive: true, force: true });
    const c = await dir();
    await git(['-c', 'filter.lfs.process=git-lfs filter-process', '-c', 'filter.lfs.required=true', 'clone', '-q', remote('acme/big', 'reader'), c]);
    for (const [i, oid] of oids.entries()) expect(await sha256File(path.join(c, `big-${i}.bin`))).toBe(oid);
    await fs.rm(c, { recursive: true, force: true });
    await fs.rm(a, { recursive: true, force: true });
  }, 900_000);
});

describe('Git LFS on S3 (s3rver) with the real git-lfs client', () => {
  let t: TestHub;
  let s3: S3rver;
  let work: string;
  let token: string;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-lfs-s3-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', directory: path.join(work, 's3'), silent: true, configureBuckets: [{ name: 'lfs', configs: [] }] });
    const { port } = (await s3.run()) as unknown as { port: number };
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    t = await startHub(backends[0]!, { lfsStore: `s3://lfs/hub?endpoint=http://127.0.0.1:${port}&region=us-east-1` });
    token = await t.user('carol');
    expect((await t.api('/api/repos/create', { method: 'POST', token, json: { name: 'on-s3' } })).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await s3.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('pushes 1 KB and 60 MB files straight to S3 and clones them back', async () => {
    const url = new URL(`${t.url}/carol/on-s3`);
    url.username = 'carol';
    url.password = token;
    const a = path.join(work, 'a');
    await git(['clone', '-q', url.toString(), a]);
    await git(['lfs', 'install', '--local'], a);
    const small = await writeLargeFile(path.join(a, 'small.bin'), 1024);
    const big = await writeLargeFile(path.join(a, 'big.bin'), 60 * 1024 * 1024);
    await git(['add', '.'], a);
    await git(['commit', '-q', '-m', 'to s3'], a);
    const push = await gitResult(['push', 'origin', 'main'], a);
    expect(push.code, push.stderr).toBe(0);
    // The bytes live in the bucket under their content address, not on the hub's disk.
    const stored = path.join(work, 's3', 'lfs', 'hub', 'lfs', big.slice(0, 2), big.slice(2, 4));
    expect((await fs.readdir(stored)).some((f) => f.startsWith(big))).toBe(true);
    await expect(fs.stat(path.join(t.dataDir, 'lfs'))).rejects.toThrow();

    const c = path.join(work, 'c');
    await git(['-c', 'filter.lfs.process=git-lfs filter-process', '-c', 'filter.lfs.required=true', 'clone', '-q', url.toString(), c]);
    expect(await sha256File(path.join(c, 'small.bin'))).toBe(small);
    expect(await sha256File(path.join(c, 'big.bin'))).toBe(big);
    const res = await fetch(`${t.url}/carol/on-s3/resolve/main/big.bin`, { method: 'HEAD', redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/lfs\/hub\/lfs\/.*X-Amz-Signature=/);
  }, 300_000);
});
