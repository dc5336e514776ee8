import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHub, type Hub } from '@csghub/server-kit';
import {
  createRepo, deleteFile, deleteRepo, downloadFile, fileDownloadInfo, fileExists, listDatasets, listFiles, listModels, repoExists, uploadFile,
  uploadFiles, whoAmI, type ListFileEntry, type RepoDesignation,
} from '@huggingface/hub';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type TestS3 } from '../helpers/s3.js';

const MiB = 1024 * 1024;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const gitBlobSha = (b: Uint8Array) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
const pointerOf = (oid: string, size: number) => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;
const blob = (b: Uint8Array) => new Blob([new Uint8Array(b)]);
const bytesOf = async (b: Blob | null) => Buffer.from(await b!.arrayBuffer());
interface Call {
  method: string;
  url: string;
  headers: Headers;
  body?: string;
  status: number;
  json?: unknown;
}
/** A fetch for the client that records every request it makes and every JSON answer. */
function recorder(): { calls: Call[]; fetch: typeof fetch } {
  const calls: Call[] = [];
  const record: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const call: Call = {
      method: init?.method ?? 'GET', url: input instanceof Request ? input.url : String(input), headers: new Headers(init?.headers),
      ...(typeof init?.body === 'string' ? { body: init.body } : {}), status: res.status,
    };
    if (/json/.test(res.headers.get('content-type') ?? '')) call.json = await res.clone().json();
    calls.push(call);
    return res;
  };
  return { calls, fetch: record };
}
interface BatchReply {
  transfer: string;
  objects: Array<{ oid: string; size: number; actions?: { upload?: { href: string; header?: Record<string, string> } } }>;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * The real Hugging Face JS client (@huggingface/hub) against a hub started here: accounts,
 * repositories, regular and LFS uploads (basic and multipart), listing, downloads and deletes,
 * with LFS objects on the file store and on S3 (s3rver).
 */
describe.each(['fs', 's3'] as const)('@huggingface/hub against the hub (%s store)', (store) => {
  let hub: Hub;
  let dataDir: string;
  let s3: TestS3 | undefined;
  let token: string;
  let bobToken: string;
  const model: RepoDesignation = { type: 'model', name: 'alice/tiny-model' };
  const dataset: RepoDesignation = { type: 'dataset', name: 'acme/corpus' };
  const config = Buffer.from('{"architectures":["TinyModel"],"hidden_size":8}\n');
  const notes = Buffer.from('# notes\nplain text in a folder\n');
  // Above the 10 MB regular-file limit: preupload answers "lfs", then batch, PUT and an lfsFile commit line.
  const weights = randomBytes(12 * MiB + 11);
  // Above the multipart threshold configured below: the client PUTs the parts and completes the upload.
  const shards = randomBytes(16 * MiB + 1);
  const as = () => ({ hubUrl: hub.url, accessToken: token });

  beforeAll(async () => {
    if (store === 's3') s3 = await startS3();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-interop-'));
    hub = await createHub({
      dataDir, port: 0, logger: pino({ level: process.env.CSGHUB_TEST_LOG ?? 'silent' }),
      ...(s3 ? { lfsStore: s3.storeUrl } : {}),
      limits: { lfsMultipartThreshold: 14 * MiB, lfsChunkSize: 5 * MiB },
    });
    const { accounts, tokens } = hub.services;
    const alice = await accounts.createUser({ name: 'alice', email: 'alice@example.test', password: 'password123', fullName: 'Alice Liddell' });
    const bob = await accounts.createUser({ name: 'bob', email: 'bob@example.test', password: 'password123' });
    await accounts.createOrg({ name: 'acme' }, alice);
    token = (await tokens.create(alice, { name: 'interop', scope: 'write' })).token;
    bobToken = (await tokens.create(bob, { name: 'interop', scope: 'write' })).token;
  });
  afterAll(async () => {
    await hub?.close(1000);
    await s3?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  /** Where an LFS object must have landed: DATA/lfs/... or the bucket's lfs/... key. */
  async function storedObjects(): Promise<string[]> {
    if (store === 's3') return (await s3!.keys()).filter((k) => k.startsWith('lfs/')).map((k) => path.basename(k));
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        if (e.isDirectory()) await walk(path.join(dir, e.name));
        else out.push(e.name);
      }
    };
    await walk(path.join(dataDir, 'lfs'));
    return out;
  }

  it('whoAmI names the token owner, the organisations and the token', async () => {
    const me = await whoAmI(as());
    expect(me).toMatchObject({ type: 'user', name: 'alice', fullname: 'Alice Liddell', email: 'alice@example.test' });
    if (me.type !== 'user') throw new Error('expected a user');
    expect(me.orgs.map((o) => o.name)).toEqual(['acme']);
    expect(me.auth).toEqual({ type: 'access_token', accessToken: { displayName: 'interop', role: 'write' } });
    await expect(whoAmI({ hubUrl: hub.url, accessToken: 'hf_notarealtokennotarealtoken' })).rejects.toMatchObject({
      statusCode: 401, data: { error: 'Invalid credentials in Authorization header' },
    });
  });

  it('createRepo makes private models and datasets; repoExists sees them only with access', async () => {
    expect(await createRepo({ ...as(), repo: model, visibility: 'private', license: 'mit' })).toEqual({ repoUrl: `${hub.url}/alice/tiny-model`, id: expect.stringMatching(/^\d+$/) });
    expect(await createRepo({ ...as(), repo: dataset, private: true })).toEqual({ repoUrl: `${hub.url}/datasets/acme/corpus`, id: expect.stringMatching(/^\d+$/) });
    await expect(createRepo({ ...as(), repo: model })).rejects.toMatchObject({ statusCode: 409, data: { error: 'You already created this model repo: alice/tiny-model' } });

    expect(await repoExists({ ...as(), repo: model })).toBe(true);
    expect(await repoExists({ ...as(), repo: 'datasets/acme/corpus' })).toBe(true);
    expect(await repoExists({ hubUrl: hub.url, repo: model })).toBe(false);
    expect(await repoExists({ hubUrl: hub.url, accessToken: bobToken, repo: dataset })).toBe(false);
    expect(await repoExists({ ...as(), repo: 'alice/nothing-here' })).toBe(false);
    // The model and the dataset live in different namespaces of repository types.
    expect(await repoExists({ ...as(), repo: { type: 'dataset', name: 'alice/tiny-model' } })).toBe(false);
  });

  it('uploadFiles commits a regular file, a nested file and a 12 MB file through LFS', async () => {
    const before = await storedObjects();
    const { calls, fetch: recording } = recorder();
    const out = await uploadFiles({
      ...as(), repo: model, useXet: false, commitTitle: 'add model files', fetch: recording,
      files: [
        { path: 'config.json', content: blob(config) },
        { path: 'docs/notes.txt', content: blob(notes) },
        { path: 'model.safetensors', content: blob(weights) },
      ],
    });
    expect(out?.commit.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(out?.commit.url).toBe(`${hub.url}/alice/tiny-model/commit/${out!.commit.oid}`);
    // Only the big file went to LFS storage; the regular files are in git.
    expect((await storedObjects()).filter((o) => !before.includes(o))).toEqual([sha256(weights)]);

    // The wire: preupload → LFS batch → one PUT without credentials → ndjson commit with an lfsFile line.
    expect(calls.map((c) => `${c.method} ${c.status} ${new URL(c.url).pathname}`).filter((l) => !l.startsWith('PUT '))).toEqual([
      'POST 200 /api/models/alice/tiny-model/preupload/main',
      'POST 200 /alice/tiny-model.git/info/lfs/objects/batch',
      'POST 200 /api/models/alice/tiny-model/commit/main',
    ]);
    expect((calls[0]!.json as { files: unknown[] }).files).toEqual([
      { path: 'config.json', uploadMode: 'regular', shouldIgnore: false },
      { path: 'docs/notes.txt', uploadMode: 'regular', shouldIgnore: false },
      { path: 'model.safetensors', uploadMode: 'lfs', shouldIgnore: false },
    ]);
    expect(JSON.parse(calls[1]!.body!)).toMatchObject({ operation: 'upload', transfers: ['basic', 'multipart'], objects: [{ oid: sha256(weights), size: weights.length }] });
    const batch = calls[1]!.json as BatchReply;
    expect(batch.transfer).toBe('basic');
    const puts = calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => ({ url: c.url, status: c.status, auth: c.headers.get('authorization') }))).toEqual([{ url: batch.objects[0]!.actions!.upload!.href, status: 200, auth: null }]);
    expect(calls[calls.length - 1]!.body!.split('\n').map((l) => JSON.parse(l) as unknown)).toContainEqual({
      key: 'lfsFile', value: { path: 'model.safetensors', algo: 'sha256', oid: sha256(weights), size: weights.length },
    });
  });

  it('uploadFile with the defaults (Xet offered) falls back to LFS, and multipart above the threshold', async () => {
    // The client offers ["basic","multipart","xet"]; the hub must answer basic/multipart, never xet.
    const multipart = recorder();
    const out = await uploadFile({ ...as(), repo: model, file: { path: 'shards/model-00001.bin', content: blob(shards) }, fetch: multipart.fetch });
    expect(out?.commit.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(await storedObjects()).toContain(sha256(shards));
    const batchCall = multipart.calls.find((c) => c.url.endsWith('/info/lfs/objects/batch'))!;
    expect(JSON.parse(batchCall.body!)).toMatchObject({ transfers: ['basic', 'multipart', 'xet'], hash_algo: 'sha_256' });
    const batch = batchCall.json as BatchReply;
    expect(batch.transfer).toBe('multipart');
    const upload = batch.objects[0]!.actions!.upload!;
    expect(Object.keys(upload.header!)).toEqual(['chunk_size', '00001', '00002', '00003', '00004']);
    const partPuts = multipart.calls.filter((c) => c.method === 'PUT');
    expect(partPuts.map((c) => c.url).sort()).toEqual(Object.entries(upload.header!).filter(([k]) => k !== 'chunk_size').map(([, v]) => v).sort());
    expect(partPuts.every((c) => c.status === 200 && c.headers.get('authorization') === null)).toBe(true);
    const completion = multipart.calls.find((c) => c.url === upload.href)!;
    expect({ method: completion.method, status: completion.status }).toEqual({ method: 'POST', status: 200 });
    // An object the repository already has is not sent again (the batch answers without actions).
    const dedupe = recorder();
    const again = await uploadFile({ ...as(), repo: model, useXet: false, file: { path: 'copy.safetensors', content: blob(weights) }, fetch: dedupe.fetch });
    expect(again?.commit.oid).toMatch(/^[0-9a-f]{40}$/);
    expect((dedupe.calls.find((c) => c.url.endsWith('/info/lfs/objects/batch'))!.json as BatchReply).objects).toEqual([{ oid: sha256(weights), size: weights.length }]);
    expect(dedupe.calls.filter((c) => c.method === 'PUT')).toEqual([]);
    expect(again?.commit.oid).not.toBe(out?.commit.oid);
  });

  it('listFiles lists recursively, with LFS details and real sizes', async () => {
    const files = await collect(listFiles({ ...as(), repo: model, recursive: true }));
    const byPath = new Map(files.map((f) => [f.path, f]));
    expect([...byPath.keys()].sort()).toEqual([
      '.gitattributes', 'README.md', 'config.json', 'copy.safetensors', 'docs', 'docs/notes.txt', 'model.safetensors', 'shards', 'shards/model-00001.bin',
    ]);
    expect(byPath.get('config.json')).toEqual({ type: 'file', path: 'config.json', size: config.length, oid: gitBlobSha(config) });
    expect(byPath.get('docs')).toMatchObject({ type: 'directory', path: 'docs' });
    const lfsEntry = (p: string, bytes: Buffer): ListFileEntry => {
      const pointer = Buffer.from(pointerOf(sha256(bytes), bytes.length));
      return { type: 'file', path: p, size: bytes.length, oid: gitBlobSha(pointer), lfs: { oid: sha256(bytes), size: bytes.length, pointerSize: pointer.length } };
    };
    expect(byPath.get('model.safetensors')).toEqual(lfsEntry('model.safetensors', weights));
    expect(byPath.get('copy.safetensors')).toEqual(lfsEntry('copy.safetensors', weights));
    expect(byPath.get('shards/model-00001.bin')).toEqual(lfsEntry('shards/model-00001.bin', shards));
    for (const f of files) expect(f).not.toHaveProperty('xetHash');

    const top = await collect(listFiles({ ...as(), repo: model }));
    expect(top.map((f) => f.path).sort()).toEqual(['.gitattributes', 'README.md', 'config.json', 'copy.safetensors', 'docs', 'model.safetensors', 'shards']);
    const expanded = await collect(listFiles({ ...as(), repo: model, path: 'docs', expand: true }));
    expect(expanded).toEqual([expect.objectContaining({ path: 'docs/notes.txt', lastCommit: expect.objectContaining({ title: 'add model files' }) })]);
  });

  it('fileExists answers for regular and LFS files, and false for others', async () => {
    for (const p of ['config.json', 'docs/notes.txt', 'model.safetensors', 'shards/model-00001.bin']) expect(await fileExists({ ...as(), repo: model, path: p })).toBe(true);
    expect(await fileExists({ ...as(), repo: model, path: 'nope.bin' })).toBe(false);
    expect(await fileExists({ ...as(), repo: model, path: 'docs' })).toBe(false);
    // Without access the file does not exist as far as the client can tell.
    expect(await fileExists({ hubUrl: hub.url, accessToken: bobToken, repo: model, path: 'config.json' })).toBe(false);
  });

  it('downloadFile returns the exact bytes of regular and LFS files, and the pointer with raw', async () => {
    expect((await bytesOf(await downloadFile({ ...as(), repo: model, path: 'config.json' }))).equals(config)).toBe(true);
    expect((await bytesOf(await downloadFile({ ...as(), repo: model, path: 'docs/notes.txt' }))).equals(notes)).toBe(true);
    const big = await downloadFile({ ...as(), repo: model, path: 'model.safetensors' });
    expect(big!.size).toBe(weights.length);
    expect(sha256(await bytesOf(big))).toBe(sha256(weights));
    // Slices of an LFS file are read with ranges.
    expect((await bytesOf(big!.slice(1000, 1100))).equals(weights.subarray(1000, 1100))).toBe(true);
    expect(sha256(await bytesOf(await downloadFile({ ...as(), repo: model, path: 'shards/model-00001.bin' })))).toBe(sha256(shards));
    const raw = await downloadFile({ ...as(), repo: model, path: 'model.safetensors', raw: true });
    expect((await bytesOf(raw)).toString()).toBe(pointerOf(sha256(weights), weights.length));
    expect(await downloadFile({ ...as(), repo: model, path: 'nope.bin' })).toBeNull();
    // A private repository is not readable without a token.
    await expect(downloadFile({ hubUrl: hub.url, repo: model, path: 'config.json' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('fileDownloadInfo gives size and ETag: the blob sha1 for regular files, the object for LFS', async () => {
    const regular = await fileDownloadInfo({ ...as(), repo: model, path: 'config.json' });
    expect(regular).toEqual({ size: config.length, etag: `"${gitBlobSha(config)}"`, url: `${hub.url}/alice/tiny-model/resolve/main/config.json`, xet: undefined });
    const lfs = await fileDownloadInfo({ ...as(), repo: model, path: 'model.safetensors' });
    expect(lfs!.size).toBe(weights.length);
    expect(lfs!.xet).toBeUndefined();
    if (store === 'fs') {
      // Redirected within the hub: the client keeps the object URL and its ETag, the sha256.
      expect(lfs!.etag).toBe(`"${sha256(weights)}"`);
      expect(lfs!.url.startsWith(`${hub.url}/lfs/objects/${sha256(weights)}?t=`)).toBe(true);
    } else {
      // Redirected to the bucket: the client keeps the resolve URL; the ETag is the store's own.
      expect(lfs!.etag).toBe(`"${md5(weights)}"`);
      expect(lfs!.url).toBe(`${hub.url}/alice/tiny-model/resolve/main/model.safetensors`);
    }
    expect(await fileDownloadInfo({ ...as(), repo: model, path: 'nope.bin' })).toBeNull();
    const pointer = await fileDownloadInfo({ ...as(), repo: model, path: 'model.safetensors', raw: true });
    expect(pointer!.size).toBe(Buffer.byteLength(pointerOf(sha256(weights), weights.length)));
  });

  it('listModels and listDatasets find repositories by search, private ones only for those who may see them', async () => {
    await uploadFiles({ ...as(), repo: dataset, useXet: false, files: [{ path: 'data/train.jsonl', content: blob(Buffer.from('{"text":"a"}\n{"text":"b"}\n')) }] });
    const models = await collect(listModels({ ...as(), search: { query: 'tiny' } }));
    expect(models.map((m) => ({ name: m.name, private: m.private }))).toEqual([{ name: 'alice/tiny-model', private: true }]);
    expect(await collect(listModels({ hubUrl: hub.url, search: { query: 'tiny' } }))).toEqual([]);
    expect(await collect(listModels({ hubUrl: hub.url, accessToken: bobToken, search: { query: 'tiny' } }))).toEqual([]);
    expect(await collect(listModels({ ...as(), search: { query: 'corpus' } }))).toEqual([]);
    const datasets = await collect(listDatasets({ ...as(), search: { query: 'corp' } }));
    expect(datasets.map((d) => ({ name: d.name, private: d.private }))).toEqual([{ name: 'acme/corpus', private: true }]);
    expect(datasets[0]!.updatedAt.getTime()).not.toBeNaN();
    expect(await collect(listDatasets({ ...as(), search: { query: 'tiny' } }))).toEqual([]);
    const owned = await collect(listModels({ ...as(), search: { owner: 'alice' } }));
    expect(owned.map((m) => m.name)).toEqual(['alice/tiny-model']);
  });

  it("listModels with additionalFields ['filePaths'] lists the repository's files (expand=siblings)", async () => {
    const owned = await collect(listModels({ ...as(), search: { owner: 'alice' }, additionalFields: ['filePaths'] }));
    expect(owned.map((m) => m.name)).toEqual(['alice/tiny-model']);
    expect(owned[0]!.filePaths?.sort()).toEqual([
      '.gitattributes', 'README.md', 'config.json', 'copy.safetensors', 'docs/notes.txt', 'model.safetensors', 'shards/model-00001.bin',
    ]);
  });

  it('deleteFile removes regular and LFS files in new commits', async () => {
    const out = await deleteFile({ ...as(), repo: model, path: 'config.json', commitTitle: 'drop config' });
    expect(out?.commit.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(await fileExists({ ...as(), repo: model, path: 'config.json' })).toBe(false);
    await deleteFile({ ...as(), repo: model, path: 'copy.safetensors' });
    const paths = (await collect(listFiles({ ...as(), repo: model, recursive: true }))).map((f) => f.path);
    expect(paths).not.toContain('config.json');
    expect(paths).not.toContain('copy.safetensors');
    expect(paths).toContain('model.safetensors');
    // The other path to the same object still downloads.
    expect(sha256(await bytesOf(await downloadFile({ ...as(), repo: model, path: 'model.safetensors' })))).toBe(sha256(weights));
    await expect(deleteFile({ hubUrl: hub.url, accessToken: bobToken, repo: model, path: 'model.safetensors' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('deleteRepo removes both repositories', async () => {
    await expect(deleteRepo({ hubUrl: hub.url, accessToken: bobToken, repo: model })).rejects.toMatchObject({ statusCode: 404 });
    expect(await repoExists({ ...as(), repo: model })).toBe(true);
    await deleteRepo({ ...as(), repo: model });
    await deleteRepo({ ...as(), repo: dataset });
    expect(await repoExists({ ...as(), repo: model })).toBe(false);
    expect(await repoExists({ ...as(), repo: dataset })).toBe(false);
    expect(await collect(listModels({ ...as(), search: { query: 'tiny' } }))).toEqual([]);
    await expect(deleteRepo({ ...as(), repo: model })).rejects.toMatchObject({ statusCode: 404 });
  });
});
