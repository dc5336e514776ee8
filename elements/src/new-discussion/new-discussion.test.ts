import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { CsgCreatedEvent } from '../events/account.js';
import { errorResponse, jsonResponse } from '../test-support/fake-fetch.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgNewDiscussion } from './new-discussion.js';

describe('<csg-new-discussion>', () => {
  it('opens a discussion and announces its number; a refusal is explained', async () => {
    const { client, net } = fakeHub();
    let signedIn = false;
    net.on('POST', /^\/api\/datasets\/acme\/corpus\/discussions$/, () => (signedIn ? jsonResponse({ num: 7, title: 'Typo' }) : errorResponse(401, 'Sign in to open a discussion')));
    const el = await fixture<CsgNewDiscussion>(html`<csg-new-discussion repo="acme/corpus" type="dataset" .client=${client}></csg-new-discussion>`);
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name=title]')!.value = 'Typo';
    el.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea')!.value = 'Row 3 says *teh*.';
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'alert');
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal('Sign in to see this.');
    signedIn = true;
    const event = oneEvent(el, 'csg-created') as Promise<CsgCreatedEvent>;
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const created = await event;
    expect([created.kind, created.id, created.repoType]).to.deep.equal(['discussion', '7', 'dataset']);
    expect(JSON.parse(String(net.calls.at(-1)!.body))).to.deep.include({ title: 'Typo', description: 'Row 3 says *teh*.' });
  });
});
