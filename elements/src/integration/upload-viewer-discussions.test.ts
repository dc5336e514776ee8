import { connectToRealHub, type RealHub } from '../test-support/real-hub.js';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { CsgDiscussion } from '../discussion/discussion.js';
import type { CsgDiscussionList } from '../discussion-list/discussion-list.js';
import type { CsgUploadCompleteEvent, CsgUploadProgressEvent } from '../events/upload.js';
import type { CsgParquetPreview } from '../parquet-preview/parquet-preview.js';
import type { EntryLike } from '../upload/entries.js';
import type { CsgUpload } from '../upload/upload.js';

// Against a real hub on another origin, with the elements from its /elements.js: a folder with an
// LFS file dropped on <csg-upload> (LFS bytes PUT straight to storage), a CSV dataset previewed in
// <csg-parquet-preview> (Arrow pages from /viewer/rows, apache-arrow loaded as a chunk from the hub),
// and a discussion commented on through <csg-discussion-list>/<csg-discussion>.

function entry(fullPath: string, content: File | EntryLike[]): EntryLike {
  const name = fullPath.split('/').pop()!;
  if (content instanceof File) return { isFile: true, isDirectory: false, name, fullPath, file: (ok) => ok(content) };
  let done = false;
  return { isFile: false, isDirectory: true, name, fullPath, createReader: () => ({ readEntries: (ok) => { ok(done ? [] : content); done = true; } }) };
}

describe('upload, dataset viewer and discussions against a real hub on another origin', () => {
  let hub: RealHub;
  let bundle: RealHub['bundle'];

  before(async () => {
    hub = await connectToRealHub();
    bundle = hub.bundle;
  });

  it('registers the new tags from the hub-served bundle', () => {
    for (const tag of ['csg-upload', 'csg-parquet-preview', 'csg-discussion-list', 'csg-discussion']) expect(customElements.get(tag), tag).to.not.equal(undefined);
  });

  it('uploads a dropped folder with an LFS file through <csg-upload>, visible through the API afterwards', async () => {
    const client = new bundle.HubClient({ endpoint: hub.url, token: hub.token });
    await client.createRepo('alice/dropped');
    const weights = new Uint8Array(300_000).map((_v, i) => (i * 7) % 256); // has NUL bytes: LFS
    const folder = entry('/model', [entry('/model/config.json', new File(['{"dim": 8}'], 'config.json')), entry('/model/weights', [entry('/model/weights/w.bin', new File([weights], 'w.bin'))])]);
    const page = await fixture<HTMLElement>(html`<csg-hub endpoint=${hub.url} token=${hub.token}><csg-upload repo="alice/dropped"></csg-upload></csg-hub>`);
    const upload = page.querySelector<CsgUpload>('csg-upload')!;
    await upload.updateComplete;
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { items: [{ kind: 'file', webkitGetAsEntry: () => folder }], files: [] } });
    upload.shadowRoot!.querySelector('[part=dropzone]')!.dispatchEvent(drop);
    await waitUntil(() => upload.files.length === 2, 'folder walked');
    expect(upload.files).to.deep.equal([{ path: 'model/config.json', size: 10 }, { path: 'model/weights/w.bin', size: 300_000 }]);
    const message = upload.shadowRoot!.querySelector<HTMLInputElement>('[part=message]')!;
    message.value = 'Drop a model folder';
    message.dispatchEvent(new Event('input'));
    const progress: CsgUploadProgressEvent[] = [];
    upload.addEventListener('csg-upload-progress', (e) => progress.push(e));
    const completed = oneEvent(upload, 'csg-upload-complete');
    upload.shadowRoot!.querySelector<HTMLElement>('[part=upload]')!.click();
    const { result } = (await completed) as CsgUploadCompleteEvent;
    expect(result.success).to.equal(true);
    expect(progress.some((p) => p.progress.phase === 'uploading' && p.progress.path === 'model/weights/w.bin')).to.equal(true);
    expect(progress.at(-1)!.progress).to.deep.equal({ phase: 'done', loaded: 300_010, total: 300_010 });
    await upload.updateComplete;
    expect([...upload.shadowRoot!.querySelectorAll('[part=file] .state')].map((s) => s.textContent)).to.deep.equal(['committed', 'committed']);
    await expect(upload).to.be.accessible();

    const tree = await bundle.collect(client.listTree('alice/dropped', { recursive: true }));
    const files = tree.filter((e) => e.type === 'file').map((e) => [e.path, e.size, Boolean(e.lfs)]);
    expect(files).to.deep.include.members([['model/config.json', 10, false], ['model/weights/w.bin', 300_000, true]]);
    const [commit] = await bundle.collect(client.listCommits('alice/dropped', { limit: 1 }));
    expect(commit!.title).to.equal('Drop a model folder');
    const back = new Uint8Array(await (await client.downloadFile('alice/dropped', 'model/weights/w.bin')).arrayBuffer());
    expect(back.length).to.equal(300_000);
    expect(back.every((b, i) => b === weights[i])).to.equal(true);
  });

  it('previews a CSV dataset in <csg-parquet-preview>: Arrow rows, sort and SQL', async () => {
    const client = new bundle.HubClient({ endpoint: hub.url, token: hub.token });
    await client.createRepo({ type: 'dataset', name: 'alice/pets' });
    const csv = `name,age\n${Array.from({ length: 250 }, (_v, i) => `pet${i},${i % 17}`).join('\n')}\n`;
    await client.uploadFiles({ type: 'dataset', name: 'alice/pets' }, [{ path: 'data/train.csv', content: csv }], { summary: 'Add pets' });
    const page = await fixture<HTMLElement>(html`<csg-hub endpoint=${hub.url} token=${hub.token}><csg-parquet-preview dataset="alice/pets"></csg-parquet-preview></csg-hub>`);
    const preview = page.querySelector<CsgParquetPreview>('csg-parquet-preview')!;
    const root = preview.shadowRoot!;
    await waitUntil(() => root.querySelector('[role=gridcell] .value, [role=alert]'), 'rows', { timeout: 15000 });
    expect(root.querySelector('[role=alert]')).to.equal(null);
    expect(root.querySelector('[part=count]')!.textContent).to.equal('250 rows');
    expect([...root.querySelectorAll('[role=columnheader] [part=column-type]')].map((t) => t.textContent)).to.deep.equal(['string', 'int64']);
    expect([...root.querySelectorAll('[role=row][aria-rowindex="2"] .value')].map((c) => c.textContent)).to.deep.equal(['pet0', '0']);
    await expect(preview).to.be.accessible();
    // Sort by age, descending (click twice).
    const age = root.querySelector<HTMLElement>('#cell-h-2')!;
    age.click();
    await waitUntil(() => root.querySelector('#cell-h-2')!.getAttribute('aria-sort') === 'ascending' && !root.querySelector('[aria-busy=true] [role=grid]'), 'ascending');
    root.querySelector<HTMLElement>('#cell-h-2')!.click();
    await waitUntil(() => root.querySelector('[role=row][aria-rowindex="2"] [aria-colindex="3"] .value')?.textContent === '16', 'sorted descending', { timeout: 15000 });
    // SQL console.
    root.querySelector<HTMLElement>('#view-sql')!.click();
    await preview.updateComplete;
    const area = root.querySelector<HTMLTextAreaElement>('textarea')!;
    area.value = 'SELECT count(*) AS n FROM train WHERE age = 3';
    area.dispatchEvent(new Event('input'));
    root.querySelector<HTMLElement>('button[name=run]')!.click();
    await waitUntil(() => root.querySelector('[part=sql-result], .sql-error'), 'sql', { timeout: 15000 });
    expect(root.querySelector('.sql-error')).to.equal(null);
    expect([...root.querySelectorAll('[part=sql-result] td')].map((td) => td.textContent)).to.deep.equal(['15']);
    area.value = 'DELETE FROM train';
    area.dispatchEvent(new Event('input'));
    root.querySelector<HTMLElement>('button[name=run]')!.click();
    await waitUntil(() => root.querySelector('.sql-error'), 'refused', { timeout: 15000 });
    expect(root.querySelector('.sql-error code')!.textContent).to.equal('SqlQueryRefused');
  });

  it('previews a Parquet file uploaded through <csg-upload> (LFS), read in place by the viewer', async () => {
    const client = new bundle.HubClient({ endpoint: hub.url, token: hub.token });
    // A real Parquet file: the hub's own conversion of a CSV (refs/convert/parquet, after the push).
    await client.createRepo({ type: 'dataset', name: 'alice/source' });
    const csv = `city,population\n${Array.from({ length: 120 }, (_v, i) => `city${i},${1000 + i}`).join('\n')}\n`;
    await client.uploadFiles({ type: 'dataset', name: 'alice/source' }, [{ path: 'train.csv', content: csv }], { summary: 'Add cities' });
    let url = '';
    await waitUntil(async () => {
      url = (await client.viewerParquet({ dataset: 'alice/source' })).parquet_files[0]?.url ?? '';
      return url.includes('refs%2Fconvert%2Fparquet');
    }, 'parquet conversion', { timeout: 20000, interval: 250 });
    const parquet = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(new TextDecoder().decode(parquet.slice(0, 4))).to.equal('PAR1');

    await client.createRepo({ type: 'dataset', name: 'alice/cities' });
    const upload = await fixture<CsgUpload>(html`<csg-upload repo="alice/cities" type="dataset" endpoint=${hub.url} token=${hub.token}></csg-upload>`);
    upload.addFiles([{ path: 'data/train.parquet', file: new File([parquet], 'train.parquet') }]);
    const completed = oneEvent(upload, 'csg-upload-complete');
    await upload.upload();
    await completed;
    const [entry] = await client.pathsInfo({ type: 'dataset', name: 'alice/cities' }, ['data/train.parquet']);
    expect(entry!.lfs?.size).to.equal(parquet.length);

    const preview = await fixture<CsgParquetPreview>(html`<csg-parquet-preview dataset="alice/cities" endpoint=${hub.url} token=${hub.token}></csg-parquet-preview>`);
    const root = preview.shadowRoot!;
    await waitUntil(() => root.querySelector('[role=gridcell] .value, [role=alert]'), 'rows', { timeout: 15000 });
    expect(root.querySelector('[role=alert]')).to.equal(null);
    expect(root.querySelector('[part=count]')!.textContent).to.equal('120 rows');
    expect([...root.querySelectorAll('[role=row][aria-rowindex="2"] .value')].map((c) => c.textContent)).to.deep.equal(['city0', '1000']);
    // Statistics from the same file.
    root.querySelector<HTMLElement>('#view-statistics')!.click();
    await waitUntil(() => root.querySelector('[part=statistics], [role=alert]'), 'statistics', { timeout: 15000 });
    const labels = [...root.querySelectorAll('[part=histogram]')].map((h) => h.getAttribute('aria-label')!);
    expect(labels.map((l) => l.split(':')[0])).to.deep.equal(['Histogram of city', 'Histogram of population']);
    const histogram = root.querySelectorAll('[part=histogram]')[1]!;
    expect(histogram.querySelectorAll('rect').length).to.be.above(1);
    await expect(preview).to.be.accessible();
  });

  it('opens a discussion from <csg-discussion-list> and comments through <csg-discussion>', async () => {
    const client = new bundle.HubClient({ endpoint: hub.url, token: hub.token });
    await client.createRepo('alice/talk');
    const { num } = await client.createDiscussion('alice/talk', { title: 'Which license?', description: 'Apache or **MIT**?' });
    const page = await fixture<HTMLElement>(html`<csg-hub endpoint=${hub.url} token=${hub.token}><csg-discussion-list repo="alice/talk"></csg-discussion-list></csg-hub>`);
    const list = page.querySelector<CsgDiscussionList>('csg-discussion-list')!;
    await waitUntil(() => list.shadowRoot!.querySelector('[part=item]'), 'threads', { timeout: 5000 });
    list.shadowRoot!.querySelector<HTMLElement>(`[part=item][data-num="${num}"]`)!.click();
    await list.updateComplete;
    const thread = list.shadowRoot!.querySelector<CsgDiscussion>('csg-discussion')!;
    await waitUntil(() => thread.shadowRoot!.querySelector('[part=editor]'), 'thread and editor', { timeout: 5000 });
    expect(thread.shadowRoot!.querySelector('[part=comment-body] strong')!.textContent).to.equal('MIT');
    const box = thread.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea[name=comment]')!;
    box.value = 'Apache, like the *rest*.';
    box.dispatchEvent(new Event('input'));
    await thread.updateComplete;
    thread.shadowRoot!.querySelector<HTMLElement>('button[name=comment]')!.click();
    await waitUntil(() => thread.shadowRoot!.querySelectorAll('[part=comment-body]').length === 2, 'comment shown', { timeout: 5000 });
    expect(thread.shadowRoot!.querySelectorAll('[part=comment-body]')[1]!.querySelector('em')!.textContent).to.equal('rest');
    thread.shadowRoot!.querySelector<HTMLElement>('button[name=status]')!.click();
    await waitUntil(() => thread.shadowRoot!.querySelector('[part~=badge]')?.textContent === 'Closed', 'closed', { timeout: 5000 });
    await expect(thread).to.be.accessible();
    const details = await client.discussion('alice/talk', num);
    expect(details.status).to.equal('closed');
    expect(details.events.filter((e) => e.type === 'comment').map((e) => (e.data as { latest: { raw: string } }).latest.raw)).to.deep.equal(['Apache or **MIT**?', 'Apache, like the *rest*.']);
  });
});
