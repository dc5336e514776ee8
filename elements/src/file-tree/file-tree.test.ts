import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import '../define.js';
import type { CsgDirToggleEvent } from '../events/dir-toggle.js';
import type { CsgFileSelectEvent } from '../events/file-select.js';
import { errorResponse, jsonResponse } from '../test-support/fake-fetch.js';
import { ENDPOINT, fakeHub } from '../test-support/fake-hub.js';
import type { CsgFileTree } from './file-tree.js';

const COMMIT = { id: 'c'.repeat(40), title: 'Add weights', date: new Date(Date.now() - 3 * 86400_000).toISOString() };

function repoHub() {
  return fakeHub([{
    id: 'acme/llama',
    files: {
      'README.md': '# Llama\n',
      'config.json': { content: '{"a":1}', lastCommit: COMMIT },
      'weights/model-00001.safetensors': { size: 5 * 1024 ** 3, lfs: true },
      'weights/model-00002.safetensors': { size: 3 * 1024 ** 3, lfs: true },
      'weights/shards/x.bin': { size: 10, lfs: true },
      'tokenizer/vocab.txt': 'a\nb\n',
    },
  }]);
}

async function tree(client = repoHub().client, attrs = '') {
  const el = await fixture<CsgFileTree>(html`<csg-file-tree repo="acme/llama" .client=${client} ?hide-commits=${attrs !== 'commits'}></csg-file-tree>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[role=tree]'), 'tree rendered');
  await waitUntil(() => el.shadowRoot!.querySelectorAll('[role=treeitem]').length > 0, 'rows rendered');
  return el;
}

const rows = (el: CsgFileTree) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=treeitem]')];
const labels = (el: CsgFileTree) => rows(el).map((r) => r.querySelector('[part=label]')!.textContent);
const row = (el: CsgFileTree, name: string) => rows(el).find((r) => r.querySelector('[part=label]')!.textContent === name)!;
const key = async (el: CsgFileTree, k: string) => {
  el.shadowRoot!.querySelector('[role=tree]')!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }));
  await el.updateComplete;
};
const activeLabel = (el: CsgFileTree) => {
  const id = el.shadowRoot!.querySelector('[role=tree]')!.getAttribute('aria-activedescendant')!;
  return el.shadowRoot!.getElementById(id)!.querySelector('[part=label]')!.textContent;
};

describe('<csg-file-tree>', () => {
  // Chromium reports a benign "ResizeObserver loop" error while the virtualizer measures rows.
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach, { suppressErrorLogging: true });

  it('renders the root as an ARIA tree: directories first, sizes, LFS badges', async () => {
    const el = await tree();
    expect(labels(el)).to.deep.equal(['tokenizer', 'weights', 'README.md', 'config.json']);
    const tok = row(el, 'tokenizer');
    expect(tok.getAttribute('aria-expanded')).to.equal('false');
    expect([tok.getAttribute('aria-level'), tok.getAttribute('aria-posinset'), tok.getAttribute('aria-setsize')]).to.deep.equal(['1', '1', '4']);
    expect(row(el, 'config.json').querySelector('[part=size]')!.textContent).to.equal('7 B');
    expect(row(el, 'config.json').hasAttribute('aria-expanded')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('loads a directory only when expanded, and announces it', async () => {
    const { client, net } = repoHub();
    const el = await tree(client);
    expect(net.calls.filter((c) => c.url.pathname.includes('/tree/')).map((c) => c.url.pathname)).to.deep.equal(['/api/models/acme/llama/tree/main']);
    const toggled = oneEvent(el, 'csg-dir-toggle');
    row(el, 'weights').click();
    const event = (await toggled) as CsgDirToggleEvent;
    expect([event.path, event.expanded, event.composed]).to.deep.equal(['weights', true, true]);
    await waitUntil(() => labels(el).includes('model-00001.safetensors'));
    expect(net.calls.filter((c) => c.url.pathname.includes('/tree/')).at(-1)!.url.pathname).to.equal('/api/models/acme/llama/tree/main/weights');
    expect(labels(el)).to.deep.equal(['tokenizer', 'weights', 'shards', 'model-00001.safetensors', 'model-00002.safetensors', 'README.md', 'config.json']);
    const big = row(el, 'model-00001.safetensors');
    expect(big.getAttribute('aria-level')).to.equal('2');
    expect(big.querySelector('[part=badge]')!.textContent).to.equal('LFS');
    expect(big.querySelector('[part=size]')!.textContent).to.equal('5 GB');
    expect(row(el, 'weights').getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();
    row(el, 'weights').click();
    await waitUntil(() => labels(el).length === 4, 'collapsed');
    expect(labels(el)).to.deep.equal(['tokenizer', 'weights', 'README.md', 'config.json']);
  });

  it('follows the ARIA tree keyboard model', async () => {
    const el = await tree();
    expect(activeLabel(el)).to.equal('tokenizer');
    await key(el, 'ArrowDown');
    expect(activeLabel(el)).to.equal('weights');
    await key(el, 'ArrowRight'); // expands
    await waitUntil(() => labels(el).includes('shards'));
    expect(activeLabel(el)).to.equal('weights');
    await key(el, 'ArrowRight'); // into the first child
    expect(activeLabel(el)).to.equal('shards');
    await key(el, 'ArrowLeft'); // to the parent
    expect(activeLabel(el)).to.equal('weights');
    await key(el, 'ArrowLeft'); // collapses
    await waitUntil(() => row(el, 'weights').getAttribute('aria-expanded') === 'false', 'collapsed');
    await key(el, 'End');
    expect(activeLabel(el)).to.equal('config.json');
    await key(el, 'Home');
    expect(activeLabel(el)).to.equal('tokenizer');
    await key(el, 'c'); // type-ahead
    expect(activeLabel(el)).to.equal('config.json');
    await key(el, 'ArrowUp');
    expect(activeLabel(el)).to.equal('README.md');
    const selected = oneEvent(el, 'csg-file-select');
    await key(el, 'Enter');
    const event = (await selected) as CsgFileSelectEvent;
    expect([event.path, event.kind, event.cancelable]).to.deep.equal(['README.md', 'file', true]);
    expect(el.path).to.equal('README.md');
    expect(row(el, 'README.md').getAttribute('aria-selected')).to.equal('true');
  });

  it('lets the host veto a selection', async () => {
    const el = await tree();
    el.addEventListener('csg-file-select', (e) => e.preventDefault());
    row(el, 'config.json').click();
    await el.updateComplete;
    expect(el.path).to.equal('');
    row(el, 'weights').click();
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    expect(row(el, 'weights').getAttribute('aria-expanded')).to.equal('false');
    expect(labels(el)).to.deep.equal(['tokenizer', 'weights', 'README.md', 'config.json']);
  });

  it('reveals a deep path given as attribute', async () => {
    const { client } = repoHub();
    const el = await fixture<CsgFileTree>(html`<csg-file-tree repo="acme/llama" hide-commits path="weights/shards/x.bin" .client=${client}></csg-file-tree>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[aria-selected=true]'), 'selected row shown');
    expect(activeLabel(el)).to.equal('x.bin');
    expect(row(el, 'x.bin').getAttribute('aria-level')).to.equal('3');
  });

  it('expands and selects a directory given as path (Hugging Face\'s tree/{rev}/{dir})', async () => {
    const { client } = repoHub();
    const el = await fixture<CsgFileTree>(html`<csg-file-tree repo="acme/llama" hide-commits path="weights/shards" .client=${client}></csg-file-tree>`);
    await waitUntil(() => labels(el).includes('x.bin'), 'the directory expanded');
    expect(labels(el)).to.deep.equal(['tokenizer', 'weights', 'shards', 'x.bin', 'model-00001.safetensors', 'model-00002.safetensors', 'README.md', 'config.json']);
    expect(row(el, 'shards').getAttribute('aria-expanded')).to.equal('true');
    expect(rows(el).filter((r) => r.getAttribute('aria-selected') === 'true')).to.deep.equal([row(el, 'shards')]);
    expect(activeLabel(el)).to.equal('shards');
    // Setting another directory later expands that one as well.
    el.path = 'tokenizer';
    await waitUntil(() => labels(el).includes('vocab.txt'), 'the second directory expanded');
    expect(row(el, 'tokenizer').getAttribute('aria-selected')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('shows the last commit of visible entries, loaded through paths-info', async () => {
    const { client, net } = repoHub();
    const el = await tree(client, 'commits');
    await waitUntil(() => row(el, 'config.json').querySelector('[part=commit]')!.textContent === 'Add weights', 'commit shown');
    expect(row(el, 'config.json').querySelector('.date')!.textContent).to.equal('3 days ago');
    const info = net.calls.filter((c) => c.url.pathname.includes('/paths-info/'));
    expect(info.length).to.equal(1);
    expect(JSON.parse(String(info[0]!.body))).to.deep.equal({ paths: ['tokenizer', 'weights', 'README.md', 'config.json'], expand: true });
  });

  it('shows an empty repository', async () => {
    const { client } = fakeHub([{ id: 'acme/empty', files: {} }]);
    const el = await fixture<CsgFileTree>(html`<csg-file-tree repo="acme/empty" .client=${client}></csg-file-tree>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part=empty]'));
    expect(el.shadowRoot!.querySelector('[part=empty]')!.textContent).to.equal('This repository has no files yet.');
    await expect(el).to.be.accessible();
  });

  it('shows errors with retry: a missing repository, a failing directory', async () => {
    const { client, net } = repoHub();
    net.on('GET', /\/tree\/main$/, () => errorResponse(404, 'Repository not found: acme/llama', 'RepoNotFound'));
    const el = await fixture<CsgFileTree>(html`<csg-file-tree repo="acme/llama" hide-commits .client=${client}></csg-file-tree>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'));
    expect(el.shadowRoot!.querySelector('[role=alert] span')!.textContent).to.equal('Not found, or you do not have access.');
    await expect(el).to.be.accessible();

    const { client: ok, net: net2 } = repoHub();
    net2.on('GET', /\/tree\/main\/weights$/, () => errorResponse(500, 'disk on fire'));
    el.client = ok;
    await waitUntil(() => rows(el).length > 0);
    row(el, 'weights').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'));
    expect(el.shadowRoot!.querySelector('[role=alert] span')!.textContent).to.equal('Could not load weights: Something went wrong: disk on fire');
    net2.on('GET', /\/tree\/main\/weights$/, () => jsonResponse([{ type: 'file', oid: '1', size: 1, path: 'weights/late.bin' }]));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[role=alert] button')!.click();
    await waitUntil(() => labels(el).includes('late.bin'));
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
  });

  it('virtualises 100,000 entries loaded page by page', async () => {
    const { client, net } = fakeHub([]);
    const total = 100_000;
    net.on('GET', /^\/api\/models\/acme\/huge\/tree\/main$/, (call) => {
      const offset = Number(call.url.searchParams.get('cursor') ?? 0);
      const items = Array.from({ length: Math.min(1000, total - offset) }, (_, i) => ({ type: 'file', oid: String(offset + i), size: offset + i, path: `f${String(offset + i).padStart(6, '0')}.txt` }));
      const headers: Record<string, string> = offset + 1000 < total ? { link: `<${ENDPOINT}/api/models/acme/huge/tree/main?cursor=${offset + 1000}>; rel="next"` } : {};
      return jsonResponse(items, { headers });
    });
    const el = await fixture<CsgFileTree>(html`<csg-file-tree repo="acme/huge" hide-commits .client=${client}></csg-file-tree>`);
    await waitUntil(() => el.rows.length === total, 'all pages loaded', { timeout: 20000 });
    await el.updateComplete;
    expect(rows(el).length).to.be.below(100);
    expect(el.shadowRoot!.querySelector('[role=status]')).to.equal(null);
    await key(el, 'End');
    await waitUntil(() => labels(el).includes('f099999.txt'), 'last row rendered');
    expect(row(el, 'f099999.txt').getAttribute('aria-posinset')).to.equal('100000');
    expect(row(el, 'f099999.txt').getAttribute('aria-setsize')).to.equal('100000');
    expect(activeLabel(el)).to.equal('f099999.txt');
    // Scrolled away from the active row (as with a mouse wheel): no reference to a row that is not there.
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('[role=tree]')!;
    scroller.scrollTop = 0;
    await waitUntil(() => labels(el).includes('f000000.txt'), 'top rows rendered');
    expect(scroller.hasAttribute('aria-activedescendant')).to.equal(false);
    await expect(el).to.be.accessible();
    await key(el, 'End');
    await waitUntil(() => scroller.getAttribute('aria-activedescendant') === 'row-99999', 'active row back in view');
  });

  it('speaks Simplified Chinese', async () => {
    const { client } = fakeHub([{ id: 'acme/empty', files: {} }]);
    const el = await fixture<CsgFileTree>(html`<csg-file-tree lang="zh-CN" repo="acme/empty" .client=${client}></csg-file-tree>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part=empty]'));
    expect(el.shadowRoot!.querySelector('[part=empty]')!.textContent).to.equal('此仓库还没有文件。');
  });
});
