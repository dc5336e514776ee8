import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError, ConflictError, ForbiddenError, HubClient, HubError, NetworkError, NotFoundError, ServerError, Sha256, UnauthorizedError,
  collect, nextLink, repoId,
} from '../src/index.js';
import { fakeFetch, json } from './fake-fetch.js';

const E = 'http://hub.test';

describe('errors', () => {
  const cases: Array<[number, typeof HubError]> = [[400, BadRequestError], [401, UnauthorizedError], [403, ForbiddenError], [404, NotFoundError], [409, ConflictError], [503, ServerError], [418, HubError]];
  for (const [status, Class] of cases) {
    it(`maps ${status} to ${Class.name} with X-Error-Code and X-Error-Message`, async () => {
      const { fetch } = fakeFetch({ 'GET *': () => json({ error: 'body message' }, { status, headers: { 'x-error-code': 'RepoNotFound', 'x-error-message': 'header message' } }) });
      const err = await new HubClient({ endpoint: E, fetch }).whoami().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Class);
      expect(err).toBeInstanceOf(HubError);
      expect(err).toMatchObject({ status, code: 'RepoNotFound', message: 'header message', name: Class.name });
    });
  }

  it('falls back to the JSON error field, then the text body', async () => {
    const { fetch } = fakeFetch({
      'GET /api/whoami-v2': () => json({ error: 'Invalid credentials' }, { status: 401 }),
      'GET /api/models/a/b': () => new Response('plain failure', { status: 500 }),
    });
    const client = new HubClient({ endpoint: E, fetch });
    await expect(client.whoami()).rejects.toMatchObject({ name: 'UnauthorizedError', message: 'Invalid credentials', code: undefined });
    await expect(client.repoInfo('a/b')).rejects.toMatchObject({ name: 'ServerError', status: 500, message: 'plain failure' });
  });

  it('turns a failed connection into NetworkError and keeps aborts as AbortError', async () => {
    const down = new HubClient({ endpoint: E, fetch: async () => { throw new TypeError('fetch failed'); } });
    await expect(down.whoami()).rejects.toBeInstanceOf(NetworkError);
    const { fetch } = fakeFetch({ 'GET *': () => json({}) });
    const controller = new AbortController();
    controller.abort();
    await expect(new HubClient({ endpoint: E, fetch }).whoami({ signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('requests', () => {
  it('sends the token to the hub only, and encodes revisions and paths like huggingface_hub', async () => {
    const { fetch, calls } = fakeFetch({ 'GET *': () => json([]) });
    const client = new HubClient({ endpoint: `${E}/`, token: 'hf_secret', fetch });
    await collect(client.listTree({ type: 'dataset', name: 'ns/data' }, { revision: 'refs/pr/1', path: 'dir one/é.txt', expand: true }));
    await client.transport.send('http://storage.test/obj');
    expect(calls[0]!.url.pathname).toBe('/api/datasets/ns/data/tree/refs%2Fpr%2F1/dir%20one/%C3%A9.txt');
    expect(calls[0]!.url.searchParams.get('expand')).toBe('true');
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer hf_secret');
    expect(calls[1]!.headers.get('authorization')).toBeNull();
  });

  it('refuses "." and ".." path segments and revisions, which URL parsing would resolve into another route', async () => {
    const { fetch, calls } = fakeFetch({ 'GET *': () => json([]) });
    const client = new HubClient({ endpoint: E, token: 'hf_secret', fetch });
    const repo = { type: 'model' as const, name: 'ns/m' };
    await expect(async () => collect(client.listTree(repo, { path: '../../../api/whoami-v2' }))).rejects.toThrow('"." and ".." segments are not allowed');
    expect(() => client.resolveUrl(repo, 'a/./b')).toThrow(TypeError);
    expect(() => client.resolveUrl(repo, 'x', { revision: '..' })).toThrow('Invalid revision ".."');
    expect(calls).toHaveLength(0);
    expect(client.resolveUrl(repo, '..weights/.hidden')).toBe(`${E}/ns/m/resolve/main/..weights/.hidden`);
  });

  it('follows Link headers across pages', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /api/models/a/b/commits/main': (c) => c.url.searchParams.get('cursor')
        ? json([{ id: '3' }], { headers: { 'x-total-count': '3' } })
        : json([{ id: '1' }, { id: '2' }], { headers: { link: `<${E}/api/models/a/b/commits/main?cursor=abc>; rel="next"`, 'x-total-count': '3' } }),
    });
    const client = new HubClient({ endpoint: E, fetch });
    expect((await collect(client.listCommits('a/b'))).map((c) => c.id)).toEqual(['1', '2', '3']);
    expect(calls.map((c) => c.url.search)).toEqual(['', '?cursor=abc']);
    const page = await client.commitsPage('a/b');
    expect(page).toMatchObject({ total: 3, next: `${E}/api/models/a/b/commits/main?cursor=abc` });
  });

  it('parses Link headers with several relations', () => {
    expect(nextLink('<http://h/x?c=1>; rel="prev", <http://h/x?c=3>; rel="next"')).toBe('http://h/x?c=3');
    expect(nextLink('<http://h/x>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });

  it('reads byte ranges, also from servers that ignore Range', async () => {
    const bytes = new Uint8Array(100).map((_, i) => i);
    const { fetch, calls } = fakeFetch({
      'GET /a/b/resolve/main/model.safetensors': () => new Response(bytes.slice(8, 16), { status: 206, headers: { 'content-range': 'bytes 8-15/100' } }),
      'GET /a/b/resolve/main/plain.bin': () => new Response(bytes, { status: 200 }),
    });
    const client = new HubClient({ endpoint: E, fetch });
    expect(await client.readRange('a/b', 'model.safetensors', 8, 15)).toEqual({ bytes: bytes.slice(8, 16), total: 100 });
    expect(calls[0]!.headers.get('range')).toBe('bytes=8-15');
    expect(await client.readRange('a/b', 'plain.bin', 8, 15)).toEqual({ bytes: bytes.slice(8, 16), total: 100 });
    await expect(client.readRange('a/b', 'x', 5, 2)).rejects.toBeInstanceOf(RangeError);
  });

  it('asks the viewer for Arrow when told to, JSON otherwise', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /viewer/rows': (c) => c.headers.get('accept') === 'application/vnd.apache.arrow.stream' ? new Response(new Uint8Array([1, 2, 3])) : json({ rows: [], features: [], num_rows_total: 0, num_rows_per_page: 100, partial: false }),
    });
    const client = new HubClient({ endpoint: E, fetch });
    expect(await client.viewerRows({ dataset: 'a/d', config: 'default', split: 'train', offset: 10, length: 5 }, { format: 'arrow' })).toEqual(new Uint8Array([1, 2, 3]));
    expect((await client.viewerRows({ dataset: 'a/d', config: 'default', split: 'train' })).num_rows_total).toBe(0);
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({ dataset: 'a/d', config: 'default', split: 'train', offset: '10', length: '5' });
  });

  it('pages discussions while start + length < count', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /api/models/a/b/discussions': (c) => {
        const p = Number(c.url.searchParams.get('p'));
        return json({ discussions: p === 0 ? [{ num: 2 }, { num: 1 }] : [{ num: 0 }], count: 3, start: p * 2 });
      },
    });
    const all = await collect(new HubClient({ endpoint: E, fetch }).discussions('a/b', { status: 'open' }));
    expect(all.map((d) => d.num)).toEqual([2, 1, 0]);
    expect(calls.map((c) => c.url.search)).toEqual(['?p=0&status=open', '?p=1&status=open']);
  });

  it('creates users and reads repository settings on the hub routes', async () => {
    const settings = { private: false, visibility: 'public', gated: false, description: '', protectedBranches: ['main'] };
    const { fetch, calls } = fakeFetch({
      'POST /api/users': () => json({ type: 'user', id: '7', name: 'carol', email: 'carol@example.com', isAdmin: false }, { status: 201 }),
      'GET /api/datasets/a/d/settings': () => json(settings),
    });
    const client = new HubClient({ endpoint: E, fetch });
    expect(await client.createUser({ name: 'carol', email: 'carol@example.com', password: 'secret-pass', isAdmin: false })).toMatchObject({ name: 'carol', isAdmin: false });
    expect(JSON.parse(String(calls[0]!.body))).toEqual({ name: 'carol', email: 'carol@example.com', password: 'secret-pass', isAdmin: false });
    expect(await client.repoSettings({ type: 'dataset', name: 'a/d' })).toEqual(settings);
    expect([calls[1]!.method, calls[1]!.body]).toEqual(['GET', null]);
  });

  it('rejects a refused user creation with the hub message', async () => {
    const { fetch } = fakeFetch({ 'POST /api/users': () => json({ error: 'Only site admins can create users' }, { status: 403, headers: { 'x-error-message': 'Only site admins can create users' } }) });
    await expect(new HubClient({ endpoint: E, fetch }).createUser({ name: 'x', email: 'x@example.com' })).rejects.toMatchObject({ name: 'ForbiddenError', message: 'Only site admins can create users' });
  });

  it('rejects bad repository ids before any request', () => {
    expect(() => repoId('justone')).toThrow('Invalid repository id "justone": expected "namespace/name"');
    expect(repoId('datasets/a/b')).toEqual({ type: 'dataset', namespace: 'a', name: 'b', id: 'a/b' });
  });
});

describe('Sha256', () => {
  it('matches node:crypto over odd chunkings', () => {
    const data = new Uint8Array(10_007).map((_, i) => (i * 31) & 0xff);
    for (const sizes of [[10_007], [1, 63, 64, 65, 9_814], [55, 1, 9_951]]) {
      const h = new Sha256();
      let at = 0;
      for (const n of sizes) { h.update(data.subarray(at, at + n)); at += n; }
      expect(h.hex()).toBe(createHash('sha256').update(data).digest('hex'));
    }
    expect(new Sha256().hex()).toBe(createHash('sha256').digest('hex'));
  });
});
