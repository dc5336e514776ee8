import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { CsgUploadCompleteEvent, CsgUploadErrorEvent, CsgUploadProgressEvent, CsgUploadStartEvent } from '../events/upload.js';
import { jsonResponse } from '../test-support/fake-fetch.js';
import { ENDPOINT, fakeHub } from '../test-support/fake-hub.js';
import type { EntryLike } from './entries.js';
import type { CsgUpload } from './upload.js';

const CHUNK = 8;

/** A hub taking uploads: files of 16 bytes or more go to LFS as multipart (8-byte parts) on a fake storage. */
function uploadHub(options: { failPart?: number } = {}) {
  const { client, net } = fakeHub([{ id: 'alice/data' }]);
  let failPart = options.failPart;
  const puts: string[] = [];
  const commits: Array<Array<{ key: string; value: Record<string, unknown> }>> = [];
  net.on('POST', /^\/api\/models\/alice\/data\/preupload\/main$/, (call) => {
    const { files } = JSON.parse(String(call.body)) as { files: Array<{ path: string; size: number }> };
    return jsonResponse({ files: files.map((f) => ({ path: f.path, uploadMode: f.size >= 16 ? 'lfs' : 'regular', shouldIgnore: f.path.endsWith('.log') })) });
  });
  net.on('POST', /^\/alice\/data\.git\/info\/lfs\/objects\/batch$/, (call) => {
    const { objects } = JSON.parse(String(call.body)) as { objects: Array<{ oid: string; size: number }> };
    return jsonResponse({
      transfer: 'multipart',
      objects: objects.map((o) => {
        const parts = Object.fromEntries(Array.from({ length: Math.ceil(o.size / CHUNK) }, (_v, i) => [String(i + 1).padStart(5, '0'), `${ENDPOINT}/storage/${o.oid}/${i + 1}`]));
        return { ...o, actions: { upload: { href: `${ENDPOINT}/storage/${o.oid}/complete`, header: { chunk_size: String(CHUNK), ...parts }, expires_in: 3600 } } };
      }),
    });
  });
  net.on('PUT', /^\/storage\/(\w+)\/(\d+)$/, (_call, match) => {
    if (Number(match[2]) === failPart) {
      failPart = undefined;
      throw new TypeError('Failed to fetch');
    }
    puts.push(match[2]!);
    return new Response(null, { headers: { etag: `"e${match[2]}"` } });
  });
  net.on('POST', /^\/storage\/\w+\/complete$/, () => jsonResponse({}));
  net.on('POST', /^\/api\/models\/alice\/data\/commit\/main$/, (call) => {
    commits.push(String(call.body).split('\n').map((l) => JSON.parse(l) as { key: string; value: Record<string, unknown> }));
    return jsonResponse({ success: true, commitOid: 'c0ffee'.padEnd(40, '0'), commitUrl: `${ENDPOINT}/alice/data/commit/c0ffee` });
  });
  return { client, net, puts, commits };
}

const file = (name: string, size: number) => new File([new Uint8Array(size).map((_v, i) => i % 251)], name);

/** A FileSystemEntry look-alike tree (what webkitGetAsEntry gives for a dropped folder). */
function entry(fullPath: string, content?: File | EntryLike[]): EntryLike {
  const name = fullPath.split('/').pop()!;
  if (content instanceof File) return { isFile: true, isDirectory: false, name, fullPath, file: (ok) => setTimeout(() => ok(content)) };
  const children = content ?? [];
  return {
    isFile: false, isDirectory: true, name, fullPath,
    createReader: () => {
      // Like Chromium: entries come in batches, then an empty batch.
      const batches = [children.slice(0, 1), children.slice(1), []];
      return { readEntries: (ok) => setTimeout(() => ok(batches.shift() ?? [])) };
    },
  };
}

function drop(el: CsgUpload, items: Array<{ kind: string; webkitGetAsEntry: () => EntryLike | null }>, files: File[] = []) {
  const event = new Event('drop', { bubbles: true, composed: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { items, files, dropEffect: 'none' } });
  el.shadowRoot!.querySelector('[part=dropzone]')!.dispatchEvent(event);
}

const $ = <T extends HTMLElement = HTMLElement>(el: CsgUpload, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const rows = (el: CsgUpload) => [...el.shadowRoot!.querySelectorAll('[part=file]')].map((li) => [li.querySelector('.path')!.textContent, li.querySelector('.state')!.textContent]);

async function uploader(client = uploadHub().client, attrs = '') {
  return fixture<CsgUpload>(html`<csg-upload repo="alice/data" path=${attrs} .client=${client}></csg-upload>`);
}

describe('<csg-upload>', () => {
  it('offers a drop zone and file and folder pickers, and nothing to upload yet', async () => {
    const el = await uploader();
    expect($(el, '[part=status]').textContent).to.equal('No files chosen yet.');
    expect($<HTMLInputElement>(el, 'input[name=folder]').hasAttribute('webkitdirectory')).to.equal(true);
    expect($<HTMLButtonElement>(el, '[part=upload]').disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('walks dropped folders (entries read in batches) next to dropped files', async () => {
    const el = await uploader();
    const folder = entry('/data', [entry('/data/a.csv', file('a.csv', 5)), entry('/data/nested', [entry('/data/nested/b.bin', file('b.bin', 20))])]);
    drop(el, [{ kind: 'file', webkitGetAsEntry: () => folder }, { kind: 'file', webkitGetAsEntry: () => entry('/top.txt', file('top.txt', 3)) }, { kind: 'string', webkitGetAsEntry: () => null }]);
    await waitUntil(() => rows(el).length === 3, 'files listed');
    expect(rows(el)).to.deep.equal([['data/a.csv', 'waiting'], ['data/nested/b.bin', 'waiting'], ['top.txt', 'waiting']]);
    expect($(el, '.sub').textContent).to.equal('3 files (28 B)');
    expect($<HTMLInputElement>(el, '[part=message]').placeholder).to.equal('Upload 3 files');
    await expect(el).to.be.accessible();
  });

  it('takes plain dropped files and picked files (into the folder of its path attribute)', async () => {
    const el = await uploader(undefined, 'sub/dir/');
    const dt = new DataTransfer();
    dt.items.add(file('one.txt', 2));
    el.shadowRoot!.querySelector('[part=dropzone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await waitUntil(() => rows(el).length === 1, 'dropped');
    const picker = $<HTMLInputElement>(el, 'input[name=files]');
    const picked = new DataTransfer();
    picked.items.add(file('two.txt', 4));
    picker.files = picked.files;
    picker.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(el.files).to.deep.equal([{ path: 'sub/dir/one.txt', size: 2 }, { path: 'sub/dir/two.txt', size: 4 }]);
    $<HTMLButtonElement>(el, '[aria-label="Remove sub/dir/one.txt"]').click();
    await el.updateComplete;
    expect(rows(el)).to.deep.equal([['sub/dir/two.txt', 'waiting']]);
  });

  it('uploads in one commit, LFS files as multipart parts, with per-file and total progress and events', async () => {
    const hub = uploadHub();
    const el = await uploader(hub.client);
    el.addFiles([{ path: 'weights.bin', file: file('weights.bin', 20) }, { path: 'README.md', file: file('README.md', 4) }, { path: 'debug.log', file: file('debug.log', 2) }]);
    await el.updateComplete;
    const summary = $<HTMLInputElement>(el, '[part=message]');
    summary.value = 'Add weights';
    summary.dispatchEvent(new Event('input'));
    const progress: CsgUploadProgressEvent[] = [];
    el.addEventListener('csg-upload-progress', (e) => progress.push(e));
    const started = oneEvent(el, 'csg-upload-start');
    const completed = oneEvent(el, 'csg-upload-complete');
    $(el, '[part=upload]').click();
    const start = (await started) as CsgUploadStartEvent;
    expect(start.cancelable && start.bubbles && start.composed).to.equal(true);
    expect(start.files).to.deep.equal([{ path: 'weights.bin', size: 20 }, { path: 'README.md', size: 4 }, { path: 'debug.log', size: 2 }]);
    expect(start.summary).to.equal('Add weights');
    const done = (await completed) as CsgUploadCompleteEvent;
    expect(done.result.commitOid).to.equal('c0ffee'.padEnd(40, '0'));
    expect(hub.puts).to.deep.equal(['1', '2', '3']);
    const lines = hub.commits[0]!;
    expect(lines.map((l) => [l.key, l.value.path ?? l.value.summary])).to.deep.equal([['header', 'Add weights'], ['lfsFile', 'weights.bin'], ['file', 'README.md']]);
    expect(progress.filter((p) => p.progress.phase === 'uploading').map((p) => p.progress.fileLoaded)).to.deep.equal([0, 8, 16, 20]);
    expect(progress.at(-1)!.progress).to.deep.equal({ phase: 'done', loaded: 26, total: 26 });
    await el.updateComplete;
    expect(rows(el)).to.deep.equal([['weights.bin', 'committed'], ['README.md', 'committed'], ['debug.log', 'ignored (.gitignore)']]);
    expect($<HTMLProgressElement>(el, '[part=total]').value).to.equal(26);
    expect($(el, '[part=result]').textContent).to.equal('Committed c0ffee00.');
    await expect(el).to.be.accessible();
  });

  it('lets the host veto the upload through csg-upload-start', async () => {
    const hub = uploadHub();
    const el = await uploader(hub.client);
    el.addFiles([{ path: 'a.txt', file: file('a.txt', 2) }]);
    el.addEventListener('csg-upload-start', (e) => e.preventDefault());
    expect(await el.upload()).to.equal(undefined);
    await el.updateComplete;
    expect(hub.net.calls.filter((c) => c.method === 'POST')).to.deep.equal([]);
    expect($(el, '[part=result]').textContent).to.equal('The page did not allow this upload.');
  });

  it('resumes after a network error, sending only the parts still missing', async () => {
    const hub = uploadHub({ failPart: 2 });
    const el = await uploader(hub.client);
    el.addFiles([{ path: 'weights.bin', file: file('weights.bin', 20) }]);
    const failed = oneEvent(el, 'csg-upload-error');
    void el.upload();
    const error = (await failed) as CsgUploadErrorEvent;
    expect(error.cancelled).to.equal(false);
    expect((error.error as Error).name).to.equal('NetworkError');
    await el.updateComplete;
    expect($(el, '[role=alert]').textContent).to.equal('Upload failed: The hub could not be reached. Resume sends only what is missing.');
    expect(hub.commits).to.deep.equal([]);
    const sentBefore = [...hub.puts];
    const completed = oneEvent(el, 'csg-upload-complete');
    $(el, '[part=resume]').click();
    await completed;
    expect(sentBefore).to.not.include('2');
    expect(hub.puts.filter((p) => p === '1').length + hub.puts.filter((p) => p === '3').length).to.equal(2);
    expect(hub.puts.filter((p) => p === '2').length).to.equal(1);
    expect(hub.commits.length).to.equal(1);
  });

  it('cancels a running upload (AbortSignal) and can resume it', async () => {
    const hub = uploadHub();
    const el = await uploader(hub.client);
    el.addFiles([{ path: 'weights.bin', file: file('weights.bin', 20) }]);
    const release = hub.net.hold();
    const failed = oneEvent(el, 'csg-upload-error');
    void el.upload();
    await waitUntil(() => el.shadowRoot!.querySelector('[part=cancel]'), 'running');
    expect($<HTMLInputElement>(el, 'input[name=files]').disabled).to.equal(true);
    $(el, '[part=cancel]').click();
    release();
    const error = (await failed) as CsgUploadErrorEvent;
    expect(error.cancelled).to.equal(true);
    expect(hub.net.calls.at(-1)!.signal!.aborted).to.equal(true);
    await el.updateComplete;
    expect($(el, '[part=result]').textContent).to.equal('Upload cancelled. Resume sends only what is missing.');
    const completed = oneEvent(el, 'csg-upload-complete');
    $(el, '[part=resume]').click();
    await completed;
    expect(hub.commits.length).to.equal(1);
  });

  it('speaks Chinese', async () => {
    const el = await fixture<CsgUpload>(html`<csg-upload lang="zh-CN" repo="alice/data" .client=${uploadHub().client}></csg-upload>`);
    el.addFiles([{ path: 'a.txt', file: file('a.txt', 2) }, { path: 'b.txt', file: file('b.txt', 2) }]);
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '[part=message]').placeholder).to.equal('上传 2 个文件');
    expect($(el, '[part=upload]').textContent).to.equal('上传并提交');
    await expect(el).to.be.accessible();
  });
});
