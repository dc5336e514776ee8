import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscussionEventRow, DiscussionRow } from '../src/db/models.js';
import { MAX_EVENTS } from '../src/services/discussions/discussions.js';
import { backends } from './helpers/backends.js';
import { git, gitResult } from './helpers/git.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';

// Discussions and pull requests over real HTTP (Hugging Face's community API), checked against git.

type Line = { key: string; value: unknown };
interface EventJson { id: string; type: string; author?: { name: string }; data: Record<string, unknown> }
interface DetailsJson {
  num: number; title: string; status: string; isPullRequest: boolean; createdAt: string; author?: { name: string };
  repo: { name: string; type: string }; events: EventJson[]; changes?: { base: string; mergeCommitId?: string; headCommitId?: string };
  filesWithConflicts?: string[]; diff?: string;
}
const b64 = (s: string) => Buffer.from(s).toString('base64');
const header = (summary: string, description = ''): Line => ({ key: 'header', value: { summary, description } });
const file = (p: string, content: string): Line => ({ key: 'file', value: { path: p, content: b64(content), encoding: 'base64' } });
const ndjson = (lines: Line[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const MARKDOWN = '# Hello\n\n<script>alert(1)</script> **bold** [x](javascript:alert(1))\n';

describe.each(backends)('discussions and pull requests over HTTP ($name)', (backend) => {
  let t: TestHub;
  let alice: string; // owner of alice/talk
  let bob: string; // signed in, no write access
  let carol: string; // signed in, no write access
  let bobRead: string; // bob's read-scoped token
  const id = 'alice/talk';
  const base = `/api/models/${id}/discussions`;
  const bare = (repo: string) => `${t.dataDir}/repos/models/${repo}.git`;
  const revParse = async (rev: string, repo = id) => (await git(['--git-dir', bare(repo), 'rev-parse', '--verify', '-q', rev]).catch(() => '')).trim();
  const refs = async (repo = id) => git(['--git-dir', bare(repo), 'for-each-ref', '--format=%(refname) %(objectname)']);

  const post = (p: string, token: string | undefined, json?: unknown) => t.api(p, { method: 'POST', ...(token ? { token } : {}), ...(json !== undefined ? { json } : {}) });
  async function ok<T>(res: Response | Promise<Response>): Promise<T> {
    const r = await res;
    if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }
  const details = (num: number, token = alice) => ok<DetailsJson>(t.api(`${base}/${num}`, { token }));
  const count = async () => (await ok<{ count: number }>(t.api(base, { token: alice }))).count;
  const commit = (lines: Line[], token: string, rev = 'main', query = '') =>
    t.api(`/api/models/${id}/commit/${rev}${query}`, { method: 'POST', token, headers: { 'content-type': 'application/x-ndjson' }, body: ndjson(lines) });

  beforeAll(async () => {
    t = await startHub(backend);
    alice = await t.user('alice');
    bob = await t.user('bob');
    carol = await t.user('carol');
    bobRead = await t.token('bob', 'read');
    for (const [name, visibility] of [['talk', 'public'], ['secret', 'private'], ['pages', 'public']]) {
      await ok(post('/api/repos/create', alice, { name, visibility }));
    }
  });
  afterAll(async () => t?.close());

  describe('discussions', () => {
    it('creates a discussion with the description stored exactly as written, numbered from 1', async () => {
      const created = await ok<DetailsJson & { url: string }>(post(base, bob, { title: 'Where is the tokenizer?', description: MARKDOWN }));
      expect(created).toMatchObject({
        num: 1, title: 'Where is the tokenizer?', status: 'open', isPullRequest: false, author: { name: 'bob' },
        repo: { name: id, type: 'model' }, url: `${t.url}/alice/talk/discussions/1`,
      });
      expect(created.createdAt).toMatch(ISO_Z);
      expect(created.events).toHaveLength(1);
      expect(created.events[0]).toMatchObject({ type: 'comment', author: { name: 'bob' }, data: { latest: { raw: MARKDOWN }, hidden: false, numEdits: 0, edited: false } });
      expect(await details(1, bob)).toEqual({ ...created, url: undefined, updatedAt: expect.any(String) as string });
      // Anonymous readers see public discussions.
      expect((await ok<DetailsJson>(t.api(`${base}/1`))).title).toBe('Where is the tokenizer?');
    });

    it('refuses bad titles, anonymous and read-only callers, and hides private repositories; nothing is created', async () => {
      const before = await count();
      await expectError(await post(base, bob, { title: 'ab' }), 400, 'The title must have 3 to 200 characters');
      await expectError(await post(base, bob, { title: 'x'.repeat(201) }), 400, 'The title must have 3 to 200 characters');
      await expectError(await post(base, bob, { title: 'a\u0000bc' }), 400, 'The title cannot contain control characters');
      await expectError(await post(base, bob, { description: 'no title' }), 400, 'Invalid request: title: Invalid input: expected string, received undefined');
      await expectError(await post(base, undefined, { title: 'Anonymous' }), 401, 'Sign in to take part in discussions');
      await expectError(await post(base, bobRead, { title: 'Read only' }), 403, 'This token has the "read" scope, which does not allow posting; use a write token');
      await expectError(await post('/api/models/alice/secret/discussions', bob, { title: 'Hidden repo' }), 404, 'Repository not found: alice/secret', 'RepoNotFound');
      await expectError(await t.api('/api/models/alice/secret/discussions', { token: bob }), 404, 'Repository not found: alice/secret', 'RepoNotFound');
      await expectError(await t.api(`${base}/999`, { token: bob }), 404, 'Discussion #999 not found');
      await expectError(await t.api(`${base}/abc`, { token: bob }), 404, 'Discussion #abc not found');
      expect(await count()).toBe(before);
      // The owner can use their private repository's discussions.
      expect((await ok<DetailsJson>(post('/api/models/alice/secret/discussions', alice, { title: 'Private note' }))).num).toBe(1);
    });

    it('comments, edits a comment keeping its history, and hides comments (author or writer only)', async () => {
      const { newMessage } = await ok<{ newMessage: EventJson }>(post(`${base}/1/comment`, carol, { comment: 'Me too *please*' }));
      expect(newMessage).toMatchObject({ type: 'comment', author: { name: 'carol' }, data: { latest: { raw: 'Me too *please*' }, numEdits: 0 } });
      await expectError(await post(`${base}/1/comment`, carol, { comment: '   ' }), 400, 'The comment cannot be empty');
      await expectError(await post(`${base}/1/comment`, undefined, { comment: 'anon' }), 401, 'Sign in to take part in discussions');

      const edit = (token: string, content: string, event = newMessage.id) => post(`${base}/1/comment/${event}/edit`, token, { content });
      await expectError(await edit(bob, 'not yours'), 403, 'Only the author of a comment can edit it');
      await expectError(await edit(alice, 'not yours either'), 403, 'Only the author of a comment can edit it');
      await expectError(await edit(carol, 'x', '99999'), 404, 'Comment 99999 not found in discussion #1');
      const { updatedComment } = await ok<{ updatedComment: EventJson }>(edit(carol, 'Me too, **please**'));
      expect(updatedComment.data).toMatchObject({
        edited: true, numEdits: 1, editors: ['carol'], latest: { raw: 'Me too, **please**' },
        history: [{ raw: 'Me too *please*', editor: 'carol', updatedAt: expect.stringMatching(ISO_Z) as string }],
      });

      await expectError(await post(`${base}/1/comment/${newMessage.id}/hide`, bob), 403,
        'Only the author or someone with write access to alice/talk can hide this comment');
      expect((await details(1)).events[1]!.data).toMatchObject({ hidden: false, latest: { raw: 'Me too, **please**' } });
      const hidden = await ok<{ updatedComment: EventJson }>(post(`${base}/1/comment/${newMessage.id}/hide`, alice));
      // Hiding again (PUT works as well as Python's POST) changes nothing.
      expect((await ok<{ updatedComment: EventJson }>(t.api(`${base}/1/comment/${newMessage.id}/hide`, { method: 'PUT', token: alice }))).updatedComment).toEqual(hidden.updatedComment);
      expect(hidden.updatedComment.data).toMatchObject({ hidden: true, hiddenBy: 'alice', latest: { raw: '' }, history: [] });
      await expectError(await edit(carol, 'after hiding'), 403, 'A hidden comment cannot be edited');
      const events = (await details(1, carol)).events;
      expect(events.map((e) => [e.type, e.data.hidden])).toEqual([['comment', false], ['comment', true]]);
    });

    it('bounds a comment\'s edit history: past 8 MiB an edit answers 400 and changes nothing (MariaDB\'s column overflowed with a 500; SQLite grew without end)', async () => {
      await ok(post('/api/repos/create', alice, { name: 'edits' }));
      const edits = '/api/models/alice/edits/discussions';
      const { num } = await ok<{ num: number }>(post(edits, carol, { title: 'Edit history bound' }));
      const { newMessage } = await ok<{ newMessage: EventJson }>(post(`${edits}/${num}/comment`, carol, { comment: 'first' }));
      // 65,536 control characters: JSON escapes each as \u00XX, about 384 KiB stored per version.
      const version = (n: number) => String.fromCharCode(1 + (n % 2)).repeat(65_536);
      let refused = -1;
      for (let n = 0; n < 60 && refused < 0; n++) {
        const res = await post(`${edits}/${num}/comment/${newMessage.id}/edit`, carol, { content: version(n) });
        if (res.status === 200) await res.arrayBuffer();
        else {
          await expectError(res, 400, "This comment's edit history is full (8 MiB); post a new comment instead");
          refused = n;
        }
      }
      expect(refused).toBeGreaterThan(10);
      const comment = (await ok<DetailsJson>(t.api(`${edits}/${num}`, { token: carol }))).events.find((e) => e.id === newMessage.id)!;
      expect(comment.data).toMatchObject({ numEdits: refused, latest: { raw: version(refused - 1) } });
    });

    it('bounds a discussion as a whole: past MAX_EVENTS events a comment answers 400 and adds nothing', async () => {
      const { num } = await ok<{ num: number }>(post('/api/models/alice/edits/discussions', carol, { title: 'Event bound' }));
      const row = (await DiscussionRow.findOne({ where: { num, title: 'Event bound' } }))!;
      const filler = Array.from({ length: MAX_EVENTS - 1 }, () => ({ discussionId: row.id, type: 'comment' as const, authorId: null, data: '{"raw":"x","history":[]}' }));
      await DiscussionEventRow.bulkCreate(filler);
      await ok(post(`/api/models/alice/edits/discussions/${num}/comment`, carol, { comment: 'the last one that fits' }));
      await expectError(await post(`/api/models/alice/edits/discussions/${num}/comment`, carol, { comment: 'one too many' }), 400,
        `This discussion has reached its limit of ${MAX_EVENTS} events; open a new one`);
      expect(await DiscussionEventRow.count({ where: { discussionId: row.id } })).toBe(MAX_EVENTS);
    });

    it('changes the title and the status (author or writer), recording each change as an event', async () => {
      await expectError(await post(`${base}/1/title`, carol, { title: 'Hijacked' }), 403,
        'Only the author or someone with write access to alice/talk can rename this discussion');
      await expectError(await post(`${base}/1/status`, carol, { status: 'closed' }), 403,
        'Only the author or someone with write access to alice/talk can change the status of #1');
      await expectError(await post(`${base}/1/status`, bob, { status: 'merged' }), 400,
        'Invalid request: status: Invalid option: expected one of "open"|"closed"');
      await expectError(await post(`${base}/1/title`, bob, { title: 'Where is the tokenizer?' }), 400, 'The title is unchanged');
      expect((await details(1)).title).toBe('Where is the tokenizer?');

      const { newTitle } = await ok<{ newTitle: EventJson }>(post(`${base}/1/title`, bob, { title: 'Tokenizer missing' }));
      expect(newTitle).toMatchObject({ type: 'title-change', author: { name: 'bob' }, data: { from: 'Where is the tokenizer?', to: 'Tokenizer missing' } });
      const closed = await ok<{ newStatus: EventJson }>(post(`${base}/1/status`, bob, { status: 'closed', comment: 'Found it' }));
      expect(closed.newStatus).toMatchObject({ type: 'status-change', data: { status: 'closed' } });
      await expectError(await post(`${base}/1/status`, bob, { status: 'closed' }), 400, 'Discussion #1 is already closed');
      // A writer may reopen someone else's discussion.
      await ok(post(`${base}/1/status`, alice, { status: 'open' }));
      const d = await details(1);
      expect(d).toMatchObject({ title: 'Tokenizer missing', status: 'open' });
      expect(d.events.map((e) => e.type)).toEqual(['comment', 'comment', 'title-change', 'comment', 'status-change', 'status-change']);
      expect(d.events[3]).toMatchObject({ author: { name: 'bob' }, data: { latest: { raw: 'Found it' } } });
    });

    it('numbers discussions opened at the same moment one after another, without gaps or duplicates', async () => {
      await ok(post('/api/repos/create', alice, { name: 'race' }));
      const race = '/api/models/alice/race/discussions';
      const made = await Promise.all([bob, carol, alice, bob, carol, alice].map((token, i) => ok<{ num: number }>(post(race, token, { title: `Concurrent ${i}` }))));
      expect(made.map((d) => d.num).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
      expect((await ok<{ count: number }>(t.api(race))).count).toBe(6);
    });

    it('lists 50 per page (newest first) with count and start, filtered by type, status, author and search', async () => {
      const pages = '/api/models/alice/pages/discussions';
      for (let i = 1; i <= 53; i++) await ok(post(pages, i % 2 ? bob : carol, { title: `Question number ${i}` }));
      await ok(post(`${pages}/3/status`, alice, { status: 'closed' }));
      await ok(post(pages, alice, { title: 'Draft change', pullRequest: true }));
      const list = (q: string) => ok<{ discussions: Array<{ num: number; title: string; status: string; isPullRequest: boolean; author: { name: string }; repo: unknown; createdAt: string }>; count: number; start: number }>(t.api(`${pages}${q}`));
      const first = await list('');
      expect([first.count, first.start, first.discussions.length]).toEqual([54, 0, 50]);
      expect(first.discussions[0]).toMatchObject({ num: 54, title: 'Draft change', status: 'draft', isPullRequest: true, author: { name: 'alice' }, repo: { name: 'alice/pages', type: 'model' } });
      expect(first.discussions[0]!.createdAt).toMatch(ISO_Z);
      const second = await list('?p=1');
      expect([second.count, second.start, second.discussions.map((d) => d.num)]).toEqual([54, 50, [4, 3, 2, 1]]);
      expect((await list('?type=pull_request')).discussions.map((d) => d.num)).toEqual([54]);
      expect((await list('?type=discussion')).count).toBe(53);
      expect((await list('?status=closed')).discussions.map((d) => d.num)).toEqual([3]);
      expect((await list('?status=open')).count).toBe(53);
      expect((await list('?author=carol')).count).toBe(26);
      expect((await list('?author=nobody')).count).toBe(0);
      expect((await list('?author=a%00b')).count).toBe(0);
      expect((await list('?search=number 5')).discussions.map((d) => d.num)).toEqual([53, 52, 51, 50, 5]);
      expect((await list('?search=100%')).count).toBe(0);
      expect((await list('?search=QUESTION NUMBER 1')).count).toBe(11);
      await ok(post(pages, bob, { title: 'Use 100% of a_b' }));
      expect((await list(`?search=${encodeURIComponent('100% of a_b')}`)).discussions.map((d) => d.title)).toEqual(['Use 100% of a_b']);
      expect((await list('?search=a%25b')).count).toBe(0);
      await expectError(await t.api(`${pages}?type=issue`), 400, 'Invalid type "issue": use one of all, discussion, pull_request');
      expect((await list('?status=draft')).discussions.map((d) => d.num)).toEqual([54]);
      expect((await list('?status=merged')).count).toBe(0);
      await expectError(await t.api(`${pages}?status=shut`), 400, 'Invalid status "shut": use one of all, open, closed, merged, draft');
      await expectError(await t.api(`${pages}?p=-1`), 400, 'p must be a page number');
      await expectError(await t.api(`${pages}?search=a%00b`), 400, 'search cannot contain control characters');
    });
  });

  describe('pull requests', () => {
    let mainBefore: string;

    it('opens a pull request from a commit with create_pr=1: the commit goes to refs/pr/N, main stays', async () => {
      mainBefore = await revParse('main');
      const res = await ok<{ commitOid: string; commitUrl: string; pullRequestUrl: string }>(
        commit([header('Add tokenizer', 'The **missing** file'), file('tokenizer.json', '{"v":1}\n')], bob, 'main', '?create_pr=1'),
      );
      const num = Number(/\/discussions\/(\d+)$/.exec(res.pullRequestUrl)![1]);
      expect(res.pullRequestUrl).toBe(`${t.url}/alice/talk/discussions/${num}`);
      expect(res.commitUrl).toBe(`${t.url}/alice/talk/commit/${res.commitOid}`);
      expect(await revParse('main')).toBe(mainBefore);
      expect(await revParse(`refs/pr/${num}`)).toBe(res.commitOid);
      expect((await git(['--git-dir', bare(id), 'rev-parse', `${res.commitOid}^`])).trim()).toBe(mainBefore);
      const pr = await details(num);
      expect(pr).toMatchObject({
        num, title: 'Add tokenizer', status: 'open', isPullRequest: true, author: { name: 'bob' },
        changes: { base: 'refs/heads/main', headCommitId: res.commitOid }, filesWithConflicts: [],
      });
      expect(pr.events.map((e) => [e.type, e.data])).toEqual([
        ['comment', expect.objectContaining({ latest: expect.objectContaining({ raw: 'The **missing** file' }) as unknown })],
        ['commit', { oid: res.commitOid, subject: 'Add tokenizer' }],
      ]);
      expect(pr.diff).toContain('+++ b/tokenizer.json\n@@ -0,0 +1 @@\n+{"v":1}');
      // The pull request is a ref the refs listing shows with include_prs.
      const listing = await ok<{ pullRequests: Array<{ ref: string; targetCommit: string }> }>(t.api(`/api/models/${id}/refs?include_prs=1`));
      expect(listing.pullRequests).toContainEqual({ name: String(num), ref: `refs/pr/${num}`, targetCommit: res.commitOid });
      // refs%2Fpr%2FN (as Python sends it) resolves files of the pull request.
      const file1 = await t.api(`/alice/talk/resolve/refs%2Fpr%2F${num}/tokenizer.json`);
      expect([file1.status, file1.headers.get('x-repo-commit'), await file1.text()]).toEqual([200, res.commitOid, '{"v":1}\n']);
      const tree = await ok<Array<{ path: string }>>(t.api(`/api/models/${id}/tree/refs%2Fpr%2F${num}`));
      expect(tree.map((e) => e.path)).toContain('tokenizer.json');
    });

    it('takes further commits on refs%2Fpr%2FN from its author or a writer, not from others; refuses unknown pull requests', async () => {
      const num = 2;
      const head = await revParse('refs/pr/2');
      const before = await refs();
      await expectError(await commit([header('Sneak in'), file('x.txt', 'x')], carol, 'refs%2Fpr%2F2'), 403, 'You do not have write access to alice/talk');
      await expectError(await commit([header('Nowhere'), file('x.txt', 'x')], bob, 'refs%2Fpr%2F77'), 404, 'Invalid rev id: refs/pr/77', 'RevisionNotFound');
      await expectError(await commit([header('Both'), file('x.txt', 'x')], bob, 'refs%2Fpr%2F2', '?create_pr=1'), 400, 'create_pr cannot be used with a pull request revision');
      await expectError(await commit([header('Anon'), file('x.txt', 'x')], '', 'main', '?create_pr=1'), 401, 'Sign in to contribute to pull requests');
      expect(await refs()).toBe(before);
      const second = await ok<{ commitOid: string; pullRequestUrl?: string }>(commit([header('Add vocab'), file('vocab.txt', 'a\nb\n')], bob, 'refs%2Fpr%2F2'));
      expect(second.pullRequestUrl).toBeUndefined();
      expect(await revParse('refs/pr/2')).toBe(second.commitOid);
      expect((await git(['--git-dir', bare(id), 'rev-parse', `${second.commitOid}^`])).trim()).toBe(head);
      const byWriter = await ok<{ commitOid: string }>(commit([header('Fix vocab'), file('vocab.txt', 'a\nb\nc\n')], alice, 'refs%2Fpr%2F2'));
      expect((await details(num)).events.filter((e) => e.type === 'commit').map((e) => e.data.oid)).toEqual([head, second.commitOid, byWriter.commitOid]);
      expect(await revParse('main')).toBe(mainBefore);
    });

    it('takes a git push to refs/pr/N of an open pull request from a writer, and refuses other refs/pr pushes', async () => {
      const work = path.join(t.dataDir, 'work-pr');
      const remote = new URL(`${t.url}/${id}`);
      remote.username = 'alice';
      remote.password = alice;
      await git(['clone', '-q', remote.toString(), work]);
      await git(['fetch', '-q', 'origin', 'refs/pr/2:pr2'], work);
      await git(['checkout', '-q', 'pr2'], work);
      await fs.writeFile(path.join(work, 'merges.txt'), 'a b\n');
      await git(['add', 'merges.txt'], work);
      await git(['commit', '-q', '-m', 'Add merges'], work);
      await git(['push', '-q', 'origin', 'HEAD:refs/pr/2'], work);
      const pushed = (await git(['rev-parse', 'HEAD'], work)).trim();
      expect(await revParse('refs/pr/2')).toBe(pushed);
      expect((await details(2)).events.at(-1)).toMatchObject({ type: 'commit', author: { name: 'alice' }, data: { oid: pushed, subject: 'Add merges' } });
      const refused = await gitResult(['push', 'origin', 'HEAD:refs/pr/9'], work);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('refs/pr/9: only branches (refs/heads/) and tags (refs/tags/) can be pushed (and refs/pr/N of an open pull request; #9 is not one)');
      const deleting = await gitResult(['push', 'origin', ':refs/pr/2'], work);
      expect(deleting.stderr).toContain('refs/pr/2: pull request refs cannot be deleted');
      expect(await revParse('refs/pr/2')).toBe(pushed);
      expect(await revParse('refs/pr/9')).toBe('');
    });

    it('merges only by a writer, with a real merge commit on main, and records it', async () => {
      const prHead = await revParse('refs/pr/2');
      await expectError(await post(`${base}/2/merge`, bob, {}), 403, 'You do not have write access to alice/talk');
      await expectError(await post(`${base}/1/merge`, alice, {}), 400, '#1 is a discussion, not a pull request');
      expect(await revParse('main')).toBe(mainBefore);
      const merged = await ok<{ newStatus: EventJson; mergeCommitId: string }>(post(`${base}/2/merge`, alice, { comment: 'Thanks!' }));
      expect(merged.newStatus).toMatchObject({ type: 'status-change', author: { name: 'alice' }, data: { status: 'merged' } });
      const main = await revParse('main');
      expect(main).toBe(merged.mergeCommitId);
      expect((await git(['--git-dir', bare(id), 'log', '-1', '--format=%P%n%s', main])).trim()).toBe(`${mainBefore} ${prHead}\nMerge pull request #2: Add tokenizer`);
      expect((await git(['--git-dir', bare(id), 'show', `${main}:vocab.txt`]))).toBe('a\nb\nc\n');
      const pr = await details(2);
      expect(pr).toMatchObject({ status: 'merged', changes: { base: 'refs/heads/main', mergeCommitId: main } });
      expect(pr.events.slice(-2).map((e) => e.type)).toEqual(['comment', 'status-change']);
      // The repository's head and files follow the merge.
      expect((await ok<{ sha: string }>(t.api(`/api/models/${id}`))).sha).toBe(main);
      await expectError(await post(`${base}/2/merge`, alice, {}), 409, 'Pull request #2 is already merged');
      await expectError(await post(`${base}/2/status`, alice, { status: 'open' }), 409, 'Pull request #2 is merged; its status cannot change');
      await expectError(await commit([header('Late'), file('late.txt', 'x')], bob, 'refs%2Fpr%2F2'), 409, 'Pull request #2 is merged; reopen it to add commits');
    });

    it('reports conflicts (409 with the paths) and merges nothing', async () => {
      const pr = await ok<{ pullRequestUrl: string }>(commit([header('Rewrite readme'), file('README.md', 'PR version\n')], bob, 'main', '?create_pr=1'));
      const num = Number(/(\d+)$/.exec(pr.pullRequestUrl)![1]);
      await ok(commit([header('Main readme'), file('README.md', 'main version\n')], alice));
      const main = await revParse('main');
      expect((await details(num)).filesWithConflicts).toEqual(['README.md']);
      const res = await post(`${base}/${num}/merge`, alice, {});
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ error: `Pull request #${num} has conflicts with main: README.md`, filesWithConflicts: ['README.md'] });
      expect(await revParse('main')).toBe(main);
      expect((await details(num)).status).toBe('open');
      // Closed pull requests cannot be merged either.
      await ok(post(`${base}/${num}/status`, bob, { status: 'closed' }));
      await expectError(await post(`${base}/${num}/merge`, alice, {}), 409, `Pull request #${num} is closed; reopen it first`);
    });

    it('opens an empty pull request as a draft on refs/pr/N at the branch head; its first commit opens it', async () => {
      const created = await ok<DetailsJson>(post(base, carol, { title: 'Empty PR', description: 'to be filled', pullRequest: true }));
      expect(created).toMatchObject({ status: 'draft', isPullRequest: true, changes: { base: 'refs/heads/main' }, diff: '' });
      expect(await revParse(`refs/pr/${created.num}`)).toBe(await revParse('main'));
      await ok(commit([header('Fill it'), file('filled.txt', 'yes\n')], carol, `refs%2Fpr%2F${created.num}`));
      expect((await details(created.num)).status).toBe('open');
    });
  });
});
