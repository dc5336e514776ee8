import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';
import { DATASET_WINDOW_MS } from '../src/services/downloads.js';

// Likes and download counts, counted as Hugging Face counts them, over real HTTP.

type Line = { key: string; value: unknown };
const ndjson = (lines: Line[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const file = (p: string, content = 'x') => ({ key: 'file', value: { path: p, content: Buffer.from(content).toString('base64'), encoding: 'base64' } });

describe.each(backends)('likes and download counts ($name)', (backend) => {
  let t: TestHub;
  let alice: string;
  let bob: string;
  let bobRead: string;

  async function ok<T>(res: Response | Promise<Response>): Promise<T> {
    const r = await res;
    if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }
  const info = (repo: string, token = alice, plural = 'models') => ok<{ likes: number; downloads: number; lastModified: string }>(t.api(`/api/${plural}/${repo}`, { token }));
  const like = (repo: string, token: string | undefined, method = 'POST') => t.api(`/api/models/${repo}/like`, { method, ...(token ? { token } : {}) });

  beforeAll(async () => {
    t = await startHub(backend);
    alice = await t.user('alice');
    bob = await t.user('bob');
    bobRead = await t.token('bob', 'read');
    for (const json of [{ name: 'liked' }, { name: 'other' }, { name: 'secret', private: true }, { name: 'data', type: 'dataset' }]) {
      await ok(t.api('/api/repos/create', { method: 'POST', token: alice, json }));
    }
    const commit = (repo: string, lines: Line[], plural = 'models') =>
      ok(t.api(`/api/${plural}/${repo}/commit/main`, { method: 'POST', token: alice, headers: { 'content-type': 'application/x-ndjson' }, body: ndjson(lines) }));
    await commit('alice/liked', [{ key: 'header', value: { summary: 'files' } }, file('config.json', '{}'), file('sub/config.json', '{}'), file('q4.gguf', 'gguf'), file('model.bin', 'b')]);
    await commit('alice/data', [{ key: 'header', value: { summary: 'files' } }, file('train.csv', 'a\n1\n'), file('test.csv', 'a\n2\n')], 'datasets');
  });
  afterAll(async () => t?.close());

  describe('likes', () => {
    it('likes and unlikes once per user; counts show in repo info and listings; lastModified stays', async () => {
      const before = await info('alice/liked');
      expect(await ok(like('alice/liked', bob))).toEqual({ liked: true, likes: 1 });
      expect(await ok(like('alice/liked', bob))).toEqual({ liked: true, likes: 1 });
      expect(await ok(like('alice/liked', alice))).toEqual({ liked: true, likes: 2 });
      const after = await info('alice/liked');
      expect([after.likes, after.lastModified]).toEqual([2, before.lastModified]);
      const sorted = await ok<Array<{ id: string; likes: number }>>(t.api('/api/models?author=alice&sort=likes&expand[]=likes'));
      expect(sorted.map((r) => [r.id, r.likes])).toEqual([['alice/liked', 2], ['alice/other', 0]]);
      expect(await ok(like('alice/liked', alice, 'DELETE'))).toEqual({ liked: false, likes: 1 });
      expect(await ok(like('alice/liked', alice, 'DELETE'))).toEqual({ liked: false, likes: 1 });
      expect((await info('alice/liked')).likes).toBe(1);
      expect(await ok(t.api('/api/models/alice/liked/likers'))).toEqual([{ type: 'user', user: 'bob', fullname: '', avatarUrl: null }]);
    });

    it('counts concurrent likes and unlikes exactly', async () => {
      const tokens = await Promise.all(['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map((n) => t.user(n)));
      await Promise.all(tokens.map((tok) => ok(like('alice/other', tok))));
      expect((await info('alice/other')).likes).toBe(6);
      await Promise.all(tokens.slice(0, 4).map((tok) => ok(like('alice/other', tok, 'DELETE'))));
      expect((await info('alice/other')).likes).toBe(2);
      await Promise.all(tokens.slice(4).map((tok) => ok(like('alice/other', tok, 'DELETE'))));
      expect((await info('alice/other')).likes).toBe(0);
    });

    it('refuses anonymous callers, read-only tokens and repositories the caller cannot see; nothing changes', async () => {
      await expectError(await like('alice/other', undefined), 401, 'Sign in to like repositories');
      await expectError(await like('alice/other', bobRead), 403, 'This token has the "read" scope, which does not allow liking; use a write token');
      await expectError(await like('alice/secret', bob), 404, 'Repository not found: alice/secret', 'RepoNotFound');
      await expectError(await like('alice/nothing', bob), 404, 'Repository not found: alice/nothing', 'RepoNotFound');
      expect([(await info('alice/other')).likes, (await info('alice/secret')).likes]).toEqual([0, 0]);
    });

    it("lists a user's liked repositories, newest first, leaving out those the caller cannot see", async () => {
      await ok(like('alice/secret', alice));
      await ok(like('alice/other', alice));
      const mine = await ok<Array<{ createdAt: string; repo: { name: string; type: string } }>>(t.api('/api/users/alice/likes', { token: alice }));
      expect(mine.map((l) => l.repo)).toEqual([{ name: 'alice/other', type: 'model' }, { name: 'alice/secret', type: 'model' }]);
      expect(mine[0]!.createdAt).toMatch(/Z$/);
      expect((await ok<Array<{ repo: { name: string } }>>(t.api('/api/users/alice/likes', { token: bob }))).map((l) => l.repo.name)).toEqual(['alice/other']);
      await expectError(await t.api('/api/users/nobody/likes'), 404, 'No user is named "nobody"');
      // A NUL byte in the name (which SQLite's inlined literals cannot carry) is just nobody, not a 500.
      await expectError(await t.api('/api/users/a%00b/likes'), 404, 'No user is named "a\u0000b"');
    });
  });

  describe('downloads', () => {
    const flush = () => t.hub.services.downloads.flush();
    const get = (p: string, method = 'GET') => t.api(p, { method, token: alice });

    it("counts a model's GET and HEAD of its query files (top-level config.json, .gguf), nothing else", async () => {
      const start = (await info('alice/liked')).downloads;
      for (const [p, method] of [['config.json', 'GET'], ['config.json', 'HEAD'], ['q4.gguf', 'GET']]) {
        expect((await get(`/alice/liked/resolve/main/${p}`, method)).status).toBe(200);
      }
      for (const p of ['/alice/liked/resolve/main/sub/config.json', '/alice/liked/resolve/main/model.bin', '/alice/liked/resolve/main/README.md', '/alice/liked/raw/main/config.json']) {
        expect((await get(p)).status).toBe(200);
      }
      expect((await get('/alice/liked/resolve/main/missing.json')).status).toBe(404);
      expect((await get('/alice/liked/resolve/nope/config.json')).status).toBe(404);
      await flush();
      expect((await info('alice/liked')).downloads).toBe(start + 3);
      // A private repository is not even found by those who may not read it.
      expect((await t.api('/alice/secret/resolve/main/README.md', { token: bob })).status).toBe(404);
    });

    it('counts all files one client fetches from a dataset within five minutes as one download', async () => {
      for (const p of ['train.csv', 'test.csv', 'README.md', 'train.csv']) expect((await get(`/datasets/alice/data/resolve/main/${p}`)).status).toBe(200);
      await flush();
      expect((await info('alice/data', alice, 'datasets')).downloads).toBe(1);
      // Another client address, or the same one after the window, is another download.
      const repo = (await t.hub.services.repos.find({ type: 'dataset', namespace: 'alice', name: 'data' }))!;
      t.hub.services.downloads.record(repo, 'train.csv', '203.0.113.9');
      t.hub.services.downloads.record(repo, 'train.csv', '203.0.113.9');
      t.hub.services.downloads.record(repo, 'train.csv', '203.0.113.9', Date.now() + DATASET_WINDOW_MS + 1);
      await flush();
      expect((await info('alice/data', alice, 'datasets')).downloads).toBe(3);
    });

    it('writes counts in the background shortly after the responses, and sorts listings by downloads', async () => {
      const start = (await info('alice/other')).downloads;
      await ok(t.api('/api/models/alice/other/commit/main', { method: 'POST', token: alice, headers: { 'content-type': 'application/x-ndjson' }, body: ndjson([{ key: 'header', value: { summary: 'cfg' } }, file('config.json', '{}')]) }));
      for (let i = 0; i < 5; i++) expect((await get('/alice/other/resolve/main/config.json', 'HEAD')).status).toBe(200);
      const deadline = Date.now() + 10_000;
      while ((await info('alice/other')).downloads !== start + 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect((await info('alice/other')).downloads).toBe(start + 5);
      const sorted = await ok<Array<{ id: string; downloads: number }>>(t.api('/api/models?author=alice&sort=downloads&expand[]=downloads', { token: alice }));
      expect(sorted.map((r) => r.id)).toEqual(['alice/other', 'alice/liked', 'alice/secret']);
    });
  });
});
