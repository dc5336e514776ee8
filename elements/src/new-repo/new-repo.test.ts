import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { CsgCreatedEvent } from '../events/account.js';
import { errorResponse, jsonResponse } from '../test-support/fake-fetch.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgNewRepo } from './new-repo.js';

const ME = { type: 'user', id: '1', name: 'alice', orgs: [{ type: 'org', name: 'acme', roleInOrg: 'admin' }, { type: 'org', name: 'readers', roleInOrg: 'read' }] };

async function form(conflict = false) {
  const { client, net } = fakeHub();
  net.on('GET', /^\/api\/whoami-v2$/, () => jsonResponse(ME));
  net.on('POST', /^\/api\/repos\/create$/, (call) => {
    const body = JSON.parse(String(call.body)) as { name: string; organization: string };
    return conflict ? errorResponse(409, 'You already created this dataset repo') : jsonResponse({ url: `http://hub.test/datasets/${body.organization}/${body.name}`, name: `${body.organization}/${body.name}` });
  });
  const el = await fixture<CsgNewRepo>(html`<csg-new-repo type="dataset" owner="acme" .client=${client}></csg-new-repo>`);
  await waitUntil(() => el.shadowRoot!.querySelector('form'), 'form');
  const submit = (name: string) => {
    (el.shadowRoot!.querySelector('input[name=name]') as HTMLInputElement).value = name;
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name=visibility][value=private]')!.checked = true;
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  };
  return { el, net, submit };
}

describe('<csg-new-repo>', () => {
  it('offers the user and the organisations they may write to, creates the repository and announces it', async () => {
    const { el, net, submit } = await form();
    expect([...el.shadowRoot!.querySelectorAll('option')].map((o) => o.textContent)).to.deep.equal(['alice', 'acme']);
    await expect(el).to.be.accessible();
    const event = oneEvent(el, 'csg-created') as Promise<CsgCreatedEvent>;
    submit('corpus');
    const created = await event;
    expect([created.kind, created.id, created.repoType]).to.deep.equal(['repo', 'acme/corpus', 'dataset']);
    expect(JSON.parse(String(net.calls.at(-1)!.body))).to.deep.equal({ name: 'corpus', organization: 'acme', type: 'dataset', visibility: 'private' });
  });

  it('shows why the hub refused, and announces nothing', async () => {
    const { el, submit } = await form(true);
    let fired = false;
    el.addEventListener('csg-created', () => (fired = true));
    submit('corpus');
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'alert');
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal('Something went wrong: You already created this dataset repo');
    expect(fired).to.equal(false);
    await expect(el).to.be.accessible();
  });
});
