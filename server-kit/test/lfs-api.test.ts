import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';
import { startS3, type TestS3 } from './helpers/s3.js';

const LFS = 'application/vnd.git-lfs+json';
const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitBlobSha = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
const pointerOf = (oid: string, size: number) => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;
const basic = (token: string) => `Basic ${Buffer.from(`hf_user:${token}`).toString('base64')}`;
const bearer = (token: string) => `Bearer ${token}`;
/** fetch bodies are typed as ArrayBuffer-backed views. */
const bin = (b: Buffer): Uint8Array<ArrayBuffer> => new Uint8Array(b);
const obj = (bytes: Buffer) => ({ oid: sha256(bytes), size: bytes.length });

interface Action {
  href: string;
  header?: Record<string, string>;
  expires_in: number;
}
interface BatchObject {
  oid: string;
  size: number;
  authenticated?: boolean;
  actions?: Record<string, Action>;
  error?: { code: number; message: string };
}
interface BatchReply {
  transfer: string;
  objects: BatchObject[];
  hash_algo: string;
}
interface Lock {
  id: string;
  path: string;
  locked_at: string;
  owner: { name: string };
}

type Store = 'fs' | 's3';
const matrix = backends.flatMap((backend) => (['fs', 's3'] as Store[]).map((store) => ({ backend, store, label: `${backend.name}, ${store} store` })));

/** A request body sent chunked (no Content-Length), so the hub has to count the bytes itself. */
function chunked(bytes: Buffer): { body: ReadableStream<Uint8Array>; duplex: 'half' } {
  return {
    body: new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(new Uint8Array(bytes.subarray(i, i + 4096)));
        controller.close();
      },
    }),
    duplex: 'half',
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out.sort();
}

/** An LFS error: exact status and message, in git-lfs's shape and media type. */
async function expectLfsError(res: Response, status: number, message: string): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  expect({ status: res.status, message: body.message }).toEqual({ status, message });
  expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.git-lfs\+json/);
  expect(body.request_id).toBe(res.headers.get('x-request-id'));
  return body;
}

describe.each(matrix)('Git LFS HTTP API ($label)', ({ backend, store }) => {
  let t: TestHub;
  let s3: TestS3 | undefined;
  const tok: Record<string, string> = {};
  const chunkSize = store === 's3' ? 5 * MiB : 1 * MiB;
  const threshold = store === 's3' ? 6 * MiB : 2 * MiB;

  beforeAll(async () => {
    if (store === 's3') s3 = await startS3();
    t = await startHub(backend, {
      ...(s3 ? { lfsStore: s3.storeUrl } : {}),
      limits: { lfsMultipartThreshold: threshold, lfsChunkSize: chunkSize },
    });
    tok.alice = await t.user('alice');
    tok.bob = await t.user('bob');
    tok.reader = await t.user('reader');
    tok.carol = await t.user('carol');
    tok.aliceRead = await t.token('alice', 'read');
    const { accounts } = t.hub.services;
    const org = await accounts.createOrg({ name: 'acme' }, await accounts.requireUser('alice'));
    await accounts.setMember(org, await accounts.requireUser('bob'), 'write');
    await accounts.setMember(org, await accounts.requireUser('reader'), 'read');
    const create = async (token: string, json: Record<string, unknown>) => {
      const res = await t.api('/api/repos/create', { method: 'POST', token, json });
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await create(tok.alice!, { name: 'weights', organization: 'acme' });
    await create(tok.alice!, { name: 'private', organization: 'acme', private: true });
    await create(tok.alice!, { name: 'locks', organization: 'acme' });
    await create(tok.alice!, { name: 'corpus', organization: 'acme', type: 'dataset' });
    await create(tok.carol!, { name: 'mine', private: true });
    await create(tok.reader!, { name: 'own', private: true });
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
  });

  const lfsUrl = (repo: string, route: string) => `${t.url}/${repo}.git/info/lfs/${route}`;
  function lfsPost(repo: string, route: string, body: unknown, auth?: string): Promise<Response> {
    const headers: Record<string, string> = { accept: LFS, 'content-type': LFS };
    if (auth) headers.authorization = auth;
    return fetch(lfsUrl(repo, route), { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  }
  function lfsGet(repo: string, route: string, auth?: string): Promise<Response> {
    return fetch(lfsUrl(repo, route), { headers: { accept: LFS, ...(auth ? { authorization: auth } : {}) } });
  }
  async function batch(repo: string, operation: 'upload' | 'download', objects: Array<{ oid: string; size: number }>, auth?: string, transfers = ['basic']): Promise<BatchReply> {
    const res = await lfsPost(repo, 'objects/batch', { operation, transfers, objects, hash_algo: 'sha256', ref: { name: 'refs/heads/main' } }, auth);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.git-lfs\+json/);
    return JSON.parse(text) as BatchReply;
  }
  /**
   * Asks for an upload and PUTs the bytes to the href without credentials, as Hugging Face clients
   * do; then, like git-lfs, calls the verify action (Hugging Face's JS client does not: `verify: false`).
   */
  async function upload(repo: string, token: string, bytes: Buffer, options: { verify?: boolean } = {}): Promise<void> {
    const reply = await batch(repo, 'upload', [obj(bytes)], bearer(token));
    const actions = reply.objects[0]!.actions;
    expect(actions?.upload, JSON.stringify(reply)).toBeDefined();
    const res = await fetch(actions!.upload!.href, { method: 'PUT', body: bin(bytes) });
    expect(res.status, await res.text()).toBe(200);
    if (options.verify ?? true) {
      const v = await fetch(actions!.verify!.href, { method: 'POST', headers: { 'content-type': LFS }, body: JSON.stringify(obj(bytes)) });
      expect(v.status, await v.text()).toBe(200);
    }
  }
  async function download(repo: string, token: string | undefined, bytes: Buffer): Promise<Buffer> {
    const reply = await batch(repo, 'download', [obj(bytes)], token ? bearer(token) : undefined);
    const href = reply.objects[0]!.actions?.download?.href;
    expect(href, JSON.stringify(reply)).toBeDefined();
    const res = await fetch(href!);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }
  async function rows(sql: string): Promise<Array<Record<string, unknown>>> {
    return t.hub.services.db.sequelize.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT });
  }
  /** Everything an upload leaves behind: object rows, repository links, stored blobs, staged bytes. */
  async function stored() {
    const objects = (await rows('SELECT oid, size FROM lfs_objects')).map((r) => `${String(r.oid)}:${Number(r.size)}`).sort();
    const links = (await rows('SELECT repo_id, oid FROM repo_lfs_objects')).map((r) => `${Number(r.repo_id)}:${String(r.oid)}`).sort();
    if (store === 'fs') {
      const tmp = (await fs.readdir(path.join(t.dataDir, 'tmp')).catch(() => [] as string[])).filter((n) => n.startsWith('lfs-') || n.startsWith('upload-'));
      return { objects, links, blobs: (await listFiles(path.join(t.dataDir, 'lfs'))).map((f) => path.relative(t.dataDir, f)), staging: tmp.sort() };
    }
    const keys = await s3!.keys();
    return { objects, links, blobs: keys.filter((k) => k.startsWith('lfs/')), staging: keys.filter((k) => k.startsWith('staging/')) };
  }
  async function repoIdOf(id: string): Promise<number> {
    const [namespace, name] = id.split('/') as [string, string];
    return (await t.hub.services.repos.find({ type: 'model', namespace, name }))!.id;
  }
  const blobLocation = (oid: string) => `lfs/${oid.slice(0, 2)}/${oid.slice(2, 4)}/${oid}`;
  async function headOf(repo: string, token = tok.alice!): Promise<string> {
    const res = await t.api(`/api/models/${repo}/revision/main`, { token });
    expect(res.status).toBe(200);
    return ((await res.json()) as { sha: string }).sha;
  }
  function commit(repo: string, token: string, lines: unknown[]): Promise<Response> {
    return t.api(`/api/models/${repo}/commit/main`, {
      method: 'POST', token, headers: { 'content-type': 'application/x-ndjson' }, body: lines.map((l) => JSON.stringify(l)).join('\n'),
    });
  }
  const lfsLine = (p: string, bytes: Buffer, size = bytes.length) => ({ key: 'lfsFile', value: { path: p, algo: 'sha256', oid: sha256(bytes), size } });

  describe('batch', () => {
    it('hands out upload and verify actions, takes the bytes without credentials, then serves them with ranges', async () => {
      const bytes = randomBytes(100_007);
      const { oid, size } = obj(bytes);
      const before = await stored();
      const reply = await batch('acme/weights', 'upload', [{ oid, size }], basic(tok.alice!), ['basic', 'multipart', 'xet']);
      expect(reply.transfer).toBe('basic');
      expect(reply.hash_algo).toBe('sha256');
      expect(reply.objects).toHaveLength(1);
      const answer = reply.objects[0]!;
      expect(answer).toMatchObject({ oid, size, authenticated: true });
      expect(Object.keys(answer.actions!).sort()).toEqual(['upload', 'verify']);
      const { upload: put, verify } = answer.actions!;
      expect(put!.expires_in).toBe(3600);
      expect(put!.header).toBeUndefined();
      expect(verify!.href.startsWith(`${t.url}/lfs/verify?t=`)).toBe(true);
      if (store === 'fs') {
        expect(put!.href.startsWith(`${t.url}/lfs/objects/${oid}?t=`)).toBe(true);
      } else {
        // Straight to the bucket, presigned, on a staging key: never the object's own address.
        expect(put!.href.startsWith(`${s3!.endpoint}/${s3!.bucket}/staging/`)).toBe(true);
        expect(new URL(put!.href).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      }
      // Nothing counts as stored before the bytes arrive.
      expect(await stored()).toEqual(before);

      const res = await fetch(put!.href, { method: 'PUT', body: bin(bytes) });
      expect(res.status, await res.text()).toBe(200);

      const down = await batch('acme/weights', 'download', [{ oid, size }], bearer(tok.reader!));
      expect(down.transfer).toBe('basic');
      const got = down.objects[0]!;
      expect(got).toMatchObject({ oid, size, authenticated: true });
      expect(Object.keys(got.actions!)).toEqual(['download']);
      const href = got.actions!.download!.href;
      if (store === 'fs') expect(href.startsWith(`${t.url}/lfs/objects/${oid}?t=`)).toBe(true);
      else expect(href.startsWith(`${s3!.endpoint}/${s3!.bucket}/${blobLocation(oid)}?`)).toBe(true);

      const full = await fetch(href);
      expect(full.status).toBe(200);
      expect(Buffer.from(await full.arrayBuffer()).equals(bytes)).toBe(true);
      const part = await fetch(href, { headers: { range: 'bytes=10-19' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 10-19/${size}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);
      const tail = await fetch(href, { headers: { range: `bytes=${size - 5}-` } });
      expect(tail.status).toBe(206);
      expect(tail.headers.get('content-range')).toBe(`bytes ${size - 5}-${size - 1}/${size}`);
      expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(size - 5))).toBe(true);

      // Stored once, at its content address, and linked to the repository.
      const after = await stored();
      expect(after.objects).toEqual([...before.objects, `${oid}:${size}`].sort());
      expect(after.blobs).toContain(blobLocation(oid));
      expect(after.staging).toEqual([]);
      if (store === 'fs') expect((await fs.readFile(path.join(t.dataDir, blobLocation(oid)))).equals(bytes)).toBe(true);

      // Already here: no actions, the client skips it.
      const again = await batch('acme/weights', 'upload', [{ oid, size }], bearer(tok.bob!), ['basic', 'multipart', 'xet']);
      expect(again).toEqual({ transfer: 'basic', objects: [{ oid, size }], hash_algo: 'sha256' });
    });

    it('answers an upload of a stored object with a different size with a per-object 422', async () => {
      const bytes = randomBytes(3000);
      await upload('acme/weights', tok.alice!, bytes);
      const { oid, size } = obj(bytes);
      const reply = await batch('acme/weights', 'upload', [{ oid, size: size + 1 }], bearer(tok.alice!));
      expect(reply.objects).toEqual([{ oid, size: size + 1, error: { code: 422, message: `Object ${oid} is stored with size ${size}, not ${size + 1}` } }]);
    });

    it('serves the batch API of datasets at /datasets/{id}.git, and the empty object', async () => {
      const bytes = randomBytes(5000);
      await upload('datasets/acme/corpus', tok.bob!, bytes);
      expect((await download('datasets/acme/corpus', undefined, bytes)).equals(bytes)).toBe(true);
      // The model namespace does not share the dataset's link.
      const model = await batch('acme/weights', 'download', [obj(bytes)], bearer(tok.alice!));
      expect(model.objects).toEqual([{ ...obj(bytes), error: { code: 404, message: 'Object does not exist' } }]);

      const empty = Buffer.alloc(0);
      expect(obj(empty).oid).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      await upload('datasets/acme/corpus', tok.bob!, empty);
      const reply = await batch('datasets/acme/corpus', 'download', [obj(empty)], bearer(tok.bob!));
      const res = await fetch(reply.objects[0]!.actions!.download!.href);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(0);
    });

    it('answers a download of an object never uploaded with a per-object 404, next to one that exists', async () => {
      const known = randomBytes(2000);
      await upload('acme/weights', tok.alice!, known);
      const unknown = obj(randomBytes(64));
      const reply = await batch('acme/weights', 'download', [unknown, obj(known)], bearer(tok.alice!));
      expect(reply.objects[0]).toEqual({ ...unknown, error: { code: 404, message: 'Object does not exist' } });
      expect(reply.objects[1]!.actions!.download!.href).toBeTruthy();
    });

    it('answers invalid object ids and sizes with per-object 422 errors and stages nothing', async () => {
      const valid = 'a'.repeat(64);
      const uploadsBefore = await rows('SELECT id FROM lfs_uploads');
      const before = await stored();
      const objects = [
        { oid: 'A'.repeat(64), size: 1 },
        { oid: 'a'.repeat(63), size: 1 },
        { oid: '../x', size: 1 },
        { oid: `${'a'.repeat(61)}/..`, size: 1 },
        { oid: `${'a'.repeat(64)}0`, size: 1 },
        { oid: valid, size: -1 },
        { oid: valid, size: 1.5 },
        { oid: valid, size: 2 ** 53 },
      ];
      for (const operation of ['upload', 'download'] as const) {
        const reply = await batch('acme/weights', operation, objects, bearer(tok.alice!), ['basic', 'multipart', 'xet']);
        expect(reply.transfer).toBe('basic');
        const badId = 'Invalid object id: expected 64 lower-case hex digits (sha256)';
        expect(reply.objects).toEqual([
          ...objects.slice(0, 5).map((o) => ({ ...o, error: { code: 422, message: badId } })),
          ...objects.slice(5).map((o) => ({ ...o, error: { code: 422, message: 'Invalid object size' } })),
        ]);
      }
      expect(await rows('SELECT id FROM lfs_uploads')).toEqual(uploadsBefore);
      expect(await stored()).toEqual(before);
    });

    it('refuses malformed batch requests with a 422 (409 for another hash algorithm)', async () => {
      const auth = bearer(tok.alice!);
      const o = { oid: 'b'.repeat(64), size: 1 };
      await expectLfsError(await lfsPost('acme/weights', 'objects/batch', '{"operation":', auth), 422, 'Malformed JSON body');
      await expectLfsError(await lfsPost('acme/weights', 'objects/batch', { operation: 'delete', objects: [o] }, auth), 422,
        'Invalid request: operation: Invalid option: expected one of "upload"|"download"');
      await expectLfsError(await lfsPost('acme/weights', 'objects/batch', { operation: 'upload', objects: [] }, auth), 422,
        'Invalid request: objects: Too small: expected array to have >=1 items');
      await expectLfsError(await lfsPost('acme/weights', 'objects/batch', { operation: 'upload', objects: [{ oid: o.oid, size: '1' }] }, auth), 422,
        'Invalid request: objects.0.size: Invalid input: expected number, received string');
      await expectLfsError(await lfsPost('acme/weights', 'objects/batch', { operation: 'upload', objects: [o], hash_algo: 'sha512' }, auth), 409,
        'Unsupported hash algorithm sha512: only sha256');
      // Hugging Face's JS client spells it sha_256.
      const js = await lfsPost('acme/weights', 'objects/batch', { operation: 'download', objects: [o], hash_algo: 'sha_256' }, auth);
      expect(js.status).toBe(200);
      await expectLfsError(await lfsGet('acme/weights', 'objects/batch', auth), 404, 'Not found');
    });

    it('asks anonymous callers and bad credentials to authenticate, with an LFS-Authenticate challenge', async () => {
      const o = { oid: 'c'.repeat(64), size: 10 };
      const cases: Array<[string, 'upload' | 'download', string | undefined, string]> = [
        ['acme/weights', 'upload', undefined, 'Authentication required'],
        ['acme/private', 'download', undefined, 'Authentication required'],
        ['acme/private', 'upload', undefined, 'Authentication required'],
        ['acme/weights', 'download', bearer('hf_not_a_real_token'), 'Invalid credentials in Authorization header'],
        ['acme/weights', 'upload', basic('hf_not_a_real_token'), 'Invalid credentials in Authorization header'],
      ];
      for (const [repo, operation, auth, message] of cases) {
        const res = await lfsPost(repo, 'objects/batch', { operation, objects: [o] }, auth);
        await expectLfsError(res, 401, message);
        expect(res.headers.get('lfs-authenticate')).toBe('Basic realm="CSGHub"');
      }
      // A public repository's objects are readable anonymously.
      const bytes = randomBytes(1234);
      await upload('acme/weights', tok.alice!, bytes);
      expect((await download('acme/weights', undefined, bytes)).equals(bytes)).toBe(true);
    });

    it('refuses uploads to readers (403) and hides private repositories from outsiders (404), staging nothing', async () => {
      const o = obj(randomBytes(100));
      const uploadsBefore = await rows('SELECT id FROM lfs_uploads');
      const before = await stored();
      await expectLfsError(await lfsPost('acme/weights', 'objects/batch', { operation: 'upload', objects: [o] }, basic(tok.reader!)), 403,
        'You do not have write access to this repository');
      await expectLfsError(await lfsPost('acme/weights', 'objects/batch', { operation: 'upload', objects: [o] }, bearer(tok.aliceRead!)), 403,
        'You do not have write access to this repository');
      await expectLfsError(await lfsPost('acme/weights', 'objects/batch', { operation: 'upload', objects: [o] }, bearer(tok.carol!)), 403,
        'You do not have write access to this repository');
      for (const operation of ['upload', 'download']) {
        await expectLfsError(await lfsPost('acme/private', 'objects/batch', { operation, objects: [o] }, bearer(tok.carol!)), 404, 'Repository not found');
        await expectLfsError(await lfsPost('acme/nothing-here', 'objects/batch', { operation, objects: [o] }, bearer(tok.alice!)), 404, 'Repository not found');
      }
      // The reader may download from the private repository of the organisation.
      expect((await batch('acme/private', 'download', [o], bearer(tok.reader!))).objects[0]!.error!.code).toBe(404);
      expect(await rows('SELECT id FROM lfs_uploads')).toEqual(uploadsBefore);
      expect(await stored()).toEqual(before);
    });
  });

  describe('integrity', () => {
    it('refuses bytes with the right length and the wrong hash: 422, nothing stored', async () => {
      const bytes = randomBytes(20_000);
      const wrong = randomBytes(20_000);
      const { oid, size } = obj(bytes);
      const before = await stored();
      const reply = await batch('acme/weights', 'upload', [{ oid, size }], bearer(tok.alice!));
      const { upload: put, verify } = reply.objects[0]!.actions!;
      const res = await fetch(put!.href, { method: 'PUT', body: bin(wrong) });
      if (store === 'fs') {
        await expectError(res, 422, `Object ${oid}: the content's sha256 is ${sha256(wrong)}`);
      } else {
        // S3 takes whatever is PUT to a presigned URL; the hub must then refuse to count it.
        expect(res.status).toBe(200);
        const v = await fetch(verify!.href, { method: 'POST', headers: { 'content-type': LFS }, body: JSON.stringify({ oid, size }) });
        await expectError(v, 404, `Object ${oid} was not uploaded`);
      }
      const down = await batch('acme/weights', 'download', [{ oid, size }], bearer(tok.alice!));
      expect(down.objects).toEqual([{ oid, size, error: { code: 404, message: 'Object does not exist' } }]);
      expect(await stored()).toEqual(before);
      // A commit cannot reference it either.
      await expectError(await commit('acme/weights', tok.alice!, [{ key: 'header', value: { summary: 'x' } }, lfsLine('bad.bin', bytes)]), 422,
        `The LFS object ${oid} of bad.bin was not uploaded to this repository`);
      // A new batch asks for the bytes again.
      const retry = await batch('acme/weights', 'upload', [{ oid, size }], bearer(tok.alice!));
      expect(retry.objects[0]!.actions!.upload).toBeDefined();
    });

    it('refuses bytes of the wrong length: 422, nothing stored', async () => {
      const bytes = randomBytes(30_000);
      const { oid, size } = obj(bytes);
      const before = await stored();
      if (store === 'fs') {
        const href = (await batch('acme/weights', 'upload', [{ oid, size }], bearer(tok.alice!))).objects[0]!.actions!.upload!.href;
        await expectError(await fetch(href, { method: 'PUT', body: bin(bytes.subarray(0, size - 1)) }), 422, `Content-Length ${size - 1} does not match the object size ${size}`);
        // Bodies that are too long are refused before the hub reads them all, so under load the
        // client may see the connection reset instead of the 422; nothing may be stored either way.
        const long = await fetch(href, { method: 'PUT', body: bin(Buffer.concat([bytes, Buffer.from('x')])) }).catch(() => null);
        if (long) await expectError(long, 422, `Content-Length ${size + 1} does not match the object size ${size}`);
        // Without a Content-Length the hub counts while it streams.
        await expectError(await fetch(href, { method: 'PUT', ...chunked(bytes.subarray(0, size - 100)) }), 422,
          `Object ${oid}: received ${size - 100} bytes, expected ${size}`);
        const over = await fetch(href, { method: 'PUT', ...chunked(Buffer.concat([bytes, randomBytes(10_000)])) }).catch(() => null);
        if (over) await expectError(over, 422, `More than the announced ${size} bytes for object ${oid}`);
      } else {
        for (const body of [bytes.subarray(0, size - 1), Buffer.concat([bytes, Buffer.from('x')])]) {
          const { upload: put, verify } = (await batch('acme/weights', 'upload', [{ oid, size }], bearer(tok.alice!))).objects[0]!.actions!;
          expect((await fetch(put!.href, { method: 'PUT', body: bin(body) })).status).toBe(200);
          const v = await fetch(verify!.href, { method: 'POST', headers: { 'content-type': LFS }, body: JSON.stringify({ oid, size }) });
          await expectError(v, 404, `Object ${oid} was not uploaded`);
        }
      }
      const down = await batch('acme/weights', 'download', [{ oid, size }], bearer(tok.alice!));
      expect(down.objects[0]!.error).toEqual({ code: 404, message: 'Object does not exist' });
      expect(await stored()).toEqual(before);
    });

    it('refuses tampered, expired, misdirected and wrong-purpose signed URLs with 401', async () => {
      const bytes = randomBytes(4096);
      const other = randomBytes(4096);
      const { oid, size } = obj(bytes);
      const before = await stored();
      const reply = await batch('acme/weights', 'upload', [{ oid, size }, obj(other)], bearer(tok.alice!));
      const verifyHref = reply.objects[0]!.actions!.verify!.href;
      const { signer } = t.hub.services.lfs;
      const repoId = await repoIdOf('acme/weights');
      // The upload URL the file store hands out; on S3 the hub's own route is minted the same way.
      const uploadHref = store === 'fs'
        ? reply.objects[0]!.actions!.upload!.href
        : `${t.url}/lfs/objects/${oid}?t=${signer.sign({ op: 'upload', oid, size, repoId, userId: null }, 60)}`;
      const token = new URL(uploadHref).searchParams.get('t')!;
      const [body, mac] = token.split('.') as [string, string];
      const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, size: 1 })).toString('base64url');
      const message = 'This link is invalid or has expired; ask the batch API for a new one';
      const put = (href: string, payload: Buffer = bytes) => fetch(href, { method: 'PUT', body: bin(payload) });
      const bad = [
        `${t.url}/lfs/objects/${oid}?t=${body}.${flip(mac)}`,
        `${t.url}/lfs/objects/${oid}?t=${forged}.${mac}`,
        `${t.url}/lfs/objects/${oid}?t=${body}`,
        `${t.url}/lfs/objects/${oid}`,
        // The signature is for another object.
        `${t.url}/lfs/objects/${obj(other).oid}?t=${token}`,
        // A verify or download token is not an upload token.
        `${t.url}/lfs/objects/${oid}?t=${new URL(verifyHref).searchParams.get('t')!}`,
        `${t.url}/lfs/objects/${oid}?t=${signer.sign({ op: 'download', oid, size, repoId, userId: null }, 60)}`,
        // Expired.
        `${t.url}/lfs/objects/${oid}?t=${signer.sign({ op: 'upload', oid, size, repoId, userId: null }, -10)}`,
      ];
      for (const href of bad) await expectError(await put(href, href.includes(obj(other).oid) ? other : bytes), 401, message);
      await expectError(await put(`${t.url}/lfs/objects/${oid.toUpperCase()}?t=${token}`), 422, 'Invalid object id');
      // Verify and download URLs are checked the same way.
      const v = new URL(verifyHref);
      v.searchParams.set('t', flip(v.searchParams.get('t')!));
      await expectError(await fetch(v, { method: 'POST', body: JSON.stringify({ oid, size }) }), 401, message);
      await expectError(await fetch(`${t.url}/lfs/objects/${oid}?t=${token}`), 401, message);
      expect(await stored()).toEqual(before);

      if (store === 'fs') {
        // The genuine URL still works.
        expect((await put(uploadHref)).status).toBe(200);
        expect((await download('acme/weights', tok.alice!, bytes)).equals(bytes)).toBe(true);
      }
    });

    it.runIf(store === 's3')("verifies bytes sent through the hub's own upload route into S3 (BlobStore.putVerified)", async () => {
      const bytes = randomBytes(5000);
      const { oid, size } = obj(bytes);
      const repoId = await repoIdOf('acme/weights');
      const href = `${t.url}/lfs/objects/${oid}?t=${t.hub.services.lfs.signer.sign({ op: 'upload', oid, size, repoId, userId: null }, 60)}`;
      const before = await stored();
      await expectError(await fetch(href, { method: 'PUT', body: bin(randomBytes(size)) }), 422, `Object ${oid}: the uploaded content does not match its sha256 and size`);
      expect(await stored()).toEqual(before);
      const res = await fetch(href, { method: 'PUT', body: bin(bytes) });
      expect(res.status, await res.text()).toBe(200);
      expect((await download('acme/weights', tok.alice!, bytes)).equals(bytes)).toBe(true);
    });

    it.runIf(store === 's3')('presigns upload and part URLs that accept any content (no checksum of an empty body)', async () => {
      const checksumParams = (href: string) => [...new URL(href).searchParams.keys()].filter((k) => /checksum/i.test(k));
      const small = (await batch('acme/weights', 'upload', [obj(randomBytes(10))], bearer(tok.alice!))).objects[0]!.actions!.upload!.href;
      const large = (await batch('acme/weights', 'upload', [obj(randomBytes(threshold + 1))], bearer(tok.alice!), ['basic', 'multipart'])).objects[0]!.actions!.upload!;
      const parts = Object.entries(large.header!).filter(([k]) => k !== 'chunk_size').map(([, v]) => v);
      expect({ small: checksumParams(small), parts: parts.map(checksumParams) }).toEqual({ small: [], parts: parts.map(() => []) });
    });
  });

  describe('verify action', () => {
    it('answers 404 before the upload, 422 for another object, 200 after', async () => {
      const bytes = randomBytes(7777);
      const { oid, size } = obj(bytes);
      const { upload: put, verify } = (await batch('acme/weights', 'upload', [{ oid, size }], bearer(tok.alice!))).objects[0]!.actions!;
      const post = (body: string, auth?: string) =>
        fetch(verify!.href, { method: 'POST', headers: { accept: LFS, 'content-type': LFS, ...(auth ? { authorization: auth } : {}) }, body });
      await expectError(await post(JSON.stringify({ oid, size }), bearer(tok.alice!)), 404, `Object ${oid} was not uploaded`);
      expect((await fetch(put!.href, { method: 'PUT', body: bin(bytes) })).status).toBe(200);
      await expectError(await post(JSON.stringify({ oid, size: size + 1 })), 422, 'The object does not match this verify URL');
      await expectError(await post(JSON.stringify({ oid: 'd'.repeat(64), size })), 422, 'The object does not match this verify URL');
      await expectError(await post('{"oid":'), 422, 'Malformed JSON body');
      // Hugging Face's Python client sends its token; git-lfs applies the action's headers (none).
      for (const auth of [bearer(tok.alice!), undefined]) {
        const res = await post(JSON.stringify({ oid, size }), auth);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.git-lfs\+json/);
        expect(await res.json()).toEqual({});
      }
    });
  });

  describe('proof of possession', () => {
    it('never links a private object to a caller who cannot read it, only to one who can', async () => {
      const secret = randomBytes(50_000);
      const { oid, size } = obj(secret);
      await upload('acme/private', tok.alice!, secret);

      // carol knows the oid but cannot read acme/private: she must send the bytes.
      const claim = await batch('carol/mine', 'upload', [{ oid, size }], bearer(tok.carol!), ['basic', 'multipart']);
      expect(claim.objects[0]!.actions?.upload?.href).toBeTruthy();
      const fetchAttempt = await batch('carol/mine', 'download', [{ oid, size }], bearer(tok.carol!));
      expect(fetchAttempt.objects).toEqual([{ oid, size, error: { code: 404, message: 'Object does not exist' } }]);
      await expectLfsError(await lfsPost('acme/private', 'objects/batch', { operation: 'download', objects: [{ oid, size }] }, bearer(tok.carol!)), 404,
        'Repository not found');
      const head = await headOf('carol/mine', tok.carol!);
      await expectError(await commit('carol/mine', tok.carol!, [{ key: 'header', value: { summary: 'steal' } }, lfsLine('secret.bin', secret)]), 422,
        `The LFS object ${oid} of secret.bin was not uploaded to this repository`);
      expect(await headOf('carol/mine', tok.carol!)).toBe(head);
      const carolRepo = await repoIdOf('carol/mine');
      expect(await rows(`SELECT oid FROM repo_lfs_objects WHERE repo_id = ${carolRepo}`)).toEqual([]);

      // The organisation's reader can read acme/private: the object is linked to their repository without an upload.
      const linked = await batch('reader/own', 'upload', [{ oid, size }], bearer(tok.reader!));
      expect(linked.objects).toEqual([{ oid, size }]);
      expect((await download('reader/own', tok.reader!, secret)).equals(secret)).toBe(true);

      // Once carol sends the bytes she has proven possession.
      expect((await fetch(claim.objects[0]!.actions!.upload!.href, { method: 'PUT', body: bin(secret) })).status).toBe(200);
      expect((await download('carol/mine', tok.carol!, secret)).equals(secret)).toBe(true);
    });
  });

  describe('multipart', () => {
    const size = store === 's3' ? 11 * MiB + 3 : Math.floor(3.5 * MiB) + 3;
    const partCount = Math.ceil(size / chunkSize);
    const sliceOf = (bytes: Buffer, n: number) => bytes.subarray((n - 1) * chunkSize, n * chunkSize);

    async function start(bytes: Buffer): Promise<{ href: string; parts: string[]; header: Record<string, string> }> {
      const reply = await batch('acme/weights', 'upload', [obj(bytes)], bearer(tok.alice!), ['basic', 'multipart']);
      expect(reply.transfer).toBe('multipart');
      const action = reply.objects[0]!.actions!.upload!;
      const header = action.header!;
      return { href: action.href, header, parts: Object.keys(header).filter((k) => k !== 'chunk_size').map((k) => header[k]!) };
    }
    async function putPart(url: string, body: Buffer): Promise<string> {
      const res = await fetch(url, { method: 'PUT', body: bin(body) });
      expect(res.status, await res.text()).toBe(200);
      const etag = res.headers.get('etag');
      expect(etag).toBeTruthy();
      return etag!;
    }
    const complete = (href: string, body: unknown) =>
      fetch(href, { method: 'POST', headers: { accept: LFS, 'content-type': LFS }, body: JSON.stringify(body) });

    it('splits a large object into ordered parts, joins them and serves the exact bytes', async () => {
      const bytes = randomBytes(size);
      const { oid } = obj(bytes);
      const before = await stored();
      const reply = await batch('acme/weights', 'upload', [{ oid, size }], bearer(tok.alice!), ['basic', 'multipart', 'xet']);
      expect(reply.transfer).toBe('multipart');
      const action = reply.objects[0]!.actions!.upload!;
      expect(reply.objects[0]!.actions!.verify!.href.startsWith(`${t.url}/lfs/verify?t=`)).toBe(true);
      const header = action.header!;
      const keys = Array.from({ length: partCount }, (_, i) => String(i + 1).padStart(5, '0'));
      expect(Object.keys(header)).toEqual(['chunk_size', ...keys]);
      expect(header.chunk_size).toBe(String(chunkSize));
      expect(partCount).toBe(store === 's3' ? 3 : 4);
      expect(action.href).toMatch(new RegExp(`^${t.url}/lfs/uploads/[0-9a-f-]{36}\\?t=`));
      for (const [i, key] of keys.entries()) {
        if (store === 'fs') expect(header[key]!.startsWith(`${action.href.split('?')[0]}/${i + 1}?t=`)).toBe(true);
        else expect(new URL(header[key]!).searchParams.get('partNumber')).toBe(String(i + 1));
      }
      // Offered basic only, the client gets a single PUT whatever the size.
      const basicOnly = await batch('acme/weights', 'upload', [{ oid, size }], bearer(tok.alice!), ['basic']);
      expect(basicOnly.transfer).toBe('basic');
      expect(basicOnly.objects[0]!.actions!.upload!.header).toBeUndefined();

      const etags: string[] = [];
      for (const [i, key] of keys.entries()) etags.push(await putPart(header[key]!, sliceOf(bytes, i + 1)));
      // Parts are held aside until completion; nothing counts as stored yet.
      expect({ ...(await stored()), staging: [] }).toEqual({ ...before, staging: [] });
      const res = await complete(action.href, { oid, parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })) });
      expect(res.status, await res.clone().text()).toBe(200);
      expect((await download('acme/weights', tok.reader!, bytes)).equals(bytes)).toBe(true);
      const after = await stored();
      expect(after.objects).toContain(`${oid}:${size}`);
      expect(after.staging).toEqual(before.staging);
      // The completion URL is spent.
      await expectError(await complete(action.href, { oid, parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })) }), 404,
        'Upload not found or already completed');
      const verify = reply.objects[0]!.actions!.verify!.href;
      expect((await fetch(verify, { method: 'POST', body: JSON.stringify({ oid, size }) })).status).toBe(200);
    });

    it('refuses to complete with a part missing, and stores nothing', async () => {
      const bytes = randomBytes(size);
      const { oid } = obj(bytes);
      const before = await stored();
      const { href, parts } = await start(bytes);
      const etags: string[] = [];
      for (let n = 1; n < partCount; n++) etags.push(await putPart(parts[n - 1]!, sliceOf(bytes, n)));
      const listed = etags.map((etag, i) => ({ partNumber: i + 1, etag }));
      await expectError(await complete(href, { oid, parts: listed }), 422, `Expected parts 1 to ${partCount}`);
      await expectError(await complete(href, { oid, parts: [...listed, { partNumber: partCount + 1, etag: '"x"' }] }), 422, `Expected parts 1 to ${partCount}`);
      await expectError(await complete(href, { oid, parts: [...listed, { partNumber: 1, etag: listed[0]!.etag }] }), 422, `Expected parts 1 to ${partCount}`);
      await expectError(await complete(href, { oid: 'e'.repeat(64), parts: listed }), 422, 'Expected {"oid", "parts": [{"partNumber", "etag"}]} for this upload');
      await expectError(await complete(href, { oid, parts: [] }), 422, 'Expected {"oid", "parts": [{"partNumber", "etag"}]} for this upload');
      if (store === 'fs') {
        // Listed but never sent.
        await expectError(await complete(href, { oid, parts: [...listed, { partNumber: partCount, etag: '"never-sent"' }] }), 422, `Part ${partCount} was not uploaded`);
      }
      const down = await batch('acme/weights', 'download', [{ oid, size }], bearer(tok.alice!));
      expect(down.objects[0]!.error).toEqual({ code: 404, message: 'Object does not exist' });
      const after = await stored();
      expect({ ...after, staging: [] }).toEqual({ ...before, staging: [] });
      // S3 keeps the parts of an unfinished multipart upload out of sight (no object under staging/).
      if (store === 's3') expect(after.staging).toEqual(before.staging);
    });

    it('refuses to complete when a part holds the wrong bytes, and stores nothing', async () => {
      const bytes = randomBytes(size);
      const { oid } = obj(bytes);
      const before = await stored();
      const { href, parts } = await start(bytes);
      const etags: string[] = [];
      const sent: Buffer[] = [];
      for (let n = 1; n <= partCount; n++) {
        const slice = n === 2 ? randomBytes(sliceOf(bytes, n).length) : sliceOf(bytes, n);
        sent.push(slice);
        etags.push(await putPart(parts[n - 1]!, slice));
      }
      const res = await complete(href, { oid, parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })) });
      await expectError(res, 422, store === 'fs'
        ? `Object ${oid}: the content's sha256 is ${sha256(Buffer.concat(sent))}`
        : `Object ${oid}: the uploaded content does not match its sha256 and size`);
      // Nothing stored, and the parts (fs: DATA/tmp/upload-{id}; S3: the staging key) are gone.
      expect(await stored()).toEqual(before);
      const uploadId = /\/lfs\/uploads\/([0-9a-f-]{36})\?/.exec(href)![1]!;
      if (store === 'fs') expect(await fs.stat(path.join(t.dataDir, 'tmp', `upload-${uploadId}`)).then(() => true, () => false)).toBe(false);
      else expect(await s3!.keys()).not.toContain(`staging/${uploadId}`);
      const down = await batch('acme/weights', 'download', [{ oid, size }], bearer(tok.alice!));
      expect(down.objects[0]!.error).toEqual({ code: 404, message: 'Object does not exist' });
      // The failed upload is gone: its completion URL cannot be replayed.
      await expectError(await complete(href, { oid, parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })) }), 404, 'Upload not found or already completed');
    });

    it.runIf(store === 'fs')('checks each part through the hub: its length and the part its URL is for', async () => {
      const bytes = randomBytes(size);
      const { parts } = await start(bytes);
      const first = sliceOf(bytes, 1);
      await expectError(await fetch(parts[0]!, { method: 'PUT', body: bin(first.subarray(1)) }), 422, `Part 1: received ${first.length - 1} bytes, expected ${first.length}`);
      const wrongPart = parts[0]!.replace(/\/1\?t=/, '/2?t=');
      await expectError(await fetch(wrongPart, { method: 'PUT', body: bin(sliceOf(bytes, 2)) }), 401, 'This link is for another part');
      const tampered = parts[0]!.slice(0, -1) + (parts[0]!.endsWith('A') ? 'B' : 'A');
      await expectError(await fetch(tampered, { method: 'PUT', body: bin(first) }), 401, 'This link is invalid or has expired; ask the batch API for a new one');
    });
  });

  describe('locks', () => {
    const repo = 'acme/locks';
    const createLock = (p: string, token: string) => lfsPost(repo, 'locks', { path: p, ref: { name: 'refs/heads/main' } }, basic(token));
    async function list(query: string, token = tok.alice!): Promise<{ locks: Lock[]; next_cursor?: string }> {
      const res = await lfsGet(repo, `locks${query}`, bearer(token));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.git-lfs\+json/);
      return (await res.json()) as { locks: Lock[]; next_cursor?: string };
    }
    const unlock = (id: string, token: string, body: unknown = {}) => lfsPost(repo, `locks/${id}/unlock`, body, bearer(token));
    const locks: Record<string, Lock> = {};

    it('creates a lock (201) and answers 409 with the existing lock for the same path', async () => {
      const res = await createLock('weights/model.bin', tok.alice!);
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.git-lfs\+json/);
      const { lock } = (await res.json()) as { lock: Lock };
      expect(lock).toEqual({ id: expect.stringMatching(/^\d+$/), path: 'weights/model.bin', locked_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), owner: { name: 'alice' } });
      locks.model = lock;
      const conflict = await expectLfsError(await createLock('weights/model.bin', tok.bob!), 409, 'already created lock');
      expect(conflict.lock).toEqual(lock);
      for (const p of ['b.bin', 'c.bin', 'd.bin']) {
        const r = await createLock(p, tok.bob!);
        expect(r.status).toBe(201);
        locks[p] = ((await r.json()) as { lock: Lock }).lock;
      }
      expect(locks['b.bin']!.owner).toEqual({ name: 'bob' });
    });

    it('refuses locks to readers (403), anonymous callers (401) and outsiders of private repositories (404)', async () => {
      await expectLfsError(await createLock('e.bin', tok.reader!), 403, 'You do not have write access to this repository');
      await expectLfsError(await lfsPost(repo, 'locks/verify', {}, bearer(tok.reader!)), 403, 'You do not have write access to this repository');
      await expectLfsError(await unlock(locks['b.bin']!.id, tok.reader!, { force: true }), 403, 'You do not have write access to this repository');
      const anon = await lfsPost(repo, 'locks', { path: 'e.bin' });
      await expectLfsError(anon, 401, 'Authentication required');
      expect(anon.headers.get('lfs-authenticate')).toBe('Basic realm="CSGHub"');
      await expectLfsError(await lfsGet('acme/private', 'locks', bearer(tok.carol!)), 404, 'Repository not found');
      await expectLfsError(await lfsPost('acme/private', 'locks', { path: 'e.bin' }, bearer(tok.carol!)), 404, 'Repository not found');
      // Readers may list.
      expect((await list('', tok.reader!)).locks.map((l) => l.path)).toEqual(['weights/model.bin', 'b.bin', 'c.bin', 'd.bin']);
      expect(await rows("SELECT id FROM lfs_locks WHERE path = 'e.bin'")).toEqual([]);
    });

    it('lists by path, by id, and page by page', async () => {
      expect(await list('?path=weights%2Fmodel.bin')).toEqual({ locks: [locks.model] });
      expect(await list('?path=nothing.bin')).toEqual({ locks: [] });
      expect(await list(`?id=${locks['c.bin']!.id}`)).toEqual({ locks: [locks['c.bin']] });
      const first = await list('?limit=3');
      expect(first.locks).toEqual([locks.model, locks['b.bin'], locks['c.bin']]);
      expect(first.next_cursor).toBe(locks['c.bin']!.id);
      const second = await list(`?limit=3&cursor=${first.next_cursor!}`);
      expect(second).toEqual({ locks: [locks['d.bin']] });
      expect(await list('?limit=4')).toEqual({ locks: [locks.model, locks['b.bin'], locks['c.bin'], locks['d.bin']] });
    });

    it('refuses bad cursors and limits with 422', async () => {
      const message = 'cursor and limit must be non-negative integers (limit 1-1000)';
      for (const query of ['?limit=0', '?limit=-1', '?limit=abc', '?limit=99999', '?cursor=-1', '?cursor=x', '?cursor=1e3', `?cursor=${'9'.repeat(13)}`]) {
        await expectLfsError(await lfsGet(repo, `locks${query}`, bearer(tok.alice!)), 422, message);
      }
      await expectLfsError(await lfsPost(repo, 'locks/verify', { cursor: 'abc' }, bearer(tok.alice!)), 422, 'Invalid cursor');
      await expectLfsError(await lfsPost(repo, 'locks/verify', { limit: 0 }, bearer(tok.alice!)), 422, 'Invalid request: limit: Too small: expected number to be >=1');
      await expectLfsError(await lfsPost(repo, 'locks/verify', { limit: 5000 }, bearer(tok.alice!)), 422, 'Invalid request: limit: Too big: expected number to be <=1000');
      await expectLfsError(await lfsPost(repo, 'locks', { path: '' }, bearer(tok.alice!)), 422, 'Invalid request: path: Too small: expected string to have >=1 characters');
    });

    it('verifies: ours and theirs, for each caller, page by page', async () => {
      const verify = async (token: string, body: unknown = {}) => {
        const res = await lfsPost(repo, 'locks/verify', body, bearer(token));
        expect(res.status).toBe(200);
        return (await res.json()) as { ours: Lock[]; theirs: Lock[]; next_cursor?: string };
      };
      expect(await verify(tok.bob!, { ref: { name: 'refs/heads/main' } })).toEqual({ ours: [locks['b.bin'], locks['c.bin'], locks['d.bin']], theirs: [locks.model] });
      expect(await verify(tok.alice!)).toEqual({ ours: [locks.model], theirs: [locks['b.bin'], locks['c.bin'], locks['d.bin']] });
      const page = await verify(tok.alice!, { limit: 2 });
      expect(page).toEqual({ ours: [locks.model], theirs: [locks['b.bin']], next_cursor: locks['b.bin']!.id });
      expect(await verify(tok.alice!, { limit: 2, cursor: page.next_cursor })).toEqual({ ours: [], theirs: [locks['c.bin'], locks['d.bin']] });
    });

    it("unlocks: the owner may, others only with force and the admin role", async () => {
      await expectLfsError(await unlock(locks.model!.id, tok.bob!), 403, 'The lock belongs to alice; unlock with --force if you are a repository admin');
      await expectLfsError(await unlock(locks.model!.id, tok.bob!, { force: false }), 403, 'The lock belongs to alice; unlock with --force if you are a repository admin');
      await expectLfsError(await unlock(locks.model!.id, tok.bob!, { force: true }), 403, 'Only repository admins can remove the locks of others');
      expect((await list('')).locks).toContainEqual(locks.model);
      await expectLfsError(await unlock('999999', tok.alice!), 404, 'Lock not found');

      const own = await unlock(locks['b.bin']!.id, tok.bob!);
      expect(own.status).toBe(200);
      expect(await own.json()).toEqual({ lock: locks['b.bin'] });
      const forced = await unlock(locks['c.bin']!.id, tok.alice!, { force: true });
      expect(forced.status).toBe(200);
      expect(await forced.json()).toEqual({ lock: locks['c.bin'] });
      await expectLfsError(await unlock(locks['c.bin']!.id, tok.alice!, { force: true }), 404, 'Lock not found');
      expect((await list('')).locks).toEqual([locks.model, locks['d.bin']]);
      // The path is free again.
      expect((await createLock('b.bin', tok.alice!)).status).toBe(201);
    });
  });

  describe('resolve and commits of LFS files', () => {
    it('commits an uploaded object as a pointer; /resolve redirects to the bytes with the metadata on the 302', async () => {
      const bytes = randomBytes(200_003);
      const { oid, size } = obj(bytes);
      // Like Hugging Face's JS client: no verify call; the commit must check the bytes itself.
      await upload('acme/weights', tok.bob!, bytes, { verify: false });
      const res = await commit('acme/weights', tok.bob!, [{ key: 'header', value: { summary: 'add weights' } }, lfsLine('model.safetensors', bytes)]);
      expect(res.status, await res.clone().text()).toBe(200);
      const { commitOid } = (await res.json()) as { commitOid: string };
      expect(await headOf('acme/weights')).toBe(commitOid);

      const head = await fetch(`${t.url}/acme/weights/resolve/main/model.safetensors`, { method: 'HEAD', redirect: 'manual' });
      expect(head.status).toBe(302);
      expect(head.headers.get('x-linked-size')).toBe(String(size));
      expect(head.headers.get('x-linked-etag')).toBe(`"${oid}"`);
      expect(head.headers.get('x-repo-commit')).toBe(commitOid);
      const location = head.headers.get('location')!;
      if (store === 'fs') expect(location.startsWith(`${t.url}/lfs/objects/${oid}?t=`)).toBe(true);
      else expect(location.startsWith(`${s3!.endpoint}/${s3!.bucket}/${blobLocation(oid)}?`)).toBe(true);
      const got = await fetch(location);
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);

      // Hugging Face's JS client: GET with Range bytes=0-0, redirects followed, size from Content-Range.
      const probe = await fetch(`${t.url}/acme/weights/resolve/${commitOid}/model.safetensors`, { headers: { range: 'bytes=0-0' } });
      expect(probe.status).toBe(206);
      if (store === 'fs') {
        expect(probe.headers.get('content-range')).toBe(`bytes 0-0/${size}`);
        expect(Buffer.from(await probe.arrayBuffer()).equals(bytes.subarray(0, 1))).toBe(true);
      } else {
        // s3rver reads `bytes=0-0` as `bytes=0-` (its own bug); the total, which the client reads, is right.
        expect(probe.headers.get('content-range')).toBe(`bytes 0-${size - 1}/${size}`);
        await probe.arrayBuffer();
      }
      const ranged = await fetch(`${t.url}/acme/weights/resolve/main/model.safetensors`, { headers: { range: 'bytes=3-9' } });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get('content-range')).toBe(`bytes 3-9/${size}`);
      expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(3, 10))).toBe(true);

      // /raw is the pointer itself.
      const pointer = Buffer.from(pointerOf(oid, size));
      const raw = await fetch(`${t.url}/acme/weights/raw/main/model.safetensors`);
      expect(raw.status).toBe(200);
      expect(Buffer.from(await raw.arrayBuffer()).equals(pointer)).toBe(true);

      const entry = { type: 'file', path: 'model.safetensors', oid: gitBlobSha(pointer), size, lfs: { oid, size, pointerSize: pointer.length } };
      const tree = (await (await t.api('/api/models/acme/weights/tree/main')).json()) as Array<Record<string, unknown>>;
      expect(tree.find((e) => e.path === 'model.safetensors')).toEqual(entry);
      const info = await t.api('/api/models/acme/weights/paths-info/main', { method: 'POST', json: { paths: ['model.safetensors'] } });
      expect(await info.json()).toEqual([entry]);
    });

    it('refuses to commit an object that was not uploaded (422) or with the wrong size, and the branch stays', async () => {
      const missing = randomBytes(1000);
      const present = randomBytes(1000);
      await upload('acme/weights', tok.alice!, present);
      const before = await headOf('acme/weights');
      await expectError(await commit('acme/weights', tok.alice!, [{ key: 'header', value: { summary: 'x' } }, lfsLine('ok.bin', present), lfsLine('missing.bin', missing)]), 422,
        `The LFS object ${sha256(missing)} of missing.bin was not uploaded to this repository`);
      await expectError(await commit('acme/weights', tok.alice!, [{ key: 'header', value: { summary: 'x' } }, lfsLine('ok.bin', present, 1001)]), 400,
        'ok.bin: the LFS object has 1000 bytes, not 1001');
      expect(await headOf('acme/weights')).toBe(before);
      const missingResolve = await fetch(`${t.url}/acme/weights/resolve/main/missing.bin`, { method: 'HEAD', redirect: 'manual' });
      expect(missingResolve.status).toBe(404);
      expect(missingResolve.headers.get('x-error-code')).toBe('EntryNotFound');
    });
  });
});
