import { expect, fixture, html } from '@open-wc/testing';
import { HubClient } from '@csghub/client';
import { consume } from '@lit/context';
import { LitElement } from 'lit';
import { state } from 'lit/decorators.js';
import { hubClientContext } from '../context/hub-client.js';
import '../define.js';
import { CsgHub } from './hub.js';

class ClientProbe extends LitElement {
  @consume({ context: hubClientContext, subscribe: true }) @state() client?: HubClient;
}
customElements.define('hub-test-probe', ClientProbe);

describe('<csg-hub>', () => {
  it('is registered by the define module and renders its children', async () => {
    expect(customElements.get('csg-hub')).to.equal(CsgHub);
    const el = await fixture<CsgHub>(html`<csg-hub endpoint="http://hub.test"><p>inside</p></csg-hub>`);
    expect(getComputedStyle(el).display).to.equal('contents');
    expect(el.querySelector('p')!.textContent).to.equal('inside');
    await expect(el).to.be.accessible();
  });

  it('provides a client built from endpoint and token to nested elements, and a new one when they change', async () => {
    const el = await fixture<CsgHub>(html`<csg-hub endpoint="http://hub.test/" token="hf_abc"><div><hub-test-probe></hub-test-probe></div></csg-hub>`);
    const probe = el.querySelector<ClientProbe>('hub-test-probe')!;
    expect(probe.client).to.be.instanceOf(HubClient);
    expect(probe.client!.endpoint).to.equal('http://hub.test');
    expect(probe.client!.token).to.equal('hf_abc');
    el.endpoint = 'http://other.test';
    await el.updateComplete;
    expect(probe.client!.endpoint).to.equal('http://other.test');
  });

  it('hands its fetch to the client (a host page SSO session) and prefers a given .client', async () => {
    const seen: string[] = [];
    const fetch = async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response(JSON.stringify({ type: 'user', id: '1', name: 'sso-user' }), { headers: { 'content-type': 'application/json' } });
    };
    const el = await fixture<CsgHub>(html`<csg-hub endpoint="http://hub.test" .fetch=${fetch}><hub-test-probe></hub-test-probe></csg-hub>`);
    const probe = el.querySelector<ClientProbe>('hub-test-probe')!;
    expect((await probe.client!.whoami()).name).to.equal('sso-user');
    expect(seen).to.deep.equal(['http://hub.test/api/whoami-v2']);
    const given = new HubClient({ endpoint: 'http://given.test' });
    el.client = given;
    await el.updateComplete;
    expect(probe.client).to.equal(given);
  });

  it('provides nothing without an endpoint', async () => {
    const el = await fixture<CsgHub>(html`<csg-hub><hub-test-probe></hub-test-probe></csg-hub>`);
    expect(el.querySelector<ClientProbe>('hub-test-probe')!.client).to.equal(undefined);
  });
});
