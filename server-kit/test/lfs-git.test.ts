import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { git, gitResult } from './helpers/git.js';
import { startHub, type TestHub } from './helpers/hub.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

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
});
