import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { CsgRepoChangeEvent } from '../events/account.js';
import { jsonResponse } from '../test-support/fake-fetch.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgRepoSettings } from './repo-settings.js';

function hub() {
  const { client, net } = fakeHub([{ id: 'acme/corpus', type: 'dataset', branches: ['main', 'dev'] }, { id: 'acme/corpus-v2', type: 'dataset', branches: ['main', 'dev'] }]);
  const settings = { private: false, visibility: 'public', gated: false, description: 'A corpus', protectedBranches: ['main'] };
  net.on('PUT', /^\/api\/datasets\/acme\/corpus(?:-v2)?\/settings$/, (call) => {
    Object.assign(settings, JSON.parse(String(call.body)) as object);
    settings.private = settings.visibility !== 'public';
    return jsonResponse(settings);
  });
  net.on('GET', /^\/api\/datasets\/acme\/corpus(?:-v2)?\/settings$/, () => jsonResponse(settings));
  net.on('POST', /^\/api\/repos\/move$/, (call) => jsonResponse({ url: 'x', name: (JSON.parse(String(call.body)) as { toRepo: string }).toRepo }));
  net.on('DELETE', /^\/api\/repos\/delete$/, () => jsonResponse({}));
  return { client, net, settings };
}
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
const puts = (net: ReturnType<typeof hub>['net']) => net.calls.filter((c) => c.method === 'PUT').map((c) => JSON.parse(String(c.body)) as unknown);

describe('<csg-repo-settings>', () => {
  it('shows the current settings and saves visibility and protected branches', async () => {
    const { client, net } = hub();
    const el = await fixture<CsgRepoSettings>(html`<csg-repo-settings repo="acme/corpus" type="dataset" .client=${client}></csg-repo-settings>`);
    await waitUntil(() => el.shadowRoot!.querySelector('form'), 'form');
    expect(($(el, 'input[name=visibility][value=public]') as HTMLInputElement).checked).to.equal(true);
    expect([...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name=branch]')].map((b) => [b.value, b.checked])).to.deep.equal([['main', true], ['dev', false]]);
    await expect(el).to.be.accessible();
    ($(el, 'input[name=visibility][value=private]') as HTMLInputElement).checked = true;
    let event = oneEvent(el, 'csg-repo-change') as Promise<CsgRepoChangeEvent>;
    $(el, 'section:nth-of-type(1) button[type=submit]').click();
    expect((await event).change).to.equal('updated');
    ($(el, 'input[name=branch][value=dev]') as HTMLInputElement).checked = true;
    event = oneEvent(el, 'csg-repo-change') as Promise<CsgRepoChangeEvent>;
    $(el, 'section:nth-of-type(2) button[type=submit]').click();
    await event;
    // Loading read the settings with the GET; only the two saves wrote.
    expect(net.calls.filter((c) => c.method === 'GET' && c.url.pathname.endsWith('/settings'))).to.have.length(1);
    expect(puts(net)).to.deep.equal([{ visibility: 'private', description: 'A corpus' }, { protectedBranches: ['main', 'dev'] }]);
  });

  it('renames, and deletes only after the name is typed', async () => {
    const { client, net } = hub();
    const el = await fixture<CsgRepoSettings>(html`<csg-repo-settings repo="acme/corpus" type="dataset" .client=${client}></csg-repo-settings>`);
    await waitUntil(() => el.shadowRoot!.querySelector('form'), 'form');
    ($(el, 'input[name=to]') as HTMLInputElement).value = 'acme/corpus-v2';
    let event = oneEvent(el, 'csg-repo-change') as Promise<CsgRepoChangeEvent>;
    $(el, 'section:nth-of-type(3) button[type=submit]').click();
    const moved = await event;
    expect([moved.change, moved.id, moved.repoType]).to.deep.equal(['moved', 'acme/corpus-v2', 'dataset']);
    expect(el.repo).to.equal('acme/corpus-v2');
    await waitUntil(() => el.shadowRoot!.querySelector('input[name=confirm]'), 'form again');
    ($(el, 'input[name=confirm]') as HTMLInputElement).value = 'acme/corpus';
    $(el, 'section:nth-of-type(4) button[type=submit]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'alert');
    expect(net.calls.filter((c) => c.method === 'DELETE')).to.have.length(0);
    ($(el, 'input[name=confirm]') as HTMLInputElement).value = 'acme/corpus-v2';
    event = oneEvent(el, 'csg-repo-change') as Promise<CsgRepoChangeEvent>;
    $(el, 'section:nth-of-type(4) button[type=submit]').click();
    expect((await event).change).to.equal('deleted');
    expect(JSON.parse(String(net.calls.find((c) => c.method === 'DELETE')!.body))).to.deep.equal({ name: 'corpus-v2', organization: 'acme', type: 'dataset' });
    await expect(el).to.be.accessible();
  });
});
