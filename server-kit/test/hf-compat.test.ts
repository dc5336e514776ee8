import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';

// What the Python client (huggingface_hub) does that the JS client does not, over raw HTTP:
// HEAD on /resolve without following redirects, form-encoded paths-info, refs%2Fpr%2FN
// revisions, the error headers it reads; and that Xet is never advertised.

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
type Line = { key: string; value: unknown };
const ndjson = (lines: Line[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

/** A request exactly as Python's httpx sends HEAD: raw path, no redirects followed, identity encoding. */
function head(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, method: 'HEAD', headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(backends)('Hugging Face compatibility over raw HTTP ($name)', (backend) => {
  let t: TestHub;
  let alice: string;
  let bob: string;
  const id = 'alice/compat';
  const config = Buffer.from('{"model_type":"tiny"}\n');
  const weights = randomBytes(300_000);
  let main: string;
  let pr: string;

  async function ok<T>(res: Response | Promise<Response>): Promise<T> {
    const r = await res;
    if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }
  const commit = (lines: Line[], query = '') =>
    ok<{ commitOid: string; pullRequestUrl?: string }>(t.api(`/api/models/${id}/commit/main${query}`, { method: 'POST', token: alice, headers: { 'content-type': 'application/x-ndjson' }, body: ndjson(lines) }));

  beforeAll(async () => {
    t = await startHub(backend);
    alice = await t.user('alice');
    bob = await t.user('bob');
    await ok(t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'compat' } }));
    await ok(t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'hidden', private: true } }));
    // An LFS object the way both clients upload it: batch (Xet offered), PUT without credentials, lfsFile line.
    const batch = await ok<{ transfer: string; objects: Array<{ actions: { upload: { href: string; header?: unknown } } }> }>(t.api(`/${id}.git/info/lfs/objects/batch`, {
      method: 'POST', token: alice, headers: { accept: 'application/vnd.git-lfs+json', 'content-type': 'application/vnd.git-lfs+json' },
      body: JSON.stringify({ operation: 'upload', transfers: ['basic', 'multipart', 'xet'], objects: [{ oid: sha256(weights), size: weights.length }], hash_algo: 'sha256' }),
    }));
    expect(batch.transfer).toBe('basic');
    expect((await fetch(batch.objects[0]!.actions.upload.href, { method: 'PUT', body: new Uint8Array(weights) })).status).toBe(200);
    main = (await commit([
      { key: 'header', value: { summary: 'Add model' } },
      { key: 'file', value: { path: 'config.json', content: config.toString('base64'), encoding: 'base64' } },
      { key: 'lfsFile', value: { path: 'model.safetensors', algo: 'sha256', oid: sha256(weights), size: weights.length } },
    ])).commitOid;
    const opened = await commit([{ key: 'header', value: { summary: 'Tweak config' } }, { key: 'file', value: { path: 'config.json', content: Buffer.from('{"model_type":"pr"}\n').toString('base64'), encoding: 'base64' } }], '?create_pr=1');
    pr = opened.commitOid;
    expect(opened.pullRequestUrl).toBe(`${t.url}/alice/compat/discussions/1`);
  });
  afterAll(async () => t?.close());

  it('answers HEAD /resolve as hf_hub_download reads it: 200 with ETag and length for regular files, 302 with linked metadata for LFS', async () => {
    const regular = await head(t.url, `/${id}/resolve/main/config.json`);
    expect(regular.status).toBe(200);
    expect(regular.headers).toMatchObject({ 'x-repo-commit': main, etag: `"${gitSha1(config)}"`, 'content-length': String(config.length), 'accept-ranges': 'bytes' });
    expect(regular.headers['content-encoding']).toBeUndefined();
    const lfs = await head(t.url, `/${id}/resolve/main/model.safetensors`);
    expect(lfs.status).toBe(302);
    expect(lfs.headers).toMatchObject({ 'x-repo-commit': main, 'x-linked-etag': `"${sha256(weights)}"`, 'x-linked-size': String(weights.length) });
    // Absolute, on the hub's own URL (file store), self-authorizing: no Authorization needed.
    expect(lfs.headers.location!.startsWith(`${t.url}/`)).toBe(true);
    const got = await fetch(lfs.headers.location!, { headers: { range: 'bytes=10-19' } });
    expect([got.status, got.headers.get('content-range')]).toEqual([206, `bytes 10-19/${weights.length}`]);
    // huggingface_hub >= 2.0 follows a same-host redirect on HEAD: the metadata is where it lands too.
    const landed = await head(t.url, new URL(lfs.headers.location!).pathname + new URL(lfs.headers.location!).search);
    expect(landed.status).toBe(200);
    expect(landed.headers).toMatchObject({
      'x-repo-commit': main, 'x-linked-etag': `"${sha256(weights)}"`, 'x-linked-size': String(weights.length), etag: `"${sha256(weights)}"`,
      'content-length': String(weights.length),
    });
    expect(Buffer.from(await got.arrayBuffer())).toEqual(weights.subarray(10, 20));
    // No Xet anywhere: no hash, no refresh route, no xet Link.
    for (const h of [regular.headers, lfs.headers]) {
      expect(Object.keys(h).filter((k) => k.startsWith('x-xet') || (k === 'link' && /xet/.test(String(h[k]))))).toEqual([]);
    }
  });

  it('snapshot: revision info, then the tree at the sha, then the files at the sha, with stable ETags and commit', async () => {
    const info = await ok<{ sha: string; siblings: Array<{ rfilename: string }> }>(t.api(`/api/models/${id}/revision/main`));
    expect(info.sha).toBe(main);
    expect(info.siblings.map((s) => s.rfilename).sort()).toEqual(['.gitattributes', 'README.md', 'config.json', 'model.safetensors']);
    const tree = await ok<Array<Record<string, unknown>>>(t.api(`/api/models/${id}/tree/${main}?recursive=true`));
    expect(tree.find((e) => e.path === 'model.safetensors')).toEqual({
      type: 'file', oid: expect.stringMatching(/^[0-9a-f]{40}$/) as string, size: weights.length, path: 'model.safetensors',
      lfs: { oid: sha256(weights), size: weights.length, pointerSize: expect.any(Number) as number },
    });
    const first = await head(t.url, `/${id}/resolve/${main}/config.json`);
    const again = await head(t.url, `/${id}/resolve/${main}/config.json`);
    expect([first.headers.etag, first.headers['x-repo-commit']]).toEqual([again.headers.etag, main]);
  });

  it('resolves refs%2Fpr%2F1 as Python encodes it, in revision info, tree, form-encoded paths-info and resolve', async () => {
    expect((await ok<{ sha: string }>(t.api(`/api/models/${id}/revision/refs%2Fpr%2F1`))).sha).toBe(pr);
    const tree = await ok<Array<{ path: string }>>(t.api(`/api/models/${id}/tree/refs%2Fpr%2F1?recursive=True`));
    expect(tree.map((e) => e.path).sort()).toEqual(['.gitattributes', 'README.md', 'config.json', 'model.safetensors']);
    const paths = await t.api(`/api/models/${id}/paths-info/refs%2Fpr%2F1`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'paths=config.json&paths=missing.txt&expand=false',
    });
    expect(paths.headers.get('x-repo-commit')).toBe(pr);
    expect(await paths.json()).toEqual([{ type: 'file', oid: gitSha1(Buffer.from('{"model_type":"pr"}\n')), size: 20, path: 'config.json' }]);
    const resolved = await head(t.url, `/${id}/resolve/refs%2Fpr%2F1/config.json`);
    expect([resolved.status, resolved.headers['x-repo-commit']]).toEqual([200, pr]);
    const missing = await head(t.url, `/${id}/resolve/refs%2Fpr%2F9/config.json`);
    expect([missing.status, missing.headers['x-error-code']]).toEqual([404, 'RevisionNotFound']);
  });

  it('sends X-Error-Code on the 404s clients interpret, and the invalid-credentials 401 Python tells apart', async () => {
    const cases: Array<[string, string]> = [
      [`/api/models/alice/hidden`, 'RepoNotFound'], [`/api/models/alice/hidden/revision/main`, 'RepoNotFound'], [`/alice/hidden/resolve/main/README.md`, 'RepoNotFound'],
      [`/api/models/alice/nothing`, 'RepoNotFound'], [`/api/models/${id}/revision/nope`, 'RevisionNotFound'], [`/${id}/resolve/main/nope.bin`, 'EntryNotFound'],
      [`/api/models/${id}/xet-read-token/main`, 'XetNotEnabled'], [`/api/models/${id}/xet-write-token/main`, 'XetNotEnabled'],
    ];
    for (const [p, code] of cases) {
      const res = await head(t.url, p, { authorization: `Bearer ${bob}` });
      expect([p, res.status, res.headers['x-error-code']]).toEqual([p, 404, code]);
    }
    await expectError(await t.api(`/api/models/${id}/xet-write-token/main`, { token: alice }), 404,
      'This hub does not support Xet storage; it stores large files with Git LFS. Set HF_HUB_DISABLE_XET=1.', 'XetNotEnabled');
    const entry = await head(t.url, `/${id}/resolve/main/nope.bin`);
    expect(entry.headers['x-repo-commit']).toBe(main);
    const badToken = await head(t.url, `/api/models/${id}`, { authorization: 'Bearer hf_notavalidtokennotavalidtoken' });
    expect([badToken.status, badToken.headers['x-error-message']]).toEqual([401, 'Invalid credentials in Authorization header']);
  });

  it("answers repo info with Hugging Face's fields, Z timestamps, and only the expanded fields with expand", async () => {
    const info = await ok<Record<string, unknown>>(t.api(`/api/models/${id}`));
    expect(info).toMatchObject({ _id: expect.stringMatching(/^\d+$/) as string, id, modelId: id, author: 'alice', sha: main, private: false, gated: false, disabled: false, downloads: 0, likes: 0, tags: [] });
    expect([info.lastModified, info.createdAt]).toEqual([expect.stringMatching(ISO_Z), expect.stringMatching(ISO_Z)]);
    expect(info).not.toHaveProperty('xetEnabled');
    const expanded = await ok<Record<string, unknown>>(t.api(`/api/models/${id}/revision/HEAD?expand[]=likes&expand=downloads&expand=sha`));
    expect(expanded).toEqual({ _id: info._id, id, likes: 0, downloads: 0, sha: main });
    const listed = await ok<Array<Record<string, unknown>>>(t.api('/api/models?author=alice&expand[]=likes&expand[]=gated'));
    expect(listed).toEqual([{ _id: info._id, id, likes: 0, gated: false }]);
  });

  it("answers create_repo of an existing repository with 409 and its url (create_repo(exist_ok=True) reads it)", async () => {
    const res = await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'compat' } });
    expect([res.status, res.headers.get('x-error-message'), await res.json()]).toEqual([409, 'You already created this model repo: alice/compat', {
      error: 'You already created this model repo: alice/compat', url: `${t.url}/alice/compat`,
    }]);
  });

  it('answers auth-check (read and write) as huggingface_hub.auth_check reads it', async () => {
    expect([(await t.api(`/api/models/${id}/auth-check`)).status, (await t.api(`/api/models/${id}/auth-check/write`, { token: alice })).status]).toEqual([200, 200]);
    await expectError(await t.api('/api/models/alice/hidden/auth-check', { token: bob }), 404, 'Repository not found: alice/hidden', 'RepoNotFound');
    await expectError(await t.api(`/api/models/${id}/auth-check/write`, { token: bob }), 403, 'You do not have write access to alice/compat');
    await expectError(await t.api(`/api/models/${id}/auth-check/write`), 401, 'Sign in to do this');
  });

  it('super-squashes a branch into one commit with the same files; others may not', async () => {
    await ok(t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'squash' } }));
    for (const n of [1, 2, 3]) {
      await ok(t.api('/api/models/alice/squash/commit/main', { method: 'POST', token: alice, headers: { 'content-type': 'application/x-ndjson' },
        body: ndjson([{ key: 'header', value: { summary: `c${n}` } }, { key: 'file', value: { path: `f${n}.txt`, content: Buffer.from(`${n}`).toString('base64'), encoding: 'base64' } }]) }));
    }
    const before = await ok<Array<{ path: string; oid: string }>>(t.api('/api/models/alice/squash/tree/main?recursive=true'));
    await expectError(await t.api('/api/models/alice/squash/super-squash/main', { method: 'POST', token: bob, json: {} }), 403, 'You do not have write access to alice/squash');
    await expectError(await t.api('/api/models/alice/squash/super-squash/nope', { method: 'POST', token: alice, json: {} }), 404, 'Invalid rev id: nope', 'RevisionNotFound');
    expect((await ok<unknown[]>(t.api('/api/models/alice/squash/commits/main'))).length).toBe(4);
    const { commitOid } = await ok<{ commitOid: string }>(t.api('/api/models/alice/squash/super-squash/main', { method: 'POST', token: alice, json: { message: 'Squashed' } }));
    const commits = await ok<Array<{ id: string; title: string }>>(t.api('/api/models/alice/squash/commits/main'));
    expect(commits.map((c) => [c.id, c.title])).toEqual([[commitOid, 'Squashed']]);
    expect(await ok(t.api('/api/models/alice/squash/tree/main?recursive=true'))).toEqual(before);
    expect((await ok<{ sha: string }>(t.api('/api/models/alice/squash'))).sha).toBe(commitOid);
  });

  it('validates README YAML with a JSON answer in every case', async () => {
    const ok1 = await t.api('/api/validate-yaml', { method: 'POST', token: alice, json: { content: '---\nlicense: mit\n---\n# x', repoType: 'model' } });
    expect([ok1.status, await ok1.json()]).toEqual([200, { errors: [], warnings: [] }]);
    const bad = await t.api('/api/validate-yaml', { method: 'POST', token: alice, json: { content: '---\nlicense: [mit\n---\n', repoType: 'model' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await bad.json()) as { errors: Array<{ message: string }> }).errors).toHaveLength(1);
  });

  it('exposes to browser pages every header the JS client reads, on answers and on errors', async () => {
    const origin = { origin: 'https://portal.example' };
    const ok2 = await t.api(`/${id}/resolve/main/config.json`, { headers: { ...origin, range: 'bytes=0-0' } });
    const exposed = (ok2.headers.get('access-control-expose-headers') ?? '').split(',');
    expect(exposed).toEqual(expect.arrayContaining(['X-Repo-Commit', 'X-Request-Id', 'X-Error-Code', 'X-Error-Message', 'X-Total-Count', 'ETag', 'Link', 'Accept-Ranges', 'Content-Range', 'X-Linked-Size', 'X-Linked-ETag']));
    expect(ok2.headers.get('access-control-allow-origin')).toBe('*');
    const missing = await t.api(`/${id}/resolve/main/nope`, { headers: origin });
    expect([missing.status, missing.headers.get('access-control-allow-origin'), missing.headers.get('x-error-code')]).toEqual([404, '*', 'EntryNotFound']);
  });
});
