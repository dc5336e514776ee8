import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_CSP } from '../src/http/ui.js';
import { backends } from './helpers/backends.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';

// The standalone UI at /: after every other route, for browser navigations only.

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('hub UI route', () => {
  let t: TestHub;
  let dir: string;
  const index = '<!doctype html><title>ui</title>';
  const intranet = '<!doctype html><title>intranet</title>';

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-ui-'));
    await fs.mkdir(path.join(dir, 'static', 'ui'), { recursive: true });
    await fs.mkdir(path.join(dir, 'intranet'), { recursive: true });
    await fs.writeFile(path.join(dir, 'index.html'), index);
    await fs.writeFile(path.join(dir, 'intranet', 'index.html'), intranet);
    await fs.writeFile(path.join(dir, 'static', 'ui', 'index-AB12.js'), 'export {};\n');
    await fs.writeFile(path.join(dir, 'secret.txt'), 'not served');
    t = await startHub(backends[0]!, { uiDir: dir });
    const token = await t.user('alice', { scope: 'write' });
    const created = await t.api('/api/repos/create', { method: 'POST', token, json: { name: 'llama', files: [{ path: 'README.md', content: '# hi' }] } });
    expect(created.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('answers browser navigations to UI paths with index.html under a strict CSP', async () => {
    for (const url of ['/', '/alice/llama', '/datasets/acme/corpus/tree/main/data', '/alice/llama/blob/main/README.md', '/alice/llama/commits/main', '/datasets/a/b/discussions/3', '/settings/tokens', '/login?next=%2Fnew', '/alice']) {
      const res = await t.api(url, { headers: HTML });
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(UI_CSP);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(index);
    }
    expect(UI_CSP).toContain("script-src 'self'");
    expect(UI_CSP).not.toContain("'unsafe-eval'");
    expect(UI_CSP).toContain("frame-ancestors 'none'");
  });

  it('leaves the API, downloads, git, LFS, the viewer and the elements bundle their own answers', async () => {
    await expectError(await t.api('/api/nothing-here', { headers: HTML }), 404, 'Not found: GET /api/nothing-here');
    await expectError(await t.api('/api/models/alice/nope', { headers: HTML }), 404, /Repository not found|not found/i);
    const resolve = await t.api('/alice/llama/resolve/main/README.md', { headers: HTML });
    expect(resolve.status).toBe(200);
    expect(await resolve.text()).toBe('# hi');
    await expectError(await t.api('/alice/llama/resolve/main/missing.txt', { headers: HTML }), 404, /missing\.txt/);
    const refs = await t.api('/alice/llama.git/info/refs?service=git-upload-pack', { headers: HTML });
    expect(refs.status).toBe(200);
    expect(refs.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement');
    const lfs = await t.api('/alice/llama.git/info/lfs/objects/batch', { headers: HTML });
    expect(lfs.headers.get('content-type')).not.toContain('text/html');
    const viewer = await t.api('/viewer/nothing', { headers: HTML });
    expect(viewer.status).toBe(404);
    expect(viewer.headers.get('content-security-policy')).toBe(null);
    expect(await t.api('/elements.js', { headers: HTML }).then((r) => r.headers.get('content-security-policy'))).toBe(null);
  });

  it('serves no page to non-browser requests and non-GET methods', async () => {
    await expectError(await t.api('/alice/llama', { headers: { accept: 'application/json' } }), 404, 'Not found: GET /alice/llama');
    await expectError(await t.api('/alice/llama'), 404, 'Not found: GET /alice/llama');
    const post = await t.api('/alice/llama', { method: 'POST', headers: HTML });
    expect(post.status).toBe(404);
    expect(post.headers.get('content-type')).toContain('application/json');
  });

  it('serves hashed assets immutably and the embedding demos, nothing else from the directory', async () => {
    const js = await t.api('/static/ui/index-AB12.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await t.api('/static/ui/index-AB12.js', { headers: { 'if-none-match': js.headers.get('etag')!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
    await expectError(await t.api('/static/ui/missing.js'), 404, 'Not found: GET /static/ui/missing.js');
    await expectError(await t.api('/static/ui/..%2F..%2Fsecret.txt'), 404, /Not found/);
    await expectError(await t.api('/secret.txt'), 404, 'Not found: GET /secret.txt');
    const demo = await t.api('/playground/intranet', { headers: HTML });
    expect(demo.status).toBe(200);
    expect(demo.headers.get('content-security-policy')).toBe(UI_CSP);
    expect(await demo.text()).toBe(intranet);
    await expectError(await t.api('/playground/react'), 404, 'Not found: GET /playground/react');
  });

  it('answers 404 as before when the UI is not built', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-ui-empty-'));
    const other = await startHub(backends[0]!, { uiDir: empty });
    try {
      await expectError(await other.api('/', { headers: HTML }), 404, 'Not found: GET /');
    } finally {
      await other.close();
      await fs.rm(empty, { recursive: true, force: true });
    }
  });
});
