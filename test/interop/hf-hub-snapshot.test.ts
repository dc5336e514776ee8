import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHub, type Hub } from '@csghub/server-kit';
import {
  commit, countCommits, createBranch, createRepo, datasetInfo, deleteBranch, deleteFiles, deleteRepo, downloadFile, fileExists, HubApiError,
  listCommits, listDatasets, listFiles, listModels, modelInfo, snapshotDownload, uploadFiles, type RepoDesignation,
} from '@huggingface/hub';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MiB = 1024 * 1024;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const blob = (b: Uint8Array) => new Blob([new Uint8Array(b)]);
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
/** A fetch that counts the requests the client makes, by method and path. */
function counting(): { paths: string[]; fetch: typeof fetch } {
  const paths: string[] = [];
  return { paths, fetch: async (input, init) => {
    paths.push(`${init?.method ?? 'GET'} ${new URL(input instanceof Request ? input.url : String(input)).pathname}`);
    return fetch(input, init);
  } };
}

/**
 * @huggingface/hub against the hub for what a team does day to day: public and private
 * repositories, a 30 MB LFS upload with the client's defaults (Xet offered), snapshots into the
 * client's cache (and back from the cache), repo info, branches, history, deletions, pull
 * requests, and the client's errors for a missing repository, revision and file.
 */
describe('@huggingface/hub snapshots, branches, history and pull requests', () => {
  let hub: Hub;
  let dataDir: string;
  let cacheDir: string;
  let token: string;
  let bobToken: string;
  const model: RepoDesignation = { type: 'model', name: 'alice/open-model' };
  const dataset: RepoDesignation = { type: 'dataset', name: 'alice/open-data' };
  const config = Buffer.from('{"architectures":["Tiny"]}\n');
  const weights = randomBytes(30 * MiB + 5);
  const as = () => ({ hubUrl: hub.url, accessToken: token });
  /** Requests the first snapshot made for config.json, the file a model's downloads are counted by. */
  let configFetches = 0;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-interop-snap-'));
    cacheDir = path.join(dataDir, 'client-cache');
    hub = await createHub({ dataDir, port: 0, logger: pino({ level: process.env.CSGHUB_TEST_LOG ?? 'silent' }) });
    const { accounts, tokens } = hub.services;
    const alice = await accounts.createUser({ name: 'alice', email: 'alice@example.test', password: 'password123' });
    const bob = await accounts.createUser({ name: 'bob', email: 'bob@example.test', password: 'password123' });
    token = (await tokens.create(alice, { name: 'interop', scope: 'write' })).token;
    bobToken = (await tokens.create(bob, { name: 'interop', scope: 'write' })).token;
  });
  afterAll(async () => {
    await hub?.close(1000);
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('creates a public model and a public dataset, and uploads a 30 MB LFS file with the default useXet', async () => {
    expect(await createRepo({ ...as(), repo: model })).toEqual({ repoUrl: `${hub.url}/alice/open-model`, id: expect.stringMatching(/^\d+$/) as string });
    expect((await createRepo({ ...as(), repo: dataset })).repoUrl).toBe(`${hub.url}/datasets/alice/open-data`);
    const out = await uploadFiles({
      ...as(), repo: model, commitTitle: 'weights',
      files: [
        { path: 'config.json', content: blob(config) },
        { path: 'model.safetensors', content: blob(weights) },
        ...Array.from({ length: 5 }, (_, i) => ({ path: `extra/file-${i}.txt`, content: blob(Buffer.from(`file ${i}\n`)) })),
      ],
    });
    expect(out?.commit.oid).toMatch(/^[0-9a-f]{40}$/);
    await uploadFiles({ ...as(), repo: dataset, files: [{ path: 'data/train.csv', content: blob(Buffer.from('a,b\n1,2\n')) }] });
  });

  it('snapshotDownload fills the cache with exact files; a second snapshot at the sha downloads nothing again', async () => {
    const first = counting();
    const folder = await snapshotDownload({ ...as(), repo: model, cacheDir, fetch: first.fetch });
    const info = await modelInfo({ ...as(), name: model.name, additionalFields: ['sha'] });
    expect(folder).toBe(path.join(cacheDir, 'models--alice--open-model', 'snapshots', info.sha));
    expect(await fs.readFile(path.join(cacheDir, 'models--alice--open-model', 'refs', 'main'), 'utf8')).toBe(info.sha);
    expect(sha256(await fs.readFile(path.join(folder, 'model.safetensors')))).toBe(sha256(weights));
    expect(await fs.readFile(path.join(folder, 'config.json'))).toEqual(config);
    expect(await fs.readFile(path.join(folder, 'extra/file-3.txt'), 'utf8')).toBe('file 3\n');
    // LFS blobs are cached under their sha256 (the ETag), as huggingface_hub does.
    expect(await fs.readdir(path.join(cacheDir, 'models--alice--open-model', 'blobs'))).toContain(sha256(weights));

    const second = counting();
    await snapshotDownload({ ...as(), repo: model, cacheDir, revision: info.sha, fetch: second.fetch });
    expect(second.paths).toEqual([`GET /api/models/alice/open-model/revision/${info.sha}`, `GET /api/models/alice/open-model/tree/${info.sha}`]);
    expect(first.paths.filter((p) => p.includes('/resolve/')).length).toBeGreaterThanOrEqual(8);
    configFetches = first.paths.filter((p) => p.endsWith('/resolve/' + info.sha + '/config.json')).length;
    expect(configFetches).toBeGreaterThanOrEqual(1);
  });

  it('modelInfo and datasetInfo give the fields the client maps; listModels and listDatasets search by author and name', async () => {
    await hub.services.downloads.flush();
    const info = await modelInfo({ ...as(), name: model.name });
    // Every GET of config.json the snapshot made counts as a download (as on Hugging Face); nothing else does.
    expect(info).toMatchObject({ name: 'alice/open-model', private: false, gated: false, likes: 0, downloads: configFetches, id: expect.stringMatching(/^\d+$/) as string });
    expect(info.updatedAt.getTime()).not.toBeNaN();
    const data = await datasetInfo({ ...as(), name: dataset.name });
    expect(data).toMatchObject({ name: 'alice/open-data', private: false, gated: false });
    expect((await collect(listModels({ hubUrl: hub.url, search: { owner: 'alice', query: 'open' } }))).map((m) => m.name)).toEqual(['alice/open-model']);
    expect((await collect(listDatasets({ hubUrl: hub.url, search: { owner: 'alice' } }))).map((d) => d.name)).toEqual(['alice/open-data']);
    expect(await collect(listModels({ hubUrl: hub.url, search: { owner: 'bob' } }))).toEqual([]);
  });

  it('createBranch and deleteBranch; listCommits and countCommits follow each branch', async () => {
    await createBranch({ ...as(), repo: model, branch: 'dev' });
    await expect(createBranch({ ...as(), repo: model, branch: 'dev' })).rejects.toMatchObject({ statusCode: 409 });
    await uploadFiles({ ...as(), repo: model, branch: 'dev', commitTitle: 'dev only', files: [{ path: 'dev.txt', content: blob(Buffer.from('dev\n')) }] });
    const main = await collect(listCommits({ ...as(), repo: model }));
    const dev = await collect(listCommits({ ...as(), repo: model, revision: 'dev' }));
    expect(main.map((c) => c.title)).toEqual(['weights', 'initial commit']);
    expect(dev.map((c) => c.title)).toEqual(['dev only', 'weights', 'initial commit']);
    expect(dev[0]!.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(dev[0]!.date.getTime()).not.toBeNaN();
    expect(await countCommits({ ...as(), repo: model })).toBe(2);
    expect(await countCommits({ ...as(), repo: model, revision: 'dev' })).toBe(3);
    await deleteBranch({ ...as(), repo: model, branch: 'dev' });
    await expect(countCommits({ ...as(), repo: model, revision: 'dev' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('commits deletions of files and folders, together with an addition', async () => {
    await commit({
      ...as(), repo: model, title: 'tidy',
      operations: [
        { operation: 'delete', path: 'extra/file-0.txt' },
        { operation: 'delete', path: 'extra/file-1.txt' },
        { operation: 'addOrUpdate', path: 'NOTES.md', content: blob(Buffer.from('notes\n')) },
      ],
    });
    await deleteFiles({ ...as(), repo: model, paths: ['extra/file-2.txt', 'extra/file-3.txt', 'extra/file-4.txt'] });
    const paths = (await collect(listFiles({ ...as(), repo: model, recursive: true }))).map((f) => f.path).sort();
    expect(paths).toEqual(['.gitattributes', 'NOTES.md', 'README.md', 'config.json', 'model.safetensors']);
    expect(await countCommits({ ...as(), repo: model })).toBe(4);
  });

  it('opens a pull request with isPullRequest: main stays, the files are on refs/pr/1', async () => {
    const out = await uploadFiles({ ...as(), accessToken: bobToken, repo: model, isPullRequest: true, commitTitle: 'Suggest a tokenizer', files: [{ path: 'tokenizer.json', content: blob(Buffer.from('{}\n')) }] });
    expect(out?.pullRequestUrl).toBe(`${hub.url}/alice/open-model/discussions/1`);
    expect(await fileExists({ ...as(), repo: model, path: 'tokenizer.json' })).toBe(false);
    expect(await fileExists({ ...as(), repo: model, path: 'tokenizer.json', revision: 'refs/pr/1' })).toBe(true);
    const onPr = await downloadFile({ ...as(), repo: model, path: 'tokenizer.json', revision: 'refs/pr/1' });
    expect(await onPr!.text()).toBe('{}\n');
  });

  it("throws the client's errors for a missing repository, revision and file", async () => {
    const missingRepo = modelInfo({ ...as(), name: 'alice/nothing' });
    await expect(missingRepo).rejects.toBeInstanceOf(HubApiError);
    await expect(missingRepo).rejects.toMatchObject({ statusCode: 404, data: { error: 'Repository not found: alice/nothing' } });
    await expect(modelInfo({ ...as(), name: model.name, revision: 'nope' })).rejects.toMatchObject({ statusCode: 404, data: { error: 'Invalid rev id: nope' } });
    await expect(downloadFile({ ...as(), repo: model, path: 'config.json', revision: 'nope' })).rejects.toMatchObject({ statusCode: 404 });
    expect(await downloadFile({ ...as(), repo: model, path: 'nope.json' })).toBeNull();
    await expect(collect(listFiles({ ...as(), repo: { type: 'model', name: 'alice/nothing' } }))).rejects.toMatchObject({ statusCode: 404 });
    await expect(snapshotDownload({ ...as(), repo: { type: 'model', name: 'alice/nothing' }, cacheDir })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('deleteRepo removes them; deleting again is a 404', async () => {
    await deleteRepo({ ...as(), repo: model });
    await deleteRepo({ ...as(), repo: dataset });
    await expect(deleteRepo({ ...as(), repo: model })).rejects.toMatchObject({ statusCode: 404 });
  });
});
