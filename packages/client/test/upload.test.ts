import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HubClient, NetworkError, UploadSession, type UploadProgress } from '../src/index.js';
import { fakeFetch, json } from './fake-fetch.js';

const E = 'http://hub.test';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A hub whose LFS batch hands out a 3-part multipart upload; part 2 fails the first time. */
function multipartHub(data: Uint8Array) {
  let failPart2 = true;
  const puts: string[] = [];
  let batches = 0;
  let completion: unknown;
  let commitBody = '';
  const { fetch, calls } = fakeFetch({
    'POST /api/models/a/b/preupload/main': () => json({ files: [{ path: 'weights.bin', uploadMode: 'lfs', shouldIgnore: false }, { path: 'README.md', uploadMode: 'regular', shouldIgnore: false }, { path: 'skip.log', uploadMode: 'regular', shouldIgnore: true }] }),
    'POST /a/b.git/info/lfs/objects/batch': () => {
      batches++;
      return json({ transfer: 'multipart', objects: [{ oid: sha(data), size: data.length, actions: { upload: { href: `${E}/complete/1`, header: { chunk_size: '4', '00001': `${E}/part/1`, '00002': `${E}/part/2`, '00003': `${E}/part/3` }, expires_in: 3600 } } }] });
    },
    'PUT *': (c) => {
      const n = c.url.pathname.split('/').pop()!;
      if (n === '2' && failPart2) {
        failPart2 = false;
        throw new TypeError('connection reset');
      }
      puts.push(n);
      return new Response(null, { status: 200, headers: { etag: `"etag-${n}"` } });
    },
    'POST /complete/1': (c) => { completion = JSON.parse(c.body as string); return json({}); },
    'POST /api/models/a/b/commit/main': (c) => { commitBody = c.body as string; return json({ success: true, commitOid: 'c'.repeat(40), commitUrl: `${E}/a/b/commit/ccc` }); },
  });
  return { fetch, calls, puts, get batches() { return batches; }, get completion() { return completion; }, get commitBody() { return commitBody; } };
}

describe('uploadFiles', () => {
  it('resumes a multipart upload after a network error, sending only the missing parts', async () => {
    const data = new Uint8Array(10).map((_, i) => i);
    const hub = multipartHub(data);
    const client = new HubClient({ endpoint: E, token: 'hf_x', fetch: hub.fetch });
    const session = new UploadSession();
    const files = [{ path: 'weights.bin', content: data }, { path: 'README.md', content: '# hi\n' }, { path: 'skip.log', content: 'x' }];
    const first = await client.uploadFiles('a/b', files, { session, concurrency: 1 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(NetworkError);
    expect(hub.puts).toEqual(['1']);
    expect(session.sentParts(sha(data))).toEqual([1]);

    const progress: UploadProgress[] = [];
    const result = await client.uploadFiles('a/b', files, { session, concurrency: 1, summary: 'Add weights', onProgress: (p) => progress.push(p) });
    expect(hub.puts).toEqual(['1', '2', '3']);
    expect(hub.batches).toBe(1); // the unexpired action was reused
    expect(hub.completion).toEqual({ oid: sha(data), parts: [{ partNumber: 1, etag: '"etag-1"' }, { partNumber: 2, etag: '"etag-2"' }, { partNumber: 3, etag: '"etag-3"' }] });
    expect(result).toMatchObject({ success: true, skipped: [{ path: 'skip.log', reason: 'ignored' }] });
    const lines = hub.commitBody.split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { key: 'header', value: { summary: 'Add weights', description: '' } },
      { key: 'lfsFile', value: { path: 'weights.bin', algo: 'sha256', oid: sha(data), size: 10 } },
      { key: 'file', value: { path: 'README.md', content: Buffer.from('# hi\n').toString('base64'), encoding: 'base64' } },
    ]);
    // Storage URLs never get the token.
    for (const c of hub.calls.filter((c) => c.method === 'PUT' || c.url.pathname.startsWith('/complete'))) expect(c.headers.get('authorization')).toBeNull();
    expect(progress.at(-1)).toMatchObject({ phase: 'done', loaded: 16, total: 16 });
    const uploading = progress.filter((p) => p.phase === 'uploading').map((p) => p.fileLoaded);
    expect(uploading).toEqual([4, 8, 10]);
  });

  it('skips objects the hub already has (no actions in the batch answer)', async () => {
    const data = new Uint8Array([0, 1, 2]);
    const { fetch, calls } = fakeFetch({
      'POST /api/models/a/b/preupload/main': () => json({ files: [{ path: 'x.bin', uploadMode: 'lfs', shouldIgnore: false }] }),
      'POST /a/b.git/info/lfs/objects/batch': () => json({ objects: [{ oid: sha(data), size: 3 }] }),
      'POST /api/models/a/b/commit/main': () => json({ success: true, commitOid: 'c'.repeat(40), commitUrl: '' }),
    });
    const result = await new HubClient({ endpoint: E, fetch }).uploadFiles('a/b', [{ path: 'x.bin', content: data }]);
    expect(result.lfsReused).toEqual([sha(data)]);
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('refuses an LFS batch error with its message, before committing', async () => {
    const data = new Uint8Array([0, 1]);
    const { fetch, calls } = fakeFetch({
      'POST /api/models/a/b/preupload/main': () => json({ files: [{ path: 'x.bin', uploadMode: 'lfs', shouldIgnore: false }] }),
      'POST /a/b.git/info/lfs/objects/batch': () => json({ objects: [{ oid: sha(data), size: 2, error: { code: 422, message: 'Invalid object size' } }] }),
    });
    await expect(new HubClient({ endpoint: E, fetch }).uploadFiles('a/b', [{ path: 'x.bin', content: data }])).rejects.toMatchObject({ name: 'UnprocessableError', message: `LFS object ${sha(data)}: Invalid object size` });
    expect(calls.some((c) => c.url.pathname.includes('/commit/'))).toBe(false);
  });
});
