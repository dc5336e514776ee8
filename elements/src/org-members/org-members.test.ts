import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../define.js';
import { errorResponse, jsonResponse } from '../test-support/fake-fetch.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgOrgMembers } from './org-members.js';

function org() {
  const { client, net } = fakeHub();
  const members = [{ type: 'user', name: 'alice', role: 'admin' }, { type: 'user', name: 'bob', fullname: 'Bob', role: 'read' }];
  net.on('GET', /^\/api\/organizations\/acme\/members$/, () => jsonResponse(members));
  net.on('PUT', /^\/api\/organizations\/acme\/members\/([^/]+)$/, (call, m) => {
    if (m[1] === 'nobody') return errorResponse(404, 'No user is named "nobody"');
    const role = (JSON.parse(String(call.body)) as { role: string }).role;
    const found = members.find((x) => x.name === m[1]);
    if (found) found.role = role;
    else members.push({ type: 'user', name: m[1]!, role });
    return jsonResponse({});
  });
  net.on('DELETE', /^\/api\/organizations\/acme\/members\/([^/]+)$/, (_c, m) => {
    members.splice(members.findIndex((x) => x.name === m[1]), 1);
    return jsonResponse({});
  });
  return { client, net };
}
const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => (c.querySelector('select')?.value ?? c.textContent!.replace(/\s+/g, ' ').trim())).join(' '));

describe('<csg-org-members>', () => {
  it('lists members and roles, read-only by default', async () => {
    const { client } = org();
    const el = await fixture<CsgOrgMembers>(html`<csg-org-members org="acme" .client=${client}></csg-org-members>`);
    await waitUntil(() => el.shadowRoot!.querySelector('table'), 'table');
    expect(rows(el)).to.deep.equal(['alice admin', 'bob (Bob) read']);
    expect(el.shadowRoot!.querySelector('select, form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('changes a role, adds and removes members; an unknown user is explained', async () => {
    const { client, net } = org();
    const el = await fixture<CsgOrgMembers>(html`<csg-org-members org="acme" editable .client=${client}></csg-org-members>`);
    await waitUntil(() => el.shadowRoot!.querySelector('table'), 'table');
    await expect(el).to.be.accessible();
    const bobRole = el.shadowRoot!.querySelector<HTMLSelectElement>('select[aria-label="Role of bob"]')!;
    bobRole.value = 'write';
    bobRole.dispatchEvent(new Event('change'));
    // Saved, then the list is read again (the role the hub now holds).
    await waitUntil(() => net.calls.filter((c) => c.method === 'GET').length === 2 && el.shadowRoot!.querySelector('table'), 'role saved and reloaded');
    expect(rows(el)[1]).to.equal('bob (Bob) write Remove');
    expect(JSON.parse(String(net.calls.find((c) => c.method === 'PUT')!.body))).to.deep.equal({ role: 'write' });
    const add = async (name: string) => {
      await waitUntil(() => el.shadowRoot!.querySelector('input[name=user]'), 'form');
      el.shadowRoot!.querySelector<HTMLInputElement>('input[name=user]')!.value = name;
      el.shadowRoot!.querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    };
    await add('nobody');
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'alert');
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal('Not found, or you do not have access.');
    await add('carol');
    await waitUntil(() => rows(el).length === 3, 'carol added');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Remove bob"]')!.click();
    await waitUntil(() => rows(el).length === 2 && !rows(el).some((r) => r.startsWith('bob')), 'bob removed');
    expect(rows(el).map((r) => r.split(' ')[0])).to.deep.equal(['alice', 'carol']);
  });
});
