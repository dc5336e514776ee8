import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';

// /elements.js and its chunks: served to every origin, cached by ETag (entry) or forever (hashed chunks).

describe('elements bundle route', () => {
  let t: TestHub;
  let dir: string;
  const entry = 'import("./static/elements/markdown-impl-ABC123.js");export const x=1;\n';

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-elements-'));
    await fs.mkdir(path.join(dir, 'static', 'elements'), { recursive: true });
    await fs.writeFile(path.join(dir, 'elements.js'), entry);
    await fs.writeFile(path.join(dir, 'static', 'elements', 'markdown-impl-ABC123.js'), 'export const md=1;\n');
    await fs.writeFile(path.join(dir, 'secret.txt'), 'not a chunk');
    t = await startHub(backends[0]!, { elementsDir: dir });
  });
  afterAll(async () => {
    await t?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('serves elements.js as JavaScript to any origin, revalidated by ETag', async () => {
    const res = await t.api('/elements.js', { headers: { origin: 'http://intranet.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(entry);
    // fetch adds Cache-Control: no-cache to conditional requests it did not make itself; a browser cache's revalidation does not.
    const again = await t.api('/elements.js', { headers: { 'if-none-match': res.headers.get('etag')!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
    // Without an Origin header too (a plain <script> or curl).
    expect((await t.api('/elements.js')).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves hashed chunks immutably, and nothing else from the directory', async () => {
    const res = await t.api('/static/elements/markdown-impl-ABC123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe('export const md=1;\n');
    await expectError(await t.api('/static/elements/secret.txt'), 404, 'No such elements chunk: secret.txt');
    await expectError(await t.api('/static/elements/..%2Felements.js'), 404, 'No such elements chunk: ../elements.js');
    await expectError(await t.api('/static/elements/missing-XYZ.js'), 404, 'No such elements chunk: missing-XYZ.js');
  });

  it('says how to build the bundle when it is missing', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-elements-empty-'));
    const other = await startHub(backends[0]!, { elementsDir: empty });
    try {
      await expectError(await other.api('/elements.js'), 404, 'The elements bundle is not built (pnpm --filter @csghub/elements bundle)');
    } finally {
      await other.close();
      await fs.rm(empty, { recursive: true, force: true });
    }
  });
});
