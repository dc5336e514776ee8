import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { CsgDiscussion } from '../discussion/discussion.js';
import type { CsgDiscussionSelectEvent } from '../events/discussion.js';
import { errorResponse } from '../test-support/fake-fetch.js';
import { addDiscussions, type FakeThread } from '../test-support/fake-discussions.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgDiscussionList } from './discussion-list.js';

function hub(threads: FakeThread[]) {
  const h = fakeHub([{ id: 'acme/llama' }]);
  addDiscussions(h.net, 'acme/llama', threads, { name: 'bob' });
  return h;
}

const many = (n: number): FakeThread[] => Array.from({ length: n }, (_v, i) => ({ num: i + 1, title: `Thread ${i + 1}`, status: i % 10 === 0 ? 'closed' : 'open', isPullRequest: i % 3 === 0, author: 'alice', comments: [['alice', 'hi']] }));

async function list(client: ReturnType<typeof hub>['client'], attrs: { status?: string } = {}) {
  const el = await fixture<CsgDiscussionList>(html`<csg-discussion-list repo="acme/llama" status=${attrs.status ?? 'open'} .client=${client}></csg-discussion-list>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part=list], [part=status]:not([aria-live]), [role=alert]'), 'list');
  return el;
}

const $ = <T extends HTMLElement = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const titles = (el: CsgDiscussionList) => [...el.shadowRoot!.querySelectorAll('[part=item] strong')].map((s) => s.textContent);
const choose = async (el: CsgDiscussionList, name: string, value: string) => {
  const s = $<HTMLSelectElement>(el, `select[name=${name}]`);
  s.value = value;
  s.dispatchEvent(new Event('change'));
  await el.updateComplete;
};

describe('<csg-discussion-list>', () => {
  it('lists open threads newest first with badges, authors and comment counts', async () => {
    const el = await list(hub(many(5)).client);
    expect(titles(el)).to.deep.equal(['Thread 5', 'Thread 4', 'Thread 3', 'Thread 2']);
    const first = $(el, '[part=item]');
    expect([...first.querySelectorAll('[part~=badge]')].map((b) => b.textContent)).to.deep.equal(['Open']);
    const pr = [...el.shadowRoot!.querySelectorAll('[part=item]')][0]!;
    expect(pr.querySelector('.num')!.textContent).to.equal('#5');
    expect($(el, '[part=item] .sub').textContent).to.contain('by alice');
    expect($(el, '[part=item] .sub').textContent).to.contain('1 comment');
    expect($(el, '[part=pager]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('filters by status and type, and says when nothing matches', async () => {
    const { client, net } = hub(many(5));
    const el = await list(client);
    await choose(el, 'status', 'closed');
    await waitUntil(() => titles(el).length === 1, 'closed');
    expect(titles(el)).to.deep.equal(['Thread 1']);
    expect(el.getAttribute('status')).to.equal('closed');
    await choose(el, 'status', 'all');
    await choose(el, 'kind', 'pull_request');
    await waitUntil(() => titles(el).length === 2, 'pull requests');
    expect(titles(el)).to.deep.equal(['Thread 4', 'Thread 1']);
    expect(net.calls.at(-1)!.url.searchParams.get('type')).to.equal('pull_request');
    await choose(el, 'status', 'closed');
    await choose(el, 'kind', 'discussion');
    await waitUntil(() => el.shadowRoot!.querySelector('[part=status][role=status]')?.textContent!.startsWith('No'), 'empty');
    expect($(el, '[part=status]').textContent).to.equal('No discussions match these filters.');
    const empty = await list(hub([]).client, { status: 'all' });
    expect($(empty, '[part=status]').textContent).to.equal('No discussions yet.');
    await expect(empty).to.be.accessible();
  });

  it('pages through the hub\'s pages of 50', async () => {
    const { client, net } = hub(many(120));
    const el = await list(client, { status: 'all' });
    expect(titles(el).length).to.equal(50);
    expect($(el, '[part=pager] span').textContent).to.equal('Page 1 of 3');
    expect($<HTMLButtonElement>(el, 'button[name=previous]').disabled).to.equal(true);
    $(el, 'button[name=next]').click();
    await waitUntil(() => titles(el)[0] === 'Thread 70', 'page 2');
    expect(net.calls.at(-1)!.url.searchParams.get('p')).to.equal('1');
    $(el, 'button[name=next]').click();
    await waitUntil(() => titles(el).length === 20, 'page 3');
    expect($<HTMLButtonElement>(el, 'button[name=next]').disabled).to.equal(true);
    expect(el.page).to.equal(2);
    await expect(el).to.be.accessible();
  });

  it('announces a choice and opens the thread in place, unless the host vetoes it', async () => {
    const el = await list(hub(many(3)).client);
    const chosen = oneEvent(el, 'csg-discussion-select');
    $(el, '[part=item][data-num="2"]').click();
    const event = (await chosen) as CsgDiscussionSelectEvent;
    expect([event.num, event.isPullRequest, event.cancelable, event.composed]).to.deep.equal([2, false, true, true]);
    await el.updateComplete;
    const thread = $(el, 'csg-discussion') as CsgDiscussion;
    expect(thread.num).to.equal(2);
    await waitUntil(() => thread.shadowRoot!.querySelector('[part=title]'), 'thread');
    expect(thread.shadowRoot!.querySelector('[part=title]')!.textContent).to.contain('Thread 2');
    $(el, '[part=back]').click();
    await waitUntil(() => titles(el).length, 'back to the list');
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('data-num') === '2', 'focus back on the thread');

    el.addEventListener('csg-discussion-select', (e) => e.preventDefault());
    $(el, '[part=item][data-num="3"]').click();
    await el.updateComplete;
    expect(el.num).to.equal(0);
    expect($(el, 'csg-discussion')).to.equal(null);
  });

  it('shows errors with a retry', async () => {
    const { client, net } = hub(many(2));
    net.on('GET', /discussions$/, () => errorResponse(403, 'Forbidden'));
    const el = await list(client);
    expect($(el, '[role=alert] span').textContent).to.equal('You do not have permission to do this.');
    await expect(el).to.be.accessible();
  });

  it('speaks Chinese', async () => {
    const el = await fixture<CsgDiscussionList>(html`<csg-discussion-list lang="zh-CN" repo="acme/llama" .client=${hub(many(2)).client}></csg-discussion-list>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part=list]'), 'list');
    expect($(el, '[part~=badge]').textContent).to.equal('开放');
    expect($(el, 'label').textContent).to.contain('状态');
  });
});
