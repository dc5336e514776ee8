import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../define.js';
import { jsonResponse } from '../test-support/fake-fetch.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgAccountSettings } from './account-settings.js';

function account() {
  const { client, net } = fakeHub();
  const tokens: Array<Record<string, unknown>> = [{ id: 1, displayName: 'laptop', scope: 'read', hint: 'hf_…abcd', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: null, lastUsedAt: null }];
  const keys: Array<Record<string, unknown>> = [];
  net.on('GET', /^\/api\/whoami-v2$/, () => jsonResponse({ type: 'user', id: '1', name: 'alice', fullname: 'Alice', email: 'alice@example.test' }));
  net.on('PUT', /^\/api\/user$/, (call) => jsonResponse({ type: 'user', id: '1', name: 'alice', ...(JSON.parse(String(call.body)) as object) }));
  net.on('PUT', /^\/api\/user\/password$/, () => jsonResponse({}));
  net.on('GET', /^\/api\/user\/tokens$/, () => jsonResponse(tokens));
  net.on('POST', /^\/api\/user\/tokens$/, (call) => {
    const body = JSON.parse(String(call.body)) as { name: string; scope: string };
    const row = { id: tokens.length + 1, displayName: body.name, scope: body.scope, hint: 'hf_…wxyz', createdAt: null, expiresAt: null, lastUsedAt: null };
    tokens.push(row);
    return jsonResponse({ ...row, token: 'hf_secretsecret' }, { status: 201 });
  });
  net.on('DELETE', /^\/api\/user\/tokens\/(\d+)$/, (_c, m) => {
    tokens.splice(tokens.findIndex((t) => t.id === Number(m[1])), 1);
    return jsonResponse({});
  });
  net.on('GET', /^\/api\/user\/ssh-keys$/, () => jsonResponse(keys));
  net.on('POST', /^\/api\/user\/ssh-keys$/, (call) => {
    const body = JSON.parse(String(call.body)) as { title: string; key: string };
    const row = { id: 1, title: body.title, keyType: 'ssh-ed25519', key: body.key, fingerprint: 'SHA256:abc', createdAt: '2026-01-01T00:00:00.000Z', lastUsedAt: null };
    keys.push(row);
    return jsonResponse(row, { status: 201 });
  });
  return { client, net };
}
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent!.trim()).join(' '));

describe('<csg-account-settings>', () => {
  it('lists tokens, creates one with a scope and shows its secret once, revokes another', async () => {
    const { client, net } = account();
    const el = await fixture<CsgAccountSettings>(html`<csg-account-settings section="tokens" .client=${client}></csg-account-settings>`);
    await waitUntil(() => el.shadowRoot!.querySelector('table'), 'table');
    expect(rows(el)[0]).to.contain('laptop read hf_…abcd never');
    await expect(el).to.be.accessible();
    ($(el, 'input[name=name]') as HTMLInputElement).value = 'ci';
    ($(el, 'input[name=scope][value=write]') as HTMLInputElement).checked = true;
    $(el, 'form button[type=submit]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part=new-token]') && rows(el).length === 2, 'new token');
    expect($(el, '[part=new-token]').textContent).to.equal('hf_secretsecret');
    expect(JSON.parse(String(net.calls.find((c) => c.method === 'POST')!.body))).to.deep.equal({ name: 'ci', scope: 'write' });
    $(el, 'button[aria-label="Revoke laptop"]').click();
    await waitUntil(() => rows(el).length === 1, 'revoked');
    expect(net.calls.some((c) => c.method === 'DELETE' && c.url.pathname === '/api/user/tokens/1')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('adds an SSH key', async () => {
    const { client } = account();
    const el = await fixture<CsgAccountSettings>(html`<csg-account-settings section="ssh-keys" .client=${client}></csg-account-settings>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part=status]:not([aria-live])'), 'empty');
    expect($(el, '[part=status]').textContent).to.equal('No SSH keys yet.');
    ($(el, 'input[name=title]') as HTMLInputElement).value = 'laptop';
    ($(el, 'textarea[name=key]') as HTMLTextAreaElement).value = 'ssh-ed25519 AAAAC3 alice@laptop';
    $(el, 'form button[type=submit]').click();
    await waitUntil(() => rows(el).length === 1, 'key row');
    expect(rows(el)[0]).to.contain('laptop SHA256:abc');
    await expect(el).to.be.accessible();
  });

  it('saves the profile; refuses two different new passwords without asking the hub', async () => {
    const { client, net } = account();
    const el = await fixture<CsgAccountSettings>(html`<csg-account-settings .client=${client}></csg-account-settings>`);
    await waitUntil(() => el.shadowRoot!.querySelector('form'), 'form');
    expect(($(el, 'input[name=email]') as HTMLInputElement).value).to.equal('alice@example.test');
    ($(el, 'input[name=fullname]') as HTMLInputElement).value = 'Alice A.';
    $(el, 'button[type=submit]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part=notice]'), 'saved');
    expect(JSON.parse(String(net.calls.find((c) => c.method === 'PUT')!.body))).to.deep.equal({ fullname: 'Alice A.', email: 'alice@example.test' });
    await expect(el).to.be.accessible();
    el.section = 'password';
    await waitUntil(() => el.shadowRoot!.querySelector('input[name=current]'), 'password form');
    ($(el, 'input[name=current]') as HTMLInputElement).value = 'old-password';
    ($(el, 'input[name=next]') as HTMLInputElement).value = 'new-password-1';
    ($(el, 'input[name=again]') as HTMLInputElement).value = 'new-password-2';
    $(el, 'button[type=submit]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'alert');
    expect($(el, '[role=alert]').textContent).to.contain('The two new passwords differ.');
    expect(net.calls.filter((c) => c.url.pathname === '/api/user/password')).to.have.length(0);
    await expect(el).to.be.accessible();
  });
});
