import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { git } from './helpers/git.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';

const repoDir = (t: TestHub, type: string, ns: string, name: string) => path.join(t.dataDir, 'repos', type, ns, `${name}.git`);
const exists = (p: string) => fs.stat(p).then(() => true, () => false);

describe.each(backends)('repositories over HTTP ($name)', (backend) => {
  let t: TestHub;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    t = await startHub(backend);
    alice = await t.user('alice');
    bob = await t.user('bob');
    const org = await t.hub.services.accounts.createOrg({ name: 'acme' }, await t.hub.services.accounts.requireUser('alice'));
    await t.hub.services.accounts.setMember(org, await t.hub.services.accounts.requireUser('bob'), 'read');
  });
  afterAll(() => t.close());

  /** Everything that a refused create could have left behind. */
  async function snapshot() {
    const rows = await t.hub.services.db.sequelize.query('SELECT type, repo_key FROM repositories ORDER BY id', { type: 'SELECT' });
    const dirs: string[] = [];
    for (const type of ['models', 'datasets', 'spaces', 'codes']) {
      const base = path.join(t.dataDir, 'repos', type);
      for (const ns of await fs.readdir(base).catch(() => [])) {
        for (const name of await fs.readdir(path.join(base, ns))) dirs.push(`${type}/${ns}/${name}`);
      }
    }
    const tmp = await fs.readdir(path.join(t.dataDir, 'tmp')).catch(() => []);
    return { rows, dirs: dirs.sort(), tmp };
  }

  it('creates a model with the Hugging Face answer and a bare git repository holding the first commit', async () => {
    const res = await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'llama-7b', type: 'model' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body.url).toBe(`${t.url}/alice/llama-7b`);
    expect(body.name).toBe('alice/llama-7b');
    expect(body.id).toMatch(/^\d+$/);

    const dir = repoDir(t, 'models', 'alice', 'llama-7b');
    expect(await git(['--git-dir', dir, 'rev-parse', '--is-bare-repository'])).toBe('true\n');
    expect(await git(['--git-dir', dir, 'log', '--format=%s', 'main'])).toBe('initial commit\n');
    expect((await git(['--git-dir', dir, 'ls-tree', '--name-only', 'main'])).split('\n').filter(Boolean)).toEqual(['.gitattributes', 'README.md']);
    expect(await git(['--git-dir', dir, 'show', 'main:.gitattributes'])).toContain('*.safetensors filter=lfs diff=lfs merge=lfs -text');
    expect(await git(['--git-dir', dir, 'show', 'main:README.md'])).toBe('# llama-7b\n');
    expect(await git(['--git-dir', dir, 'symbolic-ref', 'HEAD'])).toBe('refs/heads/main\n');
    await git(['--git-dir', dir, 'fsck', '--strict']);

    const info = await t.api('/api/models/alice/llama-7b');
    expect(info.status).toBe(200);
    const repo = (await info.json()) as Record<string, unknown>;
    const sha = (await git(['--git-dir', dir, 'rev-parse', 'main'])).trim();
    expect(repo).toMatchObject({
      _id: body.id, id: 'alice/llama-7b', modelId: 'alice/llama-7b', author: 'alice', sha, private: false, visibility: 'public',
      gated: false, disabled: false, downloads: 0, likes: 0, tags: [], siblings: [{ rfilename: '.gitattributes' }, { rfilename: 'README.md' }],
    });
    expect(repo.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(repo.lastModified).toMatch(/Z$/);
  });

  it('creates datasets, spaces and code repositories under an organisation, with a license in the card', async () => {
    for (const [type, plural, prefix] of [['dataset', 'datasets', 'datasets/'], ['space', 'spaces', 'spaces/'], ['code', 'codes', 'codes/']]) {
      const res = await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'corpus', organization: 'acme', type, license: 'apache-2.0' } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { url: string }).url).toBe(`${t.url}/${prefix}acme/corpus`);
      const dir = repoDir(t, plural!, 'acme', 'corpus');
      expect(await git(['--git-dir', dir, 'show', 'main:README.md'])).toBe('---\nlicense: apache-2.0\n---\n\n# corpus\n');
      const info = (await (await t.api(`/api/${plural}/acme/corpus`)).json()) as Record<string, unknown>;
      expect(info).toMatchObject({ id: 'acme/corpus', cardData: { license: 'apache-2.0' }, tags: ['license:apache-2.0'] });
    }
  });

  it('accepts the legacy "private" flag and the "ns/name" form, and initial files from the JS client', async () => {
    const res = await t.api('/api/repos/create', {
      method: 'POST', token: alice,
      json: { name: 'acme/secret', private: true, files: [{ path: 'config/config.json', content: Buffer.from('{"a":1}').toString('base64'), encoding: 'base64' }] },
    });
    expect(res.status).toBe(200);
    const dir = repoDir(t, 'models', 'acme', 'secret');
    expect(await git(['--git-dir', dir, 'show', 'main:config/config.json'])).toBe('{"a":1}');
    const info = (await (await t.api('/api/models/acme/secret', { token: alice })).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ private: true, visibility: 'private' });
  });

  it('answers 409 for an existing repository, in any letter case, and changes nothing', async () => {
    const before = await snapshot();
    for (const name of ['llama-7b', 'LLaMA-7B']) {
      const res = await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name } });
      await expectError(res, 409, `You already created this model repo: alice/${name}`);
    }
    expect(await snapshot()).toEqual(before);
  });

  const BAD_NAMES: Array<[unknown, string]> = [
    ['../x', `Invalid namespace name "..": use letters, digits, '-', '_' and '.', start and end with a letter or digit, and no '--' or '..'`],
    ['', 'Invalid request: name: Too small: expected string to have >=1 characters'],
    ['a'.repeat(97), 'The repository name is longer than 96 characters'],
    ['has space', `Invalid repository name "has space": use letters, digits, '-', '_' and '.', start and end with a letter or digit, and no '--' or '..'`],
    ['аlpaca', `Invalid repository name "аlpaca": use letters, digits, '-', '_' and '.', start and end with a letter or digit, and no '--' or '..'`],
    ['a--b', `Invalid repository name "a--b": use letters, digits, '-', '_' and '.', start and end with a letter or digit, and no '--' or '..'`],
    ['-lead', `Invalid repository name "-lead": use letters, digits, '-', '_' and '.', start and end with a letter or digit, and no '--' or '..'`],
    ['model.git', 'Invalid repository name "model.git": it cannot end with ".git"'],
    ['settings', '"settings" is a reserved name'],
    ['a/b/c', 'Invalid repository name "a/b/c"'],
    [5, 'Invalid request: name: Invalid input: expected string, received number'],
  ];
  it.each(BAD_NAMES)('refuses the name %j with 400 and writes nothing', async (name, message) => {
    const before = await snapshot();
    const res = await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name } });
    await expectError(res, 400, message);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a 300-character name', async () => {
    const before = await snapshot();
    await expectError(await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'x'.repeat(300) } }), 400,
      'Invalid request: name: Too big: expected string to have <=200 characters');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad bodies and fields with a clear 4xx and writes nothing', async () => {
    const before = await snapshot();
    const post = (body: string, contentType = 'application/json') =>
      t.api('/api/repos/create', { method: 'POST', token: alice, body, headers: { 'content-type': contentType } });
    await expectError(await post('{"name": "x",'), 400, /^Malformed JSON body: /);
    await expectError(await post('[1,2]'), 400, 'The body must be a JSON object');
    await expectError(await post(''), 400, 'A JSON body is required');
    await expectError(await post('name=x', 'application/x-www-form-urlencoded'), 415, 'Unsupported content type "application/x-www-form-urlencoded": send application/json');
    await expectError(await post(JSON.stringify({ name: 'x', description: 'y'.repeat(2 * 1024 * 1024) })), 413, 'Request body larger than 1048576 bytes');
    await expectError(await post(JSON.stringify({ name: 'x', type: 'weights' })), 400, /^Invalid request: type: Invalid option/);
    await expectError(await post(JSON.stringify({ name: 'x', visibility: 'secret' })), 400, /^Invalid request: visibility: Invalid option/);
    await expectError(await post(JSON.stringify({ name: 'x', visibility: 'public', private: true })), 400, '"private" and "visibility" disagree');
    await expectError(await post(JSON.stringify({ name: 'x', license: 'not a license' })), 400, 'Invalid license identifier "not a license"');
    await expectError(await post(JSON.stringify({ name: 'x', files: [{ path: '../evil', content: 'x' }] })), 400, 'Invalid file path "../evil"');
    await expectError(await post(JSON.stringify({ name: 'x', files: [{ path: '.git/config', content: 'x' }] })), 400, 'Invalid file path ".git/config"');
    await expectError(await post(JSON.stringify({ name: 'x', organization: 'nobody-here' })), 404, 'No user or organization is named "nobody-here"');
    await expectError(await post(JSON.stringify({ name: 'x', organization: '../etc' })), 400, /^Invalid namespace name "..\/etc"/);
    expect(await snapshot()).toEqual(before);
  });

  it('requires sign-in and the write role in the organisation to create there', async () => {
    const before = await snapshot();
    await expectError(await t.api('/api/repos/create', { method: 'POST', json: { name: 'x' } }), 401, 'Sign in to create a repository');
    await expectError(await t.api('/api/repos/create', { method: 'POST', token: bob, json: { name: 'x', organization: 'acme' } }), 403,
      'You need the write or admin role in acme to create repositories there');
    await expectError(await t.api('/api/repos/create', { method: 'POST', token: bob, json: { name: 'x', organization: 'alice' } }), 403,
      'You cannot create repositories under alice');
    const readToken = await t.token('alice', 'read');
    await expectError(await t.api('/api/repos/create', { method: 'POST', token: readToken, json: { name: 'x' } }), 403, 'You cannot create repositories under alice');
    expect(await snapshot()).toEqual(before);
  });

  it('creates one repository when two requests race for the same name', async () => {
    const create = () => t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'race' } });
    const results = await Promise.all([create(), create(), create()]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const { rows, dirs, tmp } = await snapshot();
    expect(rows.filter((r) => (r as { repo_key: string }).repo_key === 'alice/race')).toHaveLength(1);
    expect(dirs.filter((d) => d === 'models/alice/race.git')).toHaveLength(1);
    expect(tmp).toEqual([]);
  });

  it('lists with search, author, filter, sort, limit and absolute Link pagination', async () => {
    for (const name of ['p-one', 'p-two', 'p-three']) {
      expect((await t.api('/api/repos/create', { method: 'POST', token: bob, json: { name, license: name === 'p-two' ? 'mit' : undefined } })).status).toBe(200);
    }
    const all = (await (await t.api('/api/models?author=bob&sort=createdAt&direction=1')).json()) as Array<{ id: string }>;
    expect(all.map((r) => r.id)).toEqual(['bob/p-one', 'bob/p-two', 'bob/p-three']);
    const searched = (await (await t.api('/api/models?search=P-T&sort=id&direction=1')).json()) as Array<{ id: string }>;
    expect(searched.map((r) => r.id)).toEqual(['bob/p-three', 'bob/p-two']);
    const filtered = (await (await t.api('/api/models?filter=license:mit')).json()) as Array<{ id: string }>;
    expect(filtered.map((r) => r.id)).toEqual(['bob/p-two']);
    expect(await (await t.api('/api/models?search=100%25_')).json()).toEqual([]);

    const seen: string[] = [];
    let next: string | null = `${t.url}/api/models?author=bob&limit=2&sort=createdAt&direction=1`;
    while (next) {
      const res: Response = await fetch(next);
      expect(res.status).toBe(200);
      seen.push(...((await res.json()) as Array<{ id: string }>).map((r) => r.id));
      const link = res.headers.get('link');
      if (link) expect(link).toMatch(/^<https?:\/\/[^>]+>; rel="next"$/);
      next = link ? /<([^>]+)>/.exec(link)![1]! : null;
    }
    expect(seen).toEqual(['bob/p-one', 'bob/p-two', 'bob/p-three']);

    const expanded = (await (await t.api('/api/models?author=bob&limit=1&expand=likes&expand[]=downloads')).json()) as Array<Record<string, unknown>>;
    expect(Object.keys(expanded[0]!).sort()).toEqual(['_id', 'downloads', 'id', 'likes']);
    const full = (await (await t.api('/api/models?author=bob&limit=1&full=true')).json()) as Array<Record<string, unknown>>;
    expect(full[0]!.siblings).toEqual([{ rfilename: '.gitattributes' }, { rfilename: 'README.md' }]);

    await expectError(await t.api('/api/models?limit=0'), 400, 'limit must be a positive integer');
    await expectError(await t.api('/api/models?sort=size'), 400, /^Invalid sort "size"/);
    await expectError(await t.api('/api/models?cursor=garbage'), 400, 'Invalid cursor');
    await expectError(await t.api('/api/models?direction=up'), 400, 'direction must be 1 or -1');
  });

  it('hides a repository from the first request after the change is answered, even under concurrent anonymous downloads', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'busy-then-private' } })).status).toBe(200);
    const url = '/alice/busy-then-private/resolve/main/README.md';
    let stop = false;
    // Twenty anonymous clients read the file back to back while the owner makes the repository private.
    const readers = Array.from({ length: 20 }, async () => {
      const seen: number[] = [];
      while (!stop) seen.push((await t.api(url, { method: 'HEAD' })).status);
      return seen;
    });
    await new Promise((r) => setTimeout(r, 100));
    const res = await t.api('/api/models/alice/busy-then-private/settings', { method: 'PUT', token: alice, json: { private: true } });
    expect(res.status).toBe(200);
    // Sent after the answer above arrived: never served.
    const after = await Promise.all(Array.from({ length: 20 }, async () => (await t.api(url, { method: 'HEAD' })).status));
    stop = true;
    const during = (await Promise.all(readers)).flat();
    expect(during.length).toBeGreaterThan(20);
    expect(during.every((s) => s === 200 || s === 404)).toBe(true);
    expect(after).toEqual(Array(20).fill(404));
  });

  it('changes visibility through settings; a private repository vanishes for others, in listings too', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'soon-private', type: 'dataset' } })).status).toBe(200);
    const listed = async (token?: string) => ((await (await t.api('/api/datasets?author=alice', { token })).json()) as Array<{ id: string }>).map((r) => r.id);
    expect(await listed()).toContain('alice/soon-private');

    const res = await t.api('/api/datasets/alice/soon-private/settings', { method: 'PUT', token: alice, json: { private: true } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ private: true, visibility: 'private', gated: false, description: '', protectedBranches: ['main'] });

    expect(await listed()).not.toContain('alice/soon-private');
    expect(await listed(bob)).not.toContain('alice/soon-private');
    expect(await listed(alice)).toContain('alice/soon-private');
    await expectError(await t.api('/api/datasets/alice/soon-private'), 404, 'Repository not found: alice/soon-private', 'RepoNotFound');
    await expectError(await t.api('/api/datasets/alice/soon-private', { token: bob }), 404, 'Repository not found: alice/soon-private', 'RepoNotFound');
    // Not even the settings route admits it exists.
    await expectError(await t.api('/api/datasets/alice/soon-private/settings', { method: 'PUT', token: bob, json: { private: false } }), 404,
      'Repository not found: alice/soon-private', 'RepoNotFound');

    expect((await t.api('/api/datasets/alice/soon-private/settings', { method: 'PUT', token: alice, json: { visibility: 'internal' } })).status).toBe(200);
    expect(await listed()).not.toContain('alice/soon-private');
    expect(await listed(bob)).toContain('alice/soon-private');

    await expectError(await t.api('/api/datasets/alice/soon-private/settings', { method: 'PUT', token: alice, json: { gated: 'auto' } }), 400,
      'Gated access is not supported by this hub; use private or internal visibility');
    await expectError(await t.api('/api/datasets/alice/soon-private/settings', { method: 'PUT', token: alice, json: { visibility: 'hidden' } }), 400,
      /^Invalid request: visibility: Invalid option/);
    expect(((await (await t.api('/api/datasets/alice/soon-private', { token: alice })).json()) as { visibility: string }).visibility).toBe('internal');
  });

  it('reads settings (extension GET) for repository admins only, in the shape the PUT answers', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'configured', organization: 'acme', type: 'dataset' } })).status).toBe(200);
    const put = await t.api('/api/datasets/acme/configured/settings', { method: 'PUT', token: alice, json: { description: 'Corpus', protectedBranches: ['main', 'release'] } });
    expect(put.status).toBe(200);
    const res = await t.api('/api/datasets/acme/configured/settings', { token: alice });
    expect(res.status).toBe(200);
    const expected = { private: false, visibility: 'public', gated: false, description: 'Corpus', protectedBranches: ['main', 'release'] };
    expect(await res.json()).toEqual(expected);
    expect(await put.json()).toEqual(expected);

    // bob reads acme's repositories (read role) but does not administer them; anonymous callers are asked to sign in.
    await expectError(await t.api('/api/datasets/acme/configured/settings', { token: bob }), 403, 'You do not have admin access to acme/configured');
    await expectError(await t.api('/api/datasets/acme/configured/settings'), 401, 'Sign in to do this');

    // A private repository of alice's stays invisible to bob, as with the PUT.
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'secret-settings', type: 'dataset', private: true } })).status).toBe(200);
    expect(await (await t.api('/api/datasets/alice/secret-settings/settings', { token: alice })).json()).toEqual(
      { private: true, visibility: 'private', gated: false, description: '', protectedBranches: ['main'] });
    await expectError(await t.api('/api/datasets/alice/secret-settings/settings', { token: bob }), 404, 'Repository not found: alice/secret-settings', 'RepoNotFound');
    await expectError(await t.api('/api/datasets/alice/secret-settings/settings', { method: 'PUT', token: bob, json: {} }), 404,
      'Repository not found: alice/secret-settings', 'RepoNotFound');
    // The wrong type is another repository, not found.
    await expectError(await t.api('/api/models/acme/configured/settings', { token: alice }), 404, 'Repository not found: acme/configured', 'RepoNotFound');
    // Reading changed nothing.
    expect(await (await t.api('/api/datasets/acme/configured/settings', { token: alice })).json()).toEqual(expected);
  });

  it('moves a repository with its directory; the old name is gone', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'old-name' } })).status).toBe(200);
    const res = await t.api('/api/repos/move', { method: 'POST', token: alice, json: { fromRepo: 'alice/old-name', toRepo: 'acme/new-name', type: 'model' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ url: `${t.url}/acme/new-name`, name: 'acme/new-name' });
    expect(await exists(repoDir(t, 'models', 'alice', 'old-name'))).toBe(false);
    expect(await git(['--git-dir', repoDir(t, 'models', 'acme', 'new-name'), 'log', '--format=%s'])).toBe('initial commit\n');
    await expectError(await t.api('/api/models/alice/old-name'), 404, 'Repository not found: alice/old-name', 'RepoNotFound');
    expect((await t.api('/api/models/acme/new-name')).status).toBe(200);

    const before = await snapshot();
    await expectError(await t.api('/api/repos/move', { method: 'POST', token: alice, json: { fromRepo: 'acme/new-name', toRepo: 'alice/llama-7b' } }), 409,
      'A model repo named alice/llama-7b already exists');
    await expectError(await t.api('/api/repos/move', { method: 'POST', token: bob, json: { fromRepo: 'acme/new-name', toRepo: 'bob/mine' } }), 403,
      'You do not have admin access to acme/new-name');
    await expectError(await t.api('/api/repos/move', { method: 'POST', token: alice, json: { fromRepo: 'acme/new-name', toRepo: 'bob/mine' } }), 403,
      'You cannot create repositories under bob');
    await expectError(await t.api('/api/repos/move', { method: 'POST', token: alice, json: { fromRepo: 'acme/new-name', toRepo: 'alice/../x' } }), 400,
      'Invalid repository id "alice/../x": expected "namespace/name"');
    expect(await snapshot()).toEqual(before);
  });

  it('deletes a repository and its directory; only repository admins may', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'doomed', organization: 'acme' } })).status).toBe(200);
    await expectError(await t.api('/api/repos/delete', { method: 'DELETE', token: bob, json: { name: 'doomed', organization: 'acme' } }), 403,
      'You do not have admin access to acme/doomed');
    await expectError(await t.api('/api/repos/delete', { method: 'DELETE', json: { name: 'doomed', organization: 'acme' } }), 401, 'Sign in to do this');
    expect(await exists(repoDir(t, 'models', 'acme', 'doomed'))).toBe(true);

    const res = await t.api('/api/repos/delete', { method: 'DELETE', token: alice, json: { name: 'doomed', organization: 'acme', type: 'model' } });
    expect(res.status).toBe(200);
    expect(await exists(repoDir(t, 'models', 'acme', 'doomed'))).toBe(false);
    await expectError(await t.api('/api/models/acme/doomed', { token: alice }), 404, 'Repository not found: acme/doomed', 'RepoNotFound');
    await expectError(await t.api('/api/repos/delete', { method: 'DELETE', token: alice, json: { name: 'acme/doomed' } }), 404,
      'Repository not found: acme/doomed', 'RepoNotFound');
    // The name can be used again.
    expect((await t.api('/api/repos/create', { method: 'POST', token: alice, json: { name: 'doomed', organization: 'acme' } })).status).toBe(200);
  });

  it('answers unknown routes and methods with JSON errors', async () => {
    await expectError(await t.api('/api/nothing-here'), 404, 'Not found: GET /api/nothing-here');
    await expectError(await t.api('/api/models/alice/llama-7b', { method: 'PATCH' }), 405, 'Method Not Allowed');
  });
});
