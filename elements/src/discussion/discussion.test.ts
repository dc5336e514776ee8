import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { CsgDiscussionChangeEvent } from '../events/discussion.js';
import { addDiscussions, type FakeThread } from '../test-support/fake-discussions.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgDiscussion } from './discussion.js';

const DIFF = 'diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n';
const THREADS: FakeThread[] = [
  { num: 1, title: 'Typo in README', status: 'open', author: 'bob', comments: [['bob', '**Hello** <script>alert(1)</script><img src=x onerror=alert(2)>'], ['alice', 'Thanks, see [docs](https://example.com)']] },
  { num: 2, title: 'Fix x', status: 'open', isPullRequest: true, author: 'bob', comments: [['bob', 'Please merge']], diff: DIFF },
  { num: 3, title: 'Conflicting', status: 'open', isPullRequest: true, author: 'bob', diff: DIFF, filesWithConflicts: ['x.py'], diffTruncated: true },
];

function hub(me?: { name: string; orgs?: Array<{ name: string; roleInOrg?: string }> }) {
  const h = fakeHub([{ id: 'acme/llama' }]);
  const threads = addDiscussions(h.net, 'acme/llama', structuredClone(THREADS), me);
  return { ...h, threads };
}

async function thread(client: ReturnType<typeof hub>['client'], num: number) {
  const el = await fixture<CsgDiscussion>(html`<csg-discussion repo="acme/llama" num=${num} .client=${client}></csg-discussion>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part=title], [role=alert]'), 'thread');
  return el;
}

const $ = <T extends HTMLElement = HTMLElement>(el: CsgDiscussion, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const $$ = (el: CsgDiscussion, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const type = async (el: CsgDiscussion, sel: string, value: string) => {
  const input = $<HTMLInputElement | HTMLTextAreaElement>(el, sel);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
};

describe('<csg-discussion>', () => {
  it('renders the timeline with comments as sanitised markdown', async () => {
    const el = await thread(hub({ name: 'carol' }).client, 1);
    expect($(el, '[part=title]').textContent).to.contain('Typo in README');
    const bodies = $$(el, '[part=comment-body]');
    expect(bodies[0]!.querySelector('strong')!.textContent).to.equal('Hello');
    expect(bodies[0]!.querySelector('script')).to.equal(null);
    expect(bodies[0]!.querySelector('img')!.hasAttribute('onerror')).to.equal(false);
    expect(bodies[1]!.querySelector('a')!.getAttribute('rel')).to.equal('noopener noreferrer');
    // carol is neither an author nor a writer: no edit, hide, status or title controls.
    expect($$(el, 'button[name=edit], button[name=hide], button[name=status], button[name=edit-title], [part=merge]')).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('writes a comment with a markdown preview, announced by a cancelable csg-discussion-change', async () => {
    const { client, net } = hub({ name: 'carol' });
    const el = await thread(client, 1);
    await type(el, 'textarea[name=comment]', '# Big\n\n<iframe src="https://evil"></iframe>');
    $(el, '#tab-preview').click();
    await waitUntil(() => $(el, '[part=preview] h1'), 'preview');
    expect($(el, '[part=preview] iframe')).to.equal(null);
    expect($(el, '#tab-preview').getAttribute('aria-selected')).to.equal('true');
    await expect(el).to.be.accessible();
    const vetoOnce = (e: CsgDiscussionChangeEvent) => e.preventDefault();
    el.addEventListener('csg-discussion-change', vetoOnce, { once: true });
    $(el, 'button[name=comment]').click();
    await el.updateComplete;
    expect(net.calls.some((c) => c.method === 'POST')).to.equal(false);
    const change = oneEvent(el, 'csg-discussion-change');
    $(el, 'button[name=comment]').click();
    const event = (await change) as CsgDiscussionChangeEvent;
    expect([event.action, event.num, event.value]).to.deep.equal(['comment', 1, '# Big\n\n<iframe src="https://evil"></iframe>']);
    await waitUntil(() => $$(el, '[part=comment]').length === 3, 'comment added');
    expect($$(el, '[part=comment-body]')[2]!.querySelector('h1')!.textContent).to.equal('Big');
    expect($(el, '#tab-write').getAttribute('aria-selected')).to.equal('true');
    expect($<HTMLTextAreaElement>(el, 'textarea[name=comment]').value).to.equal('');
  });

  it('edits and hides the user\'s own comments', async () => {
    const el = await thread(hub({ name: 'alice' }).client, 1);
    expect($$(el, 'button[name=edit]').map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Edit the comment of alice']);
    $(el, 'button[name=edit]').click();
    await el.updateComplete;
    expect($<HTMLTextAreaElement>(el, 'textarea[name=edit-body]').value).to.equal('Thanks, see [docs](https://example.com)');
    await type(el, 'textarea[name=edit-body]', 'Thanks, *fixed*');
    $(el, 'button[name=save]').click();
    await waitUntil(() => $$(el, '[part=comment-body]')[1]?.querySelector('em'), 'edited');
    expect($$(el, '[part=comment] header .sub').map((s) => s.textContent)).to.include('edited');
    $(el, 'button[name=hide]').click();
    await waitUntil(() => $$(el, '[part=comment-body]').length === 1, 'hidden');
    expect($$(el, '[part=comment] .event')[0]!.textContent).to.equal('This comment was hidden by alice.');
    await expect(el).to.be.accessible();
  });

  it('lets the author close, reopen and rename the thread', async () => {
    const el = await thread(hub({ name: 'bob' }).client, 1);
    $(el, 'button[name=status]').click();
    await waitUntil(() => $(el, '[part~=badge]').textContent === 'Closed', 'closed');
    expect($$(el, '.event').at(-1)!.textContent).to.match(/^bob changed the status to Closed/);
    expect($(el, 'button[name=status]').textContent).to.equal('Reopen');
    $(el, 'button[name=edit-title]').click();
    await el.updateComplete;
    await type(el, 'input[name=title]', 'Typo in the README');
    $(el, 'form button[type=submit]').click();
    await waitUntil(() => $(el, '[part=title]')?.textContent!.includes('Typo in the README'), 'renamed');
    expect($$(el, '.event').at(-1)!.textContent).to.match(/^bob renamed this from “Typo in README” to “Typo in the README”/);
    await expect(el).to.be.accessible();
  });

  it('shows a pull request\'s diff and lets a writer merge it', async () => {
    const { client, threads } = hub({ name: 'wendy', orgs: [{ name: 'acme', roleInOrg: 'write' }] });
    const el = await thread(client, 2);
    expect($(el, '.meta-actions').textContent).to.contain('Wants to merge into main');
    expect($(el, '[part=diff] .hljs-addition').textContent).to.contain('+a = 2');
    expect($(el, '[part=diff] .hljs-deletion').textContent).to.contain('-a = 1');
    expect($(el, '[part=diff] + .sub')).to.equal(null);
    await expect(el).to.be.accessible();
    $(el, '[part=merge]').click();
    await waitUntil(() => $(el, '[part~=badge]').textContent === 'Merged', 'merged');
    expect(threads[1]!.status).to.equal('merged');
    expect($(el, '[part=merge]')).to.equal(null);
    expect($(el, 'button[name=status]')).to.equal(null);
  });

  it('shows conflicts before and after a refused merge', async () => {
    const el = await thread(hub({ name: 'acme' }).client, 3);
    expect($(el, '[part=conflicts]').textContent).to.equal('These files conflict with the target branch: x.py');
    expect($(el, '[part=diff] + .sub').textContent).to.equal('The diff is too large to show whole.');
    $(el, '[part=merge]').click();
    await waitUntil(() => $(el, '[role=alert]'), 'refused');
    expect($(el, '[role=alert]').textContent).to.equal('Could not do this: Pull request #3 has conflicts with main: x.py');
    expect($(el, '[part~=badge]').textContent).to.equal('Open');
    await expect(el).to.be.accessible();
  });

  it('asks anonymous readers to sign in, and shows a missing thread as not found', async () => {
    const { client } = hub();
    const el = await thread(client, 2);
    await waitUntil(() => $(el, '[part=status]'), 'sign in');
    expect($(el, '[part=status]').textContent).to.equal('Sign in to comment.');
    expect($(el, '[part=merge]')).to.equal(null);
    const missing = await thread(client, 99);
    expect($(missing, '[role=alert] span').textContent).to.equal('Not found, or you do not have access.');
    await expect(missing).to.be.accessible();
  });

  it('speaks Chinese', async () => {
    const page = await fixture(html`<div lang="zh-CN"><csg-discussion repo="acme/llama" num="2" .client=${hub({ name: 'bob' }).client}></csg-discussion></div>`);
    const el = page.querySelector<CsgDiscussion>('csg-discussion')!;
    await waitUntil(() => $(el, '[part=editor]'), 'thread');
    expect($(el, '[part~=badge]').textContent).to.equal('开放');
    expect($(el, 'button[name=comment]').textContent).to.equal('评论');
    expect($(el, '#changes-title').textContent).to.equal('更改');
  });
});
