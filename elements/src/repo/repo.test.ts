import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import '../define.js';
import type { CsgNavigateEvent } from '../events/navigate.js';
import type { CsgFileTree } from '../file-tree/file-tree.js';
import type { CsgFileView } from '../file-view/file-view.js';
import { errorResponse, jsonResponse } from '../test-support/fake-fetch.js';
import { addViewer } from '../test-support/fake-viewer.js';
import { fakeHub, type FakeRepo } from '../test-support/fake-hub.js';
import type { CsgRepo } from './repo.js';

const C1 = { id: '1'.repeat(40), title: 'Add config', message: 'Add config\n\nWith the hidden size.', authors: [{ user: 'alice' }], date: '2026-01-02T00:00:00.000Z' };
const C0 = { id: '0'.repeat(40), title: 'Initial commit', message: 'Initial commit', authors: [{ user: 'bob' }], date: '2026-01-01T00:00:00.000Z' };

const LLAMA: FakeRepo = {
  id: 'acme/llama',
  info: { likes: 1234, downloads: 5, tags: ['pytorch', 'license:mit'], license: 'mit', cardData: { license: 'mit', language: ['en', 'zh'], datasets: ['acme/corpus'] }, visibility: 'internal', private: true },
  files: {
    'README.md': '---\nlicense: mit\n---\n# Llama 7B\n\n<img src=x onerror="window.hacked=1">\n\n```python\nimport torch\n```\n',
    'config.json': '{"hidden_size": 4096}',
    'weights/model.safetensors': { size: 1000, lfs: true },
  },
  branches: ['main', 'dev'],
  tags: ['v1.0'],
  commits: [C1, C0],
  commitDetails: { [C1.id]: { parents: [C0.id], files: [{ path: 'config.json', status: 'added', additions: 1, deletions: 0, binary: false }], patch: 'diff --git a/config.json b/config.json\n+{"hidden_size": 4096}\n', truncated: false } },
};

async function repoEl(attrs: { tab?: string; path?: string; lang?: string; repo?: string; type?: string } = {}, repos: FakeRepo[] = [LLAMA]) {
  const { client, net } = fakeHub(repos);
  const el = await fixture<CsgRepo>(html`<csg-repo repo=${attrs.repo ?? 'acme/llama'} type=${attrs.type ?? 'model'} tab=${attrs.tab ?? 'card'} path=${attrs.path ?? ''} lang=${attrs.lang ?? 'en'} .client=${client}></csg-repo>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part=header], [role=alert]'), 'header');
  return { el, net };
}
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const tabs = (el: CsgRepo) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=tab]')];

describe('<csg-repo>', () => {
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach, { suppressErrorLogging: true });

  it('shows the header: name, visibility, likes, downloads, tags, license, clone commands', async () => {
    const { el } = await repoEl();
    expect($(el, '[part=name]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('acme / llama');
    expect($(el, '[part=visibility]')!.textContent).to.equal('Internal');
    expect($(el, '[part=license]')!.textContent).to.equal('License: mit');
    expect($(el, '.stats')!.textContent).to.contain('1.2K likes');
    expect($(el, '.stats')!.textContent).to.contain('5 downloads');
    expect([...el.shadowRoot!.querySelectorAll('header [part=tag]')].map((t) => t.textContent)).to.deep.equal(['pytorch']);
    expect([...el.shadowRoot!.querySelectorAll('.clone-line code')].map((c) => c.textContent)).to.deep.equal([
      'git clone http://hub.test/acme/llama',
      'git clone ssh://git@hub.test:2222/acme/llama.git',
      'HF_ENDPOINT=http://hub.test hf download acme/llama',
    ]);
    await expect(el).to.be.accessible();
  });

  it('renders the card: README sanitised and highlighted, YAML metadata as tags', async () => {
    const { el } = await repoEl();
    await waitUntil(() => $(el, '[part=card]'), 'card');
    const card = $(el, '[part=card]')!;
    expect(card.querySelector('h1')!.textContent).to.equal('Llama 7B');
    expect(card.querySelector('img')!.hasAttribute('onerror')).to.equal(false);
    expect(card.querySelector('.hljs-keyword')!.textContent).to.equal('import');
    expect(card.textContent).not.to.contain('license: mit\n');
    expect([...el.shadowRoot!.querySelectorAll('.metadata [part=tag]')].map((t) => t.textContent)).to.deep.equal(['license: mit', 'language: en', 'language: zh', 'datasets: acme/corpus']);
    expect(tabs(el).map((t) => t.textContent)).to.deep.equal(['Model card', 'Files', 'History', 'Discussions']);
    await expect(el).to.be.accessible();
  });

  it('moves between tabs with the keyboard, reflecting and announcing its state', async () => {
    const { el } = await repoEl();
    const events: CsgNavigateEvent[] = [];
    el.addEventListener('csg-navigate', (e) => events.push(e));
    tabs(el)[0]!.focus();
    tabs(el)[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.getAttribute('tab')).to.equal('files');
    expect(tabs(el)[1]!.getAttribute('aria-selected')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(tabs(el)[1]);
    expect(events.map((e) => e.state)).to.deep.equal([{ tab: 'files', path: '', revision: 'main', commit: undefined }]);
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    tabs(el)[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.tab).to.equal('discussions');
    const list = $(el, 'csg-discussion-list')!;
    expect([list.getAttribute('repo'), list.getAttribute('type')]).to.deep.equal(['acme/llama', 'model']);
  });

  it('renders <csg-discussion-list> on the discussions tab and <csg-parquet-preview> on a dataset\'s viewer tab', async () => {
    const corpus: FakeRepo = { id: 'acme/corpus', type: 'dataset', files: {} };
    const { client, net } = fakeHub([corpus]);
    net.on('GET', /^\/api\/datasets\/acme\/corpus\/discussions$/, () => jsonResponse({ discussions: [{ num: 1, title: 'Bad rows', status: 'open', isPullRequest: false, createdAt: '2026-01-01T00:00:00.000Z', author: { name: 'bob' } }], count: 1, start: 0 }));
    addViewer(net, 'acme/corpus', [{ config: 'default', split: 'train', rows: 3, columns: [{ name: 'text', type: 'string' }], cell: (i) => `row ${i}` }]);
    const el = await fixture<CsgRepo>(html`<csg-repo repo="acme/corpus" type="dataset" tab="discussions" .client=${client}></csg-repo>`);
    await waitUntil(() => $(el, 'csg-discussion-list'), 'discussions tab');
    const list = $(el, 'csg-discussion-list')!;
    await waitUntil(() => list.shadowRoot!.querySelector('[part=item]'), 'threads');
    expect(list.shadowRoot!.querySelector('[part=item] strong')!.textContent).to.equal('Bad rows');
    el.navigate({ tab: 'viewer' });
    await waitUntil(() => $(el, 'csg-parquet-preview'), 'viewer tab');
    const preview = $(el, 'csg-parquet-preview')!;
    expect(preview.getAttribute('dataset')).to.equal('acme/corpus');
    await waitUntil(() => preview.shadowRoot!.querySelector('[role=gridcell] .value'), 'rows');
    expect(preview.shadowRoot!.querySelector('[role=gridcell] .value')!.textContent).to.equal('row 0');
    expect(el.state).to.deep.equal({ tab: 'viewer', path: '', revision: 'main', commit: undefined });
    await expect(el).to.be.accessible();
  });

  it('opens a file chosen in the tree, and restores a file from attributes', async () => {
    const { el } = await repoEl({ tab: 'files' });
    await waitUntil(() => $(el, 'csg-file-tree'), 'tree');
    const tree = $(el, 'csg-file-tree') as unknown as CsgFileTree;
    await waitUntil(() => tree.shadowRoot!.querySelectorAll('[role=treeitem]').length === 3, 'tree rows');
    const navigated = oneEvent(el, 'csg-navigate');
    [...tree.shadowRoot!.querySelectorAll<HTMLElement>('[role=treeitem]')].find((r) => r.textContent!.includes('config.json'))!.click();
    expect(((await navigated) as CsgNavigateEvent).state).to.deep.equal({ tab: 'files', path: 'config.json', revision: 'main', commit: undefined });
    expect(el.getAttribute('path')).to.equal('config.json');
    const view = $(el, 'csg-file-view') as unknown as CsgFileView;
    await waitUntil(() => view.shadowRoot!.querySelector('[part=code]'), 'file shown');
    expect(view.shadowRoot!.querySelector('[part=code]')!.textContent).to.equal('{\n  "hidden_size": 4096\n}');
    await expect(el).to.be.accessible();

    el.remove(); // the virtualizer renders rows only while the tree is on screen
    const { el: restored } = await repoEl({ tab: 'files', path: 'weights/model.safetensors' });
    await waitUntil(() => $(restored, 'csg-file-view'), 'view');
    const restoredView = $(restored, 'csg-file-view') as unknown as CsgFileView;
    expect(restoredView.path).to.equal('weights/model.safetensors');
    const restoredTree = $(restored, 'csg-file-tree') as unknown as CsgFileTree;
    await waitUntil(() => restoredTree.shadowRoot!.querySelector('[aria-selected=true]'), 'deep file selected in tree');
  });

  it('shows history and a commit with its diff', async () => {
    const { el } = await repoEl({ tab: 'history' });
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part=commit]').length === 2, 'commits');
    const [first] = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=commit]')];
    expect(first!.querySelector('strong')!.textContent).to.equal('Add config');
    expect(first!.querySelector('.sha')!.textContent).to.equal('11111111');
    await expect(el).to.be.accessible();
    const navigated = oneEvent(el, 'csg-navigate');
    first!.click();
    expect(((await navigated) as CsgNavigateEvent).state.commit).to.equal(C1.id);
    await waitUntil(() => $(el, '[part=diff]'), 'diff');
    expect($(el, '.message')!.textContent).to.equal('With the hidden size.');
    expect($(el, '.changed li')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('added config.json +1−0');
    expect($(el, '[part=diff] .hljs-addition')!.textContent).to.equal('+{"hidden_size": 4096}');
    await expect(el).to.be.accessible();
    $(el, '[part=panel] p button')!.click();
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part=commit]').length === 2, 'back to the list');
    expect(el.hasAttribute('commit')).to.equal(true);
    expect(el.commit).to.equal('');
  });

  it('switches branch or tag', async () => {
    const { el, net } = await repoEl({ tab: 'files' });
    await waitUntil(() => el.shadowRoot!.querySelector('[part=revision] optgroup'), 'refs');
    const select = $(el, '[part=revision]') as HTMLSelectElement;
    expect([...select.querySelectorAll('option')].map((o) => o.value)).to.deep.equal(['main', 'dev', 'v1.0']);
    const navigated = oneEvent(el, 'csg-navigate');
    select.value = 'v1.0';
    select.dispatchEvent(new Event('change'));
    expect(((await navigated) as CsgNavigateEvent).state.revision).to.equal('v1.0');
    expect(el.getAttribute('revision')).to.equal('v1.0');
    await waitUntil(() => net.calls.some((c) => c.url.pathname === '/api/models/acme/llama/tree/v1.0'), 'tree at the tag');
  });

  it('has a dataset viewer tab for datasets, and slots to replace tab contents', async () => {
    const corpus: FakeRepo = { id: 'acme/corpus', type: 'dataset', files: {} };
    const { client } = fakeHub([corpus]);
    const el = await fixture<CsgRepo>(html`<csg-repo repo="acme/corpus" type="dataset" tab="viewer" .client=${client}><p slot="viewer" id="mine">my viewer</p></csg-repo>`);
    await waitUntil(() => $(el, '[role=tablist]'));
    expect(tabs(el).map((t) => t.textContent)).to.deep.equal(['Dataset card', 'Files', 'History', 'Discussions', 'Dataset viewer']);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name=viewer]')!;
    expect(slot.assignedElements().map((e) => e.id)).to.deep.equal(['mine']);
    expect($(el, '.clone-line code')!.textContent).to.equal('git clone http://hub.test/datasets/acme/corpus');
  });

  it('shows an error for a missing repository, and speaks Chinese', async () => {
    const { el, net } = await repoEl({ repo: 'acme/nope' });
    void net;
    expect($(el, '[role=alert] span')!.textContent).to.equal('Not found, or you do not have access.');
    await expect(el).to.be.accessible();
    const { el: zh } = await repoEl({ lang: 'zh-CN' });
    expect(tabs(zh).map((t) => t.textContent)).to.deep.equal(['模型卡片', '文件', '历史', '讨论']);
    expect($(zh, '[part=visibility]')!.textContent).to.equal('内部');
  });

  it('says so when there is no README', async () => {
    const { el } = await repoEl({}, [{ id: 'acme/llama', files: { 'a.txt': 'a' } }]);
    await waitUntil(() => $(el, '[part=panel] [part=status]:not([role])'), 'no card');
    expect($(el, '[part=panel] [part=status]')!.textContent).to.equal('This repository has no README.md yet.');
    void errorResponse;
  });
});
