import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../server-kit/test/helpers/backends.js';
import { startHub, type TestHub } from '../../../server-kit/test/helpers/hub.js';
import { collect, ConflictError, HubClient, NotFoundError, UnauthorizedError, UploadSession } from '../src/index.js';

// The client against a real hub: reads, typed errors, a small regular file and LFS files (basic and multipart).

for (const backend of backends) {
  describe(`HubClient against a real hub (${backend.name})`, () => {
    let t: TestHub;
    let alice: HubClient;
    let anonymous: HubClient;

    beforeAll(async () => {
      t = await startHub(backend, { limits: { lfsMultipartThreshold: 64 * 1024, lfsChunkSize: 48 * 1024 } });
      alice = new HubClient({ endpoint: t.url, token: await t.user('alice') });
      anonymous = new HubClient({ endpoint: t.url });
      await alice.createRepo('alice/model');
      await alice.createRepo({ type: 'dataset', name: 'alice/secret' }, { private: true });
    });
    afterAll(() => t?.close());

    it('reads whoami, repo info and the empty-ish tree', async () => {
      expect(await alice.whoami()).toMatchObject({ type: 'user', name: 'alice' });
      const info = await anonymous.repoInfo('alice/model');
      expect(info).toMatchObject({ id: 'alice/model', private: false, defaultBranch: 'main' });
      expect((await anonymous.refs('alice/model')).branches.map((b) => b.name)).toEqual(['main']);
    });

    it('answers typed errors from the hub', async () => {
      await expect(anonymous.whoami()).rejects.toBeInstanceOf(UnauthorizedError);
      const hidden = await anonymous.repoInfo({ type: 'dataset', name: 'alice/secret' }).catch((e: unknown) => e);
      expect(hidden).toBeInstanceOf(NotFoundError);
      expect(hidden).toMatchObject({ status: 404, code: 'RepoNotFound', message: 'Repository not found: alice/secret' });
      await expect(alice.createRepo('alice/model')).rejects.toBeInstanceOf(ConflictError);
      await expect(anonymous.fileText('alice/model', 'nope.txt')).rejects.toMatchObject({ name: 'NotFoundError', code: 'EntryNotFound' });
      const bad = new HubClient({ endpoint: t.url, token: 'hf_not_a_token' });
      await expect(bad.whoami()).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('uploads a regular file and a basic LFS file, then reads them back', async () => {
      const small = randomBytes(1000);
      small[0] = 0; // binary → LFS
      const progress: number[] = [];
      const result = await alice.uploadFiles('alice/model', [
        { path: 'docs/hello.txt', content: 'hello world\n' },
        { path: 'weights/small.bin', content: small },
      ], { summary: 'First upload', onProgress: (p) => progress.push(p.loaded) });
      expect(result.success).toBe(true);
      expect(result.commitOid).toMatch(/^[0-9a-f]{40}$/);
      expect(progress.at(-1)).toBe(12 + 1000);

      const tree = await collect(alice.listTree('alice/model', { recursive: true, expand: true }));
      const bin = tree.find((e) => e.path === 'weights/small.bin');
      expect(bin).toMatchObject({ type: 'file', size: 1000, lfs: { oid: createHash('sha256').update(small).digest('hex'), size: 1000 } });
      expect(bin!.lastCommit).toMatchObject({ id: result.commitOid, title: 'First upload' });
      expect(await anonymous.fileText('alice/model', 'docs/hello.txt')).toBe('hello world\n');
      const range = await anonymous.readRange('alice/model', 'weights/small.bin', 10, 19);
      expect(Buffer.from(range.bytes)).toEqual(small.subarray(10, 20));
      expect(range.total).toBe(1000);
      const commits = await collect(anonymous.listCommits('alice/model'));
      expect(commits[0]).toMatchObject({ id: result.commitOid, title: 'First upload' });
      const details = await anonymous.commitDetails('alice/model', result.commitOid);
      expect(details.files.map((f) => f.path).sort()).toEqual(['docs/hello.txt', 'weights/small.bin']);
      expect((await anonymous.pathsInfo('alice/model', ['docs/hello.txt', 'missing'])).map((e) => e.path)).toEqual(['docs/hello.txt']);
      const meta = await anonymous.fileMetadata('alice/model', 'weights/small.bin');
      expect(meta).toMatchObject({ size: 1000, commit: result.commitOid, etag: createHash('sha256').update(small).digest('hex') });
    });

    it('uploads a multipart LFS file, skips it as unchanged the second time', async () => {
      const big = randomBytes(150 * 1024);
      big[0] = 0;
      const session = new UploadSession();
      const result = await alice.uploadFiles('alice/model', [{ path: 'big.bin', content: big }], { session });
      const oid = createHash('sha256').update(big).digest('hex');
      expect(session.sentParts(oid)).toEqual([1, 2, 3, 4]);
      const { bytes } = await anonymous.readRange('alice/model', 'big.bin', 0, big.length - 1);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(oid);
      expect(result.success).toBe(true);

      const again = await alice.uploadFiles('alice/model', [{ path: 'big.bin', content: big }], { summary: 'No change' });
      expect(again).toMatchObject({ noop: true, commitOid: result.commitOid, skipped: [{ path: "big.bin", reason: "unchanged" }] });
    });

    it('follows Link headers across pages of repositories and of a tree', async () => {
      await alice.createRepo('alice/second');
      const pages: string[] = [];
      const first = await alice.listReposPage('model', { author: 'alice', limit: 1, sort: 'id', direction: 1 });
      expect(first.items.map((r) => r.id)).toEqual(['alice/model']);
      expect(first.next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/models\?/);
      for await (const repo of alice.listRepos('model', { author: 'alice', limit: 1, sort: 'id', direction: 1 })) pages.push(repo.id);
      expect(pages).toEqual(['alice/model', 'alice/second']);
      const tree = await collect(alice.listTree('alice/model', { limit: 1 }));
      const page = await alice.treePage('alice/model', { limit: 1 });
      expect(page.items).toHaveLength(1);
      expect(page.next).toBeDefined();
      expect(tree.map((e) => e.path)).toEqual((await collect(alice.listTree('alice/model'))).map((e) => e.path));
      expect(tree.length).toBeGreaterThan(2);
    });

    it('refuses an upload without write access and writes nothing', async () => {
      const before = (await anonymous.refs('alice/model')).branches[0]!.targetCommit;
      await expect(anonymous.uploadFiles('alice/model', [{ path: 'x.txt', content: 'x' }])).rejects.toBeInstanceOf(UnauthorizedError);
      expect((await anonymous.refs('alice/model')).branches[0]!.targetCommit).toBe(before);
    });
  });
}
