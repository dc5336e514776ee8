import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { CsgUserCreateEvent } from '../events/account.js';
import { errorResponse, jsonResponse } from '../test-support/fake-fetch.js';
import { fakeHub } from '../test-support/fake-hub.js';
import type { CsgAdminUsers } from './admin-users.js';

function hub(refuse?: { status: number; message: string }) {
  const { client, net } = fakeHub();
  net.on('POST', /^\/api\/users$/, (call) => {
    if (refuse) return errorResponse(refuse.status, refuse.message);
    const body = JSON.parse(String(call.body)) as { name: string; email: string; isAdmin: boolean };
    return body.name === 'settings'
      ? errorResponse(400, '"settings" is a reserved name')
      : jsonResponse({ type: 'user', id: '9', name: body.name, email: body.email, isAdmin: body.isAdmin }, { status: 201 });
  });
  return { client, net };
}
const $ = <T extends HTMLElement = HTMLInputElement>(el: CsgAdminUsers, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
function fill(el: CsgAdminUsers, name: string, admin = false) {
  $(el, 'input[name=name]').value = name;
  $(el, 'input[name=email]').value = `${name}@example.com`;
  $(el, 'input[name=password]').value = 'initial-secret-1';
  $(el, 'input[name=isAdmin]').checked = admin;
}
const posts = (net: ReturnType<typeof hub>['net']) => net.calls.filter((c) => c.method === 'POST').map((c) => JSON.parse(String(c.body)) as unknown);

describe('<csg-admin-users>', () => {
  it('creates a user, announcing it first; a refused name shows the hub\'s message', async () => {
    const { client, net } = hub();
    const el = await fixture<CsgAdminUsers>(html`<csg-admin-users lang="en" .client=${client}></csg-admin-users>`);
    await expect(el).to.be.accessible();
    fill(el, 'settings');
    $(el, 'button[type=submit]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'alert');
    expect($(el, '[role=alert]').textContent).to.equal('Something went wrong: "settings" is a reserved name');

    fill(el, 'carol', true);
    const event = oneEvent(el, 'csg-user-create') as Promise<CsgUserCreateEvent>;
    $(el, 'button[type=submit]').click();
    const announced = await event;
    expect(announced.user).to.deep.equal({ name: 'carol', email: 'carol@example.com', isAdmin: true });
    expect(announced.cancelable).to.equal(true);
    await waitUntil(() => el.shadowRoot!.querySelector('[part=notice]'), 'created notice');
    expect($(el, '[part=notice]').textContent).to.equal('User carol created. They can sign in now.');
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
    expect(posts(net)).to.deep.equal([
      { name: 'settings', email: 'settings@example.com', isAdmin: false, password: 'initial-secret-1' },
      { name: 'carol', email: 'carol@example.com', isAdmin: true, password: 'initial-secret-1' },
    ]);
    // The form is emptied for the next user.
    expect($(el, 'input[name=name]').value).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('sends nothing when the host cancels csg-user-create', async () => {
    const { client, net } = hub();
    const el = await fixture<CsgAdminUsers>(html`<csg-admin-users .client=${client} @csg-user-create=${(e: Event) => e.preventDefault()}></csg-admin-users>`);
    fill(el, 'dave');
    $(el, 'button[type=submit]').click();
    await new Promise((r) => setTimeout(r, 50));
    expect(posts(net)).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('[part=notice]')).to.equal(null);
  });

  it('shows why a non-admin is refused, in Chinese too', async () => {
    const { client } = hub({ status: 403, message: 'Only site admins can create users' });
    const el = await fixture<CsgAdminUsers>(html`<csg-admin-users lang="zh-CN" .client=${client}></csg-admin-users>`);
    expect($(el, 'button[type=submit]').textContent).to.equal('创建用户');
    fill(el, 'erin');
    $(el, 'button[type=submit]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'alert');
    expect($(el, '[role=alert]').textContent).to.equal('您没有执行此操作的权限。 Only site admins can create users');
    await expect(el).to.be.accessible();
  });
});
