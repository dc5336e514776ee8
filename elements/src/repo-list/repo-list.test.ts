import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { CsgListChangeEvent } from '../events/account.js';
import { errorResponse, jsonResponse } from '../test-support/fake-fetch.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgRepoList } from './repo-list.js';

const REPOS = [
  { id: 'acme/corpus', likes: 3, downloads: 1200, tags: ['text', 'zh'], lastModified: '2026-01-01T00:00:00.000Z', private: false },
  { id: 'bob/secret', likes: 0, downloads: 0, tags: [], lastModified: '2026-01-01T00:00:00.000Z', private: true, visibility: 'private' },
];

async function list(attrs = '', fail = false) {
  const { client, net } = fakeHub();
  net.on('GET', /^\/api\/(models|datasets|spaces|codes)$/, (call, m) => {
    if (fail) return errorResponse(500, 'database on fire');
    const filter = call.url.searchParams.getAll('filter');
    const items = m[1] === 'datasets' ? REPOS.filter((r) => filter.every((f) => r.tags.includes(f))) : [];
    return jsonResponse(items);
  });
  const el = await fixture<CsgRepoList>(html`<csg-repo-list type="dataset" types="model,dataset,code,space" .client=${client} lang=${attrs || 'en'}></csg-repo-list>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part=list], [part=status]:not([aria-live]), [role=alert]'), 'list');
  return { el, net };
}
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];

describe('<csg-repo-list>', () => {
  it('lists repositories with links in Hugging Face URLs, visibility and counts', async () => {
    const { el, net } = await list();
    expect($$(el, '[part=item]').map((a) => a.getAttribute('href'))).to.deep.equal(['/datasets/acme/corpus', '/datasets/bob/secret']);
    expect($$(el, '.meta')[0]!.textContent).to.contain('1.2K');
    expect($$(el, '.meta')[1]!.textContent).to.contain('Private');
    const url = net.calls.at(-1)!.url;
    expect(url.pathname).to.equal('/api/datasets');
    expect(url.searchParams.get('sort')).to.equal('lastModified');
    expect(url.searchParams.get('limit')).to.equal('30');
    await expect(el).to.be.accessible();
  });

  it('filters by tag, sorts and switches type, announcing each query', async () => {
    const { el, net } = await list();
    let event = oneEvent(el, 'csg-list-change') as Promise<CsgListChangeEvent>;
    $$(el, '[part=tag]').find((b) => b.textContent === 'zh')!.click();
    expect((await event).query.filter).to.deep.equal(['zh']);
    await waitUntil(() => net.calls.at(-1)!.url.searchParams.get('filter') === 'zh', 'filtered request');
    expect(el.getAttribute('filter')).to.equal('zh');
    event = oneEvent(el, 'csg-list-change') as Promise<CsgListChangeEvent>;
    const select = el.shadowRoot!.querySelector('select')!;
    select.value = 'downloads';
    select.dispatchEvent(new Event('change'));
    expect((await event).query.sort).to.equal('downloads');
    await waitUntil(() => net.calls.at(-1)!.url.searchParams.get('sort') === 'downloads', 'sorted request');
    event = oneEvent(el, 'csg-list-change') as Promise<CsgListChangeEvent>;
    $$(el, '[part=types] button').find((b) => b.textContent === 'Models')!.click();
    expect((await event).query.type).to.equal('model');
    await waitUntil(() => el.shadowRoot!.querySelector('[part=status]')?.textContent === 'No repositories match.', 'empty');
    await expect(el).to.be.accessible();
  });

  it('shows an error with a retry button', async () => {
    const { el } = await list('', true);
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('database on fire');
  });

  it('speaks Chinese', async () => {
    const { el } = await list('zh-CN');
    expect($$(el, '[part=types] button').map((b) => b.textContent)).to.deep.equal(['模型', '数据集', '代码', '应用空间']);
  });
});
