import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { git } from './helpers/git.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';

// Browsing, server-side commits, refs and downloads over real HTTP, checked against the real git.

type Line = { key: string; value: unknown };
type TreeJson = { type: 'file' | 'directory'; oid: string; size: number; path: string; lastCommit?: { id: string; title: string; date: string } };
type CommitJson = { id: string; title: string; message: string; authors: Array<{ user: string }>; date: string };

const b64 = (content: string | Buffer) => Buffer.from(content).toString('base64');
const header = (summary: string, extra: Record<string, unknown> = {}): Line => ({ key: 'header', value: { summary, ...extra } });
const file = (p: string, content: string | Buffer): Line => ({ key: 'file', value: { path: p, content: b64(content), encoding: 'base64' } });
const deletedFile = (p: string): Line => ({ key: 'deletedFile', value: { path: p } });
const deletedFolder = (p: string): Line => ({ key: 'deletedFolder', value: { path: p } });
/** Python ends every line with "\n"; JS joins with "\n" and adds none. Both must work. */
const ndjson = (lines: Array<Line | string>, trailingNewline = true) =>
  lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + (trailingNewline ? '\n' : '');

// The CLI's identity and no credential helper or user configuration getting in the way.
const GIT_CFG = ['-c', 'user.name=Pusher', '-c', 'user.email=pusher@example.test', '-c', 'credential.helper=', '-c', 'init.defaultBranch=main'];

const STALE = 'A commit has happened since. Please refresh and try again.';
const LOST_RACE = 'main was updated by someone else meanwhile; fetch the new head and try again';

/** `git ls-tree -z -l` parsed into Hugging Face tree entries (directories have size 0). */
async function lsTree(dir: string, args: string[]): Promise<TreeJson[]> {
  const out = await git(['--git-dir', dir, 'ls-tree', '-z', '-l', ...args]);
  return out.split('\0').filter(Boolean).map((record) => {
    const tab = record.indexOf('\t');
    const [, type, oid, size] = record.slice(0, tab).split(/ +/);
    const p = record.slice(tab + 1);
    return type === 'tree' ? { type: 'directory', oid: oid!, size: 0, path: p } : { type: 'file', oid: oid!, size: Number(size), path: p };
  });
}

/** Every file path at a revision, unquoted (`-z`), sorted. */
async function lsFiles(dir: string, rev: string): Promise<string[]> {
  return (await git(['--git-dir', dir, 'ls-tree', '-r', '-z', '--name-only', rev])).split('\0').filter(Boolean).sort();
}

const byPath = <T extends { path: string }>(entries: T[]) => [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

/** A request with the path sent exactly as given (fetch would normalise `..`). */
function rawRequest(base: string, rawPath: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(backends)('browsing, commits, refs and downloads over HTTP ($name)', (backend) => {
  let t: TestHub;
  let alice: string;
  let bob: string;
  let carol: string;

  const bare = (id: string, plural = 'models') => path.join(t.dataDir, 'repos', plural, `${id}.git`);
  const revParse = async (dir: string, rev = 'main') => (await git(['--git-dir', dir, 'rev-parse', rev])).trim();
  const refsOf = async (dir: string) => git(['--git-dir', dir, 'for-each-ref', '--format=%(refname) %(objectname)']);
  const work = async (name: string) => {
    const dir = path.join(t.dataDir, 'work', name);
    await fs.mkdir(path.dirname(dir), { recursive: true });
    return dir;
  };
  const authUrl = (token: string, id: string, prefix = '') => {
    const u = new URL(`${t.url}/${prefix}${id}`);
    u.username = 'alice';
    u.password = token;
    return u.toString();
  };

  async function createRepo(name: string, extra: Record<string, unknown> = {}, token = alice): Promise<void> {
    const res = await t.api('/api/repos/create', { method: 'POST', token, json: { name, ...extra } });
    if (res.status !== 200) throw new Error(`create ${name}: ${res.status} ${await res.text()}`);
  }

  function postCommit(id: string, body: string | Array<Line | string>, options: { token?: string | null; rev?: string; plural?: string; contentType?: string; query?: string } = {}) {
    const token = options.token === null ? undefined : (options.token ?? alice);
    return t.api(`/api/${options.plural ?? 'models'}/${id}/commit/${options.rev ?? 'main'}${options.query ?? ''}`, {
      method: 'POST', token, body: typeof body === 'string' ? body : ndjson(body),
      headers: { 'content-type': options.contentType ?? 'application/x-ndjson' },
    });
  }

  async function commitOk(id: string, lines: Array<Line | string>, options: { token?: string; rev?: string; plural?: string } = {}): Promise<string> {
    const res = await postCommit(id, lines, options);
    if (res.status !== 200) throw new Error(`commit to ${id}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { commitOid: string }).commitOid;
  }

  async function json<T>(pathname: string, token?: string): Promise<{ res: Response; body: T }> {
    const res = await t.api(pathname, { token });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${pathname}: ${res.status} ${text}`);
    return { res, body: JSON.parse(text) as T };
  }

  /** Follows `Link: <absolute>; rel="next"` from `first` to the end and returns every page's items. */
  async function followLinks<T>(first: string): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let pages = 0;
    let next: string | null = first;
    while (next) {
      const res: Response = await fetch(next);
      expect(res.status, next).toBe(200);
      items.push(...((await res.json()) as T[]));
      pages++;
      if (pages > 100) throw new Error(`Link pagination does not end (last: ${next})`);
      const link = res.headers.get('link');
      if (link) expect(link).toMatch(/^<https?:\/\/[^>]+>; rel="next"$/);
      next = link ? /<([^>]+)>/.exec(link)![1]! : null;
    }
    return { items, pages };
  }

  beforeAll(async () => {
    t = await startHub(backend);
    alice = await t.user('alice');
    bob = await t.user('bob');
    carol = await t.user('carol');
    const { accounts } = t.hub.services;
    const org = await accounts.createOrg({ name: 'acme' }, await accounts.requireUser('alice'));
    await accounts.setMember(org, await accounts.requireUser('carol'), 'read');
  });
  afterAll(() => t.close());

  // ---------------------------------------------------------------------------------------------
  describe('the ndjson commit API', () => {
    const id = 'alice/commits';
    beforeAll(async () => {
      await createRepo('commits');
      await createRepo('shared', { organization: 'acme' });
      await createRepo('secret', { private: true });
    });

    it('commits files, nested folders included, with the Hugging Face answer; git clone sees them and fsck is clean', async () => {
      const before = await revParse(bare(id));
      const res = await postCommit(id, ndjson([
        header('Add files', { description: 'A longer description' }),
        file('config.json', '{"hidden_size": 8}\n'),
        file('nested/deep/dir/a.txt', 'alpha\n'),
        file('nested/deep/b.txt', 'beta\n'),
        // Tree order in git compares directories as "a/": "a-b" < "a.txt" < "a/" < "a0".
        file('a/inside.txt', 'in a\n'),
        file('a.txt', 'a file\n'),
        file('a-b', 'dash\n'),
        file('a0', 'zero\n'),
        { key: 'file', value: { path: 'plain.txt', content: 'utf-8 text ✓\n', encoding: 'utf-8' } },
      ], false));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { success: boolean; commitOid: string; commitUrl: string; hookOutput: string };
      expect(body).toEqual({ success: true, commitOid: expect.stringMatching(/^[0-9a-f]{40}$/), commitUrl: `${t.url}/${id}/commit/${body.commitOid}`, hookOutput: '' });
      const dir = bare(id);
      expect(await revParse(dir)).toBe(body.commitOid);
      expect(await revParse(dir, 'main^')).toBe(before);
      await git(['--git-dir', dir, 'fsck', '--strict', '--no-dangling']);

      const clone = await work('commits-1');
      await git([...GIT_CFG, 'clone', '-q', `${t.url}/${id}`, clone]);
      expect(await fs.readFile(path.join(clone, 'config.json'), 'utf8')).toBe('{"hidden_size": 8}\n');
      expect(await fs.readFile(path.join(clone, 'nested/deep/dir/a.txt'), 'utf8')).toBe('alpha\n');
      expect(await fs.readFile(path.join(clone, 'nested/deep/b.txt'), 'utf8')).toBe('beta\n');
      expect(await fs.readFile(path.join(clone, 'a/inside.txt'), 'utf8')).toBe('in a\n');
      expect(await fs.readFile(path.join(clone, 'plain.txt'), 'utf8')).toBe('utf-8 text ✓\n');
      expect(await git(['log', '-1', '--format=%H%n%an <%ae>%n%B'], clone)).toBe(`${body.commitOid}\nalice <alice@example.test>\nAdd files\n\nA longer description\n\n`);
      expect((await git(['ls-files'], clone)).split('\n').filter(Boolean)).toEqual([
        '.gitattributes', 'README.md', 'a-b', 'a.txt', 'a/inside.txt', 'a0', 'config.json', 'nested/deep/b.txt', 'nested/deep/dir/a.txt', 'plain.txt',
      ]);
      // The database follows the branch.
      expect(((await json<{ sha: string }>(`/api/models/${id}`)).body).sha).toBe(body.commitOid);
    });

    it('overwrites, deletes files and folders; emptied folders disappear', async () => {
      const dir = bare(id);
      const sha = await commitOk(id, [
        header('Reshape'),
        file('config.json', '{"hidden_size": 16}\n'),
        deletedFile('a-b'),
        deletedFolder('nested/deep/dir'),
        deletedFile('nested/deep/b.txt'),
        deletedFolder('a/'),
      ]);
      expect(await revParse(dir)).toBe(sha);
      expect(await lsFiles(dir, 'main')).toEqual(['.gitattributes', 'README.md', 'a.txt', 'a0', 'config.json', 'plain.txt']);
      expect(await git(['--git-dir', dir, 'show', 'main:config.json'])).toBe('{"hidden_size": 16}\n');
      // No empty "nested" tree is left behind.
      expect(await git(['--git-dir', dir, 'ls-tree', '-d', 'main', 'nested'])).toBe('');
      await git(['--git-dir', dir, 'fsck', '--strict', '--no-dangling']);
    });

    it('accepts a parentCommit that matches the head (full or short); a stale one gets 409 and the branch does not move', async () => {
      const dir = bare(id);
      const head = await revParse(dir);
      const one = await commitOk(id, [header('With full parent', { parentCommit: head }), file('p1.txt', '1')]);
      const two = await commitOk(id, [header('With short parent', { parentCommit: one.slice(0, 7) }), file('p2.txt', '2')]);
      expect(await revParse(dir, 'main^')).toBe(one);
      const refs = await refsOf(dir);
      await expectError(await postCommit(id, [header('Stale', { parentCommit: head }), file('p3.txt', '3')]), 409, STALE);
      await expectError(await postCommit(id, [header('Stale short', { parentCommit: one.slice(0, 8) }), file('p3.txt', '3')]), 409, STALE);
      expect(await revParse(dir)).toBe(two);
      expect(await refsOf(dir)).toBe(refs);
    });

    it('answers 403 to a read-only member, 401 to anonymous, and 404 RepoNotFound on a private repository, moving nothing', async () => {
      const shared = bare('acme/shared');
      const before = await refsOf(shared);
      const lines = [header('Nope'), file('x.txt', 'x')];
      await expectError(await postCommit('acme/shared', lines, { token: carol }), 403, 'You do not have write access to acme/shared');
      await expectError(await postCommit('acme/shared', lines, { token: null }), 401, 'Sign in to do this');
      await expectError(await postCommit('acme/shared', lines, { token: await t.token('alice', 'read') }), 403,
        'This token has the "read" scope, which does not allow write access; use a token with a wider scope');
      expect(await refsOf(shared)).toBe(before);

      const secret = bare('alice/secret');
      const secretBefore = await refsOf(secret);
      await expectError(await postCommit('alice/secret', lines, { token: bob }), 404, 'Repository not found: alice/secret', 'RepoNotFound');
      await expectError(await postCommit('alice/secret', lines, { token: null }), 404, 'Repository not found: alice/secret', 'RepoNotFound');
      expect(await refsOf(secret)).toBe(secretBefore);
      // The owner may.
      await commitOk('alice/secret', lines);
    });

    const BAD: Array<[string, string | Array<Line | string>, number, string, string?]> = [
      ['no header line', [file('x.txt', 'x')], 400, 'The commit has no header line'],
      ['the header after a file', [file('x.txt', 'x'), header('Late')], 400, 'The header must come first, once'],
      ['two headers', [header('One'), header('Two'), file('x.txt', 'x')], 400, 'The header must come first, once'],
      ['an empty summary', [header(''), file('x.txt', 'x')], 400, 'The commit summary is required'],
      ['a blank summary', [header('   '), file('x.txt', 'x')], 400, 'The commit summary is required'],
      ['no operations', [header('Nothing')], 400, 'The commit has no operations'],
      ['an empty body', '', 400, 'The commit has no header line'],
      ['an invalid JSON line', [header('Broken'), '{"key": "file", "value": '], 400, 'Line 2 is not valid JSON'],
      ['an unknown key', [header('Copy'), { key: 'copyFile', value: { path: 'x' } }], 400, 'Unknown operation "copyFile" on line 2'],
      ['a file without content', [header('No content'), { key: 'file', value: { path: 'x.txt' } }], 400, 'Invalid line 2 (file): content: Invalid input: expected string, received undefined'],
      ['an upper-case parentCommit', [header('Hex', { parentCommit: 'ABCDEF1' }), file('x.txt', 'x')], 400, 'Invalid line 1 (header): parentCommit: must be 5 to 40 lower-case hex digits'],
      ['the path ../x', [header('Escape'), file('../x', 'x')], 400, 'Invalid path "../x" on line 2 (file)'],
      ['the path .git/config', [header('Escape'), file('.git/config', 'x')], 400, 'Invalid path ".git/config" on line 2 (file)'],
      ['the path .GIT/hooks/pre-receive', [header('Escape'), file('.GIT/hooks/pre-receive', 'x')], 400, 'Invalid path ".GIT/hooks/pre-receive" on line 2 (file)'],
      ['the path a//b', [header('Empty part'), file('a//b', 'x')], 400, 'Invalid path "a//b" on line 2 (file)'],
      ['the path /abs', [header('Absolute'), file('/abs', 'x')], 400, 'Invalid path "/abs" on line 2 (file)'],
      ['deleting ../x', [header('Escape'), deletedFile('../x')], 400, 'Invalid path "../x" on line 2 (deletedFile)'],
      ['deleting a missing file', [header('Gone'), deletedFile('missing.txt')], 404, 'File not found: missing.txt', 'EntryNotFound'],
      ['deleting a missing folder', [header('Gone'), deletedFolder('missing')], 404, 'Folder not found: missing', 'EntryNotFound'],
      ['deleting a file inside a missing folder', [header('Gone'), deletedFile('missing/x.txt')], 404, 'File not found: missing/x.txt', 'EntryNotFound'],
      ['deletedFile on a folder', [header('Wrong kind'), file('folder/x.txt', 'x'), deletedFile('folder')], 400, 'folder is a folder: delete it with deletedFolder'],
      ['deletedFolder on a file', [header('Wrong kind'), deletedFolder('config.json')], 400, 'config.json is a file: delete it with deletedFile'],
      ['a file over a folder', [header('Clash'), file('folder/x.txt', 'x'), file('folder', 'y')], 400, 'Cannot write folder: it is a directory'],
      ['a file under a file', [header('Clash'), file('config.json/x', 'y')], 400, 'Cannot write config.json/x: config.json is a file'],
      ['an LFS file that was never uploaded', [header('LFS'), { key: 'lfsFile', value: { path: 'w.bin', algo: 'sha256', oid: 'a'.repeat(64), size: 3 } }], 422,
        `The LFS object ${'a'.repeat(64)} of w.bin was not uploaded to this repository`],
    ];
    it.each(BAD)('refuses %s with the exact error and moves nothing', async (_what, body, status, message, code) => {
      const dir = bare(id);
      const before = await refsOf(dir);
      await expectError(await postCommit(id, body), status, message, code);
      expect(await refsOf(dir)).toBe(before);
    });

    it('refuses a regular file above 10 MB (400, or 413 for a line beyond the limit) and moves nothing', async () => {
      const dir = bare(id);
      const before = await refsOf(dir);
      const justOver = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
      await expectError(await postCommit(id, [header('Too big'), file('big.txt', justOver)]), 400,
        'big.txt is 10.0 MB: files above 10.0 MB must be uploaded with Git LFS');
      const wayOver = Buffer.alloc(12 * 1024 * 1024, 'b');
      await expectError(await postCommit(id, [header('Way too big'), file('big.txt', wayOver)]), 413,
        'Line 2 is too large: regular files above 10.0 MB must be uploaded with Git LFS');
      expect(await refsOf(dir)).toBe(before);
    });

    it('refuses an unknown branch (404 RevisionNotFound), a tag, a wrong content type (415) and create_pr on no branch, moving nothing', async () => {
      const dir = bare(id);
      const before = await refsOf(dir);
      const lines = [header('Somewhere'), file('x.txt', 'x')];
      await expectError(await postCommit(id, lines, { rev: 'nope' }), 404, 'Invalid rev id: nope', 'RevisionNotFound');
      const head = await revParse(dir);
      await expectError(await postCommit(id, lines, { rev: head }), 404, `Invalid rev id: ${head}`, 'RevisionNotFound');
      await expectError(await postCommit(id, lines, { contentType: 'application/octet-stream' }), 415,
        'Unsupported content type "application/octet-stream": send application/x-ndjson');
      await expectError(await postCommit(id, lines, { contentType: 'multipart/form-data; boundary=x' }), 415,
        'Unsupported content type "multipart/form-data": send application/x-ndjson');
      // create_pr on a revision that is no branch: nothing to open a pull request against.
      await expectError(await postCommit(id, lines, { rev: 'nope', query: '?create_pr=1' }), 404, 'Invalid rev id: nope', 'RevisionNotFound');
      expect(await refsOf(dir)).toBe(before);
      // A branch written as a full ref name (refs%2Fheads%2Fmain) is the same branch.
      const sha = await commitOk(id, [header('Via full ref'), file('via-ref.txt', 'x')], { rev: 'refs%2Fheads%2Fmain' });
      expect(await revParse(dir)).toBe(sha);
    });

    it('lets exactly one of several commits racing on the same parentCommit win; the others get 409', async () => {
      const dir = bare(id);
      const base = await revParse(dir);
      const results = await Promise.all([0, 1, 2, 3].map((i) => postCommit(id, [header(`race ${i}`, { parentCommit: base }), file(`race-${i}.txt`, `${i}\n`)])));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      let winner = '';
      for (const res of results) {
        const body = (await res.json()) as { commitOid?: string; error?: string };
        if (res.status === 200) winner = body.commitOid!;
        else expect([STALE, LOST_RACE]).toContain(body.error);
      }
      expect(await revParse(dir)).toBe(winner);
      expect(await revParse(dir, 'main^')).toBe(base);
      const added = (await git(['--git-dir', dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', 'main'])).trim();
      expect(added).toMatch(/^race-[0-3]\.txt$/);
      await git(['--git-dir', dir, 'fsck', '--strict', '--no-dangling']);
    });

    it('lands every one of several concurrent commits that name no parentCommit', async () => {
      const dir = bare(id);
      const base = await revParse(dir);
      const results = await Promise.all([0, 1, 2, 3].map((i) => postCommit(id, [header(`free ${i}`), file(`free-${i}.txt`, `${i}\n`)])));
      const answers = await Promise.all(results.map(async (r) => `${r.status} ${r.status === 200 ? '' : await r.text()}`));
      expect(answers).toEqual(['200 ', '200 ', '200 ', '200 ']);
      expect((await git(['--git-dir', dir, 'rev-list', '--count', `${base}..main`])).trim()).toBe('4');
      for (const i of [0, 1, 2, 3]) expect(await git(['--git-dir', dir, 'show', `main:free-${i}.txt`])).toBe(`${i}\n`);
    });

    it('commits to datasets at their own URLs', async () => {
      await createRepo('corpus', { type: 'dataset' });
      const res = await postCommit('alice/corpus', [header('Add data'), file('data/train.csv', 'a,b\n1,2\n')], { plural: 'datasets' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { commitOid: string; commitUrl: string };
      expect(body.commitUrl).toBe(`${t.url}/datasets/alice/corpus/commit/${body.commitOid}`);
      expect(await git(['--git-dir', bare('alice/corpus', 'datasets'), 'show', 'main:data/train.csv'])).toBe('a,b\n1,2\n');
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('preupload and validate-yaml', () => {
    const id = 'alice/uploads';
    beforeAll(async () => {
      await createRepo('uploads');
      await commitOk(id, [header('Ignore rules'), file('.gitignore', '*.log\ncache/\n'), file('existing.txt', 'I exist\n')]);
    });

    it('classifies files as lfs or regular, reports ignored files and the oid of existing ones', async () => {
      const dir = bare(id);
      const text = b64('hello world, plain text\n');
      const res = await t.api(`/api/models/${id}/preupload/main`, {
        method: 'POST', token: alice,
        json: {
          gitIgnore: 'secret.txt\n*.tmp\n',
          gitAttributes: '*.csv filter=lfs diff=lfs merge=lfs -text\n',
          files: [
            { path: 'model.safetensors', size: 1000, sample: text },
            { path: 'nested/pytorch_model.bin', size: 2000, sample: text },
            { path: 'big.txt', size: 20 * 1024 * 1024, sample: text },
            { path: 'edge.txt', size: 10 * 1024 * 1024, sample: text },
            { path: 'small.txt', size: 24, sample: text },
            { path: 'binary.dat', size: 4, sample: b64(Buffer.from([1, 0, 2, 3])) },
            { path: 'empty.txt', size: 0, sample: '' },
            { path: 'empty.safetensors', size: 0 },
            { path: 'data.csv', size: 10, sample: text },
            { path: 'debug.log', size: 5, sample: text },
            { path: 'cache/x.txt', size: 5, sample: text },
            { path: 'secret.txt', size: 5, sample: text },
            { path: 'scratch.tmp', size: 5, sample: text },
            { path: 'existing.txt', size: 8, sample: b64('I exist\n') },
            { path: 'README.md', size: 10, sample: text },
          ],
        },
      });
      expect(res.status).toBe(200);
      const f = (p: string, uploadMode: 'lfs' | 'regular', shouldIgnore = false, oid?: string) => ({ path: p, uploadMode, shouldIgnore, ...(oid ? { oid } : {}) });
      expect(await res.json()).toEqual({
        commitOid: await revParse(dir),
        files: [
          f('model.safetensors', 'lfs'),
          f('nested/pytorch_model.bin', 'lfs'),
          f('big.txt', 'lfs'),
          f('edge.txt', 'regular'),
          f('small.txt', 'regular'),
          f('binary.dat', 'lfs'),
          f('empty.txt', 'regular'),
          f('empty.safetensors', 'regular'),
          f('data.csv', 'lfs'),
          f('debug.log', 'regular', true),
          f('cache/x.txt', 'regular', true),
          f('secret.txt', 'regular', true),
          f('scratch.tmp', 'regular', true),
          f('existing.txt', 'regular', false, await revParse(dir, 'main:existing.txt')),
          f('README.md', 'regular', false, await revParse(dir, 'main:README.md')),
        ],
      });
    });

    it('refuses anonymous callers, unsafe paths and unknown branches', async () => {
      const body = { files: [{ path: 'x.txt', size: 1, sample: b64('x') }] };
      await expectError(await t.api(`/api/models/${id}/preupload/main`, { method: 'POST', json: body }), 401, 'Sign in to do this');
      await expectError(await t.api(`/api/models/${id}/preupload/main`, { method: 'POST', token: bob, json: body }), 403, 'You do not have write access to alice/uploads');
      await expectError(await t.api(`/api/models/${id}/preupload/main`, { method: 'POST', token: alice, json: { files: [{ path: '../x', size: 1 }] } }), 400, 'Invalid path "../x"');
      await expectError(await t.api(`/api/models/${id}/preupload/nope`, { method: 'POST', token: alice, json: body }), 404, 'Invalid rev id: nope', 'RevisionNotFound');
      await expectError(await t.api(`/api/models/${id}/preupload/main?create_pr=1`, { method: 'POST', json: body }), 401, 'Sign in to contribute to pull requests');
    });

    it('validates README front matter: 200 with empty lists, 400 with a message for invalid YAML', async () => {
      const validate = (content: string) => t.api('/api/validate-yaml', { method: 'POST', token: alice, json: { content, repoType: 'model' } });
      let res = await validate('---\nlicense: mit\ntags: [foo]\nlibrary_name: transformers\n---\n\n# Model\n');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ errors: [], warnings: [] });

      res = await validate('# Just a title\n\nNo metadata here.\n');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ errors: [], warnings: [] });

      res = await validate('---\nlicense: [mit\ntags: foo: bar\n---\n# Broken\n');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as { errors: Array<{ message: string }>; warnings: unknown[] };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]!.message).toMatch(/^Invalid YAML in the card metadata: \S/);
      expect(body.warnings).toEqual([]);

      res = await validate('---\n- just\n- a list\n---\n');
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ errors: [{ message: 'The card metadata must be a YAML mapping' }], warnings: [] });

      // Anonymous callers may validate too (the Python client validates before it uploads).
      res = await t.api('/api/validate-yaml', { method: 'POST', json: { content: '---\nlicense: mit\n---\n' } });
      expect(res.status).toBe(200);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('repo info, tree, paths-info, commits and downloads', () => {
    const id = 'alice/browse';
    const large = randomBytes(3 * 1024 * 1024 + 17);
    let dir: string;
    let c1: string; // API: the first real content
    let c2: string; // API: b.txt changes
    let c3: string; // git push
    let c4: string; // API: the large file

    beforeAll(async () => {
      await createRepo('browse');
      dir = bare(id);
      c1 = await commitOk(id, [
        header('Add config and sources', { description: 'First real commit' }),
        file('config.json', '{"model": "héllo ✓"}\n'),
        file('sub/dir/a.txt', 'alpha\n'),
        file('sub/dir/b.txt', 'old\n'),
        file('sub/c.txt', 'charlie\n'),
        file('digits.txt', '0123456789'),
        file('docs/my file ü.txt', 'spaced and unicode\n'),
        file('empty.txt', ''),
      ]);
      c2 = await commitOk(id, [header('Update b'), file('sub/dir/b.txt', 'new\n')]);
      // A commit pushed with the real git CLI, authenticated by the token as password.
      const clone = await work('browse');
      await git([...GIT_CFG, 'clone', '-q', authUrl(alice, id), clone]);
      await fs.writeFile(path.join(clone, 'pushed.txt'), 'from git\n');
      await fs.writeFile(path.join(clone, 'sub', 'c.txt'), 'charlie 2\n');
      await git(['add', '-A'], clone);
      await git([...GIT_CFG, 'commit', '-q', '--author', 'Pusher <pusher@example.test>', '-m', 'Push from git', '-m', 'Body of the pushed commit'], clone);
      await git([...GIT_CFG, 'push', '-q', 'origin', 'main'], clone);
      c3 = await revParse(dir);
      expect(await git(['rev-parse', 'HEAD'], clone)).toBe(`${c3}\n`);
      c4 = await commitOk(id, [header('Add large file'), file('large.dat', large)]);
      for (const [path_, json_] of [['tag/' + c1, { tag: 'v1' }], ['tag/' + c2, { tag: 'v2', message: 'release two' }]] as const) {
        const res = await t.api(`/api/models/${id}/${path_}`, { method: 'POST', token: alice, json: json_ });
        if (res.status !== 200) throw new Error(await res.text());
      }
      const res = await t.api(`/api/models/${id}/branch/feature/x`, { method: 'POST', token: alice, json: { startingPoint: c2 } });
      if (res.status !== 200) throw new Error(await res.text());
    });

    // --- repo info and revision info ---

    it('answers repo info and revision info with the sha and every file as a sibling', async () => {
      const all = await lsFiles(dir, 'main');
      const info = (await json<{ id: string; sha: string; siblings: Array<{ rfilename: string }> }>(`/api/models/${id}`)).body;
      expect(info.id).toBe(id);
      expect(info.sha).toBe(c4);
      expect(info.siblings.map((s) => s.rfilename).sort()).toEqual(all);
      expect(info.siblings.every((s) => Object.keys(s).join() === 'rfilename')).toBe(true);

      const atMain = (await json<{ sha: string; siblings: Array<{ rfilename: string }> }>(`/api/models/${id}/revision/main`)).body;
      expect(atMain.sha).toBe(c4);
      expect(atMain.siblings.map((s) => s.rfilename).sort()).toEqual(all);

      const atC1 = await lsFiles(dir, c1);
      for (const rev of [c1, c1.slice(0, 7), 'v1', encodeURIComponent(`refs/tags/v1`)]) {
        const body = (await json<{ sha: string; siblings: Array<{ rfilename: string }> }>(`/api/models/${id}/revision/${rev}`)).body;
        expect(body.sha, rev).toBe(c1);
        expect(body.siblings.map((s) => s.rfilename).sort(), rev).toEqual(atC1);
      }
      // An annotated tag and a branch with a slash peel to their commits.
      expect((await json<{ sha: string }>(`/api/models/${id}/revision/v2`)).body.sha).toBe(c2);
      expect((await json<{ sha: string }>(`/api/models/${id}/revision/feature%2Fx`)).body.sha).toBe(c2);
      expect((await json<{ sha: string }>(`/api/models/${id}/revision/HEAD`)).body.sha).toBe(c4);
    });

    it('adds size and blobId to the siblings with blobs=true', async () => {
      const files = (await lsTree(dir, ['-r', 'main'])).filter((e) => e.type === 'file');
      const { body } = await json<{ siblings: Array<{ rfilename: string; size: number; blobId: string }> }>(`/api/models/${id}/revision/main?blobs=true`);
      expect([...body.siblings].sort((a, b) => (a.rfilename < b.rfilename ? -1 : 1)))
        .toEqual(byPath(files).map((f) => ({ rfilename: f.path, size: f.size, blobId: f.oid })));
      expect(body.siblings.find((s) => s.rfilename === 'large.dat')!.size).toBe(large.length);
    });

    it('answers 404 RevisionNotFound for unknown revisions and never lets git parse revision syntax', async () => {
      for (const rev of ['nope', 'main~1', 'HEAD%5E', '0000000', 'f'.repeat(40), 'main%3Aconfig.json', encodeURIComponent('refs/heads/nope')]) {
        const res = await t.api(`/api/models/${id}/revision/${rev}`);
        await expectError(res, 404, `Invalid rev id: ${decodeURIComponent(rev)}`, 'RevisionNotFound');
      }
      // A blob sha is not a revision either.
      const blob = await revParse(dir, 'main:config.json');
      await expectError(await t.api(`/api/models/${id}/revision/${blob}`), 404, `Invalid rev id: ${blob}`, 'RevisionNotFound');
      await expectError(await t.api(`/api/models/${id}/revision/main/config.json`), 400, 'A revision cannot be followed by a path here');
      await expectError(await t.api('/api/models/alice/secret/revision/main', { token: bob }), 404, 'Repository not found: alice/secret', 'RepoNotFound');
    });

    // --- tree ---

    it('lists the tree at the root and in a folder, in Hugging Face shapes, with X-Repo-Commit', async () => {
      const root = await json<TreeJson[]>(`/api/models/${id}/tree/main`);
      expect(root.res.headers.get('x-repo-commit')).toBe(c4);
      expect(byPath(root.body)).toEqual(byPath(await lsTree(dir, ['main'])));
      expect(root.body.find((e) => e.path === 'sub')).toEqual({ type: 'directory', oid: await revParse(dir, 'main:sub'), size: 0, path: 'sub' });
      expect(root.body.find((e) => e.path === 'digits.txt')).toEqual({ type: 'file', oid: await revParse(dir, 'main:digits.txt'), size: 10, path: 'digits.txt' });
      // The size of a file is in bytes, not characters.
      expect(root.body.find((e) => e.path === 'config.json')!.size).toBe(Buffer.byteLength('{"model": "héllo ✓"}\n'));

      const sub = await json<TreeJson[]>(`/api/models/${id}/tree/main/sub/dir`);
      expect(sub.body).toHaveLength(2);
      expect(byPath(sub.body)).toEqual(byPath(await lsTree(dir, ['main', 'sub/dir/'])));
      expect(sub.body.map((e) => e.path).sort()).toEqual(['sub/dir/a.txt', 'sub/dir/b.txt']);
      // Python encodes the folder fully ("sub%2Fdir").
      expect(byPath((await json<TreeJson[]>(`/api/models/${id}/tree/main/sub%2Fdir`)).body)).toEqual(byPath(sub.body));
      // At an older revision the tree is the older one.
      const old = (await json<TreeJson[]>(`/api/models/${id}/tree/${c1}/sub/dir`)).body;
      expect(old.find((e) => e.path === 'sub/dir/b.txt')!.oid).toBe(await revParse(dir, `${c1}:sub/dir/b.txt`));
    });

    it('lists recursively with directories and files', async () => {
      const { res, body } = await json<TreeJson[]>(`/api/models/${id}/tree/main?recursive=true`);
      expect(res.headers.get('x-repo-commit')).toBe(c4);
      const expected = await lsTree(dir, ['-r', '-t', 'main']);
      expect(byPath(body)).toEqual(byPath(expected));
      expect(body.filter((e) => e.type === 'directory').map((e) => e.path).sort()).toEqual(['docs', 'sub', 'sub/dir']);
      for (const e of body) expect(Object.keys(e).sort()).toEqual(['oid', 'path', 'size', 'type']);
      // Python 0.x sends True.
      expect(byPath((await json<TreeJson[]>(`/api/models/${id}/tree/main?recursive=True`)).body)).toEqual(byPath(expected));
      // Recursive below a folder.
      const sub = (await json<TreeJson[]>(`/api/models/${id}/tree/main/sub?recursive=1`)).body;
      expect(byPath(sub)).toEqual(byPath(expected.filter((e) => e.path.startsWith('sub/'))));
    });

    it('adds the last commit of every entry with expand=true', async () => {
      const lastCommit = async (p: string) => {
        const [sha, title, date] = (await git(['--git-dir', dir, 'log', '-1', '--format=%H%x1f%s%x1f%cI', 'main', '--', p])).trim().split('\x1f');
        return { id: sha!, title: title!, date: new Date(date!).toISOString() };
      };
      const { body } = await json<TreeJson[]>(`/api/models/${id}/tree/main?expand=true`);
      expect(body.length).toBeGreaterThan(5);
      for (const e of body) {
        expect(e.lastCommit, e.path).toEqual(await lastCommit(e.path));
        expect(e.lastCommit!.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
      const byName = Object.fromEntries(body.map((e) => [e.path, e.lastCommit!.id]));
      expect(byName).toMatchObject({ 'config.json': c1, 'digits.txt': c1, 'pushed.txt': c3, sub: c3, 'large.dat': c4, '.gitattributes': await revParse(dir, `${c1}^`) });
      const sub = (await json<TreeJson[]>(`/api/models/${id}/tree/main/sub/dir?expand=true`)).body;
      expect(Object.fromEntries(sub.map((e) => [e.path, e.lastCommit!.title]))).toEqual({ 'sub/dir/a.txt': 'Add config and sources', 'sub/dir/b.txt': 'Update b' });
    });

    it('pages with limit and an absolute Link until every entry was returned once', async () => {
      const expected = byPath(await lsTree(dir, ['-r', '-t', 'main']));
      const { items, pages } = await followLinks<TreeJson>(`${t.url}/api/models/${id}/tree/main?recursive=true&limit=3`);
      expect(pages).toBe(Math.ceil(expected.length / 3));
      expect(new Set(items.map((e) => e.path)).size).toBe(items.length);
      expect(byPath(items)).toEqual(expected);
      // With expand too, and the revision given as an encoded full ref name.
      const expanded = await followLinks<TreeJson>(`${t.url}/api/models/${id}/tree/${encodeURIComponent('refs/heads/main')}?recursive=true&expand=true&limit=4`);
      expect(expanded.pages).toBe(Math.ceil(expected.length / 4));
      expect(expanded.items.every((e) => /^[0-9a-f]{40}$/.test(e.lastCommit?.id ?? ''))).toBe(true);
      expect(byPath(expanded.items.map(({ lastCommit: _, ...e }) => e))).toEqual(expected);
      // A page that fits answers without Link.
      const whole = await t.api(`/api/models/${id}/tree/main?limit=1000`);
      expect(whole.headers.get('link')).toBeNull();
      await expectError(await t.api(`/api/models/${id}/tree/main?limit=0`), 400, 'limit must be a positive integer');
      await expectError(await t.api(`/api/models/${id}/tree/main?cursor=garbage`), 400, 'Invalid cursor');
    });

    it('lists at a full ref name and at a full sha', async () => {
      const viaRef = await json<TreeJson[]>(`/api/models/${id}/tree/refs%2Fheads%2Fmain/sub`);
      expect(viaRef.res.headers.get('x-repo-commit')).toBe(c4);
      expect(byPath(viaRef.body)).toEqual(byPath(await lsTree(dir, ['main', 'sub/'])));
      const viaSha = await json<TreeJson[]>(`/api/models/${id}/tree/${c2}/sub`);
      expect(viaSha.res.headers.get('x-repo-commit')).toBe(c2);
      expect(byPath(viaSha.body)).toEqual(byPath(await lsTree(dir, [c2, 'sub/'])));
      const viaTag = await json<TreeJson[]>(`/api/models/${id}/tree/v2`);
      expect(viaTag.res.headers.get('x-repo-commit')).toBe(c2);
    });

    it('answers 404 EntryNotFound for a file path or a missing folder, 404 RevisionNotFound for a missing revision, 400 for unsafe paths', async () => {
      await expectError(await t.api(`/api/models/${id}/tree/main/config.json`), 404, 'config.json is a file, not a folder', 'EntryNotFound');
      await expectError(await t.api(`/api/models/${id}/tree/main/sub/dir/a.txt`), 404, 'sub/dir/a.txt is a file, not a folder', 'EntryNotFound');
      await expectError(await t.api(`/api/models/${id}/tree/main/nope`), 404, 'Folder not found: nope', 'EntryNotFound');
      await expectError(await t.api(`/api/models/${id}/tree/main/sub/nope`), 404, 'Folder not found: sub/nope', 'EntryNotFound');
      await expectError(await t.api(`/api/models/${id}/tree/nope`), 404, 'Invalid rev id: nope', 'RevisionNotFound');
      await expectError(await t.api(`/api/models/${id}/tree/main/..%2F..%2Fetc`), 400, 'Invalid path "../../etc"');
      await expectError(await t.api(`/api/models/${id}/tree/main/.git`), 400, 'Invalid path ".git"');
      const raw = await rawRequest(t.url, `/api/models/${id}/tree/main/..`);
      expect(raw.status).toBe(400);
      expect(JSON.parse(raw.body.toString())).toEqual({ error: 'Invalid path ".."' });
      const raw2 = await rawRequest(t.url, `/api/models/${id}/tree/main/sub/../..`);
      expect(raw2.status).toBe(400);
      expect(JSON.parse(raw2.body.toString())).toEqual({ error: 'Invalid path "sub/../.."' });
      await expectError(await t.api('/api/models/alice/secret/tree/main'), 404, 'Repository not found: alice/secret', 'RepoNotFound');
    });

    // --- paths-info ---

    it('answers paths-info for a JSON body and for a form body; missing paths are left out', async () => {
      const expectedOf = async (p: string) => (await lsTree(dir, ['main', p]))[0]!;
      const res = await t.api(`/api/models/${id}/paths-info/main`, {
        method: 'POST', json: { paths: ['config.json', 'sub', 'missing.txt', 'sub/dir/a.txt', 'sub/nope/x'], expand: false },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-repo-commit')).toBe(c4);
      expect(await res.json()).toEqual([await expectedOf('config.json'), await expectedOf('sub'), await expectedOf('sub/dir/a.txt')]);
      expect((await expectedOf('sub')).type).toBe('directory');

      const form = await t.api(`/api/models/${id}/paths-info/main`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'paths=digits.txt&paths=sub%2Fdir&paths=nothing&paths=..%2Fx&expand=true',
      });
      expect(form.status).toBe(200);
      const entries = (await form.json()) as TreeJson[];
      expect(entries.map(({ lastCommit, ...e }) => e)).toEqual([await expectedOf('digits.txt'), await expectedOf('sub/dir')]);
      expect(entries[0]!.lastCommit).toMatchObject({ id: c1, title: 'Add config and sources' });
      expect(entries[1]!.lastCommit).toMatchObject({ id: c2, title: 'Update b' });

      // One path alone is a string in a form; Python 0.x sends expand=False.
      const single = await t.api(`/api/models/${id}/paths-info/${c1}`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'paths=sub%2Fdir%2Fb.txt&expand=False',
      });
      expect(await single.json()).toEqual([{ type: 'file', oid: await revParse(dir, `${c1}:sub/dir/b.txt`), size: 4, path: 'sub/dir/b.txt' }]);
      await expectError(await t.api(`/api/models/${id}/paths-info/nope`, { method: 'POST', json: { paths: ['x'] } }), 404, 'Invalid rev id: nope', 'RevisionNotFound');
      await expectError(await t.api(`/api/models/${id}/paths-info/main`, { method: 'POST', json: { expand: true } }), 400, /^Invalid request: paths: /);
    });

    // --- refs ---

    it('lists branches, converts and tags', async () => {
      const { body } = await json<Record<string, unknown>>(`/api/models/${id}/refs`);
      expect(body).toEqual({
        branches: [
          { name: 'feature/x', ref: 'refs/heads/feature/x', targetCommit: c2 },
          { name: 'main', ref: 'refs/heads/main', targetCommit: c4 },
        ],
        converts: [],
        tags: [
          { name: 'v1', ref: 'refs/tags/v1', targetCommit: c1 },
          { name: 'v2', ref: 'refs/tags/v2', targetCommit: c2 },
        ],
      });
      const withPrs = (await json<Record<string, unknown>>(`/api/models/${id}/refs?include_prs=1`)).body;
      expect(withPrs.pullRequests).toEqual([]);
    });

    // --- commits ---

    it('lists commits newest first in Hugging Face shape, with X-Total-Count', async () => {
      const log = (await git(['--git-dir', dir, 'log', '--format=%H%x1f%s%x1f%an%x1f%aI%x1f%B%x1e', 'main'])).split('\x1e').map((r) => r.trim()).filter(Boolean)
        .map((r) => {
          const [sha, title, author, date, message] = r.split('\x1f');
          return { id: sha!, title: title!, message: message!.replace(/\n+$/, ''), authors: [{ user: author! }], date: new Date(date!).toISOString() };
        });
      const { res, body } = await json<CommitJson[]>(`/api/models/${id}/commits/main`);
      expect(res.headers.get('x-total-count')).toBe((await git(['--git-dir', dir, 'rev-list', '--count', 'main'])).trim());
      expect(res.headers.get('link')).toBeNull();
      expect(body).toEqual(log);
      expect(body.map((c) => c.id)).toEqual([c4, c3, c2, c1, await revParse(dir, `${c1}^`)]);
      expect(body[1]).toMatchObject({ title: 'Push from git', message: 'Push from git\n\nBody of the pushed commit', authors: [{ user: 'Pusher' }] });
      expect(body[3]).toMatchObject({ title: 'Add config and sources', message: 'Add config and sources\n\nFirst real commit', authors: [{ user: 'alice' }] });
      for (const c of body) expect(c.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // At another revision.
      expect((await json<CommitJson[]>(`/api/models/${id}/commits/v2`)).body.map((c) => c.id)).toEqual([c2, c1, await revParse(dir, `${c1}^`)]);
    });

    it('pages commits with limit and Link, and filters by path', async () => {
      const all = (await git(['--git-dir', dir, 'rev-list', 'main'])).split('\n').filter(Boolean);
      const { items, pages } = await followLinks<CommitJson>(`${t.url}/api/models/${id}/commits/main?limit=2`);
      expect(items.map((c) => c.id)).toEqual(all);
      expect(pages).toBe(Math.ceil(all.length / 2));
      const first = await t.api(`/api/models/${id}/commits/main?limit=2`);
      expect(first.headers.get('x-total-count')).toBe(String(all.length));

      const history = (await git(['--git-dir', dir, 'rev-list', 'main', '--', 'sub/dir/b.txt'])).split('\n').filter(Boolean);
      expect(history).toEqual([c2, c1]);
      expect((await json<CommitJson[]>(`/api/models/${id}/commits/main?path=sub/dir/b.txt`)).body.map((c) => c.id)).toEqual(history);
      expect((await json<CommitJson[]>(`/api/models/${id}/commits/main?path=sub`)).body.map((c) => c.id)).toEqual([c3, c2, c1]);
      expect((await json<CommitJson[]>(`/api/models/${id}/commits/main?path=nothing-here`)).body).toEqual([]);
      await expectError(await t.api(`/api/models/${id}/commits/main?path=..%2Fx`), 400, 'Invalid path "../x"');
      await expectError(await t.api(`/api/models/${id}/commits/nope`), 404, 'Invalid rev id: nope', 'RevisionNotFound');
    });

    it('pages commits by page number p, and the Link of such a page leads to the next page', async () => {
      const all = (await git(['--git-dir', dir, 'rev-list', 'main'])).split('\n').filter(Boolean);
      const second = await json<CommitJson[]>(`/api/models/${id}/commits/main?limit=2&p=1`);
      expect(second.body.map((c) => c.id)).toEqual(all.slice(2, 4));
      const link = second.res.headers.get('link');
      expect(link).toMatch(/^<https?:\/\/[^>]+>; rel="next"$/);
      const third = await json<CommitJson[]>(/<([^>]+)>/.exec(link!)![1]!.slice(t.url.length));
      expect(third.body.map((c) => c.id)).toEqual(all.slice(4, 6));
    });

    it('shows one commit with its files and patch', async () => {
      const { body } = await json<{ id: string; parents: string[]; files: Array<Record<string, unknown>>; patch: string; title: string }>(`/api/models/${id}/commit/${c2}`);
      expect(body).toMatchObject({ id: c2, title: 'Update b', parents: [c1] });
      expect(body.files).toEqual([{ path: 'sub/dir/b.txt', status: 'modified', additions: 1, deletions: 1, binary: false }]);
      expect(body.patch).toContain('--- a/sub/dir/b.txt');
      expect(body.patch).toContain('-old\n+new\n');

      const pushed = (await json<{ files: Array<{ path: string; status: string; additions: number; deletions: number }>; patch: string }>(`/api/models/${id}/commit/${c3.slice(0, 10)}`)).body;
      expect(pushed.files.map(({ path: p, status, additions, deletions }) => ({ p, status, additions, deletions }))).toEqual([
        { p: 'pushed.txt', status: 'added', additions: 1, deletions: 0 },
        { p: 'sub/c.txt', status: 'modified', additions: 1, deletions: 1 },
      ]);
      expect(pushed.patch).toContain('+from git\n');
      await expectError(await t.api(`/api/models/${id}/commit/${'e'.repeat(40)}`), 404, `Invalid rev id: ${'e'.repeat(40)}`, 'RevisionNotFound');
    });

    // --- resolve and raw ---

    it('serves a file with the git blob sha as ETag, the head as X-Repo-Commit, byte Content-Length and no compression', async () => {
      const content = Buffer.from('{"model": "héllo ✓"}\n');
      const etag = `"${await revParse(dir, 'main:config.json')}"`;
      for (const kind of ['resolve', 'raw']) {
        const res = await t.api(`/${id}/${kind}/main/config.json`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
        expect(res.status, kind).toBe(200);
        expect(res.headers.get('etag')).toBe(etag);
        expect(res.headers.get('x-repo-commit')).toBe(c4);
        expect(res.headers.get('content-length')).toBe(String(content.length));
        expect(res.headers.get('accept-ranges')).toBe('bytes');
        expect(res.headers.get('content-encoding')).toBeNull();
        expect(Buffer.from(await res.arrayBuffer())).toEqual(content);

        const head = await t.api(`/${id}/${kind}/main/config.json`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
        expect(head.status).toBe(200);
        expect(head.headers.get('etag')).toBe(etag);
        expect(head.headers.get('x-repo-commit')).toBe(c4);
        expect(head.headers.get('content-length')).toBe(String(content.length));
        expect((await head.arrayBuffer()).byteLength).toBe(0);
      }
      const empty = await t.api(`/${id}/resolve/main/empty.txt`);
      expect(empty.status).toBe(200);
      expect(empty.headers.get('content-length')).toBe('0');
      expect(empty.headers.get('etag')).toBe(`"${await revParse(dir, 'main:empty.txt')}"`);
      expect((await empty.arrayBuffer()).byteLength).toBe(0);
    });

    it('answers byte ranges with 206 and an exact Content-Range, 416 when unsatisfiable, 304 for a matching ETag', async () => {
      const url = `/${id}/resolve/main/digits.txt`;
      for (const [range, contentRange, bytes] of [
        ['bytes=0-0', 'bytes 0-0/10', '0'],
        ['bytes=2-', 'bytes 2-9/10', '23456789'],
        ['bytes=-3', 'bytes 7-9/10', '789'],
        ['bytes=3-5', 'bytes 3-5/10', '345'],
        ['bytes=8-100', 'bytes 8-9/10', '89'],
        ['bytes=-50', 'bytes 0-9/10', '0123456789'],
      ] as const) {
        const res = await t.api(url, { headers: { range } });
        expect(res.status, range).toBe(206);
        expect(res.headers.get('content-range'), range).toBe(contentRange);
        expect(res.headers.get('content-length'), range).toBe(String(bytes.length));
        expect(await res.text(), range).toBe(bytes);
      }
      for (const range of ['bytes=10-', 'bytes=10-20', 'bytes=-0']) {
        const res = await t.api(url, { headers: { range } });
        expect(res.headers.get('content-range'), range).toBe('bytes */10');
        await expectError(res, 416, 'Range not satisfiable');
      }
      const etag = `"${await revParse(dir, 'main:digits.txt')}"`;
      const cached = await t.api(url, { headers: { 'if-none-match': etag } });
      expect(cached.status).toBe(304);
      expect((await cached.arrayBuffer()).byteLength).toBe(0);
      const stale = await t.api(url, { headers: { 'if-none-match': '"0000000000000000000000000000000000000000"' } });
      expect(stale.status).toBe(200);
      expect(await stale.text()).toBe('0123456789');
    });

    it('answers 404 EntryNotFound with X-Repo-Commit for a missing file, and 404 RevisionNotFound for a missing revision', async () => {
      for (const method of ['GET', 'HEAD']) {
        const res = await t.api(`/${id}/resolve/main/missing.txt`, { method });
        expect(res.status, method).toBe(404);
        expect(res.headers.get('x-error-code')).toBe('EntryNotFound');
        expect(res.headers.get('x-repo-commit')).toBe(c4);
      }
      await expectError(await t.api(`/${id}/resolve/main/missing.txt`), 404, 'Entry not found: missing.txt', 'EntryNotFound');
      await expectError(await t.api(`/${id}/resolve/main/sub`), 404, 'Entry not found: sub', 'EntryNotFound');
      await expectError(await t.api(`/${id}/resolve/${c1}/pushed.txt`), 404, 'Entry not found: pushed.txt', 'EntryNotFound');
      const gone = await t.api(`/${id}/resolve/${c1}/pushed.txt`);
      expect(gone.headers.get('x-repo-commit')).toBe(c1);
      await expectError(await t.api(`/${id}/resolve/nope/config.json`), 404, 'Invalid rev id: nope', 'RevisionNotFound');
      await expectError(await t.api(`/${id}/raw/nope/config.json`), 404, 'Invalid rev id: nope', 'RevisionNotFound');
      const head = await t.api(`/${id}/resolve/nope/config.json`, { method: 'HEAD' });
      expect(head.status).toBe(404);
      expect(head.headers.get('x-error-code')).toBe('RevisionNotFound');
      await expectError(await t.api(`/alice/nothing-here/resolve/main/config.json`), 404, 'Repository not found: alice/nothing-here', 'RepoNotFound');
    });

    it('streams a file above 1 MiB completely and byte-identical, and serves ranges inside it', async () => {
      const url = `/${id}/resolve/main/large.dat`;
      const res = await t.api(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe(String(large.length));
      expect(res.headers.get('etag')).toBe(`"${await revParse(dir, 'main:large.dat')}"`);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length).toBe(large.length);
      expect(body.equals(large)).toBe(true);

      const head = await t.api(url, { method: 'HEAD' });
      expect(head.headers.get('content-length')).toBe(String(large.length));

      for (const [start, end] of [[1_048_570, 1_048_600], [2_000_000, 2_070_000], [0, 0], [large.length - 1, large.length - 1]] as const) {
        const part = await t.api(url, { headers: { range: `bytes=${start}-${end}` } });
        expect(part.status).toBe(206);
        expect(part.headers.get('content-range')).toBe(`bytes ${start}-${end}/${large.length}`);
        expect(Buffer.from(await part.arrayBuffer()).equals(large.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
      }
      const tail = await t.api(url, { headers: { range: 'bytes=-100' } });
      expect(tail.headers.get('content-range')).toBe(`bytes ${large.length - 100}-${large.length - 1}/${large.length}`);
      expect(Buffer.from(await tail.arrayBuffer()).equals(large.subarray(-100))).toBe(true);
      const from = await t.api(url, { headers: { range: 'bytes=3000000-' } });
      expect(Buffer.from(await from.arrayBuffer()).equals(large.subarray(3_000_000))).toBe(true);
      const raw = await t.api(`/${id}/raw/${c4}/large.dat`);
      expect(Buffer.from(await raw.arrayBuffer()).equals(large)).toBe(true);
    });

    it('resolves at a full sha, a short sha, a tag, an annotated tag and an encoded branch', async () => {
      for (const [rev, commit, content] of [
        [c1, c1, 'old\n'], [c1.slice(0, 8), c1, 'old\n'], ['v1', c1, 'old\n'], ['v2', c2, 'new\n'],
        ['feature%2Fx', c2, 'new\n'], ['refs%2Fheads%2Fmain', c4, 'new\n'], ['refs%2Ftags%2Fv1', c1, 'old\n'],
      ] as const) {
        const res = await t.api(`/${id}/resolve/${rev}/sub/dir/b.txt`);
        expect(res.status, rev).toBe(200);
        expect(res.headers.get('x-repo-commit'), rev).toBe(commit);
        expect(res.headers.get('etag'), rev).toBe(`"${await revParse(dir, `${commit}:sub/dir/b.txt`)}"`);
        expect(await res.text(), rev).toBe(content);
      }
    });

    it('serves file names with spaces and unicode, URL-encoded', async () => {
      const encoded = 'docs/my file ü.txt'.split('/').map(encodeURIComponent).join('/');
      for (const kind of ['resolve', 'raw']) {
        const res = await t.api(`/${id}/${kind}/main/${encoded}`);
        expect(res.status).toBe(200);
        expect(await res.text()).toBe('spaced and unicode\n');
        expect(res.headers.get('etag')).toBe(`"${await revParse(dir, 'main:docs/my file ü.txt')}"`);
      }
      // huggingface_hub quotes with "/" kept; the JS client may send the revision encoded and the path raw.
      expect((await t.api(`/${id}/resolve/main/docs%2Fmy%20file%20%C3%BC.txt`)).status).toBe(200);
    });

    it('serves datasets under /datasets and nowhere else', async () => {
      await createRepo('files', { type: 'dataset' });
      await commitOk('alice/files', [header('Add x'), file('x', 'dataset file\n')], { plural: 'datasets' });
      const res = await t.api('/datasets/alice/files/resolve/main/x');
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('dataset file\n');
      expect(res.headers.get('etag')).toBe(`"${await revParse(bare('alice/files', 'datasets'), 'main:x')}"`);
      expect((await t.api('/datasets/alice/files/raw/main/x')).status).toBe(200);
      await expectError(await t.api('/alice/files/resolve/main/x'), 404, 'Repository not found: alice/files', 'RepoNotFound');
      await expectError(await t.api(`/datasets/${id}/resolve/main/config.json`), 404, `Repository not found: ${id}`, 'RepoNotFound');
    });

    it('answers 404 RevisionNotFound, not 500, for a revision below an existing branch file (refs/heads/main/x)', async () => {
      for (const url of [`/${id}/resolve/main%2Fx/config.json`, `/${id}/raw/main%2Fx/config.json`, `/api/models/${id}/tree/main%2Fx`, `/api/models/${id}/revision/main%2Fx`]) {
        const res = await t.api(url);
        expect(res.status, url).toBe(404);
        expect(res.headers.get('x-error-code'), url).toBe('RevisionNotFound');
      }
    });

    it('leaves API URLs that look like file URLs to the API (a user or repository named "raw" or "resolve")', async () => {
      const raw = await t.user('raw');
      expect((await t.api('/api/repos/create', { method: 'POST', token: raw, json: { name: 'resolve' } })).status).toBe(200);
      // /api/models/raw/resolve: the pattern /{namespace}/{name}/raw/... matches it, with namespace "api".
      const info = await t.api('/api/models/raw/resolve');
      expect(info.status).toBe(200);
      expect(((await info.json()) as { id: string }).id).toBe('raw/resolve');
      const likes = await t.api('/api/users/raw/likes');
      expect(likes.status).toBe(200);
      expect(await likes.json()).toEqual([]);
    });

    it('never answers from a deleted repository once another is created at its name, even at a full commit id', async () => {
      await createRepo('reborn', { private: true });
      const old = await commitOk('alice/reborn', [header('Secret'), file('weights.txt', 'old secret\n')]);
      expect(await (await t.api(`/alice/reborn/resolve/${old}/weights.txt`, { token: alice })).text()).toBe('old secret\n');
      expect((await t.api('/api/repos/delete', { method: 'DELETE', token: alice, json: { name: 'reborn' } })).status).toBe(200);
      await createRepo('reborn');
      for (const url of [`/alice/reborn/resolve/${old}/weights.txt`, `/api/models/alice/reborn/tree/${old}`]) {
        await expectError(await t.api(url), 404, `Invalid rev id: ${old}`, 'RevisionNotFound');
      }
    });

    it('hides the files of a private repository from anonymous callers and outsiders', async () => {
      await commitOk('alice/secret', [header('Secret file'), file('weights.txt', 'top secret\n')]);
      for (const token of [undefined, bob]) {
        for (const kind of ['resolve', 'raw']) {
          await expectError(await t.api(`/alice/secret/${kind}/main/weights.txt`, { token }), 404, 'Repository not found: alice/secret', 'RepoNotFound');
          const head = await t.api(`/alice/secret/${kind}/main/weights.txt`, { token, method: 'HEAD' });
          expect(head.status).toBe(404);
          expect(head.headers.get('x-error-code')).toBe('RepoNotFound');
          expect(head.headers.get('x-repo-commit')).toBeNull();
        }
      }
      const own = await t.api('/alice/secret/resolve/main/weights.txt', { token: alice });
      expect(own.status).toBe(200);
      expect(await own.text()).toBe('top secret\n');
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('file names that look like git pathspecs', () => {
    const id = 'alice/odd-names';
    const NAMES = [':colon.txt', 'star*.txt', '[x].txt', ':(exclude)y'];
    let c1: string;
    let c2: string;
    beforeAll(async () => {
      await createRepo('odd-names');
      c1 = await commitOk(id, [header('Odd names'), ...NAMES.map((n) => file(n, `${n}\n`)), file('plain.txt', 'p\n')]);
      // Touches files that the names above match as globs or magic, not the files themselves.
      c2 = await commitOk(id, [header('Others'), file('plain.txt', 'p2\n'), file('star-a.txt', 'a\n'), file('x.txt', 'x\n')]);
    });

    it('gives every tree entry its own last commit (expand=true and paths-info)', async () => {
      const { body } = await json<TreeJson[]>(`/api/models/${id}/tree/main?expand=true`);
      const got = Object.fromEntries(body.map((e) => [e.path, e.lastCommit?.id]));
      expect(got).toMatchObject({ 'plain.txt': c2, 'star-a.txt': c2, 'x.txt': c2 });
      const info = (await (await t.api(`/api/models/${id}/paths-info/main`, { method: 'POST', json: { paths: NAMES, expand: true } })).json()) as TreeJson[];
      expect(info.map((e) => e.path)).toEqual(NAMES);
      expect(Object.fromEntries(info.map((e) => [e.path, e.lastCommit?.id]))).toEqual(Object.fromEntries(NAMES.map((n) => [n, c1])));
      expect(Object.fromEntries(NAMES.map((n) => [n, got[n]]))).toEqual(Object.fromEntries(NAMES.map((n) => [n, c1])));
    });

    it('filters commit history by the literal path', async () => {
      const history: Record<string, string[]> = {};
      for (const n of NAMES) history[n] = (await json<CommitJson[]>(`/api/models/${id}/commits/main?path=${encodeURIComponent(n)}`)).body.map((c) => c.id);
      expect(history).toEqual(Object.fromEntries(NAMES.map((n) => [n, [c1]])));
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('card metadata', () => {
    it('updates cardData and tags from README.md front matter after a commit and after a push', async () => {
      await createRepo('card');
      const id = 'alice/card';
      const before = (await json<Record<string, unknown>>(`/api/models/${id}`)).body;
      expect(before.cardData).toBeUndefined();
      expect(before.tags).toEqual([]);

      await commitOk(id, [header('Card'), file('README.md', '---\nlicense: mit\ntags: [foo]\nlibrary_name: transformers\n---\n\n# Card\n')]);
      const after = (await json<Record<string, unknown>>(`/api/models/${id}`)).body;
      expect(after.cardData).toEqual({ license: 'mit', tags: ['foo'], library_name: 'transformers' });
      expect(after.tags).toEqual(['foo', 'transformers', 'license:mit']);
      expect(after.sha).toBe(await revParse(bare(id)));

      // Through the real git CLI: a README without front matter clears them.
      const clone = await work('card');
      await git([...GIT_CFG, 'clone', '-q', authUrl(alice, id), clone]);
      await fs.writeFile(path.join(clone, 'README.md'), '# Card without metadata\n');
      await git([...GIT_CFG, 'commit', '-q', '-am', 'Drop metadata'], clone);
      await git([...GIT_CFG, 'push', '-q', 'origin', 'main'], clone);
      const pushed = (await json<Record<string, unknown>>(`/api/models/${id}`)).body;
      expect(pushed.cardData).toBeUndefined();
      expect(pushed.tags).toEqual([]);
      expect(pushed.sha).toBe(await revParse(bare(id)));

      await commitOk(id, [header('Apache'), file('README.md', '---\nlicense: apache-2.0\npipeline_tag: text-generation\n---\n')]);
      const info = (await json<Record<string, unknown>>(`/api/models/${id}?expand=cardData&expand[]=tags`)).body;
      expect(info).toEqual({ _id: expect.any(String), id, cardData: { license: 'apache-2.0', pipeline_tag: 'text-generation' }, tags: ['text-generation', 'license:apache-2.0'] });
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('branches and tags through the API', () => {
    const id = 'alice/refs';
    let dir: string;
    let base: string;
    let head: string;

    beforeAll(async () => {
      await createRepo('refs');
      dir = bare(id);
      base = await revParse(dir);
      head = await commitOk(id, [header('Second'), file('two.txt', '2\n')]);
    });

    it('creates a branch at the default head or at a starting point, 409 when it exists, and deletes it', async () => {
      let res = await t.api(`/api/models/${id}/branch/dev`, { method: 'POST', token: alice });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ name: 'dev', ref: 'refs/heads/dev', targetCommit: head });
      expect(await revParse(dir, 'refs/heads/dev')).toBe(head);

      res = await t.api(`/api/models/${id}/branch/old`, { method: 'POST', token: alice, json: { startingPoint: base.slice(0, 7) } });
      expect(res.status).toBe(200);
      expect(await revParse(dir, 'refs/heads/old')).toBe(base);

      const refs = await refsOf(dir);
      await expectError(await t.api(`/api/models/${id}/branch/dev`, { method: 'POST', token: alice, json: { startingPoint: base } }), 409, 'Branch dev already exists');
      await expectError(await t.api(`/api/models/${id}/branch/main`, { method: 'POST', token: alice }), 409, 'Branch main already exists');
      await expectError(await t.api(`/api/models/${id}/branch/other`, { method: 'POST', token: alice, json: { startingPoint: 'nope' } }), 404, 'Invalid rev id: nope', 'RevisionNotFound');
      expect(await refsOf(dir)).toBe(refs);

      const listed = (await json<{ branches: Array<{ name: string }> }>(`/api/models/${id}/refs`)).body;
      expect(listed.branches.map((b) => b.name)).toEqual(['dev', 'main', 'old']);

      // A commit to the new branch leaves main alone.
      const onDev = await commitOk(id, [header('On dev'), file('dev.txt', 'dev\n')], { rev: 'dev' });
      expect(await revParse(dir, 'refs/heads/dev')).toBe(onDev);
      expect(await revParse(dir)).toBe(head);

      res = await t.api(`/api/models/${id}/branch/dev`, { method: 'DELETE', token: alice });
      expect(res.status).toBe(200);
      expect(await git(['--git-dir', dir, 'for-each-ref', 'refs/heads/dev'])).toBe('');
      await expectError(await t.api(`/api/models/${id}/branch/dev`, { method: 'DELETE', token: alice }), 404, 'Branch not found: dev', 'RevisionNotFound');
    });

    it('never deletes the default branch', async () => {
      const refs = await refsOf(dir);
      await expectError(await t.api(`/api/models/${id}/branch/main`, { method: 'DELETE', token: alice }), 403, 'The default branch cannot be deleted');
      expect(await refsOf(dir)).toBe(refs);
      expect(await revParse(dir)).toBe(head);
    });

    it('handles a branch name with a slash, and refuses invalid names', async () => {
      let res = await t.api(`/api/models/${id}/branch/feature/x`, { method: 'POST', token: alice });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ name: 'feature/x', ref: 'refs/heads/feature/x', targetCommit: head });
      const file_ = await t.api(`/${id}/resolve/feature%2Fx/two.txt`);
      expect(file_.status).toBe(200);
      expect(file_.headers.get('x-repo-commit')).toBe(head);
      await expectError(await t.api(`/api/models/${id}/branch/feature%2Fx`, { method: 'POST', token: alice }), 409, 'Branch feature/x already exists');

      const refs = await refsOf(dir);
      for (const name of ['-x', 'a..b', 'x.lock', 'a%20b', 'x~1', '.hidden', 'HEAD', 'refs%2Fheads%2Fy']) {
        const decoded = decodeURIComponent(name);
        await expectError(await t.api(`/api/models/${id}/branch/${name}`, { method: 'POST', token: alice }), 400, `Invalid branch name "${decoded}"`);
      }
      expect(await refsOf(dir)).toBe(refs);

      res = await t.api(`/api/models/${id}/branch/feature/x`, { method: 'DELETE', token: alice });
      expect(res.status).toBe(200);
      expect(await git(['--git-dir', dir, 'for-each-ref', 'refs/heads/feature'])).toBe('');
      // Nothing of "feature/" is left in the way of a branch named "feature".
      res = await t.api(`/api/models/${id}/branch/feature`, { method: 'POST', token: alice });
      expect(res.status).toBe(200);
      expect(await revParse(dir, 'refs/heads/feature')).toBe(head);
    });

    it('needs write access to create or delete branches and tags', async () => {
      const refs = await refsOf(dir);
      await expectError(await t.api(`/api/models/${id}/branch/intruder`, { method: 'POST' }), 401, 'Sign in to do this');
      await expectError(await t.api(`/api/models/${id}/branch/intruder`, { method: 'POST', token: bob }), 403, 'You do not have write access to alice/refs');
      await expectError(await t.api(`/api/models/${id}/branch/feature`, { method: 'DELETE', token: bob }), 403, 'You do not have write access to alice/refs');
      await expectError(await t.api(`/api/models/${id}/tag/main`, { method: 'POST', token: bob, json: { tag: 'evil' } }), 403, 'You do not have write access to alice/refs');
      expect(await refsOf(dir)).toBe(refs);
    });

    it('creates lightweight and annotated tags, 409 on an existing tag, deletes them, and resolves files at a tag', async () => {
      let res = await t.api(`/api/models/${id}/tag/main`, { method: 'POST', token: alice, json: { tag: 'v1' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ name: 'v1', ref: 'refs/tags/v1', targetCommit: head });
      expect(await git(['--git-dir', dir, 'cat-file', '-t', 'refs/tags/v1'])).toBe('commit\n');
      expect(await revParse(dir, 'refs/tags/v1')).toBe(head);

      res = await t.api(`/api/models/${id}/tag/${base}`, { method: 'POST', token: alice, json: { tag: 'v2', message: 'release' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ name: 'v2', ref: 'refs/tags/v2', targetCommit: base });
      expect(await git(['--git-dir', dir, 'cat-file', '-t', 'refs/tags/v2'])).toBe('tag\n');
      expect(await revParse(dir, 'refs/tags/v2^{commit}')).toBe(base);
      const tagObject = await git(['--git-dir', dir, 'cat-file', '-p', 'refs/tags/v2']);
      expect(tagObject).toContain(`object ${base}\ntype commit\ntag v2\ntagger alice <alice@example.test>`);
      await git(['--git-dir', dir, 'fsck', '--strict', '--no-dangling']);

      const refs = await refsOf(dir);
      await expectError(await t.api(`/api/models/${id}/tag/main`, { method: 'POST', token: alice, json: { tag: 'v1' } }), 409, 'Tag v1 already exists');
      await expectError(await t.api(`/api/models/${id}/tag/main`, { method: 'POST', token: alice, json: { tag: 'v2', message: 'again' } }), 409, 'Tag v2 already exists');
      await expectError(await t.api(`/api/models/${id}/tag/main`, { method: 'POST', token: alice, json: { tag: 'a..b' } }), 400, 'Invalid tag name "a..b"');
      await expectError(await t.api(`/api/models/${id}/tag/nope`, { method: 'POST', token: alice, json: { tag: 'v3' } }), 404, 'Invalid rev id: nope', 'RevisionNotFound');
      expect(await refsOf(dir)).toBe(refs);

      const listed = (await json<{ tags: unknown[] }>(`/api/models/${id}/refs`)).body;
      expect(listed.tags).toEqual([{ name: 'v1', ref: 'refs/tags/v1', targetCommit: head }, { name: 'v2', ref: 'refs/tags/v2', targetCommit: base }]);

      // Files at the annotated tag are those of its commit.
      const readme = await t.api(`/${id}/resolve/v2/README.md`);
      expect(readme.status).toBe(200);
      expect(readme.headers.get('x-repo-commit')).toBe(base);
      expect(await readme.text()).toBe('# refs\n');
      await expectError(await t.api(`/${id}/resolve/v2/two.txt`), 404, 'Entry not found: two.txt', 'EntryNotFound');
      expect(await (await t.api(`/${id}/resolve/v1/two.txt`)).text()).toBe('2\n');

      res = await t.api(`/api/models/${id}/tag/v1`, { method: 'DELETE', token: alice });
      expect(res.status).toBe(200);
      expect(await git(['--git-dir', dir, 'for-each-ref', 'refs/tags/v1'])).toBe('');
      await expectError(await t.api(`/api/models/${id}/tag/v1`, { method: 'DELETE', token: alice }), 404, 'Tag not found: v1', 'RevisionNotFound');
      await expectError(await t.api(`/${id}/resolve/v1/two.txt`), 404, 'Invalid rev id: v1', 'RevisionNotFound');
      // Deleting a tag moves no branch.
      expect(await revParse(dir)).toBe(head);

      expect(tagObject.endsWith('\n\nrelease\n')).toBe(true);
    });
  });
});
