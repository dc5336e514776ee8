import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { CsgCreatedEvent } from '../events/account.js';
import { errorResponse, jsonResponse } from '../test-support/fake-fetch.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgNewOrg } from './new-org.js';

describe('<csg-new-org>', () => {
  it('creates an organisation and announces it; a refused name is explained', async () => {
    const { client, net } = fakeHub();
    net.on('POST', /^\/api\/organizations$/, (call) => {
      const body = JSON.parse(String(call.body)) as { name: string };
      return body.name === 'settings' ? errorResponse(400, '"settings" is a reserved name') : jsonResponse({ type: 'org', id: '1', name: body.name }, { status: 201 });
    });
    const el = await fixture<CsgNewOrg>(html`<csg-new-org lang="en" .client=${client}></csg-new-org>`);
    await expect(el).to.be.accessible();
    const name = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=name]')!;
    const submit = el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!;
    name.value = 'settings';
    submit.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'alert');
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal('Something went wrong: "settings" is a reserved name');
    const event = oneEvent(el, 'csg-created') as Promise<CsgCreatedEvent>;
    name.value = 'acme';
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name=fullname]')!.value = 'ACME Corp';
    submit.click();
    expect((await event).id).to.equal('acme');
    expect(JSON.parse(String(net.calls.at(-1)!.body))).to.deep.equal({ name: 'acme', fullname: 'ACME Corp' });
  });
});
