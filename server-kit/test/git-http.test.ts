import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { clientEnv, git, gitResult } from './helpers/git.js';
import { startHub, type TestHub } from './helpers/hub.js';

describe.each(backends)('git over HTTP with the real git client ($name)', (backend) => {
  let t: TestHub;
  let work: string;
  const tokens: Record<string, string> = {};
  const remote = (repo: string, who?: string) => {
    const url = new URL(`${t.url}/${repo}`);
    if (who) {
      url.username = who;
      url.password = tokens[who]!;
    }
    return url.toString();
  };
  const bare = (repo: string, type = 'models') => path.join(t.dataDir, 'repos', type, `${repo}.git`);
  const head = async (repo: string, ref = 'main', type = 'models') => (await git(['--git-dir', bare(repo, type), 'rev-parse', ref])).trim();
  const objectCount = async (repo: string) => {
    const out = await git(['--git-dir', bare(repo), 'count-objects', '-v']);
    return out.split('\n').filter((l) => /^(count|in-pack):/.test(l)).join(',');
  };
  let n = 0;
  const dir = async () => fs.mkdtemp(path.join(work, `w${n++}-`));
  async function commitFile(cwd: string, file: string, content: string | Buffer, message = `update ${file}`) {
    await fs.mkdir(path.dirname(path.join(cwd, file)), { recursive: true });
    await fs.writeFile(path.join(cwd, file), content);
    await git(['add', file], cwd);
    await git(['commit', '-q', '-m', message], cwd);
  }

  beforeAll(async () => {
    t = await startHub(backend);
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-git-'));
    tokens.alice = await t.user('alice');
    tokens.writer = await t.user('writer');
    tokens.reader = await t.user('reader');
    tokens.outsider = await t.user('outsider');
    const { accounts } = t.hub.services;
    const org = await accounts.createOrg({ name: 'acme' }, await accounts.requireUser('alice'));
    await accounts.setMember(org, await accounts.requireUser('writer'), 'write');
    await accounts.setMember(org, await accounts.requireUser('reader'), 'read');
    for (const [name, visibility, type] of [['pub', 'public', 'model'], ['priv', 'private', 'model'], ['data', 'public', 'dataset'], ['race', 'public', 'model'], ['guarded', 'public', 'model']]) {
      expect((await t.api('/api/repos/create', { method: 'POST', token: tokens.alice, json: { name, organization: 'acme', visibility, type } })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await t.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('clones over protocol v0 and v2, with and without .git, for models and datasets', async () => {
    for (const [url, version] of [[remote('acme/pub'), '0'], [remote('acme/pub.git'), '2'], [remote('datasets/acme/data'), '2'], [remote('datasets/acme/data.git'), '0']] as const) {
      const target = await dir();
      const trace = await gitResult(['-c', `protocol.version=${version}`, 'clone', url, target], undefined, { GIT_TRACE_PACKET: '1' });
      expect(trace.code, trace.stderr).toBe(0);
      if (version === '2') expect(trace.stderr).toContain('version 2');
      else expect(trace.stderr).not.toContain('< version 2');
      expect((await fs.readdir(target)).sort()).toEqual(['.git', '.gitattributes', 'README.md']);
    }
  });

  it('pushes as a writer; the hub records the new head and README metadata; fetch and shallow clone see it', async () => {
    const a = await dir();
    await git(['clone', '-q', remote('acme/pub', 'writer'), a]);
    await commitFile(a, 'README.md', '---\nlicense: mit\ntags: [vision]\n---\n# pub\n', 'card');
    await commitFile(a, 'src/model.py', 'print(1)\n');
    await git(['push', '-q', 'origin', 'main'], a);
    const sha = (await git(['rev-parse', 'HEAD'], a)).trim();
    expect(await head('acme/pub')).toBe(sha);
    const info = (await (await t.api('/api/models/acme/pub')).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ sha, cardData: { license: 'mit', tags: ['vision'] }, tags: ['vision', 'license:mit'] });

    const b = await dir();
    await git(['clone', '-q', remote('acme/pub'), b]);
    await commitFile(a, 'more.txt', 'x');
    await git(['push', '-q', 'origin', 'main'], a);
    await git(['fetch', '-q', 'origin'], b);
    expect((await git(['rev-parse', 'origin/main'], b)).trim()).toBe((await git(['rev-parse', 'HEAD'], a)).trim());

    const shallow = await dir();
    await git(['clone', '-q', '--depth', '1', remote('acme/pub'), shallow]);
    expect((await git(['rev-list', '--count', 'HEAD'], shallow)).trim()).toBe('1');
    await git(['--git-dir', bare('acme/pub'), 'fsck', '--strict']);
  });

  it('refuses pushes without write access and changes no ref or object', async () => {
    const a = await dir();
    await git(['clone', '-q', remote('acme/pub', 'reader'), a]);
    await commitFile(a, 'evil.txt', 'no');
    const before = [await head('acme/pub'), await objectCount('acme/pub')];

    const asReader = await gitResult(['push', 'origin', 'main'], a);
    expect(asReader.code).not.toBe(0);
    expect(asReader.stderr).toContain('403');
    const anonymous = await gitResult(['push', remote('acme/pub'), 'main'], a);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toMatch(/could not read Username|Authentication failed/);
    const outsider = await gitResult(['push', remote('acme/priv', 'outsider'), 'main'], a);
    expect(outsider.code).not.toBe(0);
    expect(outsider.stderr).toMatch(/not found/i);
    expect([await head('acme/pub'), await objectCount('acme/pub')]).toEqual(before);
  });

  it('hides private repositories: the same 404 for missing and forbidden, 401 with a Basic challenge for anonymous', async () => {
    const get = (p: string, who?: string) => fetch(`${t.url}${p}`, { headers: who ? { authorization: `Basic ${Buffer.from(`x:${tokens[who]}`).toString('base64')}` } : {} });
    const forbidden = await get('/acme/priv/info/refs?service=git-upload-pack', 'outsider');
    const missing = await get('/acme/nothing/info/refs?service=git-upload-pack', 'outsider');
    expect([forbidden.status, missing.status]).toEqual([404, 404]);
    expect(await forbidden.text()).toBe(await missing.text());
    const anonymous = await get('/acme/priv/info/refs?service=git-upload-pack');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const reader = await get('/acme/priv/info/refs?service=git-upload-pack', 'reader');
    expect(reader.status).toBe(200);
    expect(reader.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement');
    // A wrong token is a 401 that makes git ask again, not an anonymous request.
    const wrong = await fetch(`${t.url}/acme/pub/info/refs?service=git-upload-pack`, { headers: { authorization: `Basic ${Buffer.from('x:hf_wrongwrongwrongwrongwrong').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('refuses receive-pack without credentials even without a prior info/refs', async () => {
    const before = await head('acme/pub');
    const res = await fetch(`${t.url}/acme/pub.git/git-receive-pack`, { method: 'POST', headers: { 'content-type': 'application/x-git-receive-pack-request' }, body: '0000' });
    expect(res.status).toBe(401);
    expect(await head('acme/pub')).toBe(before);
  });

  it('protects the default branch: no deletion, no force-push except by admins; configurable protected branches', async () => {
    const a = await dir();
    await git(['clone', '-q', remote('acme/guarded', 'writer'), a]);
    await commitFile(a, 'one.txt', '1');
    await git(['push', '-q', 'origin', 'main'], a);
    const before = await head('acme/guarded');
    await git(['reset', '-q', '--hard', 'HEAD~1'], a);
    await commitFile(a, 'rewrite.txt', 'r');
    const force = await gitResult(['push', '--force', 'origin', 'main'], a);
    expect(force.code).not.toBe(0);
    expect(force.stderr).toContain('main: force-pushing to a protected branch is allowed only to repository admins');
    const del = await gitResult(['push', 'origin', ':main'], a);
    expect(del.code).not.toBe(0);
    expect(await head('acme/guarded')).toBe(before);

    // Other branches are free until protected.
    await git(['push', '-q', 'origin', 'HEAD:refs/heads/dev'], a);
    await git(['push', '-q', '--force', 'origin', 'HEAD~1:refs/heads/dev'], a);
    const settings = await t.api('/api/models/acme/guarded/settings', { method: 'PUT', token: tokens.alice, json: { protectedBranches: ['dev'] } });
    expect(((await settings.json()) as { protectedBranches: string[] }).protectedBranches).toEqual(['main', 'dev']);
    const delDev = await gitResult(['push', 'origin', ':dev'], a);
    expect(delDev.code).not.toBe(0);
    expect(delDev.stderr).toContain('dev: protected branches can be deleted only by repository admins');

    // An admin may force-push the default branch, but nobody deletes it.
    await git(['push', '-q', '--force', remote('acme/guarded', 'alice'), 'main'], a);
    expect(await head('acme/guarded')).toBe((await git(['rev-parse', 'HEAD'], a)).trim());
    const adminDelete = await gitResult(['push', remote('acme/guarded', 'alice'), ':main'], a);
    expect(adminDelete.code).not.toBe(0);
    expect(adminDelete.stderr).toContain('main: the default branch cannot be deleted');
    await git(['--git-dir', bare('acme/guarded'), 'fsck', '--strict']);
  });

  it('refuses a non-LFS file above 10 MB with instructions, keeping nothing', async () => {
    const a = await dir();
    await git(['clone', '-q', remote('acme/pub', 'writer'), a]);
    await commitFile(a, 'weights/model.bin2', randomBytes(11 * 1024 * 1024));
    const before = [await head('acme/pub'), await objectCount('acme/pub')];
    const res = await gitResult(['push', 'origin', 'main'], a);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('files larger than 10.0 MB must be stored with Git LFS');
    expect(res.stderr).toContain('weights/model.bin2 (11.0 MB)');
    expect(res.stderr).toContain('git lfs track "*.bin2"');
    expect([await head('acme/pub'), await objectCount('acme/pub')]).toEqual(before);
    const leftovers = (await fs.readdir(path.join(bare('acme/pub'), 'objects'))).filter((d) => d.startsWith('tmp_objdir') || d.startsWith('incoming'));
    expect(leftovers).toEqual([]);
  });

  it('refuses refs outside branches and tags', async () => {
    const a = await dir();
    await git(['clone', '-q', remote('acme/pub', 'writer'), a]);
    for (const ref of ['refs/convert/parquet', 'refs/pr/1', 'refs/notes/x']) {
      const res = await gitResult(['push', 'origin', `HEAD:${ref}`], a);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain(`${ref}: only branches (refs/heads/) and tags (refs/tags/) can be pushed`);
    }
    expect((await git(['--git-dir', bare('acme/pub'), 'for-each-ref', '--format=%(refname)'])).trim().split('\n')).toEqual(['refs/heads/main']);
  });

  it('lets exactly one of two concurrent pushes to one ref win', async () => {
    const [a, b] = [await dir(), await dir()];
    await git(['clone', '-q', remote('acme/race', 'writer'), a]);
    await git(['clone', '-q', remote('acme/race', 'alice'), b]);
    await commitFile(a, 'a.txt', 'a');
    await commitFile(b, 'b.txt', 'b');
    const results = await Promise.all([gitResult(['push', 'origin', 'main'], a), gitResult(['push', 'origin', 'main'], b)]);
    expect(results.map((r) => r.code === 0).sort()).toEqual([false, true]);
    const winner = results[0]!.code === 0 ? a : b;
    expect(await head('acme/race')).toBe((await git(['rev-parse', 'HEAD'], winner)).trim());
    await git(['--git-dir', bare('acme/race'), 'fsck', '--strict']);
  });

  it('lets exactly one of an API commit and a push racing from the same parent win', async () => {
    const a = await dir();
    await git(['clone', '-q', remote('acme/race', 'writer'), a]);
    const parent = await head('acme/race');
    await commitFile(a, 'pushed.txt', 'p');
    const body = [
      JSON.stringify({ key: 'header', value: { summary: 'api', parentCommit: parent } }),
      JSON.stringify({ key: 'file', value: { path: 'api.txt', content: Buffer.from('x').toString('base64'), encoding: 'base64' } }),
    ].join('\n');
    const [pushed, api] = await Promise.all([
      gitResult(['push', 'origin', 'main'], a),
      t.api('/api/models/acme/race/commit/main', { method: 'POST', token: tokens.alice, body, headers: { 'content-type': 'application/x-ndjson' } }),
    ]);
    const apiWon = api.status === 200;
    expect([pushed.code === 0, apiWon].filter(Boolean)).toHaveLength(1);
    if (!apiWon) expect(api.status).toBe(409);
    const winner = apiWon ? ((await api.json()) as { commitOid: string }).commitOid : (await git(['rev-parse', 'HEAD'], a)).trim();
    expect(await head('acme/race')).toBe(winner);
    await git(['--git-dir', bare('acme/race'), 'fsck', '--strict']);
  });

  it('serves an empty repository, and takes the default branch from its first push', async () => {
    expect((await t.api('/api/repos/create', { method: 'POST', token: tokens.alice, json: { name: 'empty', organization: 'acme' } })).status).toBe(200);
    // As if imported empty: no branch at all.
    await git(['--git-dir', bare('acme/empty'), 'update-ref', '-d', 'refs/heads/main']);
    const a = await dir();
    const cloned = await gitResult(['clone', remote('acme/empty', 'writer'), a]);
    expect(cloned.code).toBe(0);
    expect(cloned.stderr).toContain('empty repository');
    const tree = await t.api('/api/models/acme/empty/tree/main');
    expect([tree.status, tree.headers.get('x-error-code')]).toEqual([404, 'RevisionNotFound']);
    const resolve = await t.api('/acme/empty/resolve/main/README.md');
    expect([resolve.status, resolve.headers.get('x-error-code')]).toEqual([404, 'RevisionNotFound']);
    const info = (await (await t.api('/api/models/acme/empty')).json()) as Record<string, unknown>;
    expect(info.siblings).toEqual([]);

    await git(['checkout', '-q', '-b', 'trunk'], a);
    await commitFile(a, 'first.txt', 'hello');
    await git(['push', '-q', 'origin', 'trunk'], a);
    const after = (await (await t.api('/api/models/acme/empty')).json()) as Record<string, unknown>;
    expect(after).toMatchObject({ defaultBranch: 'trunk', sha: (await git(['rev-parse', 'HEAD'], a)).trim() });
    expect(await git(['--git-dir', bare('acme/empty'), 'symbolic-ref', 'HEAD'])).toBe('refs/heads/trunk\n');
  });

  it('streams large pushes in chunks, and answers Expect: 100-continue', async () => {
    const a = await dir();
    await git(['clone', '-q', remote('acme/pub', 'writer'), a]);
    for (let i = 0; i < 4; i++) await commitFile(a, `chunks/part${i}.dat`, randomBytes(3 * 1024 * 1024));
    const res = await gitResult(['-c', 'http.postBuffer=65536', 'push', 'origin', 'main'], a, { GIT_TRACE_CURL: '1', GIT_TRACE_CURL_NO_DATA: '1' });
    expect(res.code, res.stderr.slice(-2000)).toBe(0);
    expect(res.stderr).toMatch(/Transfer-Encoding: chunked/i);
    expect(await head('acme/pub')).toBe((await git(['rev-parse', 'HEAD'], a)).trim());

    // git leaves Expect to curl; other clients send it: the hub says 100 Continue before the body.
    const continued = await new Promise<boolean>((resolve, reject) => {
      const req = http.request(`${t.url}/acme/pub/git-upload-pack`, {
        method: 'POST',
        headers: { expect: '100-continue', 'content-type': 'application/x-git-upload-pack-request', authorization: `Basic ${Buffer.from(`x:${tokens.alice}`).toString('base64')}`, 'content-length': '4' },
      });
      let sawContinue = false;
      req.on('continue', () => {
        sawContinue = true;
        req.end('0000');
      });
      req.on('response', (r) => {
        r.resume();
        r.on('end', () => resolve(sawContinue && r.statusCode === 200));
      });
      req.on('error', reject);
    });
    expect(continued).toBe(true);
  });

  it('kills git when the client goes away mid-push, leaving no process, lock or quarantine behind', async () => {
    const gitDir = bare('acme/race');
    const before = await head('acme/race');
    const receivePacks = async () => {
      let count = 0;
      for (const pid of await fs.readdir('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (cmdline.includes('receive-pack') && cmdline.includes(gitDir)) count++;
      }
      return count;
    };
    // A client that starts a push, sends part of a pack, then vanishes.
    const line = `${before} ${'1'.repeat(40)} refs/heads/main\0 report-status\n`;
    const pkt = `${(line.length + 4).toString(16).padStart(4, '0')}${line}0000`;
    const req = http.request(`${t.url}/acme/race/git-receive-pack`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-git-receive-pack-request', authorization: `Basic ${Buffer.from(`x:${tokens.writer}`).toString('base64')}`, 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => {});
    req.write(pkt);
    // A pack header announcing objects that never come: git waits for them.
    req.write(Buffer.from('PACK\0\0\0\x02\0\0\0\x05', 'latin1'));
    await new Promise((r) => setTimeout(r, 500));
    expect(await receivePacks()).toBe(1);
    req.destroy();
    let remaining = 1;
    for (let i = 0; i < 50 && remaining; i++) {
      await new Promise((r) => setTimeout(r, 100));
      remaining = await receivePacks();
    }
    expect(remaining).toBe(0);
    expect(await head('acme/race')).toBe(before);
    await new Promise((r) => setTimeout(r, 300));
    const objects = await fs.readdir(path.join(gitDir, 'objects'));
    expect(objects.filter((d) => d.startsWith('tmp_objdir') || d.startsWith('incoming'))).toEqual([]);
    expect((await fs.readdir(path.join(gitDir, 'refs', 'heads'))).filter((f) => f.endsWith('.lock'))).toEqual([]);
    expect((await t.api('/api/health')).status).toBe(200);
  });

  it('drops a Git-Protocol header outside the grammar and refuses a wrong RPC content type', async () => {
    const basic = { authorization: `Basic ${Buffer.from(`x:${tokens.alice}`).toString('base64')}` };
    const injected = await fetch(`${t.url}/acme/pub/info/refs?service=git-upload-pack`, { headers: { ...basic, 'git-protocol': 'version=2:x=$(id)' } });
    expect(injected.status).toBe(200);
    expect(await injected.text()).toContain('# service=git-upload-pack');
    const v2 = await fetch(`${t.url}/acme/pub/info/refs?service=git-upload-pack`, { headers: { ...basic, 'git-protocol': 'version=2' } });
    expect(await v2.text()).toMatch(/^000eversion 2\n/);
    const wrongType = await fetch(`${t.url}/acme/pub/git-upload-pack`, { method: 'POST', headers: { ...basic, 'content-type': 'application/json' }, body: '0000' });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { error: string }).error).toBe('Expected Content-Type application/x-git-upload-pack-request');
    const dumb = await fetch(`${t.url}/acme/pub/info/refs`, { headers: basic });
    expect(dumb.status).toBe(400);
  });

  it('answers hostile paths with 404 or 400 and never a 500', async () => {
    const paths = [
      '/../x/info/refs?service=git-upload-pack', '/%2e%2e/acme/info/refs?service=git-upload-pack', '/acme/..%2fpub/info/refs?service=git-upload-pack',
      '/a/b/c/info/refs?service=git-upload-pack', '/acme%5Cpub/info/refs?service=git-upload-pack', '/acme/pub%00/info/refs?service=git-upload-pack',
      '/acme/pub.git.git/info/refs?service=git-upload-pack', '/аcme/pub/info/refs?service=git-upload-pack', '/acme/pub.git/HEAD',
      '/acme/pub.git/objects/info/packs', '/acme/pub.git/objects/info/..\\..\\config', '/acme/pub.git/config', '/acme/pub/info/refs?service=git-upload-pack&service=x',
    ];
    const auth = { authorization: `Basic ${Buffer.from(`x:${tokens.alice}`).toString('base64')}` };
    for (const p of paths) {
      const res = await fetch(`${t.url}${p}`, { headers: auth });
      expect([400, 404], p).toContain(res.status);
      const text = await res.text();
      expect(text, p).not.toContain('[core]');
    }
  });

  it('caps a decompressed upload-pack request (gzip bomb) and stays up', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(160 * 1024 * 1024));
    const res = await fetch(`${t.url}/acme/pub/git-upload-pack`, {
      method: 'POST', body: bomb,
      headers: { authorization: `Basic ${Buffer.from(`x:${tokens.alice}`).toString('base64')}`, 'content-type': 'application/x-git-upload-pack-request', 'content-encoding': 'gzip' },
    }).catch(() => null);
    if (res) await res.arrayBuffer().catch(() => null);
    expect((await t.api('/api/health')).status).toBe(200);
  });

  it('never runs hooks from inside a repository, and refuses pushes that bypass the hub', async () => {
    const repoDir = bare('acme/pub');
    const marker = path.join(work, 'hook-ran');
    await fs.mkdir(path.join(repoDir, 'hooks'), { recursive: true });
    await fs.writeFile(path.join(repoDir, 'hooks', 'pre-receive'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    await git(['--git-dir', repoDir, 'config', 'core.hooksPath', path.join(repoDir, 'hooks')]);
    const a = await dir();
    await git(['clone', '-q', remote('acme/pub', 'writer'), a]);
    await commitFile(a, 'hooked.txt', 'h');
    await git(['push', '-q', 'origin', 'main'], a);
    await expect(fs.stat(marker)).rejects.toThrow();

    await git(['--git-dir', repoDir, 'config', '--unset', 'core.hooksPath']);
    await git(['--git-dir', repoDir, 'config', 'core.hooksPath', t.hub.services.git.env.hooksDir]);
    await commitFile(a, 'local.txt', 'l');
    const local = await gitResult(['push', repoDir, 'main'], a);
    expect(local.code).not.toBe(0);
    expect(local.stderr).toContain('this push did not come through the hub');
  });

  it('fails closed when the hook channel is down, and refuses forged hook calls', async () => {
    const forged = await new Promise<{ ok: boolean; message: string }>((resolve, reject) => {
      const body = JSON.stringify({ pushId: 'f'.repeat(64), updates: [['0'.repeat(40), '1'.repeat(40), 'refs/heads/main']], env: {} });
      const req = http.request({ socketPath: t.hub.services.git.hooks.socketPath, path: '/pre-receive', method: 'POST' }, (res) => {
        let out = '';
        res.on('data', (d: Buffer) => (out += d));
        res.on('end', () => resolve(JSON.parse(out) as { ok: boolean; message: string }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(forged).toEqual({ ok: false, message: 'csghub: unknown push; refused' });

    const a = await dir();
    await git(['clone', '-q', remote('acme/pub', 'writer'), a]);
    await commitFile(a, 'down.txt', 'd');
    const before = await head('acme/pub');
    await t.hub.services.git.hooks.stop();
    try {
      const res = await gitResult(['push', 'origin', 'main'], a);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain('the hub could not be reached; push refused');
      expect(await head('acme/pub')).toBe(before);
    } finally {
      await t.hub.services.git.hooks.start();
    }
    await git(['push', '-q', 'origin', 'main'], a);
    expect(await head('acme/pub')).toBe((await git(['rev-parse', 'HEAD'], a)).trim());
  });
});
